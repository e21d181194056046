/* fault matrix cell: exec in state client (victim.c) */
#define FM_KIND FM_EXEC
#define FM_STATE FM_CLIENT
#include "victim.c"

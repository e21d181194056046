/* fault matrix cell: exec in state server (victim.c) */
#define FM_KIND FM_EXEC
#define FM_STATE FM_SERVER
#include "victim.c"

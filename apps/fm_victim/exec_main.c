/* fault matrix cell: exec in state main (victim.c) */
#define FM_KIND FM_EXEC
#define FM_STATE FM_MAIN
#include "victim.c"

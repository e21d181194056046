/* fault matrix: the well-behaved IPC server peer (victim.c) */
#define FM_KIND FM_NONE
#define FM_STATE FM_SERVER
#include "victim.c"

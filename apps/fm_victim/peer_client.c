/* fault matrix: the well-behaved IPC client peer (victim.c) */
#define FM_KIND FM_NONE
#define FM_STATE FM_CLIENT
#include "victim.c"

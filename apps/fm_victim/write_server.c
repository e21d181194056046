/* fault matrix cell: write in state server (victim.c) */
#define FM_KIND FM_WRITE
#define FM_STATE FM_SERVER
#include "victim.c"

/* fault matrix cell: read in state server (victim.c) */
#define FM_KIND FM_READ
#define FM_STATE FM_SERVER
#include "victim.c"

/* fault matrix cell: read in state client (victim.c) */
#define FM_KIND FM_READ
#define FM_STATE FM_CLIENT
#include "victim.c"

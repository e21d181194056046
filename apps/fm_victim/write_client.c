/* fault matrix cell: write in state client (victim.c) */
#define FM_KIND FM_WRITE
#define FM_STATE FM_CLIENT
#include "victim.c"

/* fault matrix cell: read in state main (victim.c) */
#define FM_KIND FM_READ
#define FM_STATE FM_MAIN
#include "victim.c"

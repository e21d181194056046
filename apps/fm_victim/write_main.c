/* fault matrix cell: write in state main (victim.c) */
#define FM_KIND FM_WRITE
#define FM_STATE FM_MAIN
#include "victim.c"

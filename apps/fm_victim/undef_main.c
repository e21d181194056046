/* fault matrix cell: undef in state main (victim.c) */
#define FM_KIND FM_UNDEF
#define FM_STATE FM_MAIN
#include "victim.c"

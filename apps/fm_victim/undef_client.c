/* fault matrix cell: undef in state client (victim.c) */
#define FM_KIND FM_UNDEF
#define FM_STATE FM_CLIENT
#include "victim.c"

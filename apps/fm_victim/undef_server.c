/* fault matrix cell: undef in state server (victim.c) */
#define FM_KIND FM_UNDEF
#define FM_STATE FM_SERVER
#include "victim.c"

/* fault matrix cell: undef in state upcall (victim.c) */
#define FM_KIND FM_UNDEF
#define FM_STATE FM_UPCALL
#include "victim.c"

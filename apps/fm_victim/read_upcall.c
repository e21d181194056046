/* fault matrix cell: read in state upcall (victim.c) */
#define FM_KIND FM_READ
#define FM_STATE FM_UPCALL
#include "victim.c"

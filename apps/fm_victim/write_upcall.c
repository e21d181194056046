/* fault matrix cell: write in state upcall (victim.c) */
#define FM_KIND FM_WRITE
#define FM_STATE FM_UPCALL
#include "victim.c"

/* fault matrix cell: exec in state upcall (victim.c) */
#define FM_KIND FM_EXEC
#define FM_STATE FM_UPCALL
#include "victim.c"

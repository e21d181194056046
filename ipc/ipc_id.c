/* IPC identifiers: see ipc_id.h. */
#include "ipc_id.h"

uint64_t ipc_id_of(const struct process *p)
{
    return ipc_id_join(p->id, p->short_id);
}

struct process *ipc_process_of(struct kernel *k, uint64_t id)
{
    uint32_t instance = ipc_id_lo(id);
    if (instance == 0)
        return NULL;    /* never handed out: processes that never started have id 0 */
    struct process *p = kernel_process_by_id(k, instance);
    if (!p || p->short_id != ipc_id_hi(id))
        return NULL;
    return p;
}

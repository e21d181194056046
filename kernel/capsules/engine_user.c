/* Who uses a shared crypto engine: see tock/capsules/engine_user.h. */
#include "tock/capsules/engine_user.h"

struct process *engine_user_owner(const struct engine_user *u)
{
    return u->owner && u->k ? kernel_process_by_id(u->k, u->owner) : NULL;
}

bool engine_user_free(const struct engine_user *u)
{
    return !u->in_flight && engine_user_owner(u) == NULL;
}

struct process *engine_user_next_waiting(struct kernel *k, const struct driver *d,
                                         bool (*waits)(const void *app))
{
    for (uint32_t i = 0; i < k->process_count; i++) {
        struct process *p = &k->procs[i];
        if (!process_is_alive(p))
            continue;
        const void *app = grant_peek(k, p, d);
        if (app && waits(app))
            return p;
    }
    return NULL;
}

/* Who uses a shared crypto engine (SHA, HMAC, AES, CRC capsules): the process that owns
 * it, whether an operation is in flight, and which process waits next. The engine is free
 * when nobody owns it and nothing is in flight: an operation started for a process that
 * has died since still finishes on the engine before anyone else may start one. */
#ifndef TOCK_CAPSULES_ENGINE_USER_H
#define TOCK_CAPSULES_ENGINE_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "tock/kernel.h"

struct engine_user {
    struct kernel *k;       /* for completions, which arrive outside any system call */
    uint32_t owner;         /* instance id of the owning process; 0: none */
    bool in_flight;
};

/* The owning process while it is alive, else NULL. */
struct process *engine_user_owner(const struct engine_user *u);

static inline bool engine_user_is(const struct engine_user *u, const struct process *p)
{
    return u->owner != 0 && u->owner == p->id;
}

/* Nobody alive owns the engine and nothing runs on it. */
bool engine_user_free(const struct engine_user *u);

/* The first live process, in process table order, whose capsule data for d says it waits
 * (waits(app) true); NULL if none. */
struct process *engine_user_next_waiting(struct kernel *k, const struct driver *d,
                                         bool (*waits)(const void *app));

#endif

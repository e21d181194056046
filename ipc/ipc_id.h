/* The 64-bit IPC identifier (spec ipc.md §2): the opaque name of one process *instance*.
 *
 *   bits  0-31  the instance id (struct process.id): handed out by the kernel, never reused
 *               within a boot, new after every restart, never 0 for a started process
 *   bits 32-63  the ShortId (0 = locally unique)
 *
 * On the syscall boundary it travels as two u32 halves: arg0/low and arg1/high of a command,
 * upcall arguments (lo, hi), or the two words of a u64 return value. Any value is syntactically
 * valid; ipc_process_of() says whether it names a live process. Identifiers are forgeable:
 * they locate a process, they never authenticate one (use the identity driver for that). */
#ifndef IPC_ID_H
#define IPC_ID_H

#include <stdint.h>

#include "tock/kernel.h"

static inline uint64_t ipc_id_join(uint32_t lo, uint32_t hi)
{
    return (uint64_t)hi << 32 | lo;
}

static inline uint32_t ipc_id_lo(uint64_t id) { return (uint32_t)id; }
static inline uint32_t ipc_id_hi(uint64_t id) { return (uint32_t)(id >> 32); }

/* The identifier of p's current instance. */
uint64_t ipc_id_of(const struct process *p);

/* The live process the identifier names, or NULL: both halves must match, so an id of a
 * process that died or restarted (new instance id) or a forged ShortId half gives NULL. */
struct process *ipc_process_of(struct kernel *k, uint64_t id);

#endif

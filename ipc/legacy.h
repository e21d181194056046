/* Legacy IPC, driver 0x10000 (Tock 2.x kernel/src/ipc.rs; spec/ipc.md section 10).
 *
 * Kept so that unmodified libtock-c IPC apps (rot13_service / rot13_client) run; new code
 * uses the registry, relay and identity capsules. Processes are named by their slot in the
 * kernel's process table (the "index", 0-based), which is reused after a restart.
 *
 *   RO allow 0     the package name to discover (no NUL, compared byte for byte)
 *   command 0      exists
 *   command 1      discover: Success u32 = the index of the live process whose TBF package
 *                  name equals RO allow 0; NODEVICE when none; INVAL without a name
 *   command 2      notify service arg0 (an index): the service gets upcall number = its own
 *                  index (or subscribe 0, the older libtock-c registration, when it has no
 *                  upcall there) with (caller index, len, ptr) of the buffer the caller
 *                  shares with it (0, 0 when none)
 *   command 3      notify client arg0: the client gets upcall number = the caller's index
 *                  with (caller index, len, ptr) of the buffer the caller shares with it
 *   RW allow N     share a buffer with the process at index N
 *   subscribe N    N = own index: service upcall; N = another index: client upcall for the
 *                  service at that index
 *
 * Commands 2 and 3: no live process at that index, or an index with no upcall slot: INVAL;
 * the target's upcall queue is full: NOMEM. Before the upcall is queued the shared buffer is
 * mapped into the target through cpu_ops.share_memory (whole MPU pages, read/write, at the
 * same address); a backend without it makes notifies that carry a buffer fail with
 * NOSUPPORT and queue nothing. A share is taken back when the owner replaces that allow, and
 * every share of a process (given or received) when it exits, faults or restarts. */
#ifndef IPC_LEGACY_H
#define IPC_LEGACY_H

#include <stdint.h>

#include "tock/kernel.h"

#define LEGACY_IPC_MAX_PROCS_LIMIT 64u   /* upcall and allow slot counts are 8-bit */

enum {
    LEGACY_IPC_CMD_EXISTS = 0,
    LEGACY_IPC_CMD_DISCOVER = 1,
    LEGACY_IPC_CMD_NOTIFY_SERVICE = 2,
    LEGACY_IPC_CMD_NOTIFY_CLIENT = 3,
};

enum { LEGACY_IPC_ALLOW_RO_SEARCH = 0 };

struct legacy_ipc {
    struct driver driver;
    uint32_t max_procs;     /* processes at index >= max_procs cannot be reached */
};

/* max_procs: upcall and RW-allow slots per process (Tock's NUM_PROCS), 1..64; each costs
 * 16 bytes of grant in every process that uses the driver. */
void legacy_ipc_init(struct legacy_ipc *ipc, uint32_t max_procs);

#endif

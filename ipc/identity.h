/* Identity driver 0xA0002 [ours] (spec ipc.md §7): what a process can learn about the
 * process behind an IPC identifier, so a client can check that "keystore" is the trusted
 * keystore and a server can authorise the id that came with a request.
 *
 *   command 0      exists
 *   command 1      (id lo, hi): Success u32+u64 = (ShortId, the id itself) when the id names a
 *                  live process (both halves must match); NODEVICE otherwise
 *   RW allow 0     buffer for command 2
 *   command 2      (id lo, hi): copy that process's full application identifier into RW
 *                  allow 0. Success u32 = its length. NODEVICE (plain Failure) when the id
 *                  names no live process. A buffer shorter than the identifier, or none:
 *                  the bytes that fit are copied and the result is Failure u32 (SIZE, full
 *                  length), so an app can ask for the length with no buffer allowed. An
 *                  empty identifier (a process with no package name under the name policy)
 *                  is Success u32 0 whatever the buffer.
 *   RO allow 0     an application identifier for command 3
 *   command 3      Success u64 = the IPC identifier of the live process whose application
 *                  identifier equals the allowed bytes; NODEVICE when none does. An empty
 *                  buffer matches nothing (an empty identifier is locally unique).
 *   other          NOSUPPORT
 *
 * No upcalls: every answer is synchronous. */
#ifndef IPC_IDENTITY_H
#define IPC_IDENTITY_H

#include "tock/kernel.h"

enum {
    DRIVER_IPC_IDENTITY = 0xA0002,
};

enum {
    IDENTITY_CMD_EXISTS = 0,
    IDENTITY_CMD_SHORT_ID = 1,
    IDENTITY_CMD_APP_ID = 2,
    IDENTITY_CMD_FIND_APP_ID = 3,
};

enum {
    IDENTITY_ALLOW_RW_APP_ID = 0,
    IDENTITY_ALLOW_RO_APP_ID = 0,
};

struct identity {
    struct driver driver;
};

/* Fill c->driver; the board then calls kernel_add_driver(k, &c->driver). */
void identity_init(struct identity *c);

#endif

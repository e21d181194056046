/* IPC registries (spec ipc.md §3, §4): map a service name to the IPC identifier of the
 * process that registered it. Two drivers share one implementation:
 *
 *   0xA0000  string name: the name is exactly 20 bytes from RO allow 0 (zero padded; bytes
 *            after a NUL still count); the all-zero name is invalid
 *   0xA0001  package name: a process registers under its TBF Package Name; discovery
 *            compares RO allow 0 (any length, no NUL) byte for byte with the package names
 *            of *registered* live processes
 *
 *   RO allow 0     the name (register: string registry only; discover, wait: both)
 *   subscribe 0    registration complete (status, 0, 0)
 *   subscribe 1    discovery complete (status, id_lo, id_hi)
 *   command 0      exists
 *   command 1      register. String: wrong length SIZE, all zero INVAL. Package: no or
 *                  empty Package Name NOMEM. Both: refused by the board's ipc_policy FAIL
 *                  (checked before ALREADY, so an imposter always gets FAIL), held by another
 *                  live process ALREADY. Else the name is stored in the caller's grant,
 *                  upcall 0 (0,0,0), Success; registering again replaces the caller's name.
 *   command 2      discover: Success, then upcall 1 (0, lo, hi) or (NODEVICE, 0, 0).
 *                  String: SIZE/INVAL as for register, no upcall.
 *   command 3      [ours] discover-or-wait: like 2 when a process holds the name; otherwise
 *                  the wait stays pending and upcall 1 (0, lo, hi) fires when a process
 *                  registers the name. Only waiters for that name are told. One pending wait
 *                  per process: ALREADY while one is pending (checked first).
 *   command 4      [ours] cancel the pending wait: upcall 1 (CANCEL, 0, 0), Success; none
 *                  pending INVAL
 *   other          NOSUPPORT
 *
 * As upstream, discovery never finds the caller itself (its own name gives NODEVICE), and a
 * wait is not satisfied by the waiter registering the name itself.
 * Package-name registry, where the spec leaves room: an empty or missing query name gives
 * the NODEVICE upcall (as upstream: nothing can be registered under it); a wait for a name
 * that no process can ever register (empty, or longer than a TBF Package Name may be)
 * completes at once with (NODEVICE, 0, 0) instead of waiting forever.
 *
 * A holder's name is released, and a process's pending wait dropped, when it exits, faults
 * or restarts (a restarted process has a new identifier and must register again). A process
 * stopped from the console keeps both. */
#ifndef IPC_REGISTRY_H
#define IPC_REGISTRY_H

#include <stdint.h>

#include "policy.h"
#include "tock/kernel.h"

enum {
    DRIVER_IPC_REGISTRY_STRING = 0xA0000,
    DRIVER_IPC_REGISTRY_PACKAGE = 0xA0001,
};

#define REGISTRY_STRING_NAME_LEN 20u
/* Longest name a pending wait remembers: a package name can be no longer. */
#define REGISTRY_WAIT_NAME_MAX TBF_MAX_PACKAGE_NAME

enum registry_kind {
    REGISTRY_STRING_NAME,
    REGISTRY_PACKAGE_NAME,
};

enum {
    REGISTRY_CMD_EXISTS = 0,
    REGISTRY_CMD_REGISTER = 1,
    REGISTRY_CMD_DISCOVER = 2,
    REGISTRY_CMD_DISCOVER_OR_WAIT = 3,
    REGISTRY_CMD_CANCEL_WAIT = 4,
};

enum {
    REGISTRY_UPCALL_REGISTERED = 0,
    REGISTRY_UPCALL_DISCOVERED = 1,
    REGISTRY_ALLOW_RO_NAME = 0,
};

struct registry {
    struct driver driver;
    enum registry_kind kind;
    const struct ipc_policy *policy;    /* NULL = permissive */
};

/* Fill r->driver (number, counts, callbacks) for kind; the board then calls
 * kernel_add_driver(k, &r->driver). policy may be NULL and must outlive r. */
void registry_init(struct registry *r, enum registry_kind kind, const struct ipc_policy *policy);

#endif

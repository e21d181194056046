/* The IPC system (spec/ipc.md, docs/ipc.md): an ecosystem of capsules, each an ordinary
 * driver, and this SDK's blocking and callback helpers for them.
 *
 *   0xA0000  registry, string name     tock/ipc_registry.h   ipc_registry_*
 *   0xA0001  registry, package name    tock/ipc_registry.h   ipc_registry_*_package
 *   0xA0002  identity                  tock/ipc_identity.h   ipc_identity_*
 *   0xA0010  relay request (sync)      tock/ipc_relay.h      ipc_call*, ipc_serve_*
 *   0xA0011  relay message (async)     tock/ipc_message.h    ipc_msg_*
 *   0x10000  legacy IPC (libtock-c)    tock/ipc_legacy.h     ipc_discover, ipc_share, ...
 *
 * Processes are named by a 64-bit IPC identifier (ipc_id_t): low half the process instance
 * (new after every restart, never reused), high half its ShortId. Identifiers are forgeable:
 * they locate a process, never authenticate it; use ipc_identity_* for that.
 *
 * Blocking helpers with a timeout wait with the process's alarm (one alarm per process: do
 * not call them while an alarm of your own is armed) and run other upcalls while they wait
 * (yield). IPC_WAIT_FOREVER waits with Yield-WaitFor, which runs nothing else. */
#ifndef TOCK_IPC_H
#define TOCK_IPC_H

#include <tock.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DRIVER_NUM_IPC_REGISTRY         0xA0000
#define DRIVER_NUM_IPC_REGISTRY_PACKAGE 0xA0001
#define DRIVER_NUM_IPC_IDENTITY         0xA0002
#define DRIVER_NUM_IPC_RELAY_REQUEST    0xA0010
#define DRIVER_NUM_IPC_RELAY_MESSAGE    0xA0011

typedef uint64_t ipc_id_t;

static inline uint32_t ipc_id_lo(ipc_id_t id) { return (uint32_t)id; }
static inline uint32_t ipc_id_hi(ipc_id_t id) { return (uint32_t)(id >> 32); }
static inline ipc_id_t ipc_id_make(uint32_t lo, uint32_t hi) { return ((ipc_id_t)hi << 32) | lo; }
/* The process instance and the ShortId halves, for messages. */
static inline uint32_t ipc_id_instance(ipc_id_t id) { return (uint32_t)id; }
static inline uint32_t ipc_id_short_id(ipc_id_t id) { return (uint32_t)(id >> 32); }

/* Timeouts are in milliseconds of board time. */
#define IPC_WAIT_FOREVER 0xFFFFFFFFu

/* Status codes of the IPC helpers beyond the kernel's (userspace codes are > 1023). */
#define IPC_ETIMEOUT   (-1025)  /* the wait ran out (and was cancelled) */
#define IPC_EIDENTITY  (-1026)  /* the process is not the expected application */

/* "SUCCESS", "ENODEVICE", ..., "ETIMEOUT", "EIDENTITY". */
const char *ipc_strerror(returncode_t rc);

#ifdef __cplusplus
}
#endif

#include <tock/ipc_identity.h>
#include <tock/ipc_message.h>
#include <tock/ipc_registry.h>
#include <tock/ipc_relay.h>

#endif

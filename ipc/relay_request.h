/* Relay request, driver 0xA0010 (spec ipc.md §5): a synchronous mailbox. A client's request
 * stays in its own allowed buffers until the server takes it; every copy goes straight from
 * one process's allowed buffer into the other's, min(source, destination) bytes. Nothing is
 * stored in the kernel but each process's transaction state.
 *
 *   RO allow 0   data to send (request or response)     RW allow 0   receive buffer
 *   subscribe 0  client: response (status, len, 0)      subscribe 1  server: request waiting
 *                status 0, SIZE (truncated), CANCEL,                (client_lo, client_hi, 0)
 *                UNINSTALLED or NODEVICE
 *   command 0      exists
 *   command 0x10   send (server lo, hi): ALREADY in a transaction, NODEVICE no such live
 *                  process, INVAL the caller itself, UNINSTALLED not accepting requests
 *   command 0x11   cancel: INVAL with no client transaction; else upcall 0 (CANCEL, 0, 0)
 *   command 0x20   enable requests                 command 0x21   disable: the server's own
 *                  transaction ends and every client waiting on it, taken or not, gets
 *                  upcall 0 (UNINSTALLED, 0, 0)
 *   command 0x22   take any: Success u32+u64 (bytes copied, client id); Failure u64
 *                  ALREADY/NODEVICE with id 0, or SIZE with the client id when the request
 *                  was truncated (the transaction starts anyway)
 *   command 0x23   take from client (lo, hi): the same, only that client
 *   command 0x24   respond: INVAL without a server transaction; NODEVICE when the client
 *                  cancelled or died (the response is dropped); else client upcall 0
 *                  (0 or SIZE, bytes copied, 0)
 *
 * Fairness: take-any scans the process table from a per-server rotating cursor and moves the
 * cursor past the slot it served, so a pending client waits for at most one request of each
 * other client (round robin over process slots, no queue to overflow).
 *
 * Process states: when a server exits, faults or restarts, each client waiting on it (taken
 * or not) gets upcall 0 (NODEVICE, 0, 0) at once. A client that dies simply disappears: its
 * pending request is never handed out, and a server holding it gets NODEVICE from respond,
 * exactly as after a cancel. So every request ends in exactly one response or error upcall
 * (unless the client's upcall queue is full, which the kernel counts as a dropped upcall).
 * A server that misses its "request waiting" upcall (full queue) still finds the request with
 * take-any: servers should take until NODEVICE. */
#ifndef IPC_RELAY_REQUEST_H
#define IPC_RELAY_REQUEST_H

#include "tock/kernel.h"

#define DRIVER_RELAY_REQUEST 0xA0010u

enum {
    RELAY_REQUEST_UPCALL_RESPONSE = 0,
    RELAY_REQUEST_UPCALL_REQUEST = 1,
    RELAY_REQUEST_ALLOW_RO_SEND = 0,
    RELAY_REQUEST_ALLOW_RW_RECEIVE = 0,
};

enum {
    RELAY_REQUEST_CMD_EXISTS = 0,
    RELAY_REQUEST_CMD_SEND = 0x10,
    RELAY_REQUEST_CMD_CANCEL = 0x11,
    RELAY_REQUEST_CMD_ENABLE = 0x20,
    RELAY_REQUEST_CMD_DISABLE = 0x21,
    RELAY_REQUEST_CMD_TAKE_ANY = 0x22,
    RELAY_REQUEST_CMD_TAKE_FROM = 0x23,
    RELAY_REQUEST_CMD_RESPOND = 0x24,
};

struct relay_request_capsule {
    struct driver driver;
};

/* Fill c->driver; the board then calls kernel_add_driver(k, &c->driver). */
void relay_request_capsule_init(struct relay_request_capsule *c);

#endif

/* Relay message, driver 0xA0011: one-way asynchronous messages, appended by the kernel to
 * the receiver's streaming buffer (a StreamingProcessSlice) and filtered by its allowlist.
 *
 * Receiving: give the kernel a slice (ipc_msg_receive), wait for data (ipc_msg_wait), take
 * the slice back by swapping in a fresh one (ipc_msg_swap), then walk its records with
 * ipc_msg_iter_*. Two slices used in turn never lose a message; a message that does not fit
 * fails at the sender with ESIZE (and marks the slice "exceeded").
 *
 * Sending: ipc_msg_send. ENODEVICE covers "no such process", "not receiving" and "not on
 * its allowlist" alike; ESIZE: no room now, try again after the receiver drained. */
#ifndef TOCK_IPC_MESSAGE_H
#define TOCK_IPC_MESSAGE_H

#include <tock/ipc.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IPC_MSG_SLICE_HEADER 8     /* version u16, flags u16, offset u32 */
#define IPC_MSG_RECORD_HEADER 12   /* sender id u64, length u32 */
#define IPC_MSG_FLAG_EXCEEDED 0x1
#define IPC_MSG_FLAG_HALT 0x2
/* Bytes a message of n payload bytes takes in a slice. */
#define IPC_MSG_RECORD_SIZE(n) (IPC_MSG_RECORD_HEADER + (((n) + 3u) & ~3u))

/* ---- receiver ---------------------------------------------------------------------- */

/* Start receiving into slice[0..size) (its header is initialised here; size >= 8).
 * Senders: allowlist[0..count) or, with accept_any, everybody. The allowlist array stays
 * lent to the kernel (keep it alive). */
returncode_t ipc_msg_receive(void *slice, uint32_t size, const ipc_id_t *allowlist,
                             uint32_t count, bool accept_any);
returncode_t ipc_msg_receive_stop(void);
/* Change the allowlist while receiving. */
returncode_t ipc_msg_set_allowlist(const ipc_id_t *allowlist, uint32_t count, bool accept_any);

/* Wait until data was appended since the last wait (at most timeout_ms). */
returncode_t ipc_msg_wait(uint32_t timeout_ms);
/* Give the kernel new_slice[0..size) (initialised here) and get back the slice it was
 * filling in *old (may be NULL), ready to read. */
returncode_t ipc_msg_swap(void *new_slice, uint32_t size, void **old);

/* Callback forms: cb(offset, 0, 0, ud) on data; gone(id_lo, id_hi, 0, ud) when an
 * allowlisted sender exited, faulted or restarted. */
returncode_t ipc_msg_on_data(subscribe_upcall *cb, void *ud);
returncode_t ipc_msg_on_sender_gone(subscribe_upcall *cb, void *ud);

/* Walking the records of a slice the app holds (swapped out). */
typedef struct {
    ipc_id_t sender;
    uint32_t len;
    const uint8_t *data;
} ipc_msg_t;

typedef struct {
    const uint8_t *pos, *end;
} ipc_msg_iter_t;

void ipc_msg_iter_init(ipc_msg_iter_t *it, const void *slice, uint32_t size);
/* The next record into *m; false at the end (or at a malformed record). */
bool ipc_msg_next(ipc_msg_iter_t *it, ipc_msg_t *m);
/* Did a message not fit into this slice (flag E)? */
bool ipc_msg_exceeded(const void *slice);

/* ---- sender ------------------------------------------------------------------------ */

returncode_t ipc_msg_send(ipc_id_t to, const void *data, uint32_t len);

#ifdef __cplusplus
}
#endif

#endif

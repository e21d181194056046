/* Relay message, driver 0xA0011 (spec ipc.md §6): an asynchronous mailbox. A sender's
 * message is appended at once to the receiver's streaming buffer; nothing is queued in the
 * kernel.
 *
 *   receiver  RW allow 0   StreamingProcessSlice v0 (below)
 *             RO allow 0   allowlist: little-endian u64 IPC identifiers (a trailing partial
 *                          entry is ignored)
 *             command 1    enable reception (arg0 bit 0: accept any sender, not the allowlist)
 *             command 2    disable reception
 *             subscribe 0  data appended (new offset, 0, 0)
 *             subscribe 1  a sender on the allowlist exited, faulted or restarted
 *                          (id_lo, id_hi, 0); sent whether or not reception is enabled
 *   sender    RO allow 1   payload (none allowed: an empty message)
 *             command 3    send (receiver lo, hi): NODEVICE when no such live process, not
 *                          receiving, no valid slice allowed, or the sender is not allowed
 *                          (the sender learns nothing about allowlists); INVAL to itself;
 *                          SIZE when the message does not fit (E is set)
 *   command 0 exists; others NOSUPPORT.
 *
 * StreamingProcessSlice v0: bytes 0-1 version (u16, 0), 2-3 flags (bit 0 E exceeded, bit 1
 * H halt), 4-7 offset (u32, bytes of data), data from byte 8. Allowing a slice shorter than
 * the header fails with SIZE, one with another version or unknown flags with INVAL (a null
 * buffer is always accepted). The app owns the slice and may rewrite it at any time, so every
 * append reads and checks the header again: a header that went bad counts as "not
 * receiving"; an offset beyond the data area counts as a full slice.
 *
 * Record at data + offset: sender id (u64), payload length (u32), payload, zero padding to a
 * multiple of 4; the offset then grows by the record size. A misaligned offset set by the app
 * is used as it is. Whole records only; bytes before data + offset are never touched. With E
 * and H both set nothing more is appended until the app clears them. */
#ifndef IPC_RELAY_MESSAGE_H
#define IPC_RELAY_MESSAGE_H

#include "tock/kernel.h"

#define DRIVER_RELAY_MESSAGE 0xA0011u

#define RELAY_SLICE_HEADER 8u          /* version, flags, offset */
#define RELAY_SLICE_FLAG_EXCEEDED 0x1u
#define RELAY_SLICE_FLAG_HALT 0x2u
#define RELAY_RECORD_HEADER 12u        /* sender id, payload length */

enum {
    RELAY_MESSAGE_UPCALL_RECEIVED = 0,
    RELAY_MESSAGE_UPCALL_SENDER_GONE = 1,
    RELAY_MESSAGE_ALLOW_RW_SLICE = 0,
    RELAY_MESSAGE_ALLOW_RO_ALLOWLIST = 0,
    RELAY_MESSAGE_ALLOW_RO_PAYLOAD = 1,
};

enum {
    RELAY_MESSAGE_CMD_EXISTS = 0,
    RELAY_MESSAGE_CMD_ENABLE = 1,
    RELAY_MESSAGE_CMD_DISABLE = 2,
    RELAY_MESSAGE_CMD_SEND = 3,
};

#define RELAY_MESSAGE_ACCEPT_ANY 0x1u   /* command 1, arg0 */

struct relay_message_capsule {
    struct driver driver;
};

/* Fill c->driver; the board then calls kernel_add_driver(k, &c->driver). */
void relay_message_capsule_init(struct relay_message_capsule *c);

#endif

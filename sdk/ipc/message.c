/* Relay message 0xA0011: receiver RW allow 0 (StreamingProcessSlice), RO allow 0
 * (allowlist), cmd 1 enable / 2 disable, upcall 0 data appended, upcall 1 sender gone;
 * sender RO allow 1 (payload), cmd 3 send. */
#include "ipc/ipc_internal.h"

#include <string.h>

#define DRV DRIVER_NUM_IPC_RELAY_MESSAGE
enum { CMD_ENABLE = 1, CMD_DISABLE = 2, CMD_SEND = 3 };
enum { SUB_DATA = 0, SUB_GONE = 1 };
enum { ALLOW_RW_SLICE = 0, ALLOW_RO_ALLOWLIST = 0, ALLOW_RO_PAYLOAD = 1 };

static uint32_t get32(const uint8_t *b) {
    return b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static void slice_init(void *slice) {
    memset(slice, 0, IPC_MSG_SLICE_HEADER); /* version 0, no flags, offset 0 */
}

/* Data-appended upcalls, counted so that a wait notices data that came before it; a
 * wait with a timeout is woken through data_waiter. */
static volatile uint32_t data_upcalls;
static uint32_t data_seen;
static struct ipc_waiter *volatile data_waiter;

static void data_upcall(int offset, int a1, int a2, void *ud) {
    (void)offset; (void)a1; (void)a2; (void)ud;
    data_upcalls++;
    if (data_waiter) data_waiter->done = true;
}

static returncode_t set_allowlist(const ipc_id_t *allowlist, uint32_t count) {
    return tock_status(allow_readonly(DRV, ALLOW_RO_ALLOWLIST, count ? allowlist : NULL,
                                      count * sizeof(ipc_id_t)));
}

returncode_t ipc_msg_receive(void *slice, uint32_t size, const ipc_id_t *allowlist,
                             uint32_t count, bool accept_any) {
    if (!slice || size < IPC_MSG_SLICE_HEADER) return RETURNCODE_ESIZE;
    slice_init(slice);
    returncode_t rc = tock_status(allow_readwrite(DRV, ALLOW_RW_SLICE, slice, size));
    if (rc == RETURNCODE_SUCCESS) rc = set_allowlist(allowlist, count);
    if (rc == RETURNCODE_SUCCESS) {
        data_seen = data_upcalls;
        rc = tock_status(subscribe(DRV, SUB_DATA, data_upcall, NULL));
    }
    if (rc == RETURNCODE_SUCCESS)
        rc = tock_status(command(DRV, CMD_ENABLE, accept_any ? 1 : 0, 0));
    return rc;
}

returncode_t ipc_msg_receive_stop(void) {
    return tock_status(command(DRV, CMD_DISABLE, 0, 0));
}

returncode_t ipc_msg_set_allowlist(const ipc_id_t *allowlist, uint32_t count, bool accept_any) {
    returncode_t rc = set_allowlist(allowlist, count);
    if (rc) return rc;
    return tock_status(command(DRV, CMD_ENABLE, accept_any ? 1 : 0, 0));
}

returncode_t ipc_msg_wait(uint32_t timeout_ms) {
    returncode_t rc = RETURNCODE_SUCCESS;
    if (data_upcalls == data_seen) {
        /* Not armed (that would drop queued data upcalls): data_upcall stays subscribed.
         * Forever: Yield-WaitFor takes a queued data upcall without running it. */
        struct ipc_waiter w = {.driver = DRV, .sub = SUB_DATA, .done = false};
        data_waiter = &w;
        rc = ipc_waiter_wait(&w, timeout_ms);
        data_waiter = NULL;
    }
    data_seen = data_upcalls;
    return rc;
}

returncode_t ipc_msg_swap(void *new_slice, uint32_t size, void **old) {
    if (!new_slice || size < IPC_MSG_SLICE_HEADER) return RETURNCODE_ESIZE;
    slice_init(new_slice);
    syscall_return_t r = allow_readwrite(DRV, ALLOW_RW_SLICE, new_slice, size);
    returncode_t rc = tock_status(r);
    if (rc == RETURNCODE_SUCCESS && old) *old = (void *)r.data[0];
    return rc;
}

returncode_t ipc_msg_on_data(subscribe_upcall *cb, void *ud) {
    return tock_status(subscribe(DRV, SUB_DATA, cb, ud));
}

returncode_t ipc_msg_on_sender_gone(subscribe_upcall *cb, void *ud) {
    return tock_status(subscribe(DRV, SUB_GONE, cb, ud));
}

void ipc_msg_iter_init(ipc_msg_iter_t *it, const void *slice, uint32_t size) {
    const uint8_t *s = slice;
    it->pos = it->end = s;
    if (!s || size < IPC_MSG_SLICE_HEADER) return;
    uint32_t offset = get32(s + 4);
    if (offset > size - IPC_MSG_SLICE_HEADER) offset = size - IPC_MSG_SLICE_HEADER;
    it->pos = s + IPC_MSG_SLICE_HEADER;
    it->end = it->pos + offset;
}

bool ipc_msg_next(ipc_msg_iter_t *it, ipc_msg_t *m) {
    uint32_t left = (uint32_t)(it->end - it->pos);
    if (left < IPC_MSG_RECORD_HEADER) return false;
    uint32_t len = get32(it->pos + 8);
    if (len > left - IPC_MSG_RECORD_HEADER) return false;
    m->sender = ipc_id_make(get32(it->pos), get32(it->pos + 4));
    m->len = len;
    m->data = it->pos + IPC_MSG_RECORD_HEADER;
    uint32_t step = IPC_MSG_RECORD_SIZE(len);
    it->pos = step < left ? it->pos + step : it->end;
    return true;
}

bool ipc_msg_exceeded(const void *slice) {
    const uint8_t *s = slice;
    return (s[2] & IPC_MSG_FLAG_EXCEEDED) != 0;
}

returncode_t ipc_msg_send(ipc_id_t to, const void *data, uint32_t len) {
    returncode_t rc = tock_status(allow_readonly(DRV, ALLOW_RO_PAYLOAD, len ? data : NULL, len));
    if (rc) return rc;
    rc = tock_status(command(DRV, CMD_SEND, ipc_id_lo(to), ipc_id_hi(to)));
    allow_readonly(DRV, ALLOW_RO_PAYLOAD, NULL, 0);
    return rc;
}

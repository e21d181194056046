/* Relay request 0xA0010: client send 0x10 / cancel 0x11 with upcall 0 (status, len, 0);
 * server enable 0x20, disable 0x21, take 0x22 / 0x23, respond 0x24, upcall 1 (client id).
 * RO allow 0 = data to send, RW allow 0 = receive buffer. */
#include "ipc/ipc_internal.h"

#define DRV DRIVER_NUM_IPC_RELAY_REQUEST
enum {
    CMD_SEND = 0x10, CMD_CANCEL = 0x11, CMD_ENABLE = 0x20, CMD_DISABLE = 0x21,
    CMD_TAKE_ANY = 0x22, CMD_TAKE_FROM = 0x23, CMD_RESPOND = 0x24,
};
enum { SUB_RESPONSE = 0, SUB_REQUEST = 1 };
enum { STATUS_CANCEL = 8 };

/* ---- client --------------------------------------------------------------------------- */

static returncode_t lend(const void *req, uint32_t req_len, void *resp, uint32_t resp_cap) {
    returncode_t rc = tock_status(allow_readonly(DRV, 0, req_len ? req : NULL, req_len));
    if (rc) return rc;
    return tock_status(allow_readwrite(DRV, 0, resp_cap ? resp : NULL, resp_cap));
}

static void take_back(void) {
    allow_readonly(DRV, 0, NULL, 0);
    allow_readwrite(DRV, 0, NULL, 0);
}

static volatile bool call_pending;   /* ipc_call_async in flight */

returncode_t ipc_call(ipc_id_t server, const void *req, uint32_t req_len, void *resp,
                      uint32_t resp_cap, uint32_t *resp_len, uint32_t timeout_ms) {
    struct ipc_waiter w;
    if (call_pending) return RETURNCODE_EALREADY;
    returncode_t rc = lend(req, req_len, resp, resp_cap);
    if (rc == RETURNCODE_SUCCESS) rc = ipc_waiter_arm(&w, DRV, SUB_RESPONSE);
    if (rc) {
        take_back();
        return rc;
    }
    rc = tock_status(command(DRV, CMD_SEND, ipc_id_lo(server), ipc_id_hi(server)));
    if (rc == RETURNCODE_SUCCESS) {
        rc = ipc_waiter_wait(&w, timeout_ms);
        if (rc == IPC_ETIMEOUT) {
            /* Exactly one response upcall is still due: CANCEL, or the response when it
             * raced the cancel (then use it). */
            command(DRV, CMD_CANCEL, 0, 0);
            ipc_waiter_wait(&w, IPC_WAIT_FOREVER);
            rc = w.args[0] == STATUS_CANCEL ? IPC_ETIMEOUT : RETURNCODE_SUCCESS;
        }
        if (rc == RETURNCODE_SUCCESS) {
            rc = tock_status_to_returncode(w.args[0]);
            if (resp_len) *resp_len = w.args[1] < resp_cap ? w.args[1] : resp_cap;
        }
    }
    ipc_waiter_disarm(&w);
    take_back();
    return rc;
}

static ipc_call_cb *call_cb;
static void *call_ud;
static uint32_t call_cap;

static void response_upcall(int status, int len, int a2, void *ud) {
    (void)a2; (void)ud;
    call_pending = false;
    take_back();
    uint32_t n = (uint32_t)len < call_cap ? (uint32_t)len : call_cap;
    if (call_cb) call_cb(tock_status_to_returncode((uint32_t)status), n, call_ud);
}

returncode_t ipc_call_async(ipc_id_t server, const void *req, uint32_t req_len, void *resp,
                            uint32_t resp_cap, ipc_call_cb *cb, void *ud) {
    if (call_pending) return RETURNCODE_EALREADY;
    returncode_t rc = lend(req, req_len, resp, resp_cap);
    if (rc == RETURNCODE_SUCCESS) {
        call_cb = cb;
        call_ud = ud;
        call_cap = resp_cap;
        rc = tock_status(subscribe(DRV, SUB_RESPONSE, response_upcall, NULL));
    }
    if (rc == RETURNCODE_SUCCESS)
        rc = tock_status(command(DRV, CMD_SEND, ipc_id_lo(server), ipc_id_hi(server)));
    if (rc) take_back();
    call_pending = rc == RETURNCODE_SUCCESS;
    return rc;
}

returncode_t ipc_call_cancel(void) {
    return tock_status(command(DRV, CMD_CANCEL, 0, 0));
}

/* ---- server --------------------------------------------------------------------------- */

returncode_t ipc_serve_enable(void) {
    return tock_status(command(DRV, CMD_ENABLE, 0, 0));
}

returncode_t ipc_serve_disable(void) {
    return tock_status(command(DRV, CMD_DISABLE, 0, 0));
}

/* A take command's answer: Success u32+u64 (bytes, client) or Failure u64 (err, client). */
static returncode_t take_result(syscall_return_t r, uint32_t cap, uint32_t *len,
                                ipc_id_t *client) {
    if (r.type == TOCK_SUCCESS_U32_U64) {
        if (len) *len = r.data[0] < cap ? r.data[0] : cap;
        if (client) *client = ipc_id_make(r.data[1], r.data[2]);
        return RETURNCODE_SUCCESS;
    }
    returncode_t rc = tock_status(r);
    if (rc == RETURNCODE_ESIZE && r.type == TOCK_FAILURE_U64) {
        /* truncated, but the transaction started: answer it */
        if (len) *len = cap;
        if (client) *client = ipc_id_make(r.data[1], r.data[2]);
    }
    return rc ? rc : RETURNCODE_EBADRVAL;
}

static returncode_t take(uint32_t cmd, ipc_id_t from, void *buf, uint32_t cap, uint32_t *len,
                         ipc_id_t *client) {
    returncode_t rc = tock_status(allow_readwrite(DRV, 0, cap ? buf : NULL, cap));
    if (rc) return rc;
    rc = take_result(command(DRV, cmd, ipc_id_lo(from), ipc_id_hi(from)), cap, len, client);
    allow_readwrite(DRV, 0, NULL, 0);
    return rc;
}

returncode_t ipc_serve_take(void *buf, uint32_t cap, uint32_t *len, ipc_id_t *client) {
    return take(CMD_TAKE_ANY, 0, buf, cap, len, client);
}

returncode_t ipc_serve_take_from(ipc_id_t client, void *buf, uint32_t cap, uint32_t *len) {
    return take(CMD_TAKE_FROM, client, buf, cap, len, NULL);
}

returncode_t ipc_serve_next(void *buf, uint32_t cap, uint32_t *len, ipc_id_t *client,
                            uint32_t timeout_ms) {
    struct ipc_waiter w;
    /* Armed first: a request arriving after a fruitless take still wakes us. */
    returncode_t rc = ipc_waiter_arm(&w, DRV, SUB_REQUEST);
    if (rc) return rc;
    for (;;) {
        rc = ipc_serve_take(buf, cap, len, client);
        if (rc != RETURNCODE_ENODEVICE) break;
        w.done = false;
        rc = ipc_waiter_wait(&w, timeout_ms);
        if (rc) break;
    }
    ipc_waiter_disarm(&w);
    return rc;
}

returncode_t ipc_serve_respond(const void *resp, uint32_t len) {
    returncode_t rc = tock_status(allow_readonly(DRV, 0, len ? resp : NULL, len));
    if (rc) return rc;
    rc = tock_status(command(DRV, CMD_RESPOND, 0, 0));
    allow_readonly(DRV, 0, NULL, 0);
    return rc;
}

returncode_t ipc_serve_on_request(subscribe_upcall *cb, void *ud) {
    return tock_status(subscribe(DRV, SUB_REQUEST, cb, ud));
}

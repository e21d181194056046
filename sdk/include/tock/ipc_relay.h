/* Relay request, driver 0xA0010: a synchronous mailbox. A client sends a request to a
 * server and gets exactly one response or one error; the kernel copies straight from one
 * process's buffer into the other's (min of both sizes), storing nothing.
 *
 * Client status codes: ENODEVICE the server is gone (or died while holding the request:
 * rediscover it), EUNINSTALLED the server does not accept requests, EALREADY a call is
 * already in flight, ESIZE the response was truncated, ECANCEL cancelled, IPC_ETIMEOUT the
 * timeout ran out (the request was cancelled). */
#ifndef TOCK_IPC_RELAY_H
#define TOCK_IPC_RELAY_H

#include <tock/ipc.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- client ------------------------------------------------------------------------ */

/* Send req[0..req_len) to server and wait for the response in resp[0..resp_cap);
 * *resp_len (may be NULL) gets its length. */
returncode_t ipc_call(ipc_id_t server, const void *req, uint32_t req_len, void *resp,
                      uint32_t resp_cap, uint32_t *resp_len, uint32_t timeout_ms);

/* Callback form: both buffers stay lent to the kernel until cb(rc, resp_len, ud) runs. */
typedef void ipc_call_cb(returncode_t rc, uint32_t resp_len, void *ud);
returncode_t ipc_call_async(ipc_id_t server, const void *req, uint32_t req_len, void *resp,
                            uint32_t resp_cap, ipc_call_cb *cb, void *ud);
/* Cancel the call in flight: its callback gets RETURNCODE_ECANCEL. */
returncode_t ipc_call_cancel(void);

/* ---- server ------------------------------------------------------------------------ */

/* Start / stop accepting requests. Stopping fails every waiting client with EUNINSTALLED. */
returncode_t ipc_serve_enable(void);
returncode_t ipc_serve_disable(void);

/* Wait (at most timeout_ms) for the next request, from any client (round robin), and take
 * it: its bytes go into buf, *len gets their count, *client the sender's id (authorise it
 * with ipc_identity_*). ESIZE: the request was longer than cap and was truncated; the
 * transaction started anyway. Every taken request must be answered with ipc_serve_respond. */
returncode_t ipc_serve_next(void *buf, uint32_t cap, uint32_t *len, ipc_id_t *client,
                            uint32_t timeout_ms);
/* Take without waiting: ENODEVICE when no request is pending. */
returncode_t ipc_serve_take(void *buf, uint32_t cap, uint32_t *len, ipc_id_t *client);
/* The same, only from that client. */
returncode_t ipc_serve_take_from(ipc_id_t client, void *buf, uint32_t cap, uint32_t *len);
/* Answer the request taken last. ENODEVICE: the client cancelled or died (dropped). */
returncode_t ipc_serve_respond(const void *resp, uint32_t len);

/* Callback form of waiting: cb(client_lo, client_hi, 0, ud) whenever a request arrives;
 * take it with ipc_serve_take. NULL unsubscribes. */
returncode_t ipc_serve_on_request(subscribe_upcall *cb, void *ud);

#ifdef __cplusplus
}
#endif

#endif

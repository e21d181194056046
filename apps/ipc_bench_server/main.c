/* IPC benchmark, server side ("bench"): echo every relay request (ping-pong), then, after
 * the client's 'S' request, count relay messages received into two 1 KiB slices until the
 * end mark, and answer the client's 'C' request with the count. */
#include <stdio.h>
#include <string.h>
#include <tock/ipc.h>

#define SLICE 1024

static uint8_t slices[2][SLICE] __attribute__((aligned(4)));

int main(void) {
    returncode_t rc = ipc_msg_receive(slices[0], SLICE, NULL, 0, true);
    if (rc == RETURNCODE_SUCCESS) rc = ipc_serve_enable();
    if (rc == RETURNCODE_SUCCESS) rc = ipc_registry_register("bench");
    if (rc) {
        printf("ipc_bench_server: cannot start: %s\n", ipc_strerror(rc));
        return 1;
    }

    /* ping-pong: echo until 'S' */
    uint32_t pings = 0;
    for (;;) {
        uint8_t req[16];
        uint32_t len = 0;
        ipc_id_t client;
        /* no timeout here: an alarm per wait would be half of what is measured */
        rc = ipc_serve_next(req, sizeof req, &len, &client, IPC_WAIT_FOREVER);
        if (rc) {
            printf("ipc_bench_server: no requests: %s\n", ipc_strerror(rc));
            return 1;
        }
        ipc_serve_respond(req, len);
        if (len == 1 && req[0] == 'S') break;
        pings++;
    }

    /* streaming: count messages until the end mark (a message of length 0) */
    uint32_t messages = 0;
    uint8_t *spare = slices[1];
    bool end = false;
    while (!end) {
        rc = ipc_msg_wait(2000);
        if (rc) {
            printf("ipc_bench_server: stream stalled: %s\n", ipc_strerror(rc));
            return 1;
        }
        void *full;
        ipc_msg_swap(spare, SLICE, &full);
        spare = full;
        ipc_msg_iter_t it;
        ipc_msg_t m;
        ipc_msg_iter_init(&it, full, SLICE);
        while (ipc_msg_next(&it, &m)) {
            if (m.len == 0) end = true;
            else messages++;
        }
    }

    /* the count, for the client's 'C' */
    uint8_t req[16];
    uint32_t len = 0;
    ipc_id_t client;
    rc = ipc_serve_next(req, sizeof req, &len, &client, 2000);
    if (rc == RETURNCODE_SUCCESS) ipc_serve_respond(&messages, sizeof messages);
    printf("ipc_bench_server: %lu pings echoed, %lu messages received\n", (unsigned long)pings,
           (unsigned long)messages);
    return 0;
}

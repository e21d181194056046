/* libtock-c's rot13 client (examples/rot13_client), on legacy IPC (driver 0x10000) and
 * libtock-c's own API: find the service by package name, share a 64-byte buffer with it,
 * notify it, print what comes back, wait half a second, notify again. One change: the
 * stock client goes on forever; this one exits after ROUNDS answers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libtock-sync/services/alarm.h>
#include <libtock/kernel/ipc.h>

#define ROUNDS 4

size_t rot13_svc_num = 0;

char buf[64] __attribute__((aligned(64)));

struct rot13_buf {
    int8_t length;
    char buf[31];
};

static int rounds = 0;

static void rot13_callback(int pid, int len, int arg2, void *ud) {
    (void)pid; (void)len; (void)arg2;
    struct rot13_buf *rb = (struct rot13_buf *)ud;
    printf("%d: %.*s\n", rb->length, rb->length, rb->buf);
    if (++rounds == ROUNDS) exit(0);
    libtocksync_alarm_delay_ms(500);
    ipc_notify_service(rot13_svc_num);
}

int main(void) {
    int err = ipc_discover("org.tockos.examples.rot13", &rot13_svc_num);
    if (err < 0) {
        printf("No rot13 service\n");
        return -1;
    }

    struct rot13_buf *rb = (struct rot13_buf *)buf;
    ipc_register_client_callback(rot13_svc_num, rot13_callback, rb);

    rb->length = snprintf(rb->buf, sizeof(rb->buf), "Hello World!");
    ipc_share(rot13_svc_num, rb, 64);

    ipc_notify_service(rot13_svc_num);
    while (1) yield();
}

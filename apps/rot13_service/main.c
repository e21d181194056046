/* libtock-c's rot13 service (examples/rot13_service), on legacy IPC (driver 0x10000) and
 * libtock-c's own API: the same package name, the same buffer layout, the same calls. One
 * change: the stock service serves forever (libtock-c's crt0 yields after main returns);
 * this one stops after ROUNDS requests so that a test run ends. */
#include <libtock/kernel/ipc.h>
#include <libtock/tock.h>

#define ROUNDS 4

struct rot13_buf {
    int8_t length;
    char buf[31];
};

static int served = 0;

static char rotate(char c) {
    if (c >= 'a' && c <= 'z') return (char)('a' + (c - 'a' + 13) % 26);
    if (c >= 'A' && c <= 'Z') return (char)('A' + (c - 'A' + 13) % 26);
    return c;
}

/* client's process index, size of the buffer it shares, its address (mapped into us) */
static void rot13_callback(int pid, int len, int buf, void *ud) {
    (void)ud;
    struct rot13_buf *rb = (struct rot13_buf *)buf;
    int length = rb->length;
    if (length > len - 1) length = len - 1;
    for (int i = 0; i < length; i++) rb->buf[i] = rotate(rb->buf[i]);
    ipc_notify_client(pid);
    served++;
}

int main(void) {
    ipc_register_service_callback("org.tockos.examples.rot13", rot13_callback, NULL);
    while (served < ROUNDS) yield();
    return 0;
}

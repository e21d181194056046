/* Crash and recovery, server side: serve "crashy" (square a number). A request whose
 * first attempt is number 2 makes it fault mid-request, on purpose, once: the client's
 * retry is attempt 2. Under --fault-policy restart the kernel restarts it with a new IPC
 * identifier, the name is released, the waiting client gets ENODEVICE at once, and the new
 * instance registers again. Exits after two seconds (board time) without requests. */
#include <stdio.h>
#include <tock/ipc.h>

struct request {
    uint32_t seq, attempt, value;
};

int main(void) {
    ipc_serve_enable();   /* before the name: a client may call as soon as it finds it */
    returncode_t rc = ipc_registry_register("crashy");
    if (rc) {
        printf("crashy_server: cannot register: %s\n", ipc_strerror(rc));
        return 1;
    }
    printf("crashy_server: serving \"crashy\"\n");
    for (;;) {
        struct request r;
        uint32_t len = 0;
        ipc_id_t client;
        rc = ipc_serve_next(&r, sizeof r, &len, &client, 2000);
        if (rc == IPC_ETIMEOUT) break;
        if (rc || len != sizeof r) {
            ipc_serve_respond(NULL, 0);
            continue;
        }
        if (r.seq == 2 && r.attempt == 1) {
            printf("crashy_server: request 2: crashing mid-request\n");
            *(volatile uint32_t *)0xdead0000u = r.value;
        }
        uint32_t square = r.value * r.value;
        ipc_serve_respond(&square, sizeof square);
        printf("crashy_server: request %lu (attempt %lu) answered\n", (unsigned long)r.seq,
               (unsigned long)r.attempt);
    }
    printf("crashy_server: idle for 2 s: exiting\n");
    return 0;
}

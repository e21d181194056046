/* Crash and recovery, client side: three requests to "crashy". When the server dies
 * while holding a request the call ends with ENODEVICE at once (no timeout needed);
 * the client then waits for the name to be registered again (discover-or-wait), gets the
 * restarted server's new identifier and retries. */
#include <stdio.h>
#include <tock/ipc.h>

struct request {
    uint32_t seq, attempt, value;
};

static const ipc_appid_t server_app = IPC_APPID_STR("crashy_server");

int main(void) {
    ipc_id_t srv;
    returncode_t rc = ipc_registry_wait("crashy", &server_app, 5000, &srv);
    if (rc) {
        printf("crashy_client: no server: %s\n", ipc_strerror(rc));
        return 1;
    }
    for (uint32_t seq = 1; seq <= 3; seq++) {
        struct request r = {seq, 1, 10 + seq};
        uint32_t square = 0, n = 0;
        for (;;) {
            rc = ipc_call(srv, &r, sizeof r, &square, sizeof square, &n, 1000);
            if (rc != RETURNCODE_ENODEVICE || r.attempt == 3) break;
            printf("crashy_client: request %lu: server gone (%s), waiting for it again\n",
                   (unsigned long)seq, ipc_strerror(rc));
            ipc_id_t old = srv;
            rc = ipc_registry_wait("crashy", &server_app, 5000, &srv);
            if (rc) break;
            printf("crashy_client: server is back with a new id (%s)\n",
                   srv != old ? "instance changed" : "SAME INSTANCE");
            r.attempt++;
        }
        if (rc || n != sizeof square || square != r.value * r.value) {
            printf("crashy_client: request %lu failed: %s\n", (unsigned long)seq, ipc_strerror(rc));
            return 1;
        }
        printf("crashy_client: request %lu: %lu squared is %lu\n", (unsigned long)seq,
               (unsigned long)r.value, (unsigned long)square);
    }
    printf("crashy_client: done\n");
    return 0;
}

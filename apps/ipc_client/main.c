/* IPC basics, client side: find "upper" (waiting for it to register, and checking that
 * the ipc_server application holds it), make three calls, then the error cases: a name
 * nobody holds, a wait that times out, and a call to an id of no live process. */
#include <stdio.h>
#include <string.h>
#include <tock/ipc.h>

int main(void) {
    const ipc_appid_t want = IPC_APPID_STR("ipc_server");
    ipc_id_t server;
    returncode_t rc = ipc_registry_wait("upper", &want, 5000, &server);
    if (rc) {
        printf("ipc_client: no \"upper\" service: %s\n", ipc_strerror(rc));
        return 1;
    }
    printf("ipc_client: \"upper\" is ipc_server (instance %lu)\n",
           (unsigned long)ipc_id_instance(server));

    static const char *const words[] = {"hello", "inter-process", "communication"};
    int failures = 0;
    for (unsigned i = 0; i < 3; i++) {
        char resp[64];
        uint32_t n = 0;
        rc = ipc_call(server, words[i], strlen(words[i]), resp, sizeof resp - 1, &n, 1000);
        if (rc) {
            printf("ipc_client: call %u failed: %s\n", i + 1, ipc_strerror(rc));
            failures++;
            continue;
        }
        resp[n] = 0;
        printf("ipc_client: %s -> %s\n", words[i], resp);
    }

    ipc_id_t nobody;
    rc = ipc_registry_discover("nobody", NULL, &nobody);
    printf("ipc_client: discover \"nobody\": %s\n", ipc_strerror(rc));
    rc = ipc_registry_wait("nobody", NULL, 100, &nobody);
    printf("ipc_client: wait 100 ms for \"nobody\": %s\n", ipc_strerror(rc));
    char resp[8];
    rc = ipc_call(ipc_id_make(0x7fffffff, 0), "x", 1, resp, sizeof resp, NULL, 1000);
    printf("ipc_client: call to a dead id: %s\n", ipc_strerror(rc));

    printf("ipc_client: done, %d failures\n", failures);
    return failures ? 1 : 0;
}

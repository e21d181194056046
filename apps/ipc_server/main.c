/* IPC basics, server side: register the name "upper", answer every request with its text
 * in upper case, name each client through the identity driver, and exit after one second
 * (board time) without requests. */
#include <stdio.h>
#include <string.h>
#include <tock/ipc.h>

int main(void) {
    /* Accept requests before the name is known: a client may call as soon as it finds it. */
    ipc_serve_enable();
    returncode_t rc = ipc_registry_register("upper");
    if (rc) {
        printf("ipc_server: cannot register \"upper\": %s\n", ipc_strerror(rc));
        return 1;
    }
    printf("ipc_server: serving \"upper\"\n");

    unsigned served = 0;
    for (;;) {
        char buf[64];
        uint32_t len = 0;
        ipc_id_t client = 0;
        rc = ipc_serve_next(buf, sizeof buf, &len, &client, 1000);
        if (rc == IPC_ETIMEOUT) break;
        if (rc && rc != RETURNCODE_ESIZE) {
            printf("ipc_server: take failed: %s\n", ipc_strerror(rc));
            break;
        }
        char app[IPC_APP_ID_MAX + 1];
        uint32_t app_len = 0;
        if (ipc_identity_app_id(client, app, IPC_APP_ID_MAX, &app_len) || app_len > IPC_APP_ID_MAX)
            app_len = 0;
        app[app_len] = 0;
        for (uint32_t i = 0; i < len; i++)
            if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] = (char)(buf[i] - 'a' + 'A');
        rc = ipc_serve_respond(buf, len);
        served++;
        printf("ipc_server: request %u from %s: %lu bytes, response %s\n", served,
               app_len ? app : "?", (unsigned long)len, ipc_strerror(rc));
    }
    ipc_serve_disable();
    printf("ipc_server: idle for 1 s after %u requests: exiting\n", served);
    return 0;
}

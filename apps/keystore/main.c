/* The IPC guide's worked example (docs/ipc.md): a key store serving "keystore".
 *
 * Keys are stored per client *application*: for every request the keystore asks the
 * identity driver which application is behind the client id that came with it (ids are
 * forgeable, the kernel's answer is not) and never hands one application's key to
 * another. Under a board policy binding "keystore" to this application
 * (--set ipc-bind=keystore:keystore) nobody else can take the name. Exits after two
 * seconds (board time) without requests. */
#include <stdio.h>
#include <string.h>
#include <tock/ipc.h>

#include "keystore_protocol.h"

#define SLOTS 4

struct slot {
    uint8_t app[IPC_APP_ID_MAX];
    uint32_t app_len;
    uint8_t key[KEYSTORE_KEY_MAX];
    uint32_t key_len;
};

static struct slot slots[SLOTS];
static uint32_t used;

static struct slot *find(const uint8_t *app, uint32_t len) {
    for (uint32_t i = 0; i < used; i++)
        if (slots[i].app_len == len && memcmp(slots[i].app, app, len) == 0) return &slots[i];
    return NULL;
}

/* Handle one request from application app[0..app_len); returns the response length. */
static uint32_t handle(const uint8_t *app, uint32_t app_len, const uint8_t *req, uint32_t len,
                       uint8_t *resp) {
    if (len >= 1 && req[0] == KS_PUT && len - 1 <= KEYSTORE_KEY_MAX) {
        struct slot *s = find(app, app_len);
        if (!s && used < SLOTS) {
            s = &slots[used++];
            memcpy(s->app, app, app_len);
            s->app_len = app_len;
        }
        if (!s) {
            resp[0] = KS_ERROR;
            return 1;
        }
        memcpy(s->key, req + 1, len - 1);
        s->key_len = len - 1;
        resp[0] = KS_STORED;
        return 1;
    }
    if (len >= 1 && req[0] == KS_GET) {
        /* Only the caller's own key, whatever owner the request names. */
        if (len - 1 != app_len || memcmp(req + 1, app, app_len) != 0) {
            resp[0] = KS_DENIED;
            return 1;
        }
        struct slot *s = find(app, app_len);
        if (!s) {
            resp[0] = KS_NONE;
            return 1;
        }
        resp[0] = KS_KEY;
        memcpy(resp + 1, s->key, s->key_len);
        return 1 + s->key_len;
    }
    resp[0] = KS_ERROR;
    return 1;
}

static const char *describe(uint8_t op, uint8_t answer) {
    if (op == KS_PUT) return answer == KS_STORED ? "put: stored" : "put: refused";
    if (op == KS_GET) {
        switch (answer) {
        case KS_KEY: return "get: key returned";
        case KS_DENIED: return "get: another application's key: denied";
        case KS_NONE: return "get: no key";
        }
    }
    return "bad request";
}

int main(void) {
    ipc_serve_enable();   /* before the name: a client may call as soon as it finds it */
    returncode_t rc = ipc_registry_register(KEYSTORE_NAME);
    if (rc)
        printf("keystore: cannot register \"" KEYSTORE_NAME "\": %s (serving anyway)\n",
               ipc_strerror(rc));
    else
        printf("keystore: registered \"" KEYSTORE_NAME "\"\n");

    for (;;) {
        uint8_t req[KEYSTORE_MSG_MAX], resp[1 + KEYSTORE_KEY_MAX];
        uint32_t len = 0;
        ipc_id_t client = 0;
        rc = ipc_serve_next(req, sizeof req, &len, &client, 2000);
        if (rc == IPC_ETIMEOUT) break;
        if (rc == RETURNCODE_ESIZE) {
            ipc_serve_respond("E", 1);
            continue;
        }
        if (rc) {
            printf("keystore: take failed: %s\n", ipc_strerror(rc));
            break;
        }
        uint8_t app[IPC_APP_ID_MAX];
        uint32_t app_len = 0;
        rc = ipc_identity_app_id(client, app, sizeof app, &app_len);
        if (rc || app_len == 0) {
            /* a dead client, or one no application identity can be given to */
            printf("keystore: request from an unidentifiable client: %s\n", ipc_strerror(rc));
            ipc_serve_respond("E", 1);
            continue;
        }
        uint32_t n = handle(app, app_len, req, len, resp);
        rc = ipc_serve_respond(resp, n);
        printf("keystore: %.*s: %s\n", (int)app_len, (const char *)app,
               describe(len ? req[0] : 0, resp[0]));
        if (rc) printf("keystore: response not delivered: %s\n", ipc_strerror(rc));
    }
    ipc_serve_disable();
    printf("keystore: idle for 2 s: exiting\n");
    return 0;
}

/* The keystore's client (docs/ipc.md): find "keystore", insist that the keystore
 * *application* holds it (identity check inside the SDK's discovery), store a key and
 * read it back. Refuses to send anything to an imposter holding the name. */
#include <stdio.h>
#include <string.h>
#include <tock/ipc.h>

#include "../keystore/keystore_protocol.h"

#define SELF "keyclient"   /* our application identifier (package name) */
static const char key[] = "s3cr3t-k3y-0042";

int main(void) {
    const ipc_appid_t trusted = IPC_APPID_STR(KEYSTORE_APP);
    ipc_id_t ks;
    returncode_t rc = ipc_registry_wait(KEYSTORE_NAME, &trusted, 5000, &ks);
    if (rc == IPC_EIDENTITY) {
        printf("keyclient: \"" KEYSTORE_NAME "\" is held by another application: "
               "not sending the key\n");
        return 0;
    }
    if (rc) {
        printf("keyclient: no keystore: %s\n", ipc_strerror(rc));
        return 1;
    }
    printf("keyclient: \"" KEYSTORE_NAME "\" verified as application " KEYSTORE_APP "\n");

    uint8_t req[KEYSTORE_MSG_MAX], resp[1 + KEYSTORE_KEY_MAX];
    uint32_t n = 0;
    req[0] = KS_PUT;
    memcpy(req + 1, key, sizeof key - 1);
    rc = ipc_call(ks, req, sizeof key, resp, sizeof resp, &n, 1000);
    if (rc || n < 1 || resp[0] != KS_STORED) {
        printf("keyclient: store failed: %s\n", rc ? ipc_strerror(rc) : "refused");
        return 1;
    }
    printf("keyclient: key stored\n");

    req[0] = KS_GET;
    memcpy(req + 1, SELF, sizeof SELF - 1);
    rc = ipc_call(ks, req, sizeof SELF, resp, sizeof resp, &n, 1000);
    if (rc || n < 1 || resp[0] != KS_KEY) {
        printf("keyclient: read back failed: %s\n", rc ? ipc_strerror(rc) : "refused");
        return 1;
    }
    bool same = n - 1 == sizeof key - 1 && memcmp(resp + 1, key, n - 1) == 0;
    printf("keyclient: key read back: %.*s (%s)\n", (int)(n - 1), (const char *)(resp + 1),
           same ? "match" : "MISMATCH");
    return same ? 0 : 1;
}

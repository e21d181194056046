/* The keystore's adversary (docs/ipc.md): try to take the name "keystore" (FAIL under a
 * board policy binding it to the keystore application; first come, first served without
 * one), then ask the real keystore, found by its application identifier, for keyclient's
 * key (denied: keys go only to the application that stored them). */
#include <stdio.h>
#include <string.h>
#include <tock/alarm.h>
#include <tock/ipc.h>

#include "../keystore/keystore_protocol.h"

#define VICTIM "keyclient"

int main(void) {
    returncode_t reg = ipc_registry_register(KEYSTORE_NAME);
    printf("imposter: register \"" KEYSTORE_NAME "\": %s\n", ipc_strerror(reg));

    ipc_id_t ks;
    returncode_t rc = ipc_identity_find(KEYSTORE_APP, sizeof KEYSTORE_APP - 1, &ks);
    if (rc) {
        printf("imposter: the keystore application is not running: %s\n", ipc_strerror(rc));
        return 0;
    }
    delay_ms(200); /* let keyclient store its key first */

    uint8_t req[KEYSTORE_MSG_MAX], resp[1 + KEYSTORE_KEY_MAX];
    uint32_t n = 0;
    req[0] = KS_GET;
    memcpy(req + 1, VICTIM, sizeof VICTIM - 1);
    rc = ipc_call(ks, req, sizeof VICTIM, resp, sizeof resp, &n, 1000);
    if (rc)
        printf("imposter: " VICTIM "'s key: call failed: %s\n", ipc_strerror(rc));
    else if (n >= 1 && resp[0] == KS_KEY)
        printf("imposter: " VICTIM "'s key: LEAKED %.*s\n", (int)(n - 1), (const char *)(resp + 1));
    else
        printf("imposter: " VICTIM "'s key: refused\n");

    if (reg == RETURNCODE_SUCCESS) delay_ms(500); /* hold the name a while */
    return 0;
}

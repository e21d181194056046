/* Identity driver 0xA0002: cmd 1 ShortId, cmd 2 application identifier (RW allow 0),
 * cmd 3 find by application identifier (RO allow 0). All synchronous. */
#include "ipc/ipc_internal.h"

#include <string.h>

#define DRV DRIVER_NUM_IPC_IDENTITY
enum { CMD_SHORT_ID = 1, CMD_APP_ID = 2, CMD_FIND = 3 };

returncode_t ipc_identity_short_id(ipc_id_t id, uint32_t *short_id) {
    syscall_return_t r = command(DRV, CMD_SHORT_ID, ipc_id_lo(id), ipc_id_hi(id));
    if (r.type == TOCK_SUCCESS_U32_U64) {
        if (short_id) *short_id = r.data[0];
        return RETURNCODE_SUCCESS;
    }
    returncode_t rc = tock_status(r);
    return rc ? rc : RETURNCODE_EBADRVAL;
}

bool ipc_identity_alive(ipc_id_t id) {
    return ipc_identity_short_id(id, NULL) == RETURNCODE_SUCCESS;
}

returncode_t ipc_identity_app_id(ipc_id_t id, void *buf, uint32_t cap, uint32_t *len) {
    returncode_t rc = tock_status(allow_readwrite(DRV, 0, cap ? buf : NULL, cap));
    if (rc) return rc;
    syscall_return_t r = command(DRV, CMD_APP_ID, ipc_id_lo(id), ipc_id_hi(id));
    allow_readwrite(DRV, 0, NULL, 0);
    if (r.type == TOCK_SUCCESS_U32) {
        if (len) *len = r.data[0];
        return RETURNCODE_SUCCESS;
    }
    if (r.type == TOCK_FAILURE_U32 && len) *len = r.data[1]; /* SIZE: the full length */
    rc = tock_status(r);
    return rc ? rc : RETURNCODE_EBADRVAL;
}

returncode_t ipc_identity_find(const void *app_id, uint32_t len, ipc_id_t *id) {
    returncode_t rc = tock_status(allow_readonly(DRV, 0, app_id, len));
    if (rc) return rc;
    uint64_t v = 0;
    rc = tock_return_u64(command(DRV, CMD_FIND, 0, 0), &v);
    allow_readonly(DRV, 0, NULL, 0);
    if (rc == RETURNCODE_SUCCESS && id) *id = v;
    return rc;
}

returncode_t ipc_identity_check(ipc_id_t id, const ipc_appid_t *expected) {
    if (!expected) return ipc_identity_short_id(id, NULL);
    uint8_t buf[IPC_APP_ID_MAX];
    uint32_t len = 0;
    returncode_t rc = ipc_identity_app_id(id, buf, sizeof buf, &len);
    if (rc == RETURNCODE_ESIZE) return IPC_EIDENTITY; /* longer than any expected one */
    if (rc) return rc;
    if (len != expected->len || (len && memcmp(buf, expected->bytes, len) != 0))
        return IPC_EIDENTITY;
    return RETURNCODE_SUCCESS;
}

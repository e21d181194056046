/* Turning return variants and upcall statuses into libtock-c status codes. */
#include <tock.h>

static bool is_failure(uint32_t type) {
    return type <= TOCK_FAILURE_U64;
}

static returncode_t failure_code(syscall_return_t r) {
    /* Kernel error codes are small positive numbers; anything else is a
     * broken answer. */
    if (r.data[0] == 0 || r.data[0] > 1023) {
        return RETURNCODE_EBADRVAL;
    }
    return -(returncode_t)r.data[0];
}

returncode_t tock_status(syscall_return_t r) {
    if (is_failure(r.type)) {
        return failure_code(r);
    }
    if (r.type >= TOCK_SUCCESS && r.type <= TOCK_SUCCESS_U32_U64) {
        return RETURNCODE_SUCCESS;
    }
    return RETURNCODE_EBADRVAL;
}

/* Common shape of the "expect this success variant" helpers. */
static returncode_t expect(syscall_return_t r, uint32_t success_type) {
    if (r.type == success_type) {
        return RETURNCODE_SUCCESS;
    }
    if (is_failure(r.type)) {
        return failure_code(r);
    }
    return RETURNCODE_EBADRVAL;
}

returncode_t tock_return_novalue(syscall_return_t r) {
    return expect(r, TOCK_SUCCESS);
}

returncode_t tock_return_u32(syscall_return_t r, uint32_t *out) {
    returncode_t rc = expect(r, TOCK_SUCCESS_U32);
    if (rc == RETURNCODE_SUCCESS && out) {
        *out = r.data[0];
    }
    return rc;
}

returncode_t tock_return_u32_u32(syscall_return_t r, uint32_t *a, uint32_t *b) {
    returncode_t rc = expect(r, TOCK_SUCCESS_2U32);
    if (rc == RETURNCODE_SUCCESS) {
        if (a) *a = r.data[0];
        if (b) *b = r.data[1];
    }
    return rc;
}

returncode_t tock_return_u64(syscall_return_t r, uint64_t *out) {
    returncode_t rc = expect(r, TOCK_SUCCESS_U64);
    if (rc == RETURNCODE_SUCCESS && out) {
        *out = ((uint64_t)r.data[1] << 32) | r.data[0];
    }
    return rc;
}

returncode_t tock_status_to_returncode(uint32_t status) {
    if (status == 0) {
        return RETURNCODE_SUCCESS;
    }
    if (status > 1023) {
        return RETURNCODE_EBADRVAL;
    }
    return -(returncode_t)status;
}

const char *tock_strrcode(returncode_t rc) {
    switch (rc) {
    case RETURNCODE_SUCCESS: return "SUCCESS";
    case RETURNCODE_FAIL: return "FAIL";
    case RETURNCODE_EBUSY: return "EBUSY";
    case RETURNCODE_EALREADY: return "EALREADY";
    case RETURNCODE_EOFF: return "EOFF";
    case RETURNCODE_ERESERVE: return "ERESERVE";
    case RETURNCODE_EINVAL: return "EINVAL";
    case RETURNCODE_ESIZE: return "ESIZE";
    case RETURNCODE_ECANCEL: return "ECANCEL";
    case RETURNCODE_ENOMEM: return "ENOMEM";
    case RETURNCODE_ENOSUPPORT: return "ENOSUPPORT";
    case RETURNCODE_ENODEVICE: return "ENODEVICE";
    case RETURNCODE_EUNINSTALLED: return "EUNINSTALLED";
    case RETURNCODE_ENOACK: return "ENOACK";
    case RETURNCODE_EBADRVAL: return "EBADRVAL";
    default: return "E?";
    }
}

bool driver_exists(uint32_t driver) {
    return tock_status(command(driver, 0, 0, 0)) == RETURNCODE_SUCCESS;
}

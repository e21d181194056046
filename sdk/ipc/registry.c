/* Registries 0xA0000 (string names) and 0xA0001 (package names): register (cmd 1,
 * upcall 0), discover (cmd 2), discover-or-wait (cmd 3) and cancel (cmd 4), upcall 1
 * (status, id_lo, id_hi); the name in RO allow 0. Discovery optionally verifies the
 * application through the identity driver before handing out the id. */
#include "ipc/ipc_internal.h"

#include <string.h>

enum { CMD_REGISTER = 1, CMD_DISCOVER = 2, CMD_WAIT = 3, CMD_CANCEL = 4 };
enum { SUB_REGISTERED = 0, SUB_DISCOVERED = 1 };
enum { NAME_MAX = 64 };  /* longest package name */

/* ---- blocking ------------------------------------------------------------------------- */

/* The callback forms' state of a registry (below): a blocking call must not take the upcall
 * away from a callback form in flight. */
static bool async_pending(uint32_t driver, bool discovery);

static returncode_t do_register(uint32_t driver, const void *name, uint32_t len) {
    returncode_t rc = RETURNCODE_SUCCESS;
    if (async_pending(driver, false)) return RETURNCODE_EALREADY;
    if (name) {
        rc = tock_status(allow_readonly(driver, 0, name, len));
        if (rc) return rc;
    }
    struct ipc_waiter w;
    rc = ipc_waiter_arm(&w, driver, SUB_REGISTERED);
    if (rc == RETURNCODE_SUCCESS) {
        rc = tock_status(command(driver, CMD_REGISTER, 0, 0));
        if (rc == RETURNCODE_SUCCESS) {
            ipc_waiter_wait(&w, IPC_WAIT_FOREVER);
            rc = tock_status_to_returncode(w.args[0]);
        }
        ipc_waiter_disarm(&w);
    }
    if (name) allow_readonly(driver, 0, NULL, 0);
    return rc;
}

returncode_t ipc_registry_register(const char *name) {
    uint8_t n20[IPC_NAME_LEN];
    returncode_t rc = ipc_name20(name, n20);
    if (rc) return rc;
    return do_register(DRIVER_NUM_IPC_REGISTRY, n20, sizeof n20);
}

returncode_t ipc_registry_register_package(void) {
    return do_register(DRIVER_NUM_IPC_REGISTRY_PACKAGE, NULL, 0);
}

static returncode_t do_discover(uint32_t driver, const void *name, uint32_t len, bool wait,
                                const ipc_appid_t *expected, uint32_t timeout_ms,
                                ipc_id_t *id) {
    if (async_pending(driver, true)) return RETURNCODE_EALREADY;
    returncode_t rc = tock_status(allow_readonly(driver, 0, name, len));
    if (rc) return rc;
    struct ipc_waiter w;
    rc = ipc_waiter_arm(&w, driver, SUB_DISCOVERED);
    if (rc == RETURNCODE_SUCCESS) {
        rc = tock_status(command(driver, wait ? CMD_WAIT : CMD_DISCOVER, 0, 0));
        if (rc == RETURNCODE_SUCCESS) {
            rc = ipc_waiter_wait(&w, wait ? timeout_ms : IPC_WAIT_FOREVER);
            if (rc == IPC_ETIMEOUT) {
                /* Cancel; exactly one discovery upcall is still due: CANCEL, or the match
                 * when it raced the cancel (then use it). */
                command(driver, CMD_CANCEL, 0, 0);
                ipc_waiter_wait(&w, IPC_WAIT_FOREVER);
                rc = w.args[0] == 8 /* CANCEL */ ? IPC_ETIMEOUT : RETURNCODE_SUCCESS;
            }
            if (rc == RETURNCODE_SUCCESS) rc = tock_status_to_returncode(w.args[0]);
        }
        ipc_waiter_disarm(&w);
    }
    allow_readonly(driver, 0, NULL, 0);
    if (rc) return rc;
    ipc_id_t found = ipc_id_make(w.args[1], w.args[2]);
    if (expected) {
        rc = ipc_identity_check(found, expected);
        if (rc) return rc;
    }
    if (id) *id = found;
    return RETURNCODE_SUCCESS;
}

returncode_t ipc_registry_discover(const char *name, const ipc_appid_t *expected, ipc_id_t *id) {
    uint8_t n20[IPC_NAME_LEN];
    returncode_t rc = ipc_name20(name, n20);
    if (rc) return rc;
    return do_discover(DRIVER_NUM_IPC_REGISTRY, n20, sizeof n20, false, expected, 0, id);
}

returncode_t ipc_registry_wait(const char *name, const ipc_appid_t *expected,
                               uint32_t timeout_ms, ipc_id_t *id) {
    uint8_t n20[IPC_NAME_LEN];
    returncode_t rc = ipc_name20(name, n20);
    if (rc) return rc;
    return do_discover(DRIVER_NUM_IPC_REGISTRY, n20, sizeof n20, true, expected, timeout_ms, id);
}

returncode_t ipc_registry_discover_package(const char *package, const ipc_appid_t *expected,
                                           ipc_id_t *id) {
    if (!package) return RETURNCODE_EINVAL;
    return do_discover(DRIVER_NUM_IPC_REGISTRY_PACKAGE, package, strlen(package), false,
                       expected, 0, id);
}

returncode_t ipc_registry_wait_package(const char *package, const ipc_appid_t *expected,
                                       uint32_t timeout_ms, ipc_id_t *id) {
    if (!package) return RETURNCODE_EINVAL;
    return do_discover(DRIVER_NUM_IPC_REGISTRY_PACKAGE, package, strlen(package), true,
                       expected, timeout_ms, id);
}

/* ---- callback forms --------------------------------------------------------------------- */

/* Per registry: the name stays allowed until the upcall, the expected identifier is
 * copied, and the upcall is turned into the typed callback. */
struct async_state {
    uint32_t driver;
    uint8_t name[NAME_MAX];
    uint8_t expected[IPC_APP_ID_MAX];
    uint32_t expected_len;
    bool check;
    ipc_registered_cb *reg_cb;
    void *reg_ud;
    ipc_discovered_cb *disc_cb;
    void *disc_ud;
    volatile bool reg_pending, disc_pending;   /* a callback form is in flight */
};

static struct async_state string_state = {.driver = DRIVER_NUM_IPC_REGISTRY};
static struct async_state package_state = {.driver = DRIVER_NUM_IPC_REGISTRY_PACKAGE};

static bool async_pending(uint32_t driver, bool discovery) {
    struct async_state *s = driver == DRIVER_NUM_IPC_REGISTRY ? &string_state : &package_state;
    return discovery ? s->disc_pending : s->reg_pending;
}

static void registered_upcall(int status, int a1, int a2, void *ud) {
    (void)a1; (void)a2;
    struct async_state *s = ud;
    s->reg_pending = false;
    if (s->reg_cb) s->reg_cb(tock_status_to_returncode((uint32_t)status), s->reg_ud);
}

static void discovered_upcall(int status, int lo, int hi, void *ud) {
    struct async_state *s = ud;
    s->disc_pending = false;
    returncode_t rc = tock_status_to_returncode((uint32_t)status);
    ipc_id_t id = ipc_id_make((uint32_t)lo, (uint32_t)hi);
    if (rc == RETURNCODE_SUCCESS && s->check) {
        ipc_appid_t want = {s->expected, s->expected_len};
        rc = ipc_identity_check(id, &want);
    }
    if (rc) id = 0; /* never hand out an unverified id */
    if (s->disc_cb) s->disc_cb(rc, id, s->disc_ud);
}

static returncode_t register_async(struct async_state *s, const void *name, uint32_t len,
                                   ipc_registered_cb *cb, void *ud) {
    returncode_t rc;
    if (name) {
        memcpy(s->name, name, len);
        rc = tock_status(allow_readonly(s->driver, 0, s->name, len));
        if (rc) return rc;
    }
    s->reg_cb = cb;
    s->reg_ud = ud;
    rc = tock_status(subscribe(s->driver, SUB_REGISTERED, registered_upcall, s));
    if (rc) return rc;
    rc = tock_status(command(s->driver, CMD_REGISTER, 0, 0));
    s->reg_pending = rc == RETURNCODE_SUCCESS;
    return rc;
}

returncode_t ipc_registry_register_async(const char *name, ipc_registered_cb *cb, void *ud) {
    uint8_t n20[IPC_NAME_LEN];
    returncode_t rc = ipc_name20(name, n20);
    if (rc) return rc;
    return register_async(&string_state, n20, sizeof n20, cb, ud);
}

returncode_t ipc_registry_register_package_async(ipc_registered_cb *cb, void *ud) {
    return register_async(&package_state, NULL, 0, cb, ud);
}

static returncode_t discover_async(struct async_state *s, const void *name, uint32_t len,
                                   bool wait, const ipc_appid_t *expected,
                                   ipc_discovered_cb *cb, void *ud) {
    if (s->disc_pending) return RETURNCODE_EALREADY;
    if (len > sizeof s->name) return RETURNCODE_ESIZE;
    if (expected && expected->len > sizeof s->expected) return RETURNCODE_EINVAL;
    memcpy(s->name, name, len);
    s->check = expected != NULL;
    s->expected_len = expected ? expected->len : 0;
    if (expected) memcpy(s->expected, expected->bytes, expected->len);
    s->disc_cb = cb;
    s->disc_ud = ud;
    returncode_t rc = tock_status(allow_readonly(s->driver, 0, s->name, len));
    if (rc) return rc;
    rc = tock_status(subscribe(s->driver, SUB_DISCOVERED, discovered_upcall, s));
    if (rc) return rc;
    rc = tock_status(command(s->driver, wait ? CMD_WAIT : CMD_DISCOVER, 0, 0));
    s->disc_pending = rc == RETURNCODE_SUCCESS;
    return rc;
}

returncode_t ipc_registry_discover_async(const char *name, bool wait,
                                         const ipc_appid_t *expected,
                                         ipc_discovered_cb *cb, void *ud) {
    uint8_t n20[IPC_NAME_LEN];
    returncode_t rc = ipc_name20(name, n20);
    if (rc) return rc;
    return discover_async(&string_state, n20, sizeof n20, wait, expected, cb, ud);
}

returncode_t ipc_registry_discover_package_async(const char *package, bool wait,
                                                 const ipc_appid_t *expected,
                                                 ipc_discovered_cb *cb, void *ud) {
    if (!package) return RETURNCODE_EINVAL;
    return discover_async(&package_state, package, strlen(package), wait, expected, cb, ud);
}

returncode_t ipc_registry_cancel_wait(void) {
    return tock_status(command(DRIVER_NUM_IPC_REGISTRY, CMD_CANCEL, 0, 0));
}

returncode_t ipc_registry_cancel_wait_package(void) {
    return tock_status(command(DRIVER_NUM_IPC_REGISTRY_PACKAGE, CMD_CANCEL, 0, 0));
}

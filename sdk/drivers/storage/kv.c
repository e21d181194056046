/* Key-value driver 0x50003: RO allow 0 key, RO allow 1 value, RW allow 0 get buffer;
 * subscribe 0 done (status, length, 0); commands 1 get, 2 set, 3 delete, 4 add,
 * 5 update, 6 garbage collect. */
#include <libtock-sync/storage/kv.h>

enum { GET = 1, SET = 2, DELETE = 3, ADD = 4, UPDATE = 5, GC = 6 };

static void get_done(int status, int length, int unused, void *opaque) {
    (void)unused;
    ((libtock_kv_callback_get)opaque)(tock_status_to_returncode((uint32_t)status), length);
}

static void done(int status, int unused1, int unused2, void *opaque) {
    (void)unused1, (void)unused2;
    ((libtock_kv_callback_done)opaque)(tock_status_to_returncode((uint32_t)status));
}

bool libtock_kv_exists(void) { return driver_exists(DRIVER_NUM_KV); }
bool libtocksync_kv_exists(void) { return driver_exists(DRIVER_NUM_KV); }

/* Lend the key (and the value: RO for set/add/update, RW for get), subscribe, command. */
static returncode_t start(uint32_t cmd, const uint8_t *key, uint32_t key_len, const uint8_t *in,
                          uint8_t *out, uint32_t val_len, subscribe_upcall *fn, void *opaque) {
    returncode_t rc = tock_status(subscribe(DRIVER_NUM_KV, 0, fn, opaque));
    if (rc == RETURNCODE_SUCCESS && cmd != GC)
        rc = tock_status(allow_readonly(DRIVER_NUM_KV, 0, key, key_len));
    if (rc == RETURNCODE_SUCCESS && cmd == GET)
        rc = tock_status(allow_readwrite(DRIVER_NUM_KV, 0, out, val_len));
    if (rc == RETURNCODE_SUCCESS && (cmd == SET || cmd == ADD || cmd == UPDATE))
        rc = tock_status(allow_readonly(DRIVER_NUM_KV, 1, in, val_len));
    if (rc) return rc;
    return tock_return_novalue(command(DRIVER_NUM_KV, cmd, 0, 0));
}

returncode_t libtock_kv_get(const uint8_t *key, uint32_t key_len, uint8_t *ret, uint32_t ret_len,
                            libtock_kv_callback_get cb) {
    return start(GET, key, key_len, NULL, ret, ret_len, get_done, (void *)cb);
}

returncode_t libtock_kv_set(const uint8_t *key, uint32_t key_len, const uint8_t *val,
                            uint32_t val_len, libtock_kv_callback_done cb) {
    return start(SET, key, key_len, val, NULL, val_len, done, (void *)cb);
}

returncode_t libtock_kv_add(const uint8_t *key, uint32_t key_len, const uint8_t *val,
                            uint32_t val_len, libtock_kv_callback_done cb) {
    return start(ADD, key, key_len, val, NULL, val_len, done, (void *)cb);
}

returncode_t libtock_kv_update(const uint8_t *key, uint32_t key_len, const uint8_t *val,
                               uint32_t val_len, libtock_kv_callback_done cb) {
    return start(UPDATE, key, key_len, val, NULL, val_len, done, (void *)cb);
}

returncode_t libtock_kv_delete(const uint8_t *key, uint32_t key_len, libtock_kv_callback_done cb) {
    return start(DELETE, key, key_len, NULL, NULL, 0, done, (void *)cb);
}

returncode_t libtock_kv_garbage_collect(libtock_kv_callback_done cb) {
    return start(GC, NULL, 0, NULL, NULL, 0, done, (void *)cb);
}

/* Run a command to its upcall, then take the buffers back. */
static returncode_t run_sync(uint32_t cmd, const uint8_t *key, uint32_t key_len,
                             const uint8_t *in, uint8_t *out, uint32_t val_len,
                             uint32_t *length) {
    returncode_t rc = start(cmd, key, key_len, in, out, val_len, tock_ignore_upcall, NULL);
    if (rc == RETURNCODE_SUCCESS) {
        yield_waitfor_return_t r = yield_wait_for(DRIVER_NUM_KV, 0);
        rc = tock_status_to_returncode(r.data0);
        if (length && (rc == RETURNCODE_SUCCESS || rc == RETURNCODE_ESIZE))
            *length = r.data1;
    }
    allow_readonly(DRIVER_NUM_KV, 0, NULL, 0);
    allow_readonly(DRIVER_NUM_KV, 1, NULL, 0);
    allow_readwrite(DRIVER_NUM_KV, 0, NULL, 0);
    return rc;
}

returncode_t libtocksync_kv_get(const uint8_t *key, uint32_t key_len, uint8_t *ret,
                                uint32_t ret_len, uint32_t *value_len) {
    return run_sync(GET, key, key_len, NULL, ret, ret_len, value_len);
}

returncode_t libtocksync_kv_set(const uint8_t *key, uint32_t key_len, const uint8_t *val,
                                uint32_t val_len) {
    return run_sync(SET, key, key_len, val, NULL, val_len, NULL);
}

returncode_t libtocksync_kv_add(const uint8_t *key, uint32_t key_len, const uint8_t *val,
                                uint32_t val_len) {
    return run_sync(ADD, key, key_len, val, NULL, val_len, NULL);
}

returncode_t libtocksync_kv_update(const uint8_t *key, uint32_t key_len, const uint8_t *val,
                                   uint32_t val_len) {
    return run_sync(UPDATE, key, key_len, val, NULL, val_len, NULL);
}

returncode_t libtocksync_kv_delete(const uint8_t *key, uint32_t key_len) {
    return run_sync(DELETE, key, key_len, NULL, NULL, 0, NULL);
}

returncode_t libtocksync_kv_garbage_collect(void) {
    return run_sync(GC, NULL, 0, NULL, NULL, 0, NULL);
}

/* storage_check: the storage drivers through the SDK, the way libtock-c's storage tests
 * use them: nonvolatile storage (0x50001), isolated nonvolatile storage (0x50004) and
 * the key-value store (0x50003). One line per check; exit 0 when every check passed. */
#include <stdio.h>
#include <string.h>

#include <libtock-sync/storage/isolated_nonvolatile_storage.h>
#include <libtock-sync/storage/kv.h>
#include <libtock-sync/storage/nonvolatile_storage.h>

static int failures;

static void check(const char *what, bool ok) {
    printf("storage_check: %-34s %s\n", what, ok ? "ok" : "FAILED");
    failures += !ok;
}

static uint8_t wbuf[512], rbuf[512];

static void fill(uint32_t n, uint8_t seed) {
    for (uint32_t i = 0; i < n; i++) wbuf[i] = (uint8_t)(i + seed);
}

static bool same(uint32_t n) { return memcmp(wbuf, rbuf, n) == 0; }

/* Write n bytes at off through a buffer of size `size`, read them back. */
static bool nv_round_trip(uint32_t off, uint32_t n, uint32_t size) {
    int wrote = -1, read = -1;
    fill(n, (uint8_t)off);
    memset(rbuf, 0, sizeof rbuf);
    if (libtocksync_nonvolatile_storage_write(off, n, wbuf, size, &wrote)) return false;
    if (libtocksync_nonvolatile_storage_read(off, n, rbuf, size, &read)) return false;
    return wrote == (int)n && read == (int)n && same(n);
}

static void nonvolatile(void) {
    uint32_t size = 0;
    check("nv exists", libtocksync_nonvolatile_storage_exists());
    check("nv size", libtock_nonvolatile_storage_get_number_bytes(&size) == 0 && size >= 1024);
    check("nv 14 bytes at 0", nv_round_trip(0, 14, 256));
    check("nv 14 bytes at 20", nv_round_trip(20, 14, 256));
    check("nv 512 bytes", nv_round_trip(0, 512, 512));
    check("nv 500 bytes to the end", nv_round_trip(size - 512, 500, 512));
    int n;
    check("nv past the end fails EINVAL",
          libtocksync_nonvolatile_storage_write(size, 501, wbuf, 512, &n) == RETURNCODE_EINVAL);
    check("nv write without buffer ERESERVE",
          libtocksync_nonvolatile_storage_write(0, 10, NULL, 0, &n) == RETURNCODE_ERESERVE);
}

static void isolated(void) {
    uint64_t size = 0;
    check("invs exists", libtocksync_isolated_nonvolatile_storage_exists());
    check("invs size", libtocksync_isolated_nonvolatile_storage_get_number_bytes(&size) == 0 &&
                           size >= 1024);
    fill(256, 7);
    memset(rbuf, 0, sizeof rbuf);
    check("invs write and read back",
          libtocksync_isolated_nonvolatile_storage_write(20, wbuf, 256) == 0 &&
              libtocksync_isolated_nonvolatile_storage_read(20, rbuf, 14) == 0 && same(14));
    check("invs zero-length read ERESERVE",
          libtocksync_isolated_nonvolatile_storage_read(0, rbuf, 0) == RETURNCODE_ERESERVE);
    check("invs read past the end EINVAL",
          libtocksync_isolated_nonvolatile_storage_read(size - 5, rbuf, 10) == RETURNCODE_EINVAL);
    check("invs write past the end EINVAL",
          libtocksync_isolated_nonvolatile_storage_write(size, wbuf, 1) == RETURNCODE_EINVAL);
    check("invs offset -1 EINVAL",
          libtocksync_isolated_nonvolatile_storage_write((uint32_t)-1, wbuf, 16) == RETURNCODE_EINVAL);
}

static bool kv_fill_until_full(const uint8_t *key, uint32_t key_len, int *count) {
    *count = 0;
    while (*count < 1000) {
        memset(wbuf, *count, 500);
        returncode_t rc = libtocksync_kv_set(key, key_len, wbuf, 500);
        if (rc == RETURNCODE_ENOMEM) return true;
        if (rc) return false;
        (*count)++;
    }
    return false;
}

static void kv(void) {
    static const uint8_t key[] = "storage_check";
    static uint8_t long_key[200];
    uint32_t klen = sizeof key - 1, vlen = 0;
    check("kv exists", libtocksync_kv_exists());
    fill(45, 0);
    check("kv set and get", libtocksync_kv_set(key, klen, wbuf, 45) == 0 &&
                                libtocksync_kv_get(key, klen, rbuf, 512, &vlen) == 0 &&
                                vlen == 45 && same(45));
    check("kv get into a short buffer ESIZE",
          libtocksync_kv_get(key, klen, rbuf, 2, &vlen) == RETURNCODE_ESIZE && vlen == 45);
    check("kv key too long ESIZE",
          libtocksync_kv_get(long_key, sizeof long_key, rbuf, 50, &vlen) == RETURNCODE_ESIZE &&
              libtocksync_kv_set(long_key, sizeof long_key, wbuf, 1) == RETURNCODE_ESIZE);
    check("kv value too long ESIZE", libtocksync_kv_set(key, 1, rbuf, 504) == RETURNCODE_ESIZE);
    check("kv missing key ENOSUPPORT",
          libtocksync_kv_get((const uint8_t *)"no such key", 11, rbuf, 64, &vlen) ==
              RETURNCODE_ENOSUPPORT);
    check("kv add of an existing key ENOSUPPORT",
          libtocksync_kv_add(key, klen, wbuf, 3) == RETURNCODE_ENOSUPPORT);
    check("kv update", libtocksync_kv_update(key, klen, wbuf + 1, 10) == 0 &&
                           libtocksync_kv_get(key, klen, rbuf, 512, &vlen) == 0 && vlen == 10);
    check("kv delete, then ENOSUPPORT", libtocksync_kv_delete(key, klen) == 0 &&
                                            libtocksync_kv_delete(key, klen) == RETURNCODE_ENOSUPPORT);
    check("kv update of a missing key ENOSUPPORT",
          libtocksync_kv_update(key, klen, wbuf, 3) == RETURNCODE_ENOSUPPORT);
    check("kv empty value", libtocksync_kv_set(key, klen, wbuf, 0) == 0);
    int before = 0, after = 0;
    bool full = kv_fill_until_full(key, klen, &before);
    check("kv fills up: ENOMEM", full && before > 0);
    check("kv garbage collect", libtocksync_kv_garbage_collect() == 0);
    /* the store now also holds the last 500-byte value, which the first fill did not */
    full = kv_fill_until_full(key, klen, &after);
    check("kv room again after collecting", full && after + 1 >= before);
    check("kv clean up", libtocksync_kv_delete(key, klen) == 0 &&
                             libtocksync_kv_garbage_collect() == 0);
}

int main(void) {
    nonvolatile();
    isolated();
    kv();
    printf("storage_check: %s\n", failures ? "some checks FAILED" : "all checks passed");
    return failures ? 1 : 0;
}

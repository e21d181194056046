/* storage_stream: an endless stream of storage writes, to be killed in the middle
 * (tests/integration/storage_scenarios.py). Write n: key "stream" = n (4 bytes) in the
 * key-value store, then n at offset 0 of the nonvolatile storage. It starts from the n
 * it finds stored, so across kills the stored n only grows. */
#include <stdio.h>

#include <libtock-sync/storage/kv.h>
#include <libtock-sync/storage/nonvolatile_storage.h>

int main(void) {
    static const uint8_t key[] = "stream";
    uint32_t n = 0, len = 0;
    libtocksync_kv_get(key, sizeof key - 1, (uint8_t *)&n, sizeof n, &len);
    printf("storage_stream: starting after %lu\n", (unsigned long)n);
    for (;;) {
        n++;
        int moved;
        if (libtocksync_kv_set(key, sizeof key - 1, (const uint8_t *)&n, sizeof n) ||
            libtocksync_nonvolatile_storage_write(0, sizeof n, (uint8_t *)&n, sizeof n, &moved)) {
            printf("storage_stream: write %lu failed\n", (unsigned long)n);
            return 1;
        }
        if (n % 64 == 0)   /* replaced values take room until collected */
            libtocksync_kv_garbage_collect();
    }
}

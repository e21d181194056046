/* kv_writer: stores key "shared" = "from the writer" under its write_id (TBF storage
 * permissions, see apps/meson.build), for kv_reader and kv_trusted to try to read. */
#include <stdio.h>
#include <string.h>

#include <libtock-sync/storage/kv.h>

int main(void) {
    static const char key[] = "shared", value[] = "from the writer";
    returncode_t rc = libtocksync_kv_set((const uint8_t *)key, strlen(key),
                                         (const uint8_t *)value, sizeof value);
    printf("kv_writer: set %s: %s\n", key, tock_strrcode(rc));
    return rc == RETURNCODE_SUCCESS ? 0 : 1;
}

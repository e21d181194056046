/* kv_reader / kv_trusted: read key "shared" that kv_writer stored, then try to replace
 * and delete it. kv_reader has no storage permissions TLV, so it sees its own keys only
 * and gets NOSUPPORT; kv_trusted may read (not modify) the writer's id. */
#include <stdio.h>
#include <string.h>

#include <libtock-sync/storage/kv.h>

#ifndef READER
#define READER "kv_reader"
#endif

int main(void) {
    static const char key[] = "shared", mine[] = "from a reader";
    uint8_t value[64] = {0};
    uint32_t len = 0;
    const uint8_t *k = (const uint8_t *)key;
    returncode_t rc = libtocksync_kv_get(k, strlen(key), value, sizeof value, &len);
    if (rc == RETURNCODE_SUCCESS)
        printf("%s: get %s: %s \"%s\" (%lu bytes)\n", READER, key, tock_strrcode(rc),
               (const char *)value, (unsigned long)len);
    else
        printf("%s: get %s: %s\n", READER, key, tock_strrcode(rc));
    rc = libtocksync_kv_set(k, strlen(key), (const uint8_t *)mine, sizeof mine);
    printf("%s: set %s: %s\n", READER, key, tock_strrcode(rc));
    rc = libtocksync_kv_delete(k, strlen(key));
    printf("%s: delete %s: %s\n", READER, key, tock_strrcode(rc));
    return 0;
}

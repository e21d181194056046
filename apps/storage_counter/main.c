/* storage_counter: counts its runs in its app state (a writeable flash region, driver
 * 0x50000). With a storage file (tockemu --storage FILE) the count survives the board:
 * the first run prints "run 1", the next "run 2", and so on. */
#include <stdio.h>

#include <libtock-sync/storage/app_state.h>

#define MAGIC 0x434f554eu   /* "COUN" */

struct counter_state {
    uint32_t magic;
    uint32_t runs;
};

LIBTOCK_APP_STATE_DECLARE(struct counter_state, state)

int main(void) {
    returncode_t rc = libtock_app_state_load();
    if (rc != RETURNCODE_SUCCESS) {
        printf("storage_counter: cannot load the state: %s\n", tock_strrcode(rc));
        return 1;
    }
    if (state.magic != MAGIC) {   /* never saved: the region holds what the build put there */
        state.magic = MAGIC;
        state.runs = 0;
    }
    state.runs++;
    rc = libtocksync_app_state_save();
    if (rc != RETURNCODE_SUCCESS) {
        printf("storage_counter: cannot save the state: %s\n", tock_strrcode(rc));
        return 1;
    }
    printf("storage_counter: run %lu\n", (unsigned long)state.runs);
    return 0;
}

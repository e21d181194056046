/* Asynchronous IPC, receiving side: accept messages only from the streamer application
 * (its id, found through the identity driver, is the whole allowlist), receive into two
 * small StreamingProcessSlices used in turn, and check every message's order and bytes. */
#include <stdio.h>
#include <string.h>
#include <tock/ipc.h>

#define COUNT 40
#define END 0xffffffffu
#define SLICE 160   /* small on purpose: the streamer will find it full */

static uint8_t slices[2][SLICE] __attribute__((aligned(4)));
static ipc_id_t allowlist[1];

static uint32_t get32(const uint8_t *b) {
    return b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static bool payload_ok(uint32_t seq, const ipc_msg_t *m) {
    uint32_t extra = seq % 13;
    if (m->len != 4 + extra) return false;
    for (uint32_t i = 0; i < extra; i++)
        if (m->data[4 + i] != (uint8_t)('a' + (seq + i) % 26)) return false;
    return true;
}

int main(void) {
    returncode_t rc = ipc_identity_find("streamer", 8, &allowlist[0]);
    if (rc) {
        printf("subscriber: the streamer application is not running: %s\n", ipc_strerror(rc));
        return 1;
    }
    rc = ipc_msg_receive(slices[0], SLICE, allowlist, 1, false);
    if (rc == RETURNCODE_SUCCESS) rc = ipc_registry_register("subscriber");
    if (rc) {
        printf("subscriber: cannot start: %s\n", ipc_strerror(rc));
        return 1;
    }

    uint8_t *spare = slices[1];
    uint32_t expect = 0, swaps = 0, exceeded = 0;
    bool done = false, bad = false;
    while (!done && !bad) {
        rc = ipc_msg_wait(2000);
        if (rc) {
            printf("subscriber: no data: %s\n", ipc_strerror(rc));
            return 1;
        }
        void *full;
        ipc_msg_swap(spare, SLICE, &full);
        spare = full;
        swaps++;
        if (ipc_msg_exceeded(full)) exceeded++;
        ipc_msg_iter_t it;
        ipc_msg_t m;
        ipc_msg_iter_init(&it, full, SLICE);
        while (!done && ipc_msg_next(&it, &m)) {
            uint32_t seq = m.len >= 4 ? get32(m.data) : 0;
            if (m.sender != allowlist[0]) {
                printf("subscriber: message from a stranger\n");
                bad = true;
            } else if (seq == END) {
                done = true;
            } else if (seq != expect || !payload_ok(seq, &m)) {
                printf("subscriber: message %lu: bad (expected %lu)\n", (unsigned long)seq,
                       (unsigned long)expect);
                bad = true;
            } else {
                expect++;
            }
        }
    }
    ipc_msg_receive_stop();
    printf("subscriber: %lu messages in order and intact, end mark seen (%s)\n",
           (unsigned long)expect, exceeded ? "a full buffer made the streamer wait" : "no overflow");
    (void)swaps;
    return bad || expect != COUNT ? 1 : 0;
}

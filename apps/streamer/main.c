/* Asynchronous IPC, sending side: wait for "subscriber", check it is the subscriber
 * application, then stream numbered messages of varying length with relay message
 * (0xA0011). A full receive buffer (ESIZE) is not an error: let the receiver drain it and
 * send the same message again. The last message has sequence number 0xffffffff. */
#include <stdio.h>
#include <string.h>
#include <tock/alarm.h>
#include <tock/ipc.h>

#define COUNT 40
#define END 0xffffffffu

/* payload: seq (u32, little endian), then seq % 13 bytes 'a' + (seq + i) % 26 */
static uint32_t build(uint32_t seq, uint8_t *p) {
    p[0] = (uint8_t)seq;
    p[1] = (uint8_t)(seq >> 8);
    p[2] = (uint8_t)(seq >> 16);
    p[3] = (uint8_t)(seq >> 24);
    uint32_t extra = seq == END ? 0 : seq % 13;
    for (uint32_t i = 0; i < extra; i++) p[4 + i] = (uint8_t)('a' + (seq + i) % 26);
    return 4 + extra;
}

int main(void) {
    const ipc_appid_t want = IPC_APPID_STR("subscriber");
    ipc_id_t sub;
    returncode_t rc = ipc_registry_wait("subscriber", &want, 5000, &sub);
    if (rc) {
        printf("streamer: no subscriber: %s\n", ipc_strerror(rc));
        return 1;
    }
    unsigned full = 0;
    for (uint32_t i = 0; i <= COUNT; i++) {
        uint8_t msg[20];
        uint32_t seq = i == COUNT ? END : i;
        uint32_t len = build(seq, msg);
        while ((rc = ipc_msg_send(sub, msg, len)) == RETURNCODE_ESIZE) {
            full++;
            delay_ms(1);
        }
        if (rc) {
            printf("streamer: message %lu: %s\n", (unsigned long)i, ipc_strerror(rc));
            return 1;
        }
    }
    printf("streamer: sent %u messages and the end mark (%s)\n", COUNT,
           full ? "waited for a full buffer" : "never blocked");
    return 0;
}

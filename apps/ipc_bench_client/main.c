/* IPC benchmark, client side: relay-request round trips (ping-pong with "bench") and
 * streamed relay messages, timed with the alarm, so the rates are in *board* time. The
 * counts are printed too, so the host can divide them by the host time of the run. */
#include <stdio.h>
#include <string.h>
#include <tock/alarm.h>
#include <tock/ipc.h>

#define ROUND_TRIPS 2000
#define MESSAGES 2000
#define MSG_LEN 16

static uint64_t us_since(uint32_t start, uint32_t hz) {
    return (uint64_t)alarm_ticks_since(start) * 1000000u / hz;
}

static uint32_t per_second(uint32_t count, uint64_t us) {
    return us ? (uint32_t)((uint64_t)count * 1000000u / us) : 0;
}

/* Let the receiver run (it drains its buffer): sleep one alarm tick. */
static void let_receiver_run(void) {
    alarm_set_relative(1, tock_ignore_upcall, NULL, NULL);
    yield_wait_for(DRIVER_NUM_ALARM, 0);
}

int main(void) {
    uint32_t hz = 0;
    alarm_frequency(&hz);
    ipc_id_t server;
    returncode_t rc = ipc_registry_wait("bench", NULL, 5000, &server);
    if (rc || !hz) {
        printf("ipc_bench_client: no bench server: %s\n", ipc_strerror(rc));
        return 1;
    }

    uint32_t start;
    alarm_now(&start);
    for (uint32_t i = 0; i < ROUND_TRIPS; i++) {
        uint32_t back = ~i, n = 0;
        rc = ipc_call(server, &i, sizeof i, &back, sizeof back, &n, IPC_WAIT_FOREVER);
        if (rc || n != sizeof back || back != i) {
            printf("ipc_bench_client: round trip %lu failed: %s\n", (unsigned long)i,
                   ipc_strerror(rc));
            return 1;
        }
    }
    uint64_t us = us_since(start, hz);
    printf("ipc_bench_client: round trips: %u in %lu us of board time: %lu per second\n",
           ROUND_TRIPS, (unsigned long)us, (unsigned long)per_second(ROUND_TRIPS, us));

    uint8_t one[1] = {'S'}, echo[1];
    rc = ipc_call(server, one, 1, echo, 1, NULL, 1000);
    if (rc) {
        printf("ipc_bench_client: cannot start the stream: %s\n", ipc_strerror(rc));
        return 1;
    }
    uint32_t waits = 0;
    uint8_t msg[MSG_LEN];
    memset(msg, 0x5a, sizeof msg);
    alarm_now(&start);
    for (uint32_t i = 0; i <= MESSAGES; i++) {
        /* the last one, of length 0, is the end mark */
        while ((rc = ipc_msg_send(server, msg, i < MESSAGES ? MSG_LEN : 0)) == RETURNCODE_ESIZE) {
            waits++;
            let_receiver_run();
        }
        if (rc) {
            printf("ipc_bench_client: message %lu: %s\n", (unsigned long)i, ipc_strerror(rc));
            return 1;
        }
    }
    uint32_t received = 0, n = 0;
    uint8_t count_req[1] = {'C'};
    rc = ipc_call(server, count_req, 1, &received, sizeof received, &n, 2000);
    us = us_since(start, hz);
    printf("ipc_bench_client: messages: %u of %u bytes in %lu us of board time: %lu per second "
           "(%lu waits for a full buffer)\n",
           MESSAGES, MSG_LEN, (unsigned long)us, (unsigned long)per_second(MESSAGES, us),
           (unsigned long)waits);
    if (rc || received != MESSAGES) {
        printf("ipc_bench_client: the server counted %lu messages (%s)\n", (unsigned long)received,
               ipc_strerror(rc));
        return 1;
    }
    printf("ipc_bench_client: done\n");
    return 0;
}

/* Fault matrix (tests/integration/fault_matrix.py): one source, built once per cell by the
 * tiny wrapper files in this directory, each of which defines FM_KIND and FM_STATE and
 * includes this file (apps/meson.build has no per-app compiler flags).
 *
 *   FM_KIND   FM_NONE (no fault: the well-behaved peer), FM_READ, FM_WRITE, FM_EXEC, FM_UNDEF
 *   FM_STATE  FM_MAIN    fault while running in main
 *             FM_UPCALL  fault inside an alarm upcall
 *             FM_SERVER  serve "fm"; fault while holding a request (first attempt only);
 *                        with FM_NONE: hold each request 100 ms, then respond
 *             FM_CLIENT  call "fm"; fault from an alarm upcall while the call is in flight;
 *                        with FM_NONE: call, and on ENODEVICE wait for the server again */
#include <stdint.h>
#include <stdio.h>
#include <tock.h>
#include <tock/alarm.h>
#include <tock/ipc.h>

#define FM_NONE  0
#define FM_READ  1
#define FM_WRITE 2
#define FM_EXEC  3
#define FM_UNDEF 4

#define FM_MAIN   1
#define FM_UPCALL 2
#define FM_SERVER 3
#define FM_CLIENT 4

#define BAD_ADDRESS 0xDEAD0000u

static const char *const kind_names[] = {"nothing", "bad read", "bad write", "bad execute",
                                         "undefined instruction"};

struct request {
    uint32_t attempt, value, hold_ms;
};

#if FM_KIND == FM_EXEC
static uint16_t not_code[4] = {0xbf00, 0xbf00, 0x4770, 0};   /* nop; nop; bx lr (in RAM) */
#endif

/* Commit the fault this build is for. Returns only when it was not caught. */
__attribute__((noinline)) static void commit_fault(void) {
#if FM_KIND == FM_READ
    uint32_t v = *(volatile uint32_t *)BAD_ADDRESS;
    printf("fm: read 0x%08lx\n", (unsigned long)v);
#elif FM_KIND == FM_WRITE
    *(volatile uint32_t *)BAD_ADDRESS = 0x12345678;
#elif FM_KIND == FM_EXEC
    void (*fn)(void) = (void (*)(void))((uintptr_t)not_code | 1u);
    fn();
#elif FM_KIND == FM_UNDEF
#if defined(__arm__)
    __asm__ volatile("udf #42");
#else
    __builtin_trap();   /* the native build (apps/native) of the same source */
#endif
#endif
    __asm__ volatile("" ::: "memory");
    printf("fm: still alive after %s: the fault was not caught\n", kind_names[FM_KIND]);
}

__attribute__((unused)) static void fault_in_upcall(int now, int exp, int unused, void *what) {
    (void)now; (void)exp; (void)unused;
    printf("fm: %s in an alarm upcall (%s)\n", kind_names[FM_KIND], (const char *)what);
    commit_fault();
}

#if FM_STATE == FM_MAIN
int main(void) {
    printf("fm: %s in main\n", kind_names[FM_KIND]);
    commit_fault();
    return 1;
}

#elif FM_STATE == FM_UPCALL
int main(void) {
    printf("fm: arming an alarm\n");
    alarm_set_relative((uint32_t)alarm_ms_to_ticks(10), fault_in_upcall, "idle in yield", NULL);
    for (int i = 0; i < 100; i++) yield();
    printf("fm: still alive after 100 upcalls\n");
    return 1;
}

#elif FM_STATE == FM_SERVER
int main(void) {
    const char *me = FM_KIND == FM_NONE ? "fm_server" : "fm victim server";
    returncode_t rc = ipc_registry_register("fm");
    if (rc) {
        printf("%s: cannot register: %s\n", me, ipc_strerror(rc));
        return 1;
    }
    ipc_serve_enable();
    printf("%s: serving \"fm\"\n", me);
    uint32_t served = 0;
    for (;;) {
        struct request r;
        uint32_t len = 0;
        ipc_id_t client;
        rc = ipc_serve_next(&r, sizeof r, &len, &client, 1000);
        if (rc == IPC_ETIMEOUT) break;
        if (rc || len != sizeof r) {
            ipc_serve_respond(NULL, 0);
            continue;
        }
        served++;
        if (FM_KIND != FM_NONE && r.attempt == 1) {
            printf("%s: holding request %lu: %s\n", me, (unsigned long)served, kind_names[FM_KIND]);
            commit_fault();
        }
        if (r.hold_ms) delay_ms(r.hold_ms);
        uint32_t square = r.value * r.value;
        rc = ipc_serve_respond(&square, sizeof square);
        printf("%s: request %lu (attempt %lu): respond: %s\n", me, (unsigned long)served,
               (unsigned long)r.attempt, ipc_strerror(rc));
    }
    printf("%s: idle for 1 s after %lu requests: exiting\n", me, (unsigned long)served);
    return 0;
}

#elif FM_STATE == FM_CLIENT
static volatile int call_done;
static volatile returncode_t call_rc;

static void call_cb(returncode_t rc, uint32_t len, void *ud) {
    (void)len; (void)ud;
    call_rc = rc;
    call_done = 1;
}

int main(void) {
    const char *me = FM_KIND == FM_NONE ? "fm_client" : "fm victim client";
    ipc_id_t srv;
    returncode_t rc = ipc_registry_wait("fm", NULL, 2000, &srv);
    if (rc) {
        printf("%s: no server: %s\n", me, ipc_strerror(rc));
        return 1;
    }
#if FM_KIND != FM_NONE
    /* The call is in flight (the server holds it 100 ms) when the alarm fires at 20 ms. */
    static struct request r = {1, 7, 100};
    static uint32_t square;
    rc = ipc_call_async(srv, &r, sizeof r, &square, sizeof square, call_cb, NULL);
    printf("%s: request sent (%s), waiting\n", me, ipc_strerror(rc));
    alarm_set_relative((uint32_t)alarm_ms_to_ticks(20), fault_in_upcall,
                       "waiting for the server", NULL);
    while (!call_done) yield();
    printf("%s: still alive, call ended: %s\n", me, ipc_strerror(call_rc));
    return 1;
#else
    (void)call_cb;
    struct request r = {1, 7, 0};
    for (;;) {
        uint32_t square = 0, n = 0, t0, t1;
        alarm_now(&t0);
        rc = ipc_call(srv, &r, sizeof r, &square, sizeof square, &n, 1000);
        alarm_now(&t1);
        uint32_t ms = alarm_ticks_to_ms(t1 - t0);
        if (rc == RETURNCODE_SUCCESS && n == sizeof square && square == 49) {
            printf("%s: attempt %lu: 7 squared is 49\n", me, (unsigned long)r.attempt);
            break;
        }
        printf("%s: attempt %lu: %s %s\n", me, (unsigned long)r.attempt, ipc_strerror(rc),
               ms < 100 ? "at once" : "after a wait");
        if (rc != RETURNCODE_ENODEVICE || r.attempt == 2) return 1;
        ipc_id_t old = srv;
        rc = ipc_registry_wait("fm", NULL, 500, &srv);
        if (rc) {
            printf("%s: server did not come back: %s\n", me, ipc_strerror(rc));
            break;
        }
        printf("%s: server is back (%s)\n", me, srv != old ? "new id" : "SAME ID");
        r.attempt++;
    }
    printf("%s: done\n", me);
    return 0;
#endif
}
#endif

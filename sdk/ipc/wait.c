/* Waiting for an IPC upcall with an optional timeout (the process's alarm), and the
 * status-code names of the IPC helpers. */
#include "ipc/ipc_internal.h"

#include <tock/alarm.h>

enum { ALARM_CMD_STOP = 3, ALARM_CMD_SET_RELATIVE = 5, ALARM_SUB_FIRED = 0 };

static void waiter_upcall(int a0, int a1, int a2, void *ud) {
    struct ipc_waiter *w = ud;
    w->args[0] = (uint32_t)a0;
    w->args[1] = (uint32_t)a1;
    w->args[2] = (uint32_t)a2;
    w->done = true;
}

static void expired_upcall(int a0, int a1, int a2, void *ud) {
    (void)a0; (void)a1; (void)a2;
    *(volatile bool *)ud = true;
}

returncode_t ipc_waiter_arm(struct ipc_waiter *w, uint32_t driver, uint32_t sub) {
    w->driver = driver;
    w->sub = sub;
    w->done = false;
    w->args[0] = w->args[1] = w->args[2] = 0;
    syscall_return_t r = subscribe(driver, sub, waiter_upcall, w);
    w->old_fn = r.type == TOCK_SUCCESS_2U32 ? r.data[0] : 0;
    w->old_ud = r.type == TOCK_SUCCESS_2U32 ? r.data[1] : 0;
    return tock_status(r);
}

void ipc_waiter_disarm(struct ipc_waiter *w) {
    subscribe(w->driver, w->sub, (subscribe_upcall *)w->old_fn, (void *)w->old_ud);
}

returncode_t ipc_waiter_wait(struct ipc_waiter *w, uint32_t timeout_ms) {
    if (w->done) return RETURNCODE_SUCCESS;
    if (timeout_ms == IPC_WAIT_FOREVER) {
        yield_waitfor_return_t r = yield_wait_for(w->driver, w->sub);
        w->args[0] = r.data0;
        w->args[1] = r.data1;
        w->args[2] = r.data2;
        w->done = true;
        return RETURNCODE_SUCCESS;
    }

    uint64_t ticks = alarm_ms_to_ticks(timeout_ms);
    if (ticks > 0x7fffffffu) ticks = 0x7fffffffu;
    volatile bool expired = false;
    syscall_return_t old = subscribe(DRIVER_NUM_ALARM, ALARM_SUB_FIRED, expired_upcall,
                                     (void *)&expired);
    returncode_t rc = tock_status(old);
    if (rc) return rc;
    rc = tock_status(command(DRIVER_NUM_ALARM, ALARM_CMD_SET_RELATIVE, (uint32_t)ticks, 0));
    if (rc == RETURNCODE_SUCCESS) {
        while (!w->done && !expired) yield();
        if (!expired) command(DRIVER_NUM_ALARM, ALARM_CMD_STOP, 0, 0);
    }
    /* Give the alarm upcall back to whoever had it; this also drops an alarm upcall that
     * fired after the stop and still points at `expired`. */
    subscribe(DRIVER_NUM_ALARM, ALARM_SUB_FIRED, (subscribe_upcall *)old.data[0],
              (void *)old.data[1]);
    if (rc) return rc;
    return w->done ? RETURNCODE_SUCCESS : IPC_ETIMEOUT;
}

returncode_t ipc_name20(const char *name, uint8_t out[20]) {
    if (!name || !name[0]) return RETURNCODE_EINVAL;
    uint32_t n = 0;
    while (name[n]) {
        if (n == 20) return RETURNCODE_ESIZE;
        n++;
    }
    for (uint32_t i = 0; i < 20; i++) out[i] = i < n ? (uint8_t)name[i] : 0;
    return RETURNCODE_SUCCESS;
}

const char *ipc_strerror(returncode_t rc) {
    switch (rc) {
    case IPC_ETIMEOUT: return "ETIMEOUT";
    case IPC_EIDENTITY: return "EIDENTITY";
    default: return tock_strrcode(rc);
    }
}

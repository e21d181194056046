/* Shared by the SDK's IPC helpers: waiting for one upcall, with or without a timeout. */
#ifndef SDK_IPC_INTERNAL_H
#define SDK_IPC_INTERNAL_H

#include <tock/ipc.h>

/* One expected upcall (driver, subscribe number). Arm it *before* the command that causes
 * the upcall (subscribing drops pending upcalls of that number), wait, then disarm it
 * before the waiter (often on the stack) goes away: that gives the upcall back to the
 * function subscribed before (e.g. an app's callback). */
struct ipc_waiter {
    uint32_t driver, sub;
    volatile bool done;
    uint32_t args[3];
    uint32_t old_fn, old_ud;   /* the subscription arm() replaced */
};

returncode_t ipc_waiter_arm(struct ipc_waiter *w, uint32_t driver, uint32_t sub);
/* 0 once the upcall came (args filled), IPC_ETIMEOUT when timeout_ms passed first.
 * IPC_WAIT_FOREVER blocks in Yield-WaitFor (nothing else runs); a finite timeout yields,
 * so other callbacks of the app run meanwhile. */
returncode_t ipc_waiter_wait(struct ipc_waiter *w, uint32_t timeout_ms);
void ipc_waiter_disarm(struct ipc_waiter *w);

/* Copy a C string into a zero-padded 20-byte registry name. ESIZE: longer than 20;
 * EINVAL: empty or NULL. */
returncode_t ipc_name20(const char *name, uint8_t out[20]);

#endif

/* Buzzer capsule, driver 0x90000 (Tock capsules/extra/src/buzzer_driver.rs).
 *
 *   subscribe 0  the tone ended (status, 0, 0)
 *   command 0    exists
 *   command 1    tone of arg0 Hz for arg1 ms (at most 5000) when the buzzer is free:
 *                started at once, or queued (NOMEM when this process has one queued
 *                already; one may wait behind its own running tone)
 *   command 2    tone at once, replacing this process's running tone (RESERVE while
 *                another process's tone runs)
 *   command 3    stop the running tone: it ends at once (RESERVE when it is another
 *                process's, OFF when none runs)
 * The device answers INVAL for 0 Hz. A 0 ms tone ends at once (an upcall, as in Tock). */
#ifndef TOCK_CAPSULES_BUZZER_H
#define TOCK_CAPSULES_BUZZER_H

#include "tock/capsules/op_queue.h"
#include "tock/hil.h"
#include "tock/kernel.h"

#define DRIVER_BUZZER 0x90000u
#define BUZZER_MAX_DURATION_MS 5000u

enum { BUZZER_UPCALL_DONE = 0 };

enum { BUZZER_CMD_EXISTS = 0, BUZZER_CMD_TONE = 1, BUZZER_CMD_TONE_NOW = 2, BUZZER_CMD_STOP = 3 };

struct buzzer_capsule {
    struct driver driver;
    const struct buzzer_hil *hil;
    struct op_queue queue;
};

void buzzer_capsule_init(struct buzzer_capsule *b, const struct buzzer_hil *hil);
/* The board: the running tone ended with status. */
void buzzer_capsule_done(struct buzzer_capsule *b, struct kernel *k, uint32_t status);

#endif

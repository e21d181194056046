/* One device, many processes: the command queue Tock's screen, text screen and buzzer
 * capsules share. Each process may have one operation waiting or running; the device runs
 * one at a time, in process-slot order after the running one ends.
 *
 * A capsule keeps a struct op_queue and puts a struct queued_op FIRST in its grant data.
 * submit() starts the operation at once when the device is idle (the command then returns
 * what starting it returned) or queues it; the board's completion calls op_queue_done(),
 * which delivers upcall `upcall` to the owner and starts the next waiting operation.
 * A process gets `refusal` for a second request while one of its own waits, and also
 * while one runs when `one_per_process` (the screen: BUSY; the buzzer queues one more
 * behind its own running tone and answers NOMEM only to a third). */
#ifndef TOCK_CAPSULES_OP_QUEUE_H
#define TOCK_CAPSULES_OP_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "tock/kernel.h"

/* A start function's answer when the operation finished during the start (it scheduled
 * the owner's upcall itself): the device stays free. */
#define OP_FINISHED 0xFFFFu

struct queued_op {
    uint32_t pending;               /* an operation waits for the device */
    uint32_t cmd, arg0, arg1;
};

/* Start op for p: TOCK_OK (it ends with op_queue_done), OP_FINISHED, or an error code. */
typedef uint32_t op_start_fn(void *capsule, struct kernel *k, struct process *p,
                             struct queued_op *op);

struct op_queue {
    const struct driver *driver;
    void *capsule;
    op_start_fn *start;
    uint32_t upcall;                /* subscribe number of the completion upcall */
    uint32_t refusal;               /* error for a request the process may not add */
    bool one_per_process;           /* a running operation counts too */
    bool busy;                      /* the device runs an operation */
    uint32_t owner;                 /* id of the process it runs for; 0: none or gone */
};

void op_queue_init(struct op_queue *q, const struct driver *d, void *capsule,
                   op_start_fn *start, uint32_t upcall, uint32_t refusal, bool one_per_process);
/* The command path: run or queue (cmd, arg0, arg1) for p. */
struct syscall_return op_queue_submit(struct op_queue *q, struct kernel *k, struct process *p,
                                      uint32_t cmd, uint32_t arg0, uint32_t arg1);
/* The device finished the running operation: upcall (status, a1, a2) to its owner, then
 * start the next. */
void op_queue_done(struct op_queue *q, struct kernel *k, uint32_t status, uint32_t a1,
                   uint32_t a2);
/* p exits, faults or restarts: its running operation ends without an upcall. */
void op_queue_forget(struct op_queue *q, struct process *p);

#endif

/* The shared device command queue: see tock/capsules/op_queue.h. */
#include "tock/capsules/op_queue.h"

#include "tock/kstring.h"

void op_queue_init(struct op_queue *q, const struct driver *d, void *capsule,
                   op_start_fn *start, uint32_t upcall, uint32_t refusal, bool one_per_process)
{
    memset(q, 0, sizeof *q);
    q->driver = d;
    q->capsule = capsule;
    q->start = start;
    q->upcall = upcall;
    q->refusal = refusal;
    q->one_per_process = one_per_process;
}

/* Start p's operation; false when it did not leave the device running. */
static bool op_queue_start(struct op_queue *q, struct kernel *k, struct process *p,
                           struct queued_op *op, uint32_t *status)
{
    *status = q->start(q->capsule, k, p, op);
    op->pending = 0;
    if (*status == TOCK_OK) {
        q->busy = true;
        q->owner = p->id;
        return true;
    }
    return false;
}

/* Start the next waiting operation, in process-slot order; one that fails to start gets
 * its error as its upcall. */
static void op_queue_next(struct op_queue *q, struct kernel *k)
{
    for (uint32_t i = 0; i < k->process_count && !q->busy; i++) {
        struct process *p = &k->procs[i];
        struct queued_op *op = process_is_alive(p) ? grant_peek(k, p, q->driver) : NULL;
        if (!op || !op->pending)
            continue;
        uint32_t status;
        if (!op_queue_start(q, k, p, op, &status) && status != OP_FINISHED)
            upcall_schedule(k, p, q->driver, q->upcall, status, 0, 0);
    }
}

struct syscall_return op_queue_submit(struct op_queue *q, struct kernel *k, struct process *p,
                                      uint32_t cmd, uint32_t arg0, uint32_t arg1)
{
    struct queued_op *op = grant_enter(k, p, q->driver);
    if (!op)
        return sr_failure(TOCK_NOMEM);
    bool running = q->busy && q->owner == p->id;
    if (op->pending || (running && q->one_per_process))
        return sr_failure(q->refusal);
    *op = (struct queued_op){1, cmd, arg0, arg1};
    if (q->busy)
        return sr_success();            /* queued: starts when the device is free */
    uint32_t status;
    if (op_queue_start(q, k, p, op, &status) || status == OP_FINISHED)
        return sr_success();
    return sr_failure(status);
}

void op_queue_done(struct op_queue *q, struct kernel *k, uint32_t status, uint32_t a1,
                   uint32_t a2)
{
    struct process *p = q->owner ? kernel_process_by_id(k, q->owner) : NULL;
    q->busy = false;
    q->owner = 0;
    if (p && process_is_alive(p))
        upcall_schedule(k, p, q->driver, q->upcall, status, a1, a2);
    op_queue_next(q, k);
}

void op_queue_forget(struct op_queue *q, struct process *p)
{
    if (q->owner == p->id)
        q->owner = 0;   /* the device finishes; op_queue_done then starts the next */
}

/* Functions shared between the kernel's own files; not for capsules or boards. */
#ifndef TOCK_KERNEL_INTERNAL_H
#define TOCK_KERNEL_INTERNAL_H

#include "tock/kernel.h"

/* Tock starts a process with its break (and stack pointer) 32 bytes into RAM. */
#define PROCESS_INITIAL_BREAK 32u

void process_reset_memory(struct kernel *k, struct process *p);
void process_changed(struct kernel *k, struct process *p);
void process_notify_drivers(struct kernel *k, struct process *p, enum process_event ev);
void process_end(struct kernel *k, struct process *p, enum process_state final,
                 enum process_event ev);
bool process_in_flash(const struct process *p, uint32_t addr);
uint32_t process_align_up(uint32_t v, uint32_t a);

/* appid.c */
void appid_assign(struct kernel *k, struct process *p);
const struct process *appid_conflict(struct kernel *k, const struct process *p);
uint32_t appid_crc32_posix(const uint8_t *data, uint32_t len);

/* grant.c */
bool grant_create(struct kernel *k, struct process *p, uint32_t driver_index, struct grant *out);
void grant_forget_all(struct process *p);
uint32_t grant_allow_high_water(struct kernel *k, struct process *p);

/* upcall.c */
bool upcall_take_deliverable(struct process *p, struct upcall_task *out);
bool upcall_take_matching(struct process *p, uint32_t driver, uint32_t sub, struct upcall_task *out);
void upcall_drop_matching(struct process *p, uint32_t driver, uint32_t sub);
void upcall_deliver(struct kernel *k, struct process *p, const struct upcall_task *t,
                    struct cpu_regs *regs, uint32_t *mask);

/* memop.c */
struct syscall_return memop_dispatch(struct kernel *k, struct process *p, uint32_t op, uint32_t arg);

/* trace.c: call only when trace_on(k, the flag) says so. */
static inline bool trace_on(const struct kernel *k, uint32_t flag)
{
    return (k->trace & flag) || k->hooks.event;
}
void trace_syscall(struct kernel *k, struct process *p, uint32_t cls, const struct cpu_regs *in,
                   const struct syscall_return *ret);
void trace_upcall_queued(struct kernel *k, struct process *p, struct upcall_task *t);
void trace_upcall_dropped(struct kernel *k, struct process *p, uint32_t driver, uint32_t subscribe);
void trace_upcall_delivered(struct kernel *k, struct process *p, const struct upcall_task *t,
                            bool by_yield_wait_for);
void trace_slice_begin(struct kernel *k, struct process *p);
void trace_slice_end(struct kernel *k, struct process *p, enum cpu_stop stop);

#endif

/* A CPU backend for unit tests. No instruction runs: each process is a TBF built in host
 * memory with host buffers for flash and RAM, and a test plays the process's part by
 * issuing system calls with fake_syscall(). */
#ifndef FAKE_CPU_H
#define FAKE_CPU_H

#include "tock/kernel.h"

#define FAKE_FLASH_BASE 0x00040000u
#define FAKE_RAM_BASE 0x20000000u
#define FAKE_FLASH_SIZE 0x1000u         /* per process */
#define FAKE_RAM_SIZE 0x4000u           /* per process, grants included */

/* Everything a test needs; zero it and call fake_kernel_init(). */
struct fake_board {
    struct kernel k;
    uint8_t flash[KERNEL_MAX_PROCESSES][FAKE_FLASH_SIZE];
    uint8_t ram[KERNEL_MAX_PROCESSES][FAKE_RAM_SIZE];
    struct cpu_regs regs[KERNEL_MAX_PROCESSES];   /* each process's registers */
    char log[16384];                              /* everything kprintf wrote */
    size_t log_len;
    /* What "running" a process does in kernel_run_next(): the test plays the process
     * (e.g. issues system calls) and says how the slice ended. NULL = it yields. */
    enum cpu_stop (*on_run)(struct fake_board *b, struct process *p);
    uint32_t runs[KERNEL_MAX_PROCESSES];          /* slices each process was given */
    /* Called when the kernel says p's accessible memory changed; NULL = nothing. */
    void (*on_memory_changed)(struct fake_board *b, struct process *p);
};

/* A kernel with the fake backend and a log hook writing into board->log. */
void fake_kernel_init(struct fake_board *b);

/* Load and start a process called name. ram_size 0 = FAKE_RAM_SIZE. Its app break is
 * moved to ram_start + app_ram (like crt0's brk) so tests have memory to allow. */
struct process *fake_process(struct fake_board *b, const char *name, uint32_t app_ram);

/* The same with a caller-made TBF image (copied into the process's flash slot). */
struct process *fake_process_from_tbf(struct fake_board *b, const uint8_t *tbf, uint32_t len,
                                      uint32_t app_ram);

/* Issue system call `cls` with r0-r3 from process p, as an svc at p's current pc would.
 * Returns the process's registers afterwards; *keep_running (if not NULL) says whether the
 * kernel let the process continue. */
struct cpu_regs fake_syscall(struct fake_board *b, struct process *p, uint32_t cls,
                             uint32_t r0, uint32_t r1, uint32_t r2, uint32_t r3,
                             bool *keep_running);

/* Guest addresses a test can use: start of p's app RAM / flash binary. */
uint32_t fake_ram_addr(struct process *p, uint32_t offset);
uint32_t fake_flash_addr(struct process *p, uint32_t offset);   /* executable code area */

/* Upcalls (driver, subscribe_num) queued for p. */
uint32_t fake_pending_upcalls(const struct process *p, uint32_t driver, uint32_t subscribe_num);

/* Take the queued upcall (driver, subscribe_num) as the process would, with
 * yield-wait-for, into args[0..2]. Returns false when the process had to block. Only
 * call it when fake_pending_upcalls() says one is queued, so the process never blocks. */
bool fake_take_upcall(struct fake_board *b, struct process *p, uint32_t driver,
                      uint32_t subscribe_num, uint32_t args[3]);

/* The header fake_process() loads: enabled, a Program TLV, the whole flash slot, a
 * package name (none when name is NULL) and the given app version. */
struct tbf_header fake_header(const char *name, uint32_t version);

/* Host view of guest address addr in p (RAM or flash), for checking copies. */
uint8_t *fake_host(struct fake_board *b, struct process *p, uint32_t addr);

#endif

/* The Unicorn CPU backend: one emulated Cortex-M engine per process, holding only that
 * process's flash and RAM, so any access outside them is a fault. */
#ifndef EMU_ENGINE_H
#define EMU_ENGINE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "tock/kernel.h"

enum cpu_model { CPU_CORTEX_M0, CPU_CORTEX_M3, CPU_CORTEX_M4 };

enum preempt_mode {
    PREEMPT_INSTRUCTIONS,   /* deterministic: a budget of executed instructions per slice */
    PREEMPT_WATCHDOG,       /* a host thread stops the running engine after each slice */
};

/* Told when a process stops for the debugger (engine_debug_stop*) or faults; called inside
 * engine_run() with the engine stopped and the PC at the instruction concerned (for a
 * fault, p->fault says what happened). It returns when the board may go on. */
struct engine_debugger {
    void *ctx;
    void (*stopped)(void *ctx, struct process *p);
};

struct engines {
    struct kernel *k;
    enum cpu_model model;
    enum preempt_mode preempt;
    uint32_t slice_instructions;     /* PREEMPT_INSTRUCTIONS budget */
    uint32_t slice_us;               /* PREEMPT_WATCHDOG period */
    uint64_t retired;                /* instructions executed by every engine (estimate) */
    uint32_t live_engines;

    /* the watchdog's view of the running engine */
    pthread_mutex_t lock;
    pthread_t watchdog;
    bool watchdog_running;
    void *current;                   /* struct engine * being run, or NULL */
    uint64_t run_seq;

    struct engine_debugger debugger; /* set by the gdb server; zero when none */
};

/* Operations to give kernel_init(). */
extern const struct cpu_ops engine_cpu_ops;

/* Set up the backend; starts the watchdog thread when preempt is PREEMPT_WATCHDOG.
 * Returns 0, or -1 with a message in err. */
int engines_init(struct engines *e, struct kernel *k, enum cpu_model model,
                 enum preempt_mode preempt, uint32_t slice, char *err, size_t errlen);
void engines_shutdown(struct engines *e);

/* Names for messages ("cortex-m4"); parse returns -1 for an unknown name. */
const char *cpu_model_name(enum cpu_model m);
int cpu_model_parse(const char *name, enum cpu_model *out);

/* Check up front that n more engines fit in the address space (each reserves about
 * 1 GiB of virtual memory, and the engine library exits the program when that fails). */
bool engines_fit(uint32_t n, char *err, size_t errlen);

/* Change len bytes of p's flash at guest address addr, as the process sees it (the
 * board's app flash driver). p must be an engine process; code translated there is
 * dropped. */
void engine_write_flash(struct process *p, uint32_t addr, const uint8_t *buf, uint32_t len);

/* ---- debugger support (emu/gdb_server.c) ---- */

/* The process's Unicorn engine (uc_engine *), for hooks, registers and memory. */
struct uc_struct *engine_uc(struct process *p);
/* Drop the code translated for p, so that a hook added or removed since applies to code
 * that has run already (Unicorn decides at translation time whether an instruction calls
 * code hooks and whether a load or store may skip memory hooks). Takes microseconds;
 * uc_ctl_flush_tlb (a tb_flush in Unicorn 2.0.1) zeroes the whole 1 GiB translation
 * buffer instead, which takes seconds the first time and leaves it all resident. */
void engine_forget_code(struct process *p);
/* From a code hook: stop p before the instruction at hand. engine_run() then calls
 * debugger.stopped and returns CPU_STOP_HALT (the process stays runnable). Returns false
 * (and does nothing) while the engine re-runs instructions to find a fault's PC. */
bool engine_debug_stop(struct process *p);
/* From a memory hook: the same, stopping at the instruction that makes this access
 * (it runs again, completely, when p resumes). */
bool engine_debug_stop_access(struct process *p, uint32_t addr, uint32_t size, bool write);

#endif

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

#endif

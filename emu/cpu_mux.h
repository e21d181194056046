/* One board, two kinds of process: the mux is the board's struct cpu_ops and sends each
 * call to the backend of the process concerned, the Unicorn engine (emu/engine.c) for
 * ARM apps from TBFs, the native backend (emu/native.c) for apps built for the host. */
#ifndef EMU_CPU_MUX_H
#define EMU_CPU_MUX_H

#include <stdbool.h>
#include <stddef.h>

#include "board_config.h"
#include "engine.h"
#include "native.h"
#include "tock/kernel.h"

struct cpu_mux {
    struct engines *engines;
    struct natives *natives;
};

/* Give kernel_init() &cpu_mux_ops and the mux as its context. */
extern const struct cpu_ops cpu_mux_ops;

struct cpu_mux *cpu_mux_create(struct kernel *k, struct engines *e);
void cpu_mux_destroy(struct cpu_mux *m);

/* The mux of a kernel set up with cpu_mux_ops, else NULL. */
struct cpu_mux *cpu_mux_of(struct kernel *k);

/* Is this command-line argument a native app? "native:PATH" always is (the path is
 * returned); a plain path is when it names an x86-64 ELF. NULL otherwise. */
const char *cpu_mux_native_path(const char *arg);
int cpu_mux_add_native(struct cpu_mux *m, const char *path, char *err, size_t errlen);
uint32_t cpu_mux_native_count(const struct cpu_mux *m);
/* Load native app i as a process (after the board's TBF apps). NULL when refused (the
 * reason is printed). */
struct process *cpu_mux_load_native(struct cpu_mux *m, uint32_t i, const struct board_config *cfg);

#endif

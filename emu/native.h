/* The native CPU backend: Tock apps built for the host (sdk/native) run as Linux child
 * processes of tockemu, one per Tock process, confined by seccomp. Their RAM block is a
 * memfd mapped at the same address in the app and in tockemu (p->ram); system calls and
 * upcalls cross a shared-memory channel with futex wake-ups (emu/native_abi.h). The
 * kernel sees them through the same struct cpu_ops as an emulated Cortex-M.
 * See docs/native.md. */
#ifndef EMU_NATIVE_H
#define EMU_NATIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "tock/kernel.h"

struct natives;

/* Operations for a native process; ctx is the struct natives. */
extern const struct cpu_ops native_cpu_ops;

/* e gives the time slice and, under the virtual clock, the instruction counter that
 * board time comes from (native run time is charged to it at 64 MHz). */
struct natives *natives_create(struct kernel *k, struct engines *e);
/* Kills every app process still running. */
void natives_destroy(struct natives *n);

/* --native-wrap: a command (split at spaces) the app is started under, e.g. "valgrind -q"
 * or "gdb -q -batch -ex run -ex bt --args". NULL = none. */
void natives_set_wrap(struct natives *n, const char *wrap);
/* --native-no-seccomp: do not confine the apps (for tools that need more). */
void natives_set_seccomp(struct natives *n, bool on);
/* Poll the channel a while before sleeping on the futex (default: on with 2+ CPUs). */
void natives_set_polling(struct natives *n, bool on);

/* Read a native app (an x86-64 ELF built by the SDK). Returns 0, or -1 with err. */
int natives_add(struct natives *n, const char *path, char *err, size_t errlen);
uint32_t natives_count(const struct natives *n);

/* Where the board's own RAM is, and how it sizes process RAM (emu/board_config.h). */
struct native_ram_rules {
    uint32_t board_ram_base, board_ram_size;
    uint32_t process_ram;      /* 0 = minimum + grant_reserve */
    uint32_t grant_reserve;
};

/* Give native app i a RAM block and a process. NULL when refused; the reason has been
 * printed as a [board] line. */
struct process *natives_load(struct natives *n, uint32_t i, const struct native_ram_rules *r);

/* true when p was created by natives_load (for the mux, during cpu_ops.create). */
bool natives_owns(const struct natives *n, const struct process *p);

#endif

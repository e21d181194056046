/* Faults on ARMv7-M: the fault handler records CFSR, HFSR, MMFAR and BFAR; the kernel then
 * turns them and the stacked PC into the portable struct cpu_fault, so the kernel prints
 * the same report as on the emulator. A fault of the kernel itself is a board panic. */
#ifndef CM_FAULT_H
#define CM_FAULT_H

#include "cm_cpu.h"

/* Called by cm_fault_handler in handler mode with the EXC_RETURN value and the main stack
 * pointer at entry. Returns only for a fault of a process. */
void cm_fault_capture(uint32_t exc_return, const uint32_t *main_frame);

/* Fill p->fault from the captured registers and p's stacked frame. */
void cm_fault_decode(struct process *p, struct cm_process *cp, const struct cm_fault_regs *r);

/* The process's stack pointer does not leave room for an exception frame in its memory. */
void cm_fault_bad_stack(struct process *p, struct cm_process *cp);

/* true when the Thumb instruction at insn (16-bit halfwords, little-endian bytes) stores
 * to memory; used to tell a write from a read, which the MPU does not report. */
bool cm_insn_is_store(const uint8_t *insn, uint32_t avail);

#endif

/* Process faults: a Tock-style report, then the board's policy (stop, restart, panic). */
#include "kernel_internal.h"

static const char *fault_kind_name(enum fault_kind kind)
{
    switch (kind) {
    case FAULT_NONE: return "none";
    case FAULT_READ: return "invalid data read";
    case FAULT_WRITE: return "invalid data write";
    case FAULT_EXECUTE: return "instruction fetch from non-executable memory";
    case FAULT_UNDEFINED: return "undefined instruction";
    case FAULT_UNALIGNED: return "unaligned access";
    case FAULT_BKPT: return "breakpoint without a debugger";
    case FAULT_KERNEL: return "fault raised by the kernel";
    }
    return "?";
}

/* A fault address this far below the start of process RAM is a stack overflow: the stack
 * sits at the bottom of RAM and grows down into the guard area below it. */
#define STACK_GUARD_BYTES 4096u

static bool is_stack_overflow(const struct process *p, const struct cpu_fault *f)
{
    return (f->kind == FAULT_READ || f->kind == FAULT_WRITE) && f->address < p->ram_start &&
           p->ram_start - f->address <= STACK_GUARD_BYTES;
}

/* The fault type, named as a Cortex-M fault status register would describe it. */
static const char *fault_type(const struct process *p, const struct cpu_fault *f)
{
    if (is_stack_overflow(p, f))
        return "stack overflow (MemManage: data access violation in the guard area below RAM)";
    switch (f->kind) {
    case FAULT_READ: return "bad read (MemManage: data access violation)";
    case FAULT_WRITE: return "bad write (MemManage: data access violation)";
    case FAULT_EXECUTE: return "bad execute (MemManage: instruction access violation)";
    case FAULT_UNDEFINED: return "undefined instruction (UsageFault: UNDEFINSTR)";
    case FAULT_UNALIGNED: return "unaligned access (UsageFault: UNALIGNED)";
    case FAULT_BKPT: return "breakpoint (HardFault: DEBUGEVT)";
    case FAULT_KERNEL: return "forced by the kernel";
    case FAULT_NONE: break;
    }
    return "none";
}

static void report_stack_overflow(struct kernel *k, const struct process *p,
                                  const struct cpu_fault *f)
{
    kprintf(k, "  The address is %u bytes below the start of RAM 0x%08x, where the stack ends",
            (unsigned)(p->ram_start - f->address), (unsigned)p->ram_start);
    if (p->debug_stack_start > p->ram_start)
        kprintf(k, " (the stack is the %u bytes below 0x%08x)",
                (unsigned)(p->debug_stack_start - p->ram_start), (unsigned)p->debug_stack_start);
    kprintf(k, "\n");
}

/* "0x00040123 <main+0x12>" when the board knows the app's symbols, else "0x00040123". */
static void report_code_address(struct kernel *k, struct process *p, uint32_t addr)
{
    uint32_t offset = 0;
    const char *fn = k->hooks.symbolize ? k->hooks.symbolize(k->hooks.ctx, p, addr, &offset) : NULL;
    if (fn)
        kprintf(k, "0x%08x <%s+0x%x>\n", (unsigned)addr, fn, (unsigned)offset);
    else
        kprintf(k, "0x%08x\n", (unsigned)addr);
}

static void report_registers(struct kernel *k, struct process *p, const struct cpu_regs *r)
{
    for (int i = 0; i < 13; i += 4) {
        for (int j = i; j < i + 4 && j < 13; j++)
            kprintf(k, "  R%-2d: 0x%08x", j, (unsigned)r->r[j]);
        kprintf(k, "\n");
    }
    kprintf(k, "  SP : 0x%08x  xPSR: 0x%08x\n", (unsigned)r->r[REG_SP], (unsigned)r->r[REG_XPSR]);
    kprintf(k, "  PC : ");
    report_code_address(k, p, r->r[REG_PC]);
    kprintf(k, "  LR : ");
    report_code_address(k, p, r->r[REG_LR] & ~1u);
    uint32_t psr = r->r[REG_XPSR];
    kprintf(k, "  xPSR: N=%u Z=%u C=%u V=%u Q=%u T=%u ISR=%u\n", (unsigned)(psr >> 31) & 1,
            (unsigned)(psr >> 30) & 1, (unsigned)(psr >> 29) & 1, (unsigned)(psr >> 28) & 1,
            (unsigned)(psr >> 27) & 1, (unsigned)(psr >> 24) & 1, (unsigned)psr & 0x1ff);
}

static void report_memory_map(struct kernel *k, const struct process *p)
{
    uint32_t ram_end = p->ram_start + p->ram_size;
    kprintf(k, "  Memory map:\n");
    kprintf(k, "    0x%08x ┬ end of RAM block\n", (unsigned)ram_end);
    kprintf(k, "               │ grants: %u bytes\n", (unsigned)(ram_end - p->kernel_break));
    kprintf(k, "    0x%08x ┼ kernel break (grant start)\n", (unsigned)p->kernel_break);
    kprintf(k, "               │ unused: %u bytes\n", (unsigned)(p->kernel_break - p->app_break));
    kprintf(k, "    0x%08x ┼ app break\n", (unsigned)p->app_break);
    if (p->debug_heap_start)
        kprintf(k, "    0x%08x ┼ heap start (memop 11)\n", (unsigned)p->debug_heap_start);
    if (p->debug_stack_start)
        kprintf(k, "    0x%08x ┼ stack top (memop 10)\n", (unsigned)p->debug_stack_start);
    kprintf(k, "    0x%08x ┴ start of RAM\n", (unsigned)p->ram_start);
    kprintf(k, "    0x%08x ┬ end of flash\n", (unsigned)(p->flash_start + p->flash_size));
    kprintf(k, "    0x%08x ┼ binary start (after the %u-byte header)\n", (unsigned)p->binary_start,
            (unsigned)p->tbf.header_size);
    kprintf(k, "    0x%08x ┴ start of flash (TBF header)\n", (unsigned)p->flash_start);
}

static void report_stack(struct kernel *k, struct process *p, uint32_t sp)
{
    kprintf(k, "  Stack from SP 0x%08x:\n", (unsigned)sp);
    for (uint32_t row = 0; row < 4; row++) {
        uint32_t addr = sp + row * 16;
        const uint8_t *mem = process_ram_ptr(p, addr, 16);
        if (!mem)
            break;
        kprintf(k, "    0x%08x:", (unsigned)addr);
        for (int w = 0; w < 4; w++) {
            const uint8_t *b = mem + w * 4;
            kprintf(k, " %08x", (unsigned)(b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24));
        }
        kprintf(k, "\n");
    }
}

static void fault_report(struct kernel *k, struct process *p)
{
    struct cpu_regs r;
    k->cpu->get_regs(k->cpu_ctx, p, &r);
    const struct cpu_fault *f = &p->fault;
    kprintf(k, "\n---| App fault: %s (id %u) |---\n", p->name, (unsigned)p->id);
    kprintf(k, "  Cause: %s", fault_kind_name(f->kind));
    if (f->kind == FAULT_READ || f->kind == FAULT_WRITE || f->kind == FAULT_EXECUTE ||
        f->kind == FAULT_UNALIGNED)
        kprintf(k, " at address 0x%08x", (unsigned)f->address);
    kprintf(k, "\n  Fault type: %s\n", fault_type(p, f));
    if (is_stack_overflow(p, f))
        report_stack_overflow(k, p, f);
    kprintf(k, "  Faulting instruction: ");
    report_code_address(k, p, f->pc);
    if (f->detail[0])
        kprintf(k, "  Detail: %s\n", f->detail);
    report_registers(k, p, &r);
    report_memory_map(k, p);
    report_stack(k, p, r.r[REG_SP]);
    kprintf(k, "  Syscalls: %u, upcalls: %u, restarts: %u\n", (unsigned)p->syscall_count,
            (unsigned)p->upcall_count, (unsigned)p->restart_count);
}

void kernel_process_fault(struct kernel *k, struct process *p, const struct cpu_fault *f)
{
    if (!process_is_alive(p))
        return;
    if (&p->fault != f)
        p->fault = *f;
    fault_report(k, p);
    switch (p->policy) {
    case FAULT_POLICY_RESTART:
        if (p->restart_count < k->max_restarts) {
            kprintf(k, "  Policy: restart\n");
            kernel_process_restart(k, p);
            return;
        }
        kprintf(k, "  Policy: restart, but %s already restarted %u times: stopped\n", p->name,
                (unsigned)p->restart_count);
        break;
    case FAULT_POLICY_PANIC:
        kprintf(k, "  Policy: panic: the kernel stops\n");
        process_end(k, p, PROCESS_FAULTED, PROCESS_EVENT_FAULTED);
        k->panicked = true;
        if (k->hooks.panic)
            k->hooks.panic(k->hooks.ctx, p);
        return;
    case FAULT_POLICY_STOP:
        kprintf(k, "  Policy: stop the process\n");
        break;
    }
    process_end(k, p, PROCESS_FAULTED, PROCESS_EVENT_FAULTED);
}

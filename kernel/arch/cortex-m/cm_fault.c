/* Fault capture and decoding (see cm_fault.h). */
#include "cm_fault.h"

#include "cm_regs.h"
#include "tock/kstring.h"

struct cm_fault_regs cm_last_fault;

static void (*panic_write)(const char *s, uint32_t n);
static void (*panic_halt)(int status);

void cm_set_panic_output(void (*write)(const char *s, uint32_t n), void (*halt)(int status))
{
    panic_write = write;
    panic_halt = halt;
}

static void set_detail(struct cpu_fault *f, const char *text)
{
    uint32_t i = 0;
    for (; text[i] && i + 1 < sizeof f->detail; i++)
        f->detail[i] = text[i];
    f->detail[i] = '\0';
}

/* ---- a fault of the kernel: print what the registers say and stop ------------------------ */

static void put(const char *s)
{
    uint32_t n = 0;
    while (s[n])
        n++;
    if (panic_write)
        panic_write(s, n);
}

static void put_hex(const char *label, uint32_t v)
{
    char buf[12] = " 0x00000000";
    for (int i = 0; i < 8; i++)
        buf[10 - i] = "0123456789abcdef"[(v >> (4 * i)) & 0xFu];
    put(label);
    put(buf);
}

static void kernel_fault(uint32_t exc_return, const uint32_t *frame)
{
    put("\n[board] kernel fault: the kernel itself took exception");
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    put_hex("", ipsr & 0x1FFu);
    put_hex("\n[board]   CFSR", SCB_CFSR);
    put_hex(" HFSR", SCB_HFSR);
    put_hex(" MMFAR", SCB_MMFAR);
    put_hex(" BFAR", SCB_BFAR);
    put_hex(" EXC_RETURN", exc_return);
    put_hex("\n[board]   stacked PC", frame[6]);
    put_hex(" LR", frame[5]);
    put_hex(" xPSR", frame[7]);
    put("\n");
    if (panic_halt)
        panic_halt(3);
    for (;;)
        __asm__ volatile("wfi");
}

void cm_fault_capture(uint32_t exc_return, const uint32_t *main_frame)
{
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    cm_last_fault.exception = ipsr & 0x1FFu;
    cm_last_fault.cfsr = SCB_CFSR;
    cm_last_fault.hfsr = SCB_HFSR;
    cm_last_fault.mmfar = SCB_MMFAR;
    cm_last_fault.bfar = SCB_BFAR;
    bool from_process = (exc_return & 0xFu) == 0xDu;   /* thread mode, process stack */
    if (!from_process)
        kernel_fault(exc_return, main_frame);
    SCB_CFSR = cm_last_fault.cfsr;   /* write-one-to-clear */
    SCB_HFSR = cm_last_fault.hfsr;
}

/* ---- a fault of a process ----------------------------------------------------------------- */

bool cm_insn_is_store(const uint8_t *insn, uint32_t avail)
{
    if (avail < 2)
        return false;
    uint32_t h = (uint32_t)insn[0] | (uint32_t)insn[1] << 8;
    bool wide = (h >> 11) == 0x1D || (h >> 11) == 0x1E || (h >> 11) == 0x1F;
    if (!wide) {
        if ((h & 0xF000) == 0x5000)               /* register offset: STR, STRH, STRB */
            return ((h >> 9) & 7) < 3;
        if ((h & 0xE000) == 0x6000 || (h & 0xF000) == 0x8000 || (h & 0xF000) == 0x9000 ||
            (h & 0xF000) == 0xC000)               /* immediate, SP-relative, STM: bit 11 = load */
            return !(h & 0x0800);
        return (h & 0xFE00) == 0xB400;            /* PUSH */
    }
    if ((h & 0xFE00) == 0xE800 || (h & 0xFE00) == 0xF800 || (h & 0xEE00) == 0xEC00)
        return !(h & 0x0010);   /* LDM/STM, LDRD/STRD, LDR/STR, VLDR/VSTR: bit 4 = load */
    return false;
}

static bool frame_readable(const struct process *p, uint32_t sp)
{
    return sp % 4 == 0 && sp >= p->ram_start && sp <= p->ram_start + p->ram_size - 32;
}

void cm_fault_bad_stack(struct process *p, struct cm_process *cp)
{
    p->fault = (struct cpu_fault){.kind = FAULT_WRITE, .address = cp->ctx.psp};
    set_detail(&p->fault, "stack pointer leaves no room for an exception frame");
}

void cm_fault_decode(struct process *p, struct cm_process *cp, const struct cm_fault_regs *r)
{
    struct cpu_fault *f = &p->fault;
    memset(f, 0, sizeof *f);
    uint32_t sp = cp->ctx.psp;
    uint32_t pc = 0;
    if (frame_readable(p, sp))
        pc = ((const uint32_t *)(uintptr_t)sp)[6];
    f->pc = pc;
    uint32_t cfsr = r->cfsr;

    const uint8_t *insn = NULL;
    uint32_t avail = 0;
    if (pc >= p->flash_start && pc < p->flash_start + p->flash_size) {
        insn = p->flash + (pc - p->flash_start);
        avail = p->flash_start + p->flash_size - pc;
    }
    bool store = insn && cm_insn_is_store(insn, avail < 4 ? avail : 4);

    if ((cfsr & MMFSR_MSTKERR) && (cfsr & MMFSR_DACCVIOL) && (cfsr & MMFSR_MMARVALID)) {
        /* An access below the stack faulted and the exception frame could not be pushed
         * either: a stack overflow. The registers the frame would hold are lost. */
        f->kind = FAULT_WRITE;
        f->address = r->mmfar;
        set_detail(f, "MemManage: stack overflow, the frame could not be pushed");
    } else if (cfsr & (MMFSR_MSTKERR | BFSR_STKERR)) {
        f->kind = FAULT_WRITE;
        f->address = sp;
        set_detail(f, "MemManage: exception stacking outside the process's memory");
    } else if (cfsr & (MMFSR_MUNSTKERR | BFSR_UNSTKERR)) {
        f->kind = FAULT_READ;
        f->address = sp;
        set_detail(f, "MemManage: exception return from outside the process's memory");
    } else if (cfsr & MMFSR_IACCVIOL) {
        f->kind = FAULT_EXECUTE;
        f->address = pc;
        set_detail(f, "MemManage: instruction fetch outside the MPU regions");
    } else if (cfsr & MMFSR_DACCVIOL) {
        f->kind = store ? FAULT_WRITE : FAULT_READ;
        f->address = cfsr & MMFSR_MMARVALID ? r->mmfar : 0;
        set_detail(f, store ? "MemManage: MPU data access violation (write)"
                            : "MemManage: MPU data access violation (read)");
    } else if (cfsr & BFSR_IBUSERR) {
        f->kind = FAULT_EXECUTE;
        f->address = pc;
        set_detail(f, "BusFault: instruction fetch bus error");
    } else if (cfsr & BFSR_PRECISERR) {
        f->kind = store ? FAULT_WRITE : FAULT_READ;
        f->address = cfsr & BFSR_BFARVALID ? r->bfar : 0;
        set_detail(f, "BusFault: precise data bus error");
    } else if (cfsr & BFSR_IMPRECISERR) {
        f->kind = FAULT_WRITE;
        set_detail(f, "BusFault: imprecise data bus error (address unknown)");
    } else if (cfsr & UFSR_UNALIGNED) {
        f->kind = FAULT_UNALIGNED;
        set_detail(f, "UsageFault: unaligned access");
    } else if (cfsr & UFSR_UNDEFINSTR) {
        f->kind = FAULT_UNDEFINED;
        set_detail(f, "UsageFault: undefined instruction");
    } else if (cfsr & UFSR_NOCP) {
        f->kind = FAULT_UNDEFINED;
        set_detail(f, "UsageFault: coprocessor (FPU) instruction, FPU disabled");
    } else if (cfsr & UFSR_INVSTATE) {
        f->kind = FAULT_UNDEFINED;
        set_detail(f, "UsageFault: invalid state (Thumb bit clear)");
    } else if (cfsr & UFSR_INVPC) {
        f->kind = FAULT_UNDEFINED;
        set_detail(f, "UsageFault: invalid EXC_RETURN or PC on return");
    } else if (cfsr & UFSR_DIVBYZERO) {
        f->kind = FAULT_UNDEFINED;
        set_detail(f, "UsageFault: division by zero");
    } else if (r->hfsr & HFSR_DEBUGEVT) {
        f->kind = FAULT_BKPT;
        set_detail(f, "HardFault: debug event (bkpt) without a debugger");
    } else {
        f->kind = FAULT_UNDEFINED;
        set_detail(f, "HardFault with no fault status");
    }
}

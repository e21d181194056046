/* struct cpu_ops for ARMv7-M: run a process until it traps, its registers, its MPU plan. */
#include "cm_cpu.h"

#include "cm_fault.h"
#include "cm_regs.h"
#include "tock/kstring.h"

volatile uint32_t cm_trap_reason;
volatile uint32_t cm_slice_expired;

#define FRAME_WORDS 8u
#define XPSR_FRAME_PADDED (1u << 9)   /* stacked xPSR: the hardware aligned SP by 4 bytes */

/* ---- the MPU ----------------------------------------------------------------------- */

static uint32_t granule(const struct cm_cpu *c)
{
    return c->k->grant_granule ? c->k->grant_granule : 1024u;
}

/* Bring p's plan up to date with its app break and load it when p owns the MPU. */
static void sync_mpu(struct cm_cpu *c, struct process *p)
{
    struct cm_process *cp = p->cpu;
    if (cp->planned_break == p->app_break && cp->planned_break != 0)
        return;
    uint32_t g = granule(c);
    uint32_t end = (p->app_break + g - 1) & ~(g - 1);
    if (end > p->kernel_break)
        end = p->kernel_break & ~(g - 1);
    mpu_plan_process(&cp->mpu, c->mpu_regions, p->flash_start, p->flash_start + p->flash_size,
                     p->ram_start, end, &cp->rw_end);
    cp->planned_break = p->app_break;
    if (c->mpu_owner == p)
        c->mpu_owner = NULL;   /* reload before the process runs again */
}

static void load_mpu(struct cm_cpu *c, struct process *p)
{
    struct cm_process *cp = p->cpu;
    if (c->mpu_owner == p)
        return;
    MPU_CTRL = 0;
    __asm__ volatile("dsb\n isb" ::: "memory");
    for (uint32_t n = 0; n < c->mpu_regions; n++) {
        if (n < cp->mpu.count) {
            MPU_RBAR = mpu_region_rbar(&cp->mpu.r[n], n);
            MPU_RASR = mpu_region_rasr(&cp->mpu.r[n]);
        } else {
            MPU_RNR = n;
            MPU_RASR = 0;
        }
    }
    MPU_CTRL = MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA;
    __asm__ volatile("dsb\n isb" ::: "memory");
    c->mpu_owner = p;
}

/* ---- the exception frame at PSP ------------------------------------------------------ */

/* The hardware frame of p, or NULL when PSP does not point at 8 words of RAM the process
 * itself may write (the kernel never writes a frame into grants or another process). */
static uint32_t *frame_of(struct cm_cpu *c, struct process *p)
{
    struct cm_process *cp = p->cpu;
    sync_mpu(c, p);
    uint32_t sp = cp->ctx.psp;
    if (sp % 4 || sp < p->ram_start || sp > cp->rw_end || cp->rw_end - sp < FRAME_WORDS * 4)
        return NULL;
    return (uint32_t *)(uintptr_t)sp;
}

static void cm_get_regs(void *ctx, struct process *p, struct cpu_regs *out)
{
    struct cm_cpu *c = ctx;
    struct cm_process *cp = p->cpu;
    memset(out, 0, sizeof *out);
    for (int i = 0; i < 8; i++)
        out->r[4 + i] = cp->ctx.r4_r11[i];
    uint32_t *f = frame_of(c, p);
    /* No frame (stacking failed): the hardware moved PSP down by the 8 words anyway. */
    out->r[REG_SP] = cp->ctx.psp + FRAME_WORDS * 4;
    if (!f)
        return;
    for (int i = 0; i < 4; i++)
        out->r[i] = f[i];
    out->r[12] = f[4];
    out->r[REG_LR] = f[5];
    out->r[REG_PC] = f[6];
    out->r[REG_XPSR] = f[7] & ~XPSR_FRAME_PADDED;
    out->r[REG_SP] = cp->ctx.psp + FRAME_WORDS * 4 + (f[7] & XPSR_FRAME_PADDED ? 4 : 0);
}

static void cm_set_regs(void *ctx, struct process *p, const struct cpu_regs *in, uint32_t mask)
{
    struct cm_cpu *c = ctx;
    struct cm_process *cp = p->cpu;
    for (int i = 0; i < 8; i++)
        if (mask & REG_BIT(4 + i))
            cp->ctx.r4_r11[i] = in->r[4 + i];
    if (mask & REG_BIT(REG_SP))
        cp->ctx.psp = in->r[REG_SP] - FRAME_WORDS * 4;   /* a fresh frame below the new SP */
    uint32_t *f = frame_of(c, p);
    if (!f)
        return;   /* run() reports the bad stack pointer as a fault */
    static const uint8_t slot[REG_COUNT] = {0, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 5, 6, 7};
    for (uint32_t i = 0; i < REG_COUNT; i++) {
        if (!(mask & REG_BIT(i)) || (i >= 4 && i <= REG_SP && i != 12))
            continue;
        uint32_t v = in->r[i];
        if (i == REG_PC)
            v &= ~1u;
        if (i == REG_XPSR)
            v = (v & ~XPSR_FRAME_PADDED) | (f[7] & XPSR_FRAME_PADDED);
        f[slot[i]] = v;
    }
    if (mask & REG_BIT(REG_SP))
        f[7] &= ~XPSR_FRAME_PADDED;
}

/* ---- running a process ----------------------------------------------------------------- */

static void systick_start(uint32_t ticks)
{
    cm_slice_expired = 0;
    SYST_CSR = 0;
    SYST_RVR = ticks - 1;
    SYST_CVR = 0;
    SYST_CSR = SYST_CSR_ENABLE | SYST_CSR_TICKINT | SYST_CSR_CLKSOURCE;
}

static void systick_stop(void)
{
    SYST_CSR = 0;
    SCB_ICSR = ICSR_PENDSTCLR;
}

void cm_systick_handler(void)
{
    SYST_CSR = 0;
    cm_slice_expired = 1;
    SCB_ICSR = ICSR_PENDSVSET;   /* PendSV takes the CPU back from the process */
}

enum svc_result { SVC_KEEP_RUNNING, SVC_SWITCH, SVC_FAULT };

/* A system call: the class is the immediate of the svc before the stacked PC. */
static enum svc_result handle_svc(struct cm_cpu *c, struct process *p)
{
    uint32_t *f = frame_of(c, p);
    if (!f) {
        cm_fault_bad_stack(p, p->cpu);
        return SVC_FAULT;
    }
    uint32_t pc = f[6];
    uint32_t flash_end = p->flash_start + p->flash_size;
    if (pc < p->flash_start + 2 || pc > flash_end) {
        p->fault = (struct cpu_fault){.kind = FAULT_UNDEFINED, .pc = pc - 2};
        memcpy(p->fault.detail, "svc outside process flash", 26);
        return SVC_FAULT;
    }
    const uint8_t *insn = p->flash + (pc - 2 - p->flash_start);
    uint32_t cls = insn[0];

    struct cpu_regs regs;
    regs.r[0] = f[0];
    regs.r[1] = f[1];
    regs.r[2] = f[2];
    regs.r[3] = f[3];
    regs.r[REG_PC] = pc;
    uint32_t mask = 0;
    bool keep = kernel_syscall(c->k, p, cls, &regs, &mask);
    if (mask)
        cm_set_regs(c, p, &regs, mask);
    return keep ? SVC_KEEP_RUNNING : SVC_SWITCH;
}

static enum cpu_stop cm_run(void *ctx, struct process *p)
{
    struct cm_cpu *c = ctx;
    struct cm_process *cp = p->cpu;
    p->fault.kind = FAULT_NONE;
    systick_start(c->slice_ticks);
    for (;;) {
        if (!frame_of(c, p)) {
            systick_stop();
            cm_fault_bad_stack(p, cp);
            return CPU_STOP_FAULT;
        }
        load_mpu(c, p);
        cm_trap_reason = CM_TRAP_NONE;
        cm_switch_to_process(&cp->ctx);
        switch (cm_trap_reason) {
        case CM_TRAP_SVC:
            switch (handle_svc(c, p)) {
            case SVC_KEEP_RUNNING:
                if (cm_slice_expired)
                    return CPU_STOP_PREEMPTED;
                continue;
            case SVC_SWITCH:
                systick_stop();
                return CPU_STOP_SWITCH;
            case SVC_FAULT:
                systick_stop();
                return CPU_STOP_FAULT;
            }
            break;
        case CM_TRAP_FAULT:
            systick_stop();
            cm_fault_decode(p, cp, &cm_last_fault);
            return CPU_STOP_FAULT;
        default:   /* PendSV: the time slice ended or a device interrupt needs the kernel */
            systick_stop();
            return cm_slice_expired ? CPU_STOP_PREEMPTED : CPU_STOP_IDLE;
        }
    }
}

/* ---- process life ------------------------------------------------------------------ */

static int cm_create(void *ctx, struct process *p)
{
    struct cm_cpu *c = ctx;
    struct cm_process *cp = &c->procs[p->index];
    memset(cp, 0, sizeof *cp);
    p->cpu = cp;
    /* the whole block must be reachable by the MPU at every app break */
    struct mpu_plan plan;
    uint32_t covered;
    if (!mpu_plan_process(&plan, c->mpu_regions, p->flash_start, p->flash_start + p->flash_size,
                          p->ram_start, p->ram_start + p->ram_size, &covered))
        return -1;
    sync_mpu(c, p);
    return 0;
}

static void cm_destroy(void *ctx, struct process *p)
{
    struct cm_cpu *c = ctx;
    if (c->mpu_owner == p)
        c->mpu_owner = NULL;
    p->cpu = NULL;
}

static void cm_memory_changed(void *ctx, struct process *p)
{
    struct cm_cpu *c = ctx;
    struct cm_process *cp = p->cpu;
    cp->planned_break = 0;   /* grants or a restart may have moved the kernel break */
    sync_mpu(c, p);
}

const struct cpu_ops cm_cpu_ops = {
    .create = cm_create,
    .destroy = cm_destroy,
    .run = cm_run,
    .get_regs = cm_get_regs,
    .set_regs = cm_set_regs,
    .memory_changed = cm_memory_changed,
};

/* ---- set-up ---------------------------------------------------------------------------- */

void cm_cpu_init(struct cm_cpu *c, struct kernel *k, uint32_t cpu_hz, uint32_t slice_us)
{
    memset(c, 0, sizeof *c);
    c->k = k;
    uint64_t ticks = (uint64_t)cpu_hz * slice_us / 1000000u;
    if (ticks > 0x00FFFFFFu)
        ticks = 0x00FFFFFFu;   /* SysTick is 24 bits */
    if (ticks < 100)
        ticks = 100;
    c->slice_ticks = (uint32_t)ticks;
    c->mpu_regions = (MPU_TYPE >> 8) & 0xFFu;
    if (c->mpu_regions > MPU_PLAN_MAX_REGIONS)
        c->mpu_regions = MPU_PLAN_MAX_REGIONS;

    SCB_CPACR = 0;   /* no FPU for anyone: the kernel saves no FP state */
    SCB_CCR |= CCR_STKALIGN;
    SCB_SHPR1 = CM_PRIO_FAULT | CM_PRIO_FAULT << 8 | CM_PRIO_FAULT << 16;
    SCB_SHPR2 = (uint32_t)CM_PRIO_SWITCH << 24;
    SCB_SHPR3 = (uint32_t)CM_PRIO_DEVICE << 24 | (uint32_t)CM_PRIO_SWITCH << 16;
    SCB_SHCSR |= SHCSR_MEMFAULTENA | SHCSR_BUSFAULTENA | SHCSR_USGFAULTENA;
    SYST_CSR = 0;
    MPU_CTRL = MPU_CTRL_PRIVDEFENA;   /* off until a process runs */
    __asm__ volatile("dsb\n isb" ::: "memory");
}

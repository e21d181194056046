/* Switching between the kernel and a process on ARMv7-M (see cm_cpu.h for the model).
 *
 * EXC_RETURN values: 0xFFFFFFF9 = thread mode, main stack (the kernel);
 *                    0xFFFFFFFD = thread mode, process stack (a process).
 * Bit 2 of the EXC_RETURN in lr on handler entry tells whether a process was interrupted. */
    .syntax unified
    .thumb
    .text

    .equ TRAP_SVC, 1
    .equ TRAP_INTERRUPT, 2
    .equ TRAP_FAULT, 3

/* void cm_switch_to_process(struct cm_context *ctx)
 * Runs the process whose PSP and r4-r11 are in ctx until it traps, then saves them back. */
    .global cm_switch_to_process
    .type cm_switch_to_process, %function
    .thumb_func
cm_switch_to_process:
    push    {r4-r11, lr}
    sub     sp, sp, #4              /* 10 words: the stack stays 8-byte aligned */
    ldr     r1, [r0]
    msr     psp, r1
    adds    r0, r0, #4
    ldmia   r0, {r4-r11}
    svc     #0xff                   /* the SVC handler returns into the process */
    /* Back from the process: r0-r3 come from the kernel's own exception frame, so r0 is
     * still &ctx->r4_r11; r4-r11 hold the process's values. */
    stmia   r0, {r4-r11}
    mrs     r1, psp
    str     r1, [r0, #-4]
    add     sp, sp, #4
    pop     {r4-r11, pc}
    .size cm_switch_to_process, . - cm_switch_to_process

/* Return to the kernel thread with trap reason r0. Only for handlers that interrupted a
 * process: the kernel's frame from its `svc` is still on the main stack. */
    .type cm_return_to_kernel, %function
    .thumb_func
cm_return_to_kernel:
    ldr     r1, =cm_trap_reason
    str     r0, [r1]
    movs    r0, #0
    msr     control, r0             /* thread mode privileged again */
    isb
    mvn     lr, #6                  /* 0xFFFFFFF9 */
    bx      lr
    .size cm_return_to_kernel, . - cm_return_to_kernel

    .global cm_svc_handler
    .type cm_svc_handler, %function
    .thumb_func
cm_svc_handler:
    tst     lr, #4
    bne     1f
    /* From the kernel (cm_switch_to_process): enter the process unprivileged on PSP. */
    movs    r0, #1
    msr     control, r0
    isb
    mvn     lr, #2                  /* 0xFFFFFFFD */
    bx      lr
1:  /* From a process: a system call; the kernel reads the class at the stacked PC - 2. */
    movs    r0, #TRAP_SVC
    b       cm_return_to_kernel
    .size cm_svc_handler, . - cm_svc_handler

/* Pended by device interrupts and by SysTick; the least urgent exception, so it runs once
 * every other handler is done, with the EXC_RETURN of the interrupted thread. */
    .global cm_pendsv_handler
    .type cm_pendsv_handler, %function
    .thumb_func
cm_pendsv_handler:
    tst     lr, #4
    it      eq
    bxeq    lr                      /* the kernel was running: it looks at the IRQs itself */
    movs    r0, #TRAP_INTERRUPT
    b       cm_return_to_kernel
    .size cm_pendsv_handler, . - cm_pendsv_handler

/* HardFault, MemManage, BusFault and UsageFault. cm_fault_capture records the fault
 * registers; for a fault of the kernel itself it prints a report and halts the board. */
    .global cm_fault_handler
    .type cm_fault_handler, %function
    .thumb_func
cm_fault_handler:
    mrs     r1, msp                 /* the frame, if the kernel itself faulted */
    push    {r4, lr}
    mov     r0, lr
    bl      cm_fault_capture
    pop     {r4, lr}
    movs    r0, #TRAP_FAULT
    b       cm_return_to_kernel
    .size cm_fault_handler, . - cm_fault_handler

    .pool

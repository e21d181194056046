/* ARMv7-M system registers (System Control Block, SysTick, NVIC, MPU): architectural
 * addresses, the same on every Cortex-M3/M4/M7. Numbers from the ARMv7-M Architecture
 * Reference Manual. */
#ifndef CM_REGS_H
#define CM_REGS_H

#include <stdint.h>

#define CM_REG(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* System Control Block */
#define SCB_ICSR   CM_REG(0xE000ED04u)
#define SCB_VTOR   CM_REG(0xE000ED08u)
#define SCB_CCR    CM_REG(0xE000ED14u)
#define SCB_SHPR1  CM_REG(0xE000ED18u)   /* MemManage [7:0], BusFault [15:8], UsageFault [23:16] */
#define SCB_SHPR2  CM_REG(0xE000ED1Cu)   /* SVCall [31:24] */
#define SCB_SHPR3  CM_REG(0xE000ED20u)   /* PendSV [23:16], SysTick [31:24] */
#define SCB_SHCSR  CM_REG(0xE000ED24u)
#define SCB_CFSR   CM_REG(0xE000ED28u)
#define SCB_HFSR   CM_REG(0xE000ED2Cu)
#define SCB_MMFAR  CM_REG(0xE000ED34u)
#define SCB_BFAR   CM_REG(0xE000ED38u)
#define SCB_CPACR  CM_REG(0xE000ED88u)

#define ICSR_PENDSVSET (1u << 28)
#define ICSR_PENDSTCLR (1u << 25)
#define SHCSR_MEMFAULTENA (1u << 16)
#define SHCSR_BUSFAULTENA (1u << 17)
#define SHCSR_USGFAULTENA (1u << 18)
#define CCR_STKALIGN (1u << 9)

/* CFSR = UFSR[31:16] | BFSR[15:8] | MMFSR[7:0] */
#define MMFSR_IACCVIOL  (1u << 0)
#define MMFSR_DACCVIOL  (1u << 1)
#define MMFSR_MUNSTKERR (1u << 3)
#define MMFSR_MSTKERR   (1u << 4)
#define MMFSR_MLSPERR   (1u << 5)
#define MMFSR_MMARVALID (1u << 7)
#define BFSR_IBUSERR    (1u << 8)
#define BFSR_PRECISERR  (1u << 9)
#define BFSR_IMPRECISERR (1u << 10)
#define BFSR_UNSTKERR   (1u << 11)
#define BFSR_STKERR     (1u << 12)
#define BFSR_LSPERR     (1u << 13)
#define BFSR_BFARVALID  (1u << 15)
#define UFSR_UNDEFINSTR (1u << 16)
#define UFSR_INVSTATE   (1u << 17)
#define UFSR_INVPC      (1u << 18)
#define UFSR_NOCP       (1u << 19)
#define UFSR_UNALIGNED  (1u << 24)
#define UFSR_DIVBYZERO  (1u << 25)
#define HFSR_VECTTBL    (1u << 1)
#define HFSR_FORCED     (1u << 30)
#define HFSR_DEBUGEVT   (1u << 31)

/* SysTick */
#define SYST_CSR   CM_REG(0xE000E010u)
#define SYST_RVR   CM_REG(0xE000E014u)
#define SYST_CVR   CM_REG(0xE000E018u)
#define SYST_CSR_ENABLE    (1u << 0)
#define SYST_CSR_TICKINT   (1u << 1)
#define SYST_CSR_CLKSOURCE (1u << 2)   /* 1 = the processor clock */

/* NVIC: one bit per interrupt in each 32-bit word; one byte of priority per interrupt */
#define NVIC_ISER(n) CM_REG(0xE000E100u + 4u * (n))
#define NVIC_ICER(n) CM_REG(0xE000E180u + 4u * (n))
#define NVIC_ISPR(n) CM_REG(0xE000E200u + 4u * (n))
#define NVIC_ICPR(n) CM_REG(0xE000E280u + 4u * (n))
#define NVIC_IPR8(n) (*(volatile uint8_t *)(uintptr_t)(0xE000E400u + (n)))

/* MPU (PMSAv7) */
#define MPU_TYPE   CM_REG(0xE000ED90u)
#define MPU_CTRL   CM_REG(0xE000ED94u)
#define MPU_RNR    CM_REG(0xE000ED98u)
#define MPU_RBAR   CM_REG(0xE000ED9Cu)
#define MPU_RASR   CM_REG(0xE000EDA0u)
#define MPU_CTRL_ENABLE     (1u << 0)
#define MPU_CTRL_PRIVDEFENA (1u << 2)

/* Exception priorities: lower number = more urgent. Faults preempt everything; device
 * interrupts and SysTick preempt SVC and PendSV, which are the least urgent so they only
 * ever run on top of thread mode (the kernel loop or a process). */
#define CM_PRIO_FAULT 0x00u
#define CM_PRIO_DEVICE 0x80u
#define CM_PRIO_SWITCH 0xFFu

#endif

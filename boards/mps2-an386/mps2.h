/* ARM MPS2 FPGA image AN386 (Cortex-M4), as QEMU's mps2-an386 models it: the CMSDK
 * peripherals this board uses, from the AN386 / CMSDK documentation. */
#ifndef MPS2_H
#define MPS2_H

#include <stdint.h>

#define MPS2_REG(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

#define MPS2_SYSCLK_HZ 25000000u   /* CPU, SysTick (processor clock) and APB timers */

/* CMSDK APB UART0 */
#define UART0_BASE 0x40004000u
#define UART_DATA(b) MPS2_REG((b) + 0x00u)
#define UART_STATE(b) MPS2_REG((b) + 0x04u)
#define UART_CTRL(b) MPS2_REG((b) + 0x08u)
#define UART_INT(b) MPS2_REG((b) + 0x0Cu)      /* read: INTSTATUS, write 1: INTCLEAR */
#define UART_BAUDDIV(b) MPS2_REG((b) + 0x10u)
#define UART_STATE_TXFULL (1u << 0)
#define UART_STATE_RXFULL (1u << 1)
#define UART_CTRL_TXEN (1u << 0)
#define UART_CTRL_RXEN (1u << 1)
#define UART_CTRL_RXINTEN (1u << 3)
#define UART_INT_RX (1u << 1)
#define UART0_RX_IRQ 0u

/* CMSDK APB timers: 32-bit down-counters, reload on zero */
#define TIMER0_BASE 0x40000000u
#define TIMER1_BASE 0x40001000u
#define TIMER_CTRL(b) MPS2_REG((b) + 0x00u)
#define TIMER_VALUE(b) MPS2_REG((b) + 0x04u)
#define TIMER_RELOAD(b) MPS2_REG((b) + 0x08u)
#define TIMER_INT(b) MPS2_REG((b) + 0x0Cu)
#define TIMER_CTRL_EN (1u << 0)
#define TIMER_CTRL_IRQEN (1u << 3)
#define TIMER1_IRQ 9u

/* FPGA IO: user LEDs and push buttons */
#define FPGAIO_BASE 0x40028000u
#define FPGAIO_LED0 MPS2_REG(FPGAIO_BASE + 0x00u)
#define FPGAIO_BUTTON MPS2_REG(FPGAIO_BASE + 0x08u)
#define MPS2_LEDS 2u
#define MPS2_BUTTONS 2u

#endif

/* The MPS2 AN386 board (QEMU's mps2-an386): UART0 is the console, APB timer 0 a free-running
 * counter and timer 1 the wake-up alarm, the FPGA IO block gives 2 LEDs and 2 buttons; CRC
 * is computed in software (the board has no crypto hardware, so no SHA, HMAC or AES).
 * The drivers come from the table every board shares (boards/common/board_drivers.h); IPC
 * is there without legacy IPC, which needs cpu_ops.share_memory. Everything else (loading
 * apps, the kernel loop) is the common Cortex-M board code. */
#include "cm_board.h"
#include "cm_irq.h"
#include "cm_regs.h"
#include "cm_semihost.h"
#include "mps2.h"
#include "policy.h"
#include "soft_crc.h"

/* From kernel.ld */
extern uint8_t _apps_flash_start[], _apps_flash_end[], _apps_ram_start[], _apps_ram_end[];

/* ---- console: UART0, polled output, interrupt-driven input -------------------------------- */

static void uart_write(const char *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        while (UART_STATE(UART0_BASE) & UART_STATE_TXFULL)
            ;
        UART_DATA(UART0_BASE) = (uint8_t)s[i];
    }
}

static void uart_init(void)
{
    UART_BAUDDIV(UART0_BASE) = MPS2_SYSCLK_HZ / 115200u;
    UART_CTRL(UART0_BASE) = UART_CTRL_TXEN | UART_CTRL_RXEN | UART_CTRL_RXINTEN;
    cm_irq_enable(UART0_RX_IRQ);
}

static void uart_rx_service(void)
{
    UART_INT(UART0_BASE) = UART_INT_RX;
    uint8_t buf[16];
    uint32_t n = 0;
    while ((UART_STATE(UART0_BASE) & UART_STATE_RXFULL) && n < sizeof buf)
        buf[n++] = (uint8_t)UART_DATA(UART0_BASE);
    cm_board_console_input(buf, n);
}

/* ---- time: timer 0 counts, timer 1 wakes ---------------------------------------------- */

static uint32_t time_high, time_last_low;

/* Timer 0 counts down from 0xFFFFFFFF at 25 MHz, wrapping every 171 s; the kernel loop
 * reads it at least every max_ticks, so one wrap between reads is always seen. */
static uint64_t timer_now(void)
{
    uint32_t low = ~TIMER_VALUE(TIMER0_BASE);
    if (low < time_last_low)
        time_high++;
    time_last_low = low;
    return (uint64_t)time_high << 32 | low;
}

static void timer_wake_after(uint32_t ticks)
{
    TIMER_CTRL(TIMER1_BASE) = 0;
    TIMER_INT(TIMER1_BASE) = 1;
    TIMER_RELOAD(TIMER1_BASE) = 0xFFFFFFFFu;
    TIMER_VALUE(TIMER1_BASE) = ticks;
    TIMER_CTRL(TIMER1_BASE) = TIMER_CTRL_EN | TIMER_CTRL_IRQEN;
}

static void timer_init(void)
{
    TIMER_CTRL(TIMER0_BASE) = 0;
    TIMER_RELOAD(TIMER0_BASE) = 0xFFFFFFFFu;
    TIMER_VALUE(TIMER0_BASE) = 0xFFFFFFFFu;
    TIMER_CTRL(TIMER0_BASE) = TIMER_CTRL_EN;
    TIMER_CTRL(TIMER1_BASE) = 0;
    cm_irq_enable(TIMER1_IRQ);
}

/* ---- LEDs and buttons: FPGA IO ------------------------------------------------------- */

static void led_set(void *ctx, uint32_t i, bool on)
{
    (void)ctx;
    uint32_t v = FPGAIO_LED0;
    FPGAIO_LED0 = on ? v | 1u << i : v & ~(1u << i);
}

static bool led_get(void *ctx, uint32_t i)
{
    (void)ctx;
    return (FPGAIO_LED0 >> i) & 1u;
}

static bool button_read(void *ctx, uint32_t i)
{
    (void)ctx;
    return (FPGAIO_BUTTON >> i) & 1u;
}

static const struct led_hil leds = {NULL, MPS2_LEDS, led_set, led_get};
static const struct button_hil buttons = {NULL, MPS2_BUTTONS, button_read};

/* ---- entropy: the board has no TRNG; a fixed-seed xorshift keeps runs repeatable --------- */

static void entropy_fill(void *ctx, uint8_t *buf, uint32_t len)
{
    static uint32_t x = 0x2545F491u;
    (void)ctx;
    for (uint32_t i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buf[i] = (uint8_t)x;
    }
}

static const struct entropy_hil entropy = {NULL, entropy_fill};

/* ---- CRC: in software; the result comes back through an interrupt, as a CRC unit's ----- */

/* A line no device of this board raises: the CRC "unit" pends it itself. */
#define SOFT_CRC_IRQ 31u

static struct {
    bool busy;
    crypto_done_fn *done;
    void *client;
} crc_job;

static uint32_t crc_compute(void *ctx, enum crc_alg alg, const uint8_t *data, uint32_t len,
                            uint32_t *result, crypto_done_fn *done, void *client)
{
    (void)ctx;
    if (crc_job.busy)
        return TOCK_BUSY;
    *result = soft_crc(alg, data, len);
    crc_job.busy = true;
    crc_job.done = done;
    crc_job.client = client;
    NVIC_ISPR(SOFT_CRC_IRQ / 32u) = 1u << (SOFT_CRC_IRQ % 32u);
    return TOCK_OK;
}

static void crc_service(void)
{
    crc_job.busy = false;
    crc_job.done(crc_job.client, TOCK_OK);
}

static const struct crc_hil crc = {NULL, crc_compute};

/* ---- IPC: who may register which service name --------------------------------------- */

/* The registration policy (docs/boards.md): {SERVICE, APP} pairs; only the application APP
 * (its application identifier: the TBF package name) may register SERVICE, in either
 * registry. The emulator's equivalent is --set ipc-bind=keystore:keystore. */
static const char *const ipc_binds[][2] = {
    {"keystore", "keystore"},
};

static struct ipc_policy ipc_policy;

static uint32_t name_len(const char *s)
{
    uint32_t n = 0;
    while (s[n])
        n++;
    return n;
}

static void set_ipc_policy(void)
{
    ipc_policy_init(&ipc_policy);
    for (uint32_t i = 0; i < sizeof ipc_binds / sizeof ipc_binds[0]; i++)
        ipc_policy_bind_app_id(&ipc_policy, ipc_binds[i][0], (const uint8_t *)ipc_binds[i][1],
                               name_len(ipc_binds[i][1]));
}

/* ---- interrupts and the end of the run ------------------------------------------------ */

static void service_irq(uint32_t irq)
{
    if (irq == UART0_RX_IRQ) {
        uart_rx_service();
    } else if (irq == TIMER1_IRQ) {
        TIMER_CTRL(TIMER1_BASE) = 0;
        TIMER_INT(TIMER1_BASE) = 1;   /* the loop checks the alarm deadline itself */
    } else if (irq == SOFT_CRC_IRQ && crc_job.busy) {
        crc_service();
    }
}

/* QEMU is started with semihosting (tools/flash.sh): the run's status becomes its exit
 * status, as tockemu's. */
static void halt(int status)
{
    cm_semihost_exit(status);
}

int main(void)
{
    uart_init();
    timer_init();
    set_ipc_policy();
    cm_irq_enable(SOFT_CRC_IRQ);
    const struct cm_board board = {
        .name = "mps2-an386",
        .apps_flash_start = (uint32_t)(uintptr_t)_apps_flash_start,
        .apps_flash_end = (uint32_t)(uintptr_t)_apps_flash_end,
        .apps_ram_start = (uint32_t)(uintptr_t)_apps_ram_start,
        .apps_ram_end = (uint32_t)(uintptr_t)_apps_ram_end,
        .cpu_hz = MPS2_SYSCLK_HZ,
        .slice_us = 10000,
        .fault_policy = FAULT_POLICY_STOP,
        .timer = {MPS2_SYSCLK_HZ, timer_now, timer_wake_after, 0x80000000u},
        .write = uart_write,
        .service_irq = service_irq,
        .devices = {.leds = &leds, .buttons = &buttons, .entropy = &entropy,
                    .ipc_policy = &ipc_policy, .crc = &crc},
        .halt = halt,
        .stop_when_stuck = true,
    };
    cm_board_run(&board);
}

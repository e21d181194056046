/* bad_pointers: hands the kernel pointers it must refuse and checks each answer.
 * Every line is "check: ok" or "check: FAILED (...)"; the app exits with the number of
 * failures, so the board's exit status says whether the kernel held. */
#include <stdint.h>
#include <stdio.h>
#include <tock.h>

#define CONSOLE 1u
#define NO_SUCH_DRIVER 0x7654321u

static int failures;
static char buffer[32];

static void check(const char *what, syscall_return_t r, uint32_t want_type, uint32_t want_err)
{
    bool ok = r.type == want_type && (want_type >= TOCK_SUCCESS || r.data[0] == want_err);
    if (ok) {
        printf("%s: ok\n", what);
        return;
    }
    failures++;
    printf("%s: FAILED (variant %lu, r1 %lu)\n", what, (unsigned long)r.type,
           (unsigned long)r.data[0]);
}

static void on_upcall(int a, int b, int c, void *ud) { (void)a, (void)b, (void)c, (void)ud; }

int main(void)
{
    uint8_t *ram_end = tock_memory_end();
    uint8_t *flash = tock_flash_start();
    uint8_t *grants = tock_grant_start();

    check("allow-rw into flash", allow_readwrite(CONSOLE, 1, flash, 16), TOCK_FAILURE_2U32, 6);
    check("allow-rw past RAM", allow_readwrite(CONSOLE, 1, ram_end - 8, 64), TOCK_FAILURE_2U32, 6);
    check("allow-rw into grants", allow_readwrite(CONSOLE, 1, grants, 8), TOCK_FAILURE_2U32, 6);
    check("allow-rw wrapping 2^32", allow_readwrite(CONSOLE, 1, (void *)0xFFFFFFF0u, 0x20),
          TOCK_FAILURE_2U32, 6);
    check("allow-ro kernel address", allow_readonly(CONSOLE, 1, (void *)0xE000ED00u, 4),
          TOCK_FAILURE_2U32, 6);
    check("allow-rw null buffer", allow_readwrite(CONSOLE, 1, NULL, 0), TOCK_SUCCESS_2U32, 0);
    check("allow-rw zero length anywhere", allow_readwrite(CONSOLE, 1, (void *)0x1234u, 0),
          TOCK_SUCCESS_2U32, 0);
    check("allow-rw own buffer", allow_readwrite(CONSOLE, 1, buffer, sizeof buffer),
          TOCK_SUCCESS_2U32, 0);
    check("allow-rw bad number", allow_readwrite(CONSOLE, 99, buffer, sizeof buffer),
          TOCK_FAILURE_2U32, 10);
    check("subscribe to RAM", subscribe(CONSOLE, 1, (subscribe_upcall *)(void *)buffer, NULL),
          TOCK_FAILURE_2U32, 6);
    check("subscribe bad number", subscribe(CONSOLE, 42, on_upcall, NULL), TOCK_FAILURE_2U32, 10);
    check("command missing driver", command(NO_SUCH_DRIVER, 0, 0, 0), TOCK_FAILURE, 11);
    check("command unknown", command(CONSOLE, 77, 0, 0), TOCK_FAILURE, 10);
    check("sbrk into grants", memop(TOCK_MEMOP_SBRK, (uint32_t)(grants - (uint8_t *)tock_sbrk(0))),
          TOCK_FAILURE, 9);
    check("brk below allowed buffer", memop(TOCK_MEMOP_BRK, (uint32_t)(uintptr_t)buffer),
          TOCK_FAILURE, 9);
    check("memop unknown", memop(99, 0), TOCK_FAILURE, 10);
    printf("bad_pointers: %d failures\n", failures);
    return failures;
}

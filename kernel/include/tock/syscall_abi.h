/* TRD104 system-call ABI constants: classes, return variants, error codes.
 * Shared by the kernel, the host HAL, the tools and the tests. */
#ifndef TOCK_SYSCALL_ABI_H
#define TOCK_SYSCALL_ABI_H

#include <stdint.h>

enum syscall_class {
    SYSCALL_YIELD = 0,
    SYSCALL_SUBSCRIBE = 1,
    SYSCALL_COMMAND = 2,
    SYSCALL_ALLOW_RW = 3,
    SYSCALL_ALLOW_RO = 4,
    SYSCALL_MEMOP = 5,
    SYSCALL_EXIT = 6,
    SYSCALL_ALLOW_USERSPACE_READABLE = 7,
};

enum return_variant {
    RV_FAILURE = 0,
    RV_FAILURE_U32 = 1,
    RV_FAILURE_2U32 = 2,
    RV_FAILURE_U64 = 3,
    RV_SUCCESS = 128,
    RV_SUCCESS_U32 = 129,
    RV_SUCCESS_2U32 = 130,
    RV_SUCCESS_U64 = 131,
    RV_SUCCESS_3U32 = 132,
    RV_SUCCESS_U32_U64 = 133,
};

enum tock_error {
    TOCK_OK = 0, /* statuscode "success" in upcalls */
    TOCK_FAIL = 1,
    TOCK_BUSY = 2,
    TOCK_ALREADY = 3,
    TOCK_OFF = 4,
    TOCK_RESERVE = 5,
    TOCK_INVAL = 6,
    TOCK_SIZE = 7,
    TOCK_CANCEL = 8,
    TOCK_NOMEM = 9,
    TOCK_NOSUPPORT = 10,
    TOCK_NODEVICE = 11,
    TOCK_UNINSTALLED = 12,
    TOCK_NOACK = 13,
};

enum yield_kind { YIELD_NO_WAIT = 0, YIELD_WAIT = 1, YIELD_WAIT_FOR = 2 };
enum exit_kind { EXIT_TERMINATE = 0, EXIT_RESTART = 1 };

/* Core driver numbers (capsules/core/src/driver.rs). */
enum {
    DRIVER_ALARM = 0x0,
    DRIVER_CONSOLE = 0x1,
    DRIVER_LED = 0x2,
    DRIVER_BUTTON = 0x3,
    DRIVER_GPIO = 0x4,
    DRIVER_LOW_LEVEL_DEBUG = 0x8,
    DRIVER_IPC_LEGACY = 0x10000,
    DRIVER_RNG = 0x40001,
};

/* Name of an error code ("INVAL"), or NULL for an unknown value. */
const char *tock_error_name(uint32_t err);
/* Name of a return variant ("Success u32"), or NULL. */
const char *return_variant_name(uint32_t variant);
/* Name of a syscall class ("command"), or NULL. */
const char *syscall_class_name(uint32_t cls);

#endif

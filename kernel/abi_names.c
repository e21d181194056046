/* Human-readable names of ABI constants, for traces and reports. */
#include "tock/syscall_abi.h"

#include <stddef.h>

const char *tock_error_name(uint32_t err)
{
    static const char *const names[] = {
        "SUCCESS", "FAIL", "BUSY", "ALREADY", "OFF", "RESERVE", "INVAL", "SIZE",
        "CANCEL", "NOMEM", "NOSUPPORT", "NODEVICE", "UNINSTALLED", "NOACK",
    };
    if (err < sizeof names / sizeof names[0])
        return names[err];
    if (err == 1024)
        return "BADRVAL";
    return NULL;
}

const char *return_variant_name(uint32_t variant)
{
    switch (variant) {
    case RV_FAILURE: return "Failure";
    case RV_FAILURE_U32: return "Failure u32";
    case RV_FAILURE_2U32: return "Failure 2*u32";
    case RV_FAILURE_U64: return "Failure u64";
    case RV_SUCCESS: return "Success";
    case RV_SUCCESS_U32: return "Success u32";
    case RV_SUCCESS_2U32: return "Success 2*u32";
    case RV_SUCCESS_U64: return "Success u64";
    case RV_SUCCESS_3U32: return "Success 3*u32";
    case RV_SUCCESS_U32_U64: return "Success u32+u64";
    default: return NULL;
    }
}

const char *syscall_class_name(uint32_t cls)
{
    static const char *const names[] = {
        "yield", "subscribe", "command", "allow-rw", "allow-ro", "memop", "exit", "allow-ur",
    };
    return cls < sizeof names / sizeof names[0] ? names[cls] : NULL;
}

/* Raw Tock system calls (TRD104) and status codes for Cortex-M apps.
 *
 * Every call returns what the kernel put in r0-r3; the helpers at the end
 * turn a return variant into a libtock-c style status code (0 = success,
 * negative Tock error code otherwise). */
#ifndef TOCK_H
#define TOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status codes (negated kernel ErrorCode values) ---------------------- */
#define RETURNCODE_SUCCESS       0
#define RETURNCODE_FAIL         -1
#define RETURNCODE_EBUSY        -2
#define RETURNCODE_EALREADY     -3
#define RETURNCODE_EOFF         -4
#define RETURNCODE_ERESERVE     -5
#define RETURNCODE_EINVAL       -6
#define RETURNCODE_ESIZE        -7
#define RETURNCODE_ECANCEL      -8
#define RETURNCODE_ENOMEM       -9
#define RETURNCODE_ENOSUPPORT  -10
#define RETURNCODE_ENODEVICE   -11
#define RETURNCODE_EUNINSTALLED -12
#define RETURNCODE_ENOACK      -13
#define RETURNCODE_EBADRVAL  -1024 /* the kernel answered with an unexpected variant */

typedef int returncode_t;

/* ---- return variants (value of r0) ----------------------------------------- */
enum tock_rtype {
    TOCK_FAILURE = 0,
    TOCK_FAILURE_U32 = 1,
    TOCK_FAILURE_2U32 = 2,
    TOCK_FAILURE_U64 = 3,
    TOCK_SUCCESS = 128,
    TOCK_SUCCESS_U32 = 129,
    TOCK_SUCCESS_2U32 = 130,
    TOCK_SUCCESS_U64 = 131,
    TOCK_SUCCESS_3U32 = 132,
    TOCK_SUCCESS_U32_U64 = 133,
};

/* r0 = variant, data[0..2] = r1..r3 as the kernel left them. */
typedef struct {
    uint32_t type;
    uint32_t data[3];
} syscall_return_t;

/* Yield-WaitFor hands back the three upcall arguments. */
typedef struct {
    uint32_t data0, data1, data2;
} yield_waitfor_return_t;

/* Upcall signature: three driver values and the subscribe's userdata. */
typedef void subscribe_upcall(int arg0, int arg1, int arg2, void *userdata);

/* An upcall that does nothing: subscribe it where only Yield-WaitFor
 * collects the event. */
void tock_ignore_upcall(int arg0, int arg1, int arg2, void *userdata);

/* ---- class 0: yield ------------------------------------------------------------ */
/* Run one pending upcall if there is one; returns true if an upcall ran. */
bool yield_no_wait(void);
/* Block until an upcall has run. */
void yield(void);
/* Block until the (driver, subscribe) upcall is pending and return its
 * arguments without calling any function. */
yield_waitfor_return_t yield_wait_for(uint32_t driver, uint32_t subscribe_num);

/* ---- classes 1-4, 7 -------------------------------------------------------------- */
syscall_return_t subscribe(uint32_t driver, uint32_t subscribe_num,
                           subscribe_upcall *fn, void *userdata);
syscall_return_t command(uint32_t driver, uint32_t command_num,
                         uint32_t arg0, uint32_t arg1);
syscall_return_t allow_readwrite(uint32_t driver, uint32_t allow_num,
                                 void *ptr, size_t len);
syscall_return_t allow_readonly(uint32_t driver, uint32_t allow_num,
                                const void *ptr, size_t len);
syscall_return_t allow_userspace_read(uint32_t driver, uint32_t allow_num,
                                      void *ptr, size_t len);

/* ---- class 5: memop ------------------------------------------------------------------ */
enum tock_memop {
    TOCK_MEMOP_BRK = 0,
    TOCK_MEMOP_SBRK = 1,
    TOCK_MEMOP_MEM_START = 2,
    TOCK_MEMOP_MEM_END = 3,
    TOCK_MEMOP_FLASH_START = 4,
    TOCK_MEMOP_FLASH_END = 5,
    TOCK_MEMOP_GRANT_START = 6,
    TOCK_MEMOP_FLASH_REGIONS = 7,
    TOCK_MEMOP_FLASH_REGION_START = 8,
    TOCK_MEMOP_FLASH_REGION_END = 9,
    TOCK_MEMOP_STACK_START = 10,
    TOCK_MEMOP_HEAP_START = 11,
};

syscall_return_t memop(uint32_t op, uint32_t arg);
/* Convenience wrappers; they return 0 / NULL on failure. */
returncode_t tock_brk(void *addr);
void *tock_sbrk(intptr_t increment); /* old break, or (void *)-1 */
void *tock_memory_start(void);
void *tock_memory_end(void);
void *tock_flash_start(void);
void *tock_flash_end(void);
void *tock_grant_start(void);
/* Writeable flash regions (TBF WriteableFlashRegion), libtock-c's names: how many, and
 * where region i begins and ends (NULL for a region the app does not have). */
int tock_app_number_writeable_flash_regions(void);
void *tock_app_writeable_flash_region_begins_at(int region_index);
void *tock_app_writeable_flash_region_ends_at(int region_index);

/* ---- class 6: exit -------------------------------------------------------------------- */
__attribute__((noreturn)) void tock_exit(uint32_t completion_code);
__attribute__((noreturn)) void tock_restart(uint32_t completion_code);

/* ---- turning variants into status codes ----------------------------------------- */
/* Error code from any failure variant (negative), 0 for any success variant. */
returncode_t tock_status(syscall_return_t r);
/* Expect exactly Success (no value). */
returncode_t tock_return_novalue(syscall_return_t r);
/* Expect Success u32; stores the value (out may be NULL). */
returncode_t tock_return_u32(syscall_return_t r, uint32_t *out);
/* Expect Success 2xu32. */
returncode_t tock_return_u32_u32(syscall_return_t r, uint32_t *a, uint32_t *b);
/* Expect Success u64. */
returncode_t tock_return_u64(syscall_return_t r, uint64_t *out);
/* Status field of an upcall (0 or a positive kernel ErrorCode) -> returncode. */
returncode_t tock_status_to_returncode(uint32_t status);
/* "SUCCESS", "EBUSY", ... for messages. */
const char *tock_strrcode(returncode_t rc);

/* Is this driver present?  (command 0) */
bool driver_exists(uint32_t driver);

#ifdef __cplusplus
}
#endif

#endif /* TOCK_H */

/* The ".tock_native" section of one native app: what a TBF header says for an ARM app
 * (package name, heap sizes) plus where the app's RAM block was linked. Compiled once
 * per app with -DTOCK_NATIVE_PACKAGE="name" -DTOCK_APP_HEAP=N -DTOCK_KERNEL_HEAP=N. */
#include <stdint.h>

#include "native_abi.h"

#ifndef TOCK_NATIVE_PACKAGE
#error "build with -DTOCK_NATIVE_PACKAGE=\"name\""
#endif
#ifndef TOCK_APP_HEAP
#define TOCK_APP_HEAP 1024
#endif
#ifndef TOCK_KERNEL_HEAP
#define TOCK_KERNEL_HEAP 1024
#endif

/* From sdk/native/native.ld (an ASan build: --defsym, and glibc's _end) */
extern char __tock_ram_start[], __tock_stack_size[], __bss_end[];
#ifdef TOCK_NATIVE_ASAN
extern char _end[];
#define __bss_end _end
#endif

__attribute__((section(NATIVE_INFO_SECTION), used))
const struct native_info tock_native_info = {
    .magic = NATIVE_ABI_MAGIC,
    .version = NATIVE_ABI_VERSION,
    .ram_start = (uint64_t)(uintptr_t)__tock_ram_start,
    .image_end = (uint64_t)(uintptr_t)__bss_end,
    .stack_size = (uint64_t)(uintptr_t)__tock_stack_size,
    .app_heap = TOCK_APP_HEAP,
    .kernel_heap = TOCK_KERNEL_HEAP,
#ifdef TOCK_NATIVE_ASAN
    .flags = NATIVE_INFO_ASAN,
#endif
    .package_name = TOCK_NATIVE_PACKAGE,
};

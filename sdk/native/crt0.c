/* Start-up of a Tock app built for the host (the native counterpart of sdk/crt0.c).
 *
 * Linux starts _start on its own stack with the ELF mapped: code and constants at the
 * app's flash address, .data and .bss inside the app's RAM block (sdk/native/native.ld).
 * tockemu passes two memfds: the channel (fd 3) and the RAM block (fd 4). _start
 *   1. maps the channel at NATIVE_CHANNEL_ADDR and checks it was built for this app;
 *   2. copies .data and .bss into the RAM memfd and maps the memfd over the whole RAM
 *      block, so from now on tockemu's kernel sees every byte the app writes there;
 *   3. closes both descriptors, installs the fault handlers and the seccomp filter;
 *   4. moves to the stack at the bottom of the RAM block and runs what sdk/crt0.c runs:
 *      memop brk over .bss, memop 10/11, constructors, main, exit.
 *
 * An AddressSanitizer build (-DTOCK_NATIVE_ASAN) is a dynamic glibc program instead: the
 * sanitizer needs glibc's start-up, which also runs the constructors. main is wrapped
 * (-Wl,--wrap=main) and __wrap_main does steps 1-4; .data and .bss are placed in the RAM
 * block with -Wl,-Tdata. */
#include <stdint.h>
#include <stdlib.h>
#include <tock.h>

#include "linux.h"
#include "runtime.h"

/* From sdk/native/native.ld (or --defsym in an ASan build): .data and .bss are
 * [__tock_stack_top, __bss_end). */
extern char __tock_ram_start[], __tock_stack_top[], __tock_stack_size[], __bss_end[];

#ifdef TOCK_NATIVE_ASAN
extern char _end[];          /* glibc's linker script: the end of .bss */
#define __bss_end _end
extern int __real_main(void);
#define APP_MAIN __real_main
/* The sanitizer's fiber calls: it must know the stack moved (weak: only with ASan). */
void __sanitizer_start_switch_fiber(void **save, const void *bottom, size_t size)
    __attribute__((weak));
void __sanitizer_finish_switch_fiber(void *save, const void **bottom, size_t *size)
    __attribute__((weak));
#else
extern void (*__preinit_array_start[])(void), (*__preinit_array_end[])(void);
extern void (*__init_array_start[])(void), (*__init_array_end[])(void);
extern int main(void);
#define APP_MAIN main

__asm__(".section .text.native_start,\"ax\",@progbits\n"
        ".globl _start\n"
        ".type _start,@function\n"
        "_start:\n"
        "  xor %ebp, %ebp\n"
        "  mov %rsp, %rdi\n"      /* argc, argv..., envp... */
        "  and $-16, %rsp\n"
        "  call native_start\n"
        "  hlt\n"
        ".text\n");
#endif

static uint64_t length(const char *s)
{
    uint64_t n = 0;
    while (s[n])
        n++;
    return n;
}

void native_say(const char *a, const char *b)
{
    linux_syscall(NR_write, 2, a, length(a));
    if (b)
        linux_syscall(NR_write, 2, b, length(b));
    linux_syscall(NR_write, 2, "\n", 1);
}

static bool starts_with(const char *s, const char *prefix)
{
    while (*prefix)
        if (*s++ != *prefix++)
            return false;
    return true;
}

static bool started_by_tockemu(char **envp)
{
    for (; *envp; envp++)
        if (starts_with(*envp, NATIVE_ENV "="))
            return true;
    return false;
}

/* Runs on the stack in the RAM block, inside the sandbox. */
static __attribute__((noreturn, used)) void native_main(void)
{
    uintptr_t heap = (uintptr_t)__bss_end;
    if (tock_brk((void *)heap) != RETURNCODE_SUCCESS)
        tock_exit(0xff);   /* not enough memory for .bss, as sdk/crt0.c */
    memop(TOCK_MEMOP_STACK_START, (uint32_t)(uintptr_t)__tock_stack_top);
    memop(TOCK_MEMOP_HEAP_START, (uint32_t)heap);
#ifdef TOCK_NATIVE_ASAN
    if (__sanitizer_finish_switch_fiber)
        __sanitizer_finish_switch_fiber(NULL, NULL, NULL);
#else
    for (void (**f)(void) = __preinit_array_start; f < __preinit_array_end; f++)
        (*f)();
    for (void (**f)(void) = __init_array_start; f < __init_array_end; f++)
        (*f)();
#endif
    exit(APP_MAIN());
}

static void map_channel(void)
{
    long m = linux_syscall6(NR_mmap, NATIVE_CHANNEL_ADDR, NATIVE_CHANNEL_SIZE,
                            PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED_NOREPLACE,
                            NATIVE_FD_CHANNEL, 0);
    if (m != (long)NATIVE_CHANNEL_ADDR) {
        native_say("tock native runtime: cannot map the channel from tockemu (fd 3)", NULL);
        linux_exit_group(127);
    }
    if (CHANNEL->magic != NATIVE_ABI_MAGIC || CHANNEL->version != NATIVE_ABI_VERSION) {
        native_say("tock native runtime: fd 3 is not a channel of this tockemu version", NULL);
        linux_exit_group(127);
    }
}

static void map_ram(void)
{
    struct native_channel *c = CHANNEL;
    uintptr_t ram = (uintptr_t)__tock_ram_start;
    if (c->ram_start != ram)
        native_fail("the app is linked for another RAM block than tockemu gave it", 0);
    if (c->ram_size < (uintptr_t)__bss_end - ram)
        native_fail("the RAM block tockemu gave is smaller than .data and .bss", 0);
    /* .data and .bss as they are now, into the shared block */
    long n = (long)(__bss_end - __tock_stack_top);
    if (n > 0) {
        long w = linux_syscall6(NR_pwrite64, NATIVE_FD_RAM, (long)__tock_stack_top, n,
                                (long)((uintptr_t)__tock_stack_top - ram), 0, 0);
        if (w != n)
            native_fail("cannot copy .data into the RAM block", w);
    }
    long m = linux_syscall6(NR_mmap, (long)ram, c->ram_size, PROT_READ | PROT_WRITE,
                            MAP_SHARED | MAP_FIXED, NATIVE_FD_RAM, 0);
    if (m != (long)ram)
        native_fail("cannot map the RAM block", m);
    linux_syscall(NR_close, NATIVE_FD_CHANNEL, 0, 0);
    linux_syscall(NR_close, NATIVE_FD_RAM, 0, 0);
}

/* The outermost frame on the new stack: unwinders (gdb, ASan's reports) stop here. */
__asm__(".text\n"
        ".type native_on_ram_stack,@function\n"
        "native_on_ram_stack:\n"
        "  .cfi_startproc\n"
        "  .cfi_undefined rip\n"
        "  xor %ebp, %ebp\n"
        "  call native_main\n"
        "  hlt\n"
        "  .cfi_endproc\n");

static __attribute__((noreturn)) void start(long argc, char **argv, char **envp)
{
    if (!started_by_tockemu(envp)) {
        native_say("This is a Tock app built for the host. It runs as a process of tockemu's "
                   "kernel: tockemu native:", argc ? argv[0] : "APP");
        linux_exit_group(2);
    }
    map_channel();
    map_ram();
    native_sandbox_setup();
#ifdef TOCK_NATIVE_ASAN
    if (__sanitizer_start_switch_fiber)
        __sanitizer_start_switch_fiber(NULL, __tock_ram_start, (size_t)__tock_stack_size);
#endif
    __asm__ volatile("mov %0, %%rsp\n"
                     "jmp native_on_ram_stack\n"
                     :
                     : "r"((uintptr_t)__tock_stack_top & ~(uintptr_t)15)
                     : "memory");
    __builtin_unreachable();
}

#ifdef TOCK_NATIVE_ASAN
int __wrap_main(int argc, char **argv, char **envp);

int __wrap_main(int argc, char **argv, char **envp)
{
    start(argc, argv, envp);
}
#else
__attribute__((noreturn, used)) void native_start(uint64_t *sp);

void native_start(uint64_t *sp)
{
    long argc = (long)sp[0];
    char **argv = (char **)(sp + 1);
    start(argc, argv, argv + argc + 1);
}
#endif

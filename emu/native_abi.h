/* The contract between tockemu's native backend (emu/native.c) and the runtime of a Tock
 * app built for the host (sdk/native/): addresses, file descriptors, the shared channel
 * and the app's info section. Both sides include this file; nothing here depends on a C
 * library. See docs/native.md.
 *
 * Memory of a native app (one Linux process per Tock process):
 *   NATIVE_FLASH_ADDR   text, rodata, the info section: the process's "flash", mapped by
 *                       Linux from the ELF; the kernel keeps a copy for read-only allows
 *   NATIVE_CHANNEL_ADDR the channel: a memfd shared with tockemu (syscalls, upcalls,
 *                       faults, the seccomp program, the signal stack)
 *   ram_start           the process RAM block (stack, .data, .bss, heap, grants): a memfd
 *                       mapped at the same address in the app and in tockemu (p->ram).
 *                       Every native app is linked for its own block in the low 2 GiB,
 *                       so its pointers fit the kernel's 32-bit checks. */
#ifndef EMU_NATIVE_ABI_H
#define EMU_NATIVE_ABI_H

#include <stdint.h>

#define NATIVE_ABI_MAGIC 0x4e4b4354u      /* "TCKN" */
#define NATIVE_ABI_VERSION 1u

#define NATIVE_FLASH_ADDR 0x10000000u
#define NATIVE_CHANNEL_ADDR 0x50000000u
#define NATIVE_CHANNEL_SIZE 0x10000u
/* RAM blocks the build gives native apps: slot i is [BASE + i*SLOT, BASE + (i+1)*SLOT).
 * All of it lies below AddressSanitizer's low shadow (0x7fff8000). */
#define NATIVE_RAM_BASE 0x60000000u
#define NATIVE_RAM_SLOT 0x00400000u
#define NATIVE_RAM_LIMIT 0x7fff0000u
#define NATIVE_PAGE 4096u

/* Descriptors the app starts with; the runtime closes them once mapped. */
#define NATIVE_FD_CHANNEL 3
#define NATIVE_FD_RAM 4
/* Set in the app's environment by tockemu; the runtime refuses to run without it. */
#define NATIVE_ENV "TOCK_NATIVE"

/* ---- the turn word --------------------------------------------------------------------
 * One 32-bit futex word says who may run. While the app runs it holds the app's thread id
 * (Linux's robust-futex owner format), so if the app dies for any reason Linux sets
 * NATIVE_DIED and wakes tockemu. The app hands the turn to the kernel by storing
 * NATIVE_TURN_KERNEL; the kernel hands it back by storing the thread id. A side that goes
 * to sleep first sets its "sleeping" bit, and the other side calls FUTEX_WAKE only when
 * that bit is set, so a round trip without sleeping costs no system call at all. */
#define NATIVE_TID_MASK 0x3fffffffu        /* FUTEX_TID_MASK */
#define NATIVE_KERNEL_SLEEPS 0x80000000u   /* FUTEX_WAITERS: tockemu sleeps on the word */
#define NATIVE_DIED 0x40000000u            /* FUTEX_OWNER_DIED: set by Linux */
#define NATIVE_TURN_KERNEL 0x20000000u     /* the app waits in a trap */
#define NATIVE_APP_SLEEPS 0x10000000u      /* ... and sleeps on the word */
#define NATIVE_TURN_START 0x08000000u      /* set before the app starts: not trapped yet */

/* What the app does when it gets the turn back (channel.action). */
enum native_action {
    NATIVE_RETURN = 0,   /* the call returns r0-r3 */
    NATIVE_UPCALL = 1,   /* call fn(r0, r1, r2, r3), then return from the yield */
    NATIVE_EXIT = 2,     /* the process ended: exit_group(r0) */
};

/* channel.flags, set by tockemu */
#define NATIVE_FLAG_WRAPPED 1u     /* started under --native-wrap (a debugger, valgrind) */
#define NATIVE_FLAG_NO_SECCOMP 2u  /* do not confine (tockemu --native-no-seccomp) */

/* Fault record the runtime's signal handlers fill in before the app dies. */
enum native_fault_kind {
    NATIVE_FAULT_NONE = 0,
    NATIVE_FAULT_SIGNAL = 1,     /* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP */
    NATIVE_FAULT_SANDBOX = 2,    /* a system call the sandbox forbids (SIGSYS) */
    NATIVE_FAULT_RUNTIME = 3,    /* the runtime could not start: text says why */
};

struct native_fault {
    uint32_t kind;               /* enum native_fault_kind */
    int32_t signo, code;
    int32_t syscall_nr;          /* NATIVE_FAULT_SANDBOX */
    uint32_t syscall_arch;
    uint32_t write;              /* 1: the faulting access was a write (x86 page fault) */
    uint64_t addr;               /* si_addr */
    uint64_t pc, sp;
    uint64_t regs[13];           /* rdi rsi rdx rcx r8 r9 rax rbx rbp r10 r11 r12 r13 */
    char text[96];               /* NUL terminated by the reader, not trusted */
};

#define NATIVE_FILTER_MAX 512     /* sock_filter instructions */
#define NATIVE_ALTSTACK_SIZE 0x8000u

struct native_sock_filter {       /* struct sock_filter */
    uint16_t code;
    uint8_t jt, jf;
    uint32_t k;
};

struct native_channel {
    /* written by tockemu before the app starts */
    uint32_t magic, version;
    uint32_t ram_start, ram_size;
    uint32_t flags;
    uint32_t spin;                 /* TSC ticks the app polls before it sleeps; 0 = none */
    uint32_t filter_len;           /* instructions in filter[]; 0 = no filter */
    uint32_t pad0;

    uint32_t turn __attribute__((aligned(64)));
    uint32_t app_tid;              /* the app's thread id, written at start-up */
    /* struct robust_list_head and the one entry on the list, written by the app */
    uint64_t robust_next, robust_offset, robust_pending;
    uint64_t robust_entry;

    /* a trap: the app writes cls, r, pc, sp; the kernel answers in action, fn, r */
    uint32_t cls __attribute__((aligned(64)));
    uint32_t r[4];
    uint32_t pc, sp;               /* the caller of the system call and its stack */
    uint32_t action;               /* enum native_action */
    uint32_t fn;                   /* NATIVE_UPCALL: the function */

    struct native_fault fault __attribute__((aligned(64)));
    struct native_sock_filter filter[NATIVE_FILTER_MAX];
};

/* The alternate signal stack is the top of the channel mapping. */
#define NATIVE_ALTSTACK_ADDR (NATIVE_CHANNEL_ADDR + NATIVE_CHANNEL_SIZE - NATIVE_ALTSTACK_SIZE)

_Static_assert(sizeof(struct native_channel) <= NATIVE_CHANNEL_SIZE - NATIVE_ALTSTACK_SIZE,
               "the channel overlaps the signal stack");

/* ---- the info section -----------------------------------------------------------------
 * Section ".tock_native" of every native app: what a TBF header says for an ARM app. */
#define NATIVE_INFO_SECTION ".tock_native"
#define NATIVE_NAME_MAX 63

struct native_info {
    uint32_t magic, version;
    uint64_t ram_start;            /* the RAM block the app is linked for */
    uint64_t image_end;            /* end of .bss: RAM the image itself needs */
    uint64_t stack_size;           /* the stack is [ram_start, ram_start + stack_size) */
    uint32_t app_heap, kernel_heap;
    uint32_t flags;                /* NATIVE_INFO_* */
    uint32_t reserved;
    char package_name[NATIVE_NAME_MAX + 1];
};

/* native_info.flags */
#define NATIVE_INFO_ASAN 1u        /* an AddressSanitizer build: glibc, libasan, the heap of
                                      ASan's allocator (outside the RAM block) */

#endif

/* Inside the native runtime: the channel to tockemu, the trap, start-up helpers. */
#ifndef TOCK_NATIVE_RUNTIME_H
#define TOCK_NATIVE_RUNTIME_H

#include <stdint.h>

#include "native_abi.h"

/* The channel is mapped at a fixed address, so no variable in (app-writable) RAM is
 * needed to find it, not even in a signal handler. */
#define CHANNEL ((struct native_channel *)(uintptr_t)NATIVE_CHANNEL_ADDR)

/* Post system call `cls` (arguments already in CHANNEL->r) and wait for the kernel's
 * answer. pc and sp describe the caller for traces and fault reports. Handles
 * NATIVE_EXIT itself; returns with the answer in CHANNEL->r and CHANNEL->action. */
void native_trap(uint32_t cls, uint32_t pc, uint32_t sp);

/* Start-up (sdk/native/sandbox.c): signal handlers on the channel's stack, the robust
 * futex that tells tockemu when this process dies, then the seccomp filter. */
void native_sandbox_setup(void);
/* Record a start-up failure in the channel, say it on stderr, and die. */
__attribute__((noreturn)) void native_fail(const char *what, long err);

/* Write a message on stderr (only before the sandbox is closed). */
void native_say(const char *a, const char *b);

#endif

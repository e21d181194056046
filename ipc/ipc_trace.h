/* Trace output of the IPC capsules: one line per event when k->trace has TRACE_IPC, e.g.
 *   [ipc] keystore(5): register "keystore" -> ok
 * The prefix is the acting process's package name and instance id, as in syscall traces. */
#ifndef IPC_TRACE_H
#define IPC_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#include "tock/kernel.h"

/* Room for a quoted name: 64 bytes of printable name plus quotes, or a shortened escape. */
#define IPC_TRACE_QUOTE_MAX 80u

static inline bool ipc_tracing(const struct kernel *k)
{
    return (k->trace & TRACE_IPC) != 0;
}

/* Write bytes as a quoted string into out (cap bytes, always NUL terminated): printable
 * ASCII as is, '"' and '\\' and other bytes as \xNN, trailing zero bytes (name padding)
 * left out, and "..." after the closing quote when it did not all fit. */
void ipc_trace_quote(char *out, uint32_t cap, const uint8_t *bytes, uint32_t len);

#endif

/* Helpers shared by the two relay capsules, relay request (0xA0010) and relay message
 * (0xA0011): finding a peer process and its capsule data, little-endian byte access to app
 * buffers (no unaligned pointer casts: the app chooses every address), and the IPC trace. */
#ifndef IPC_RELAY_COMMON_H
#define IPC_RELAY_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include "ipc_id.h"
#include "ipc_trace.h"
#include "tock/kernel.h"

/* One trace line per IPC hop when the board runs with TRACE_IPC:
 *   [ipc] client(3) -> server(2): request 16 bytes
 * and a timeline event labelled `what` when the board records one. from is a process, to
 * an IPC identifier; the rest of the line is a kprintf format. */
#define RELAY_HOP(k, from, to, what, ...)                                 \
    do {                                                                  \
        if (ipc_tracing(k)) {                                             \
            relay_trace_hop((k), (from), (to));                           \
            kprintf((k), __VA_ARGS__);                                    \
        }                                                                 \
        if ((k)->hooks.event)                                             \
            kernel_trace_ipc((k), (from), ipc_process_of((k), (to)), (what), \
                             (uint32_t)(to), (uint32_t)((to) >> 32));     \
    } while (0)

/* The start of a hop line, "[ipc] name(id) -> name(id): ", naming `to` by its identifier in
 * hex when no live process has it. */
void relay_trace_hop(struct kernel *k, struct process *from, uint64_t to);

static inline uint32_t relay_min(uint32_t a, uint32_t b) { return a < b ? a : b; }

/* The capsule data for d of the live process named by IPC identifier id, with that process
 * in *p_out (NULL when none); the data is NULL when there is no such process or it never
 * used d. */
void *relay_find(struct kernel *k, const struct driver *d, uint64_t id, struct process **p_out);

/* The capsule data for d of the process in table slot i, with the process in *p_out;
 * NULL unless that process is alive and has used d. For scans over every process. */
void *relay_slot(struct kernel *k, const struct driver *d, uint32_t i, struct process **p_out);

/* Little-endian access to bytes of app memory. */
uint16_t relay_get16(const uint8_t *b);
uint32_t relay_get32(const uint8_t *b);
uint64_t relay_get64(const uint8_t *b);
void relay_put16(uint8_t *b, uint16_t v);
void relay_put32(uint8_t *b, uint32_t v);
void relay_put64(uint8_t *b, uint64_t v);

/* Whether the array of little-endian u64 identifiers in [list, list+len) holds id; a
 * trailing partial entry is ignored. */
bool relay_list_has(const uint8_t *list, uint32_t len, uint64_t id);

#endif

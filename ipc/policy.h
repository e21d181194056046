/* Registration policy of the IPC registries (spec ipc.md §8).
 *
 * A board binds service names to the applications allowed to register them, by application
 * identifier (the bytes of struct process.app_identifier) and/or by ShortId. Once a name has
 * at least one binding, only a process matching one of that name's bindings may register
 * it; anyone else gets FAIL, so an imposter cannot take "keystore" even if it starts first.
 * Names without a binding, an empty policy and a NULL policy are permissive (development).
 *
 * Names are compared with trailing zero bytes ignored on both sides, so the binding
 * "keystore" covers the string registry's 20-byte name "keystore\0\0..." as well as the
 * package name "keystore". Several bindings of one name allow several applications.
 * A binding never matches a locally unique process by ShortId (ShortId 0), nor a process
 * with an empty application identifier by identifier.
 *
 * The table is filled once at board set-up; the policy is copied nowhere, so it must live
 * as long as the registries that use it. */
#ifndef IPC_POLICY_H
#define IPC_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "tock/kernel.h"

#define IPC_POLICY_MAX_BINDINGS 16u
#define IPC_POLICY_NAME_MAX TBF_MAX_PACKAGE_NAME

struct ipc_policy_binding {
    uint8_t name[IPC_POLICY_NAME_MAX];
    uint32_t name_len;                   /* no trailing zero bytes */
    uint8_t app_id[APP_IDENTIFIER_MAX];
    uint32_t app_id_len;                 /* 0: this binding is by ShortId */
    uint32_t short_id;                   /* 0: this binding is by application identifier */
};

struct ipc_policy {
    struct ipc_policy_binding bindings[IPC_POLICY_MAX_BINDINGS];
    uint32_t count;
};

/* An empty (permissive) policy. */
void ipc_policy_init(struct ipc_policy *pol);

/* Only the application with identifier app_id[0..len) may register `name` (a NUL-terminated
 * string of 1..IPC_POLICY_NAME_MAX bytes). Returns 0, or -1 when the table is full or an
 * argument is empty or too long. */
int ipc_policy_bind_app_id(struct ipc_policy *pol, const char *name, const uint8_t *app_id,
                           uint32_t len);
/* The same by ShortId (non-zero). */
int ipc_policy_bind_short_id(struct ipc_policy *pol, const char *name, uint32_t short_id);

/* true when some binding names name[0..len). */
bool ipc_policy_is_bound(const struct ipc_policy *pol, const uint8_t *name, uint32_t len);

/* true when p may register name[0..len): the name is unbound, or p matches one of its
 * bindings. pol may be NULL (permissive). */
bool ipc_policy_allows(const struct ipc_policy *pol, const struct process *p,
                       const uint8_t *name, uint32_t len);

#endif

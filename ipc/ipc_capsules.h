/* The IPC capsules as one bundle, the way a board adds them: both registries (by string
 * name and by package name) under one registration policy, identity, relay request, relay
 * message and, where the CPU backend can share memory between processes, legacy IPC. */
#ifndef IPC_CAPSULES_H
#define IPC_CAPSULES_H

#include "identity.h"
#include "legacy.h"
#include "policy.h"
#include "registry.h"
#include "relay_message.h"
#include "relay_request.h"

struct ipc_capsules {
    struct registry registry_name;
    struct registry registry_package;
    struct identity identity;
    struct relay_request_capsule relay_request;
    struct relay_message_capsule relay_message;
    struct legacy_ipc legacy;
};

/* Register the capsules with k. The registries keep a pointer to policy. legacy_slots is
 * how many process indexes legacy IPC can name (Tock's NUM_PROCS); 0 leaves legacy IPC out
 * (a board whose CPU backend has no share_memory). */
void ipc_capsules_add(struct kernel *k, struct ipc_capsules *c, const struct ipc_policy *policy,
                      uint32_t legacy_slots);

#endif

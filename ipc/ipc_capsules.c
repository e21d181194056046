/* The IPC capsules as one bundle (see ipc_capsules.h). */
#include "ipc_capsules.h"

void ipc_capsules_add(struct kernel *k, struct ipc_capsules *c, const struct ipc_policy *policy,
                      uint32_t legacy_slots)
{
    registry_init(&c->registry_name, REGISTRY_STRING_NAME, policy);
    kernel_add_driver(k, &c->registry_name.driver);
    registry_init(&c->registry_package, REGISTRY_PACKAGE_NAME, policy);
    kernel_add_driver(k, &c->registry_package.driver);
    identity_init(&c->identity);
    kernel_add_driver(k, &c->identity.driver);
    relay_request_capsule_init(&c->relay_request);
    kernel_add_driver(k, &c->relay_request.driver);
    relay_message_capsule_init(&c->relay_message);
    kernel_add_driver(k, &c->relay_message.driver);
    if (legacy_slots) {
        legacy_ipc_init(&c->legacy, legacy_slots);
        kernel_add_driver(k, &c->legacy.driver);
    }
}

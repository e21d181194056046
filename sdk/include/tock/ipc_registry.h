/* IPC registries: a service name -> the IPC identifier of the process that registered it.
 *
 *   0xA0000  string names: 1..20 bytes, zero padded (IPC_NAME_LEN)
 *   0xA0001  package names: a process registers under its TBF Package Name and is found
 *            by it (only once it has registered)
 *
 * Discovery optionally checks the application behind the name (see ipc_identity.h):
 * pass the expected application identifier and a process holding the name that is not
 * that application gives IPC_EIDENTITY and its identifier is never handed out.
 *
 * Status codes: FAIL the board binds the name to another application; EALREADY another
 * live process holds the name (register) or a wait is already pending (wait); ESIZE a name
 * longer than 20 bytes; EINVAL an empty name; ENODEVICE nobody holds the name; ENOMEM no
 * package name (register_package); IPC_ETIMEOUT the wait ran out (it was cancelled). */
#ifndef TOCK_IPC_REGISTRY_H
#define TOCK_IPC_REGISTRY_H

#include <tock/ipc.h>
#include <tock/ipc_identity.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IPC_NAME_LEN 20

/* ---- blocking --------------------------------------------------------------------- */

/* Register `name` for this process (replaces a name it registered before). */
returncode_t ipc_registry_register(const char *name);
/* Register under this process's TBF package name. */
returncode_t ipc_registry_register_package(void);

/* Who holds `name` now (ENODEVICE: nobody). expected: NULL, or the application that must
 * hold it. The id is written only on success. */
returncode_t ipc_registry_discover(const char *name, const ipc_appid_t *expected, ipc_id_t *id);
returncode_t ipc_registry_discover_package(const char *package, const ipc_appid_t *expected,
                                           ipc_id_t *id);

/* Discover-or-wait: like discover, but if nobody holds the name yet, wait until a process
 * registers it, at most timeout_ms (IPC_WAIT_FOREVER: no limit). */
returncode_t ipc_registry_wait(const char *name, const ipc_appid_t *expected,
                               uint32_t timeout_ms, ipc_id_t *id);
returncode_t ipc_registry_wait_package(const char *package, const ipc_appid_t *expected,
                                       uint32_t timeout_ms, ipc_id_t *id);

/* ---- callback forms ------------------------------------------------------------------ */
/* The callbacks run from a later yield. One registration and one discovery of each
 * registry may be in flight at a time; the name and the expected identifier are copied. */

typedef void ipc_registered_cb(returncode_t rc, void *ud);
typedef void ipc_discovered_cb(returncode_t rc, ipc_id_t id, void *ud);

returncode_t ipc_registry_register_async(const char *name, ipc_registered_cb *cb, void *ud);
returncode_t ipc_registry_register_package_async(ipc_registered_cb *cb, void *ud);

/* wait = false: discover (the callback follows at once); true: discover-or-wait. */
returncode_t ipc_registry_discover_async(const char *name, bool wait,
                                         const ipc_appid_t *expected,
                                         ipc_discovered_cb *cb, void *ud);
returncode_t ipc_registry_discover_package_async(const char *package, bool wait,
                                                 const ipc_appid_t *expected,
                                                 ipc_discovered_cb *cb, void *ud);

/* Cancel this process's pending wait: its callback gets RETURNCODE_ECANCEL.
 * EINVAL when none is pending. */
returncode_t ipc_registry_cancel_wait(void);
returncode_t ipc_registry_cancel_wait_package(void);

#ifdef __cplusplus
}
#endif

#endif

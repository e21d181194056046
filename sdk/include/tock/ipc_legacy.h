/* Legacy IPC, driver 0x10000, with libtock-c's API (libtock/kernel/ipc.h), so that stock
 * libtock-c IPC apps (rot13_service, rot13_client) build unchanged. New code should use
 * tock/ipc.h: legacy processes are named by a reusable table index and the shared-memory
 * protocol is spoofable.
 *
 * A service registers its callback under its own package name; clients find it by that
 * name, share a buffer with it and notify it. The service callback gets
 * (client index, buffer length, buffer address, ud); the kernel maps the buffer's pages
 * into the service until the client shares another buffer or either side ends. Start the
 * service before its clients: a notify sent before it subscribed is lost. */
#ifndef TOCK_IPC_LEGACY_H
#define TOCK_IPC_LEGACY_H

#include <tock.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IPC_DRIVER_NUM 0x10000

/* svc_id = the process index of the live process with that package name. */
int ipc_discover(const char *pkg_name, size_t *svc_id);
/* Serve under pkg_name (this process's own package name). */
int ipc_register_service_callback(const char *pkg_name, subscribe_upcall callback, void *ud);
/* callback(service index, len, buffer the service shares or 0, ud) on ipc_notify_client. */
int ipc_register_client_callback(size_t svc_id, subscribe_upcall callback, void *ud);
int ipc_notify_client(size_t pid);
int ipc_notify_service(size_t pid);
/* Share base[0..len) with process pid (usually the service). */
int ipc_share(size_t pid, void *base, int len);

#ifdef __cplusplus
}
#endif

#endif

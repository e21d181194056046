/* Legacy IPC 0x10000 with libtock-c's function names: cmd 1 discover (RO allow 0 = package
 * name), cmd 2 / 3 notify service / client (arg0 = process index), RW allow N = buffer
 * shared with process N, subscribe N = upcalls from / as process N. */
#include <tock/ipc_legacy.h>

#include <string.h>

enum { CMD_DISCOVER = 1, CMD_NOTIFY_SERVICE = 2, CMD_NOTIFY_CLIENT = 3 };

int ipc_discover(const char *pkg_name, size_t *svc_id) {
    if (!pkg_name) return RETURNCODE_EINVAL;
    syscall_return_t prev = allow_readonly(IPC_DRIVER_NUM, 0, pkg_name, strlen(pkg_name));
    returncode_t rc = tock_status(prev);
    if (rc) return rc;
    uint32_t id = 0;
    rc = tock_return_u32(command(IPC_DRIVER_NUM, CMD_DISCOVER, 0, 0), &id);
    /* give the kernel back what was allowed before */
    allow_readonly(IPC_DRIVER_NUM, 0, (const void *)prev.data[0], prev.data[1]);
    if (rc == RETURNCODE_SUCCESS && svc_id) *svc_id = id;
    return rc;
}

int ipc_register_service_callback(const char *pkg_name, subscribe_upcall callback, void *ud) {
    /* A service's upcall is the subscribe number of its own index. */
    size_t self;
    returncode_t rc = ipc_discover(pkg_name, &self);
    if (rc) return rc;
    return tock_status(subscribe(IPC_DRIVER_NUM, self, callback, ud));
}

int ipc_register_client_callback(size_t svc_id, subscribe_upcall callback, void *ud) {
    return tock_status(subscribe(IPC_DRIVER_NUM, svc_id, callback, ud));
}

int ipc_notify_service(size_t pid) {
    return tock_return_novalue(command(IPC_DRIVER_NUM, CMD_NOTIFY_SERVICE, pid, 0));
}

int ipc_notify_client(size_t pid) {
    return tock_return_novalue(command(IPC_DRIVER_NUM, CMD_NOTIFY_CLIENT, pid, 0));
}

int ipc_share(size_t pid, void *base, int len) {
    return tock_status(allow_readwrite(IPC_DRIVER_NUM, pid, base, (size_t)len));
}

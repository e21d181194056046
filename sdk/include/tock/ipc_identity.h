/* Identity driver 0xA0002: what a process can learn about the process behind an IPC
 * identifier. Clients use it to check that "keystore" is the trusted keystore application
 * before sending secrets; servers use it to authorise the id that came with a request
 * (never trust an id's bits: they are forgeable).
 *
 * The application identifier is the one the kernel's AppID policy gives the process: the
 * package name under the name policy, or e.g. the SHA-256 of a signing key. */
#ifndef TOCK_IPC_IDENTITY_H
#define TOCK_IPC_IDENTITY_H

#include <tock/ipc.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IPC_APP_ID_MAX 64   /* bytes of the longest application identifier */

/* An expected application identifier: bytes[0..len). */
typedef struct {
    const void *bytes;
    uint32_t len;
} ipc_appid_t;

/* From a string literal: IPC_APPID_STR("keystore"). */
#define IPC_APPID_STR(s) ((ipc_appid_t){(s), sizeof(s) - 1})

/* Is a live process behind id (the instance and the ShortId halves both match)? */
bool ipc_identity_alive(ipc_id_t id);
/* Its ShortId (0 = locally unique). ENODEVICE: no live process. */
returncode_t ipc_identity_short_id(ipc_id_t id, uint32_t *short_id);
/* Copy its application identifier into buf; *len = its full length. ESIZE: buf too short
 * (the bytes that fit were copied). ENODEVICE: no live process. */
returncode_t ipc_identity_app_id(ipc_id_t id, void *buf, uint32_t cap, uint32_t *len);
/* The IPC identifier of the live process of that application. ENODEVICE: none runs. */
returncode_t ipc_identity_find(const void *app_id, uint32_t len, ipc_id_t *id);
/* 0 when id is a live process of the expected application; IPC_EIDENTITY when it is
 * another application; ENODEVICE when no live process has that id. */
returncode_t ipc_identity_check(ipc_id_t id, const ipc_appid_t *expected);

#ifdef __cplusplus
}
#endif

#endif

/* libtock-c compatibility: <libtock/kernel/ipc.h> is the SDK's legacy IPC API. */
#ifndef LIBTOCK_KERNEL_IPC_H
#define LIBTOCK_KERNEL_IPC_H

#include <stdlib.h>
#include <string.h>

#include <tock/ipc_legacy.h>

#endif

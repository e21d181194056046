/* libtock-c compatibility: <libtock/tock.h> is the SDK's <tock.h>. */
#ifndef LIBTOCK_TOCK_H
#define LIBTOCK_TOCK_H

#include <tock.h>

#endif

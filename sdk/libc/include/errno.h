/* errno for the few library functions that set it (SDK C library). */
#ifndef _TOCK_ERRNO_H
#define _TOCK_ERRNO_H

extern int errno;

#define EINVAL 22
#define ENOMEM 12
#define ERANGE 34
#define EIO 5

#endif

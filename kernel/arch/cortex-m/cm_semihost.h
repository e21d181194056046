/* ARM semihosting: how a board under QEMU (or a debugger) ends the run with a status.
 * Only call it when a semihosting host is attached: without one, bkpt is a fault. */
#ifndef CM_SEMIHOST_H
#define CM_SEMIHOST_H

void cm_semihost_exit(int status) __attribute__((noreturn));

#endif

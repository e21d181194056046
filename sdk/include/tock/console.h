/* Console driver 0x1: text output and input. */
#ifndef TOCK_CONSOLE_H
#define TOCK_CONSOLE_H

#include <tock.h>

#define DRIVER_NUM_CONSOLE 0x1

/* Starts writing len bytes of buf (which must stay untouched until done).
 * cb(bytes_written, 0, 0, userdata) runs on a later yield. */
returncode_t console_write(const uint8_t *buf, uint32_t len, subscribe_upcall *cb, void *userdata);
/* Writes all of buf and waits (Yield-WaitFor) until the kernel is done;
 * `written` (may be NULL) gets the byte count. */
returncode_t console_write_sync(const uint8_t *buf, uint32_t len, uint32_t *written);

/* Starts reading up to len bytes into buf.
 * cb(status, bytes_read, 0, userdata): status is 0 or a kernel error code
 * (see tock_status_to_returncode). */
returncode_t console_read(uint8_t *buf, uint32_t len, subscribe_upcall *cb, void *userdata);
/* Reads up to len bytes and waits for them; `nread` may be NULL. */
returncode_t console_read_sync(uint8_t *buf, uint32_t len, uint32_t *nread);
/* Ends a pending read early; the partial data arrives via the read upcall. */
returncode_t console_abort_read(void);
/* Blocks for one character; returns it, or a negative returncode. */
int console_getch(void);

#endif

/* Console capsule, driver 0x1 (Tock capsules/core/src/console.rs).
 *
 *   RO allow 1   bytes to write          RW allow 1   buffer for read bytes
 *   subscribe 1  write done (bytes_written, 0, 0)
 *   subscribe 2  read done  (statuscode, bytes_read, 0)
 *   command 0    exists
 *   command 1    write min(arg0, RO length) bytes; the write-done upcall reports the total
 *   command 2    read min(arg0, RW length) bytes: BUSY while any read is in progress
 *                (one reader kernel-wide, as in Tock), INVAL above CONSOLE_RX_BUF, SIZE for
 *                a zero-length read (what Tock's UARTs answer)
 *   command 3    abort the caller's read: read done (CANCEL, bytes so far); no-op otherwise
 *
 * Writes are synchronous on the host: the whole span goes to the HIL in one call and the
 * upcall is queued at once. A read completes when the requested number of bytes arrived
 * (Tock semantics: no line discipline, '\n' is an ordinary byte). Bytes arriving while no
 * read is in progress, or beyond what the read asked for, are dropped like a UART with no
 * receive posted; a board that wants no loss feeds at most console_capsule_rx_wanted()
 * bytes and keeps the rest. At completion the bytes are copied from the kernel RX buffer
 * into the buffer allowed *then*; if it shrank, the status is SIZE and the count is what
 * fit. A reader that exits or restarts loses its read silently. */
#ifndef TOCK_CAPSULES_CONSOLE_H
#define TOCK_CAPSULES_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>

#include "tock/hil.h"
#include "tock/kernel.h"

#define CONSOLE_RX_BUF 64u      /* Tock's DEFAULT_BUF_SIZE */

enum {
    CONSOLE_UPCALL_WRITE_DONE = 1,
    CONSOLE_UPCALL_READ_DONE = 2,
    CONSOLE_ALLOW_RO_WRITE = 1,
    CONSOLE_ALLOW_RW_READ = 1,
};

enum {
    CONSOLE_CMD_EXISTS = 0,
    CONSOLE_CMD_WRITE = 1,
    CONSOLE_CMD_READ = 2,
    CONSOLE_CMD_ABORT_READ = 3,
};

struct console_capsule {
    struct driver driver;
    const struct console_hil *hil;
    uint32_t rx_reader;             /* process id of the reader, 0 = no read in progress */
    uint32_t rx_len;                /* bytes the read asked for */
    uint32_t rx_pos;                /* bytes received so far */
    uint8_t rx_buf[CONSOLE_RX_BUF];
};

/* Fill c->driver; the board then calls kernel_add_driver(k, &c->driver). */
void console_capsule_init(struct console_capsule *c, const struct console_hil *hil);
/* Input bytes from the board (stdin). */
void console_capsule_receive(struct console_capsule *c, struct kernel *k,
                             const uint8_t *bytes, uint32_t len);
/* Bytes the read in progress still waits for; 0 when no read is in progress. */
uint32_t console_capsule_rx_wanted(const struct console_capsule *c);

#endif

/* Console driver 0x1 (spec 1.11): RO allow 1 / subscribe 1 / command 1 write,
 * RW allow 1 / subscribe 2 / command 2 read, command 3 abort read. */
#include <tock/console.h>

enum { SUB_WRITE = 1, SUB_READ = 2 };
enum { ALLOW_WRITE = 1, ALLOW_READ = 1 };
enum { CMD_WRITE = 1, CMD_READ = 2, CMD_ABORT = 3 };

returncode_t console_write(const uint8_t *buf, uint32_t len, subscribe_upcall *cb, void *userdata) {
    returncode_t rc = tock_status(subscribe(DRIVER_NUM_CONSOLE, SUB_WRITE, cb, userdata));
    if (rc) return rc;
    rc = tock_status(allow_readonly(DRIVER_NUM_CONSOLE, ALLOW_WRITE, buf, len));
    if (rc) return rc;
    return tock_status(command(DRIVER_NUM_CONSOLE, CMD_WRITE, len, 0));
}

returncode_t console_write_sync(const uint8_t *buf, uint32_t len, uint32_t *written) {
    uint32_t done = 0;
    returncode_t rc = RETURNCODE_SUCCESS;
    while (done < len) {
        rc = console_write(buf + done, len - done, tock_ignore_upcall, NULL);
        if (rc) break;
        yield_waitfor_return_t r = yield_wait_for(DRIVER_NUM_CONSOLE, SUB_WRITE);
        if (r.data0 == 0 || r.data0 > len - done) {
            rc = RETURNCODE_FAIL; /* no progress or nonsense: do not spin */
            break;
        }
        done += r.data0;
    }
    if (written) *written = done;
    return rc;
}

returncode_t console_read(uint8_t *buf, uint32_t len, subscribe_upcall *cb, void *userdata) {
    returncode_t rc = tock_status(allow_readwrite(DRIVER_NUM_CONSOLE, ALLOW_READ, buf, len));
    if (rc) return rc;
    rc = tock_status(subscribe(DRIVER_NUM_CONSOLE, SUB_READ, cb, userdata));
    if (rc) return rc;
    return tock_status(command(DRIVER_NUM_CONSOLE, CMD_READ, len, 0));
}

returncode_t console_read_sync(uint8_t *buf, uint32_t len, uint32_t *nread) {
    returncode_t rc = console_read(buf, len, tock_ignore_upcall, NULL);
    uint32_t got = 0;
    if (rc == RETURNCODE_SUCCESS) {
        yield_waitfor_return_t r = yield_wait_for(DRIVER_NUM_CONSOLE, SUB_READ);
        rc = tock_status_to_returncode(r.data0);
        got = r.data1 <= len ? r.data1 : len;
    }
    /* Take the buffer back: it may live on our stack. */
    allow_readwrite(DRIVER_NUM_CONSOLE, ALLOW_READ, NULL, 0);
    if (nread) *nread = got;
    return rc;
}

returncode_t console_abort_read(void) {
    return tock_status(command(DRIVER_NUM_CONSOLE, CMD_ABORT, 0, 0));
}

int console_getch(void) {
    uint8_t c;
    uint32_t n;
    returncode_t rc = console_read_sync(&c, 1, &n);
    if (rc) return rc;
    return n == 1 ? c : RETURNCODE_FAIL;
}

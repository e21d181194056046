/* Process exit, abort and assert failures. */
#include <stdio.h>
#include <stdlib.h>
#include <tock.h>
#include <tock/lldebug.h>

void exit(int status) {
    /* stdio keeps nothing buffered, so there is nothing to flush. */
    tock_exit((uint32_t)status);
}

void _Exit(int status) {
    tock_exit((uint32_t)status);
}

void abort(void) {
    lldebug_alert(LLDEBUG_ALERT_PANIC);
    tock_exit(EXIT_FAILURE);
}

void __tock_assert_fail(const char *expr, const char *file, int line, const char *func) {
    fprintf(stderr, "assertion \"%s\" failed: %s:%d (%s)\n", expr, file, line, func);
    abort();
}

/* Console output on the host: each app's text is collected per line and printed with the
 * app's name in front, so output of concurrent apps interleaves line by line. */
#ifndef EMU_HOST_CONSOLE_H
#define EMU_HOST_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tock/kernel.h"

#define HOST_CONSOLE_LINE_MAX 1024

struct host_console {
    FILE *out;
    bool prefix;                 /* "[app] " before each line */
    unsigned name_width;         /* names are padded to this width */
    struct {
        char text[HOST_CONSOLE_LINE_MAX];
        uint32_t len;
    } pending[KERNEL_MAX_PROCESSES];
};

void host_console_init(struct host_console *c, FILE *out, bool prefix);
/* Text written by process p (any bytes; complete lines are printed at once). */
void host_console_write(struct host_console *c, struct process *p, const uint8_t *buf, uint32_t len);
/* Print what p left without a newline (it exited or faulted). */
void host_console_flush(struct host_console *c, struct process *p);
/* Kernel and board messages: printed as they are, after flushing nothing. */
void host_console_log(struct host_console *c, const char *text, size_t len);

#endif

/* The log of what the board drove (buzzer tones, servo angles): one line per event with
 * its board time, on the board's output and, when asked, in a file as well. */
#ifndef EMU_DRIVE_LOG_H
#define EMU_DRIVE_LOG_H

#include <stdint.h>
#include <stdio.h>

struct drive_log {
    FILE *out;          /* the board's output */
    FILE *file;         /* the actuator-log file, or NULL */
};

/* "[device] 1.234567 s: text" */
void drive_log_line(struct drive_log *l, const char *device, uint64_t now_ns, const char *fmt,
                    ...) __attribute__((format(printf, 4, 5)));

#endif

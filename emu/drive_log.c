/* The log of what the board drove: see drive_log.h. */
#include "drive_log.h"

#include <stdarg.h>

void drive_log_line(struct drive_log *l, const char *device, uint64_t now_ns, const char *fmt,
                    ...)
{
    char text[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    FILE *to[2] = {l->out, l->file};
    for (int i = 0; i < 2; i++) {
        if (!to[i])
            continue;
        fprintf(to[i], "[%s] %llu.%06llu s: %s\n", device,
                (unsigned long long)(now_ns / 1000000000u),
                (unsigned long long)(now_ns % 1000000000u / 1000u), text);
        fflush(to[i]);
    }
}

/* Line-buffered, per-app prefixed console output. */
#include "host_console.h"

#include <string.h>

void host_console_init(struct host_console *c, FILE *out, bool prefix)
{
    memset(c, 0, sizeof *c);
    c->out = out;
    c->prefix = prefix;
}

static void print_line(struct host_console *c, struct process *p, const char *text, uint32_t len)
{
    if (c->prefix)
        fprintf(c->out, "[%-*s] ", (int)c->name_width, p->name);
    fwrite(text, 1, len, c->out);
    fputc('\n', c->out);
}

void host_console_write(struct host_console *c, struct process *p, const uint8_t *buf, uint32_t len)
{
    if (!c->prefix) {
        fwrite(buf, 1, len, c->out);
        fflush(c->out);
        return;
    }
    typeof(c->pending[0]) *line = &c->pending[p->index];
    for (uint32_t i = 0; i < len; i++) {
        char ch = (char)buf[i];
        if (ch == '\n') {
            print_line(c, p, line->text, line->len);
            line->len = 0;
            continue;
        }
        if (ch == '\r')
            continue;
        if (line->len == sizeof line->text) {   /* an over-long line is split */
            print_line(c, p, line->text, line->len);
            line->len = 0;
        }
        line->text[line->len++] = ch;
    }
    fflush(c->out);
}

void host_console_flush(struct host_console *c, struct process *p)
{
    typeof(c->pending[0]) *line = &c->pending[p->index];
    if (line->len) {
        print_line(c, p, line->text, line->len);
        line->len = 0;
        fflush(c->out);
    }
}

void host_console_log(struct host_console *c, const char *text, size_t len)
{
    fwrite(text, 1, len, c->out);
    fflush(c->out);
}

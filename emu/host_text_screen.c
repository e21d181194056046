/* The character display model: see host_text_screen.h. */
#include "host_text_screen.h"

#include <string.h>

#include "tock/syscall_abi.h"

const char *host_text_screen_row(const struct host_text_screen *t, uint32_t row)
{
    return t->text + row * t->columns;
}

void host_text_screen_show(const struct host_text_screen *t, FILE *out)
{
    for (uint32_t r = 0; r < t->rows; r++) {
        if (t->on)
            fprintf(out, "[text-screen] |%.*s|\n", (int)t->columns, host_text_screen_row(t, r));
        else
            fprintf(out, "[text-screen] |%*s| (off)\n", (int)t->columns, "");
    }
    fflush(out);
}

static uint32_t end(struct host_text_screen *t, bool changed)
{
    t->ended = true;
    if (changed && t->out)
        host_text_screen_show(t, t->out);
    return TOCK_OK;
}

static uint32_t hil_control(void *ctx, enum text_screen_op op)
{
    struct host_text_screen *t = ctx;
    bool was_on = t->on;
    switch (op) {
    case TEXT_SCREEN_ON: t->on = true; break;
    case TEXT_SCREEN_OFF: t->on = false; break;
    case TEXT_SCREEN_BLINK_ON: t->blink = true; break;
    case TEXT_SCREEN_BLINK_OFF: t->blink = false; break;
    case TEXT_SCREEN_CURSOR_ON: t->cursor_shown = true; break;
    case TEXT_SCREEN_CURSOR_OFF: t->cursor_shown = false; break;
    case TEXT_SCREEN_CLEAR:
        memset(t->text, ' ', sizeof t->text);
        t->column = t->row = 0;
        return end(t, t->on);
    case TEXT_SCREEN_HOME:
        t->column = t->row = 0;
        break;
    }
    return end(t, t->on != was_on);
}

static uint32_t hil_set_cursor(void *ctx, uint32_t column, uint32_t row)
{
    struct host_text_screen *t = ctx;
    if (column >= t->columns || row >= t->rows)
        return TOCK_INVAL;
    t->column = column;
    t->row = row;
    return end(t, false);
}

/* Characters go in from the cursor on; past the end of a row they continue on the next,
 * past the last row on the first (as the display's memory wraps). */
static uint32_t hil_print(void *ctx, const uint8_t *text, uint32_t len)
{
    struct host_text_screen *t = ctx;
    for (uint32_t i = 0; i < len; i++) {
        uint8_t c = text[i];
        t->text[t->row * t->columns + t->column] = c >= 0x20 && c < 0x7f ? (char)c : '?';
        if (++t->column == t->columns) {
            t->column = 0;
            t->row = (t->row + 1) % t->rows;
        }
    }
    return end(t, t->on);
}

void host_text_screen_init(struct host_text_screen *t, uint32_t columns, uint32_t rows,
                           FILE *out)
{
    memset(t, 0, sizeof *t);
    memset(t->text, ' ', sizeof t->text);
    t->out = out;
    t->columns = columns;
    t->rows = rows;
    t->hil = (struct text_screen_hil){t, columns, rows, hil_control, hil_set_cursor, hil_print};
}

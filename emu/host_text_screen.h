/* The board's character display behind struct text_screen_hil: a grid of characters, a
 * cursor, display and cursor switches. Whenever what it shows changes, every row is
 * printed on the board's output as "[text-screen] |Hello!          |" (a blank display
 * while it is off). Operations end at the board time they start (`ended`). */
#ifndef EMU_HOST_TEXT_SCREEN_H
#define EMU_HOST_TEXT_SCREEN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "hmi_config.h"
#include "tock/hil.h"

struct host_text_screen {
    FILE *out;                          /* NULL: silent */
    uint32_t columns, rows;
    char text[HMI_MAX_TEXT_SIDE * HMI_MAX_TEXT_SIDE];   /* row by row, ' ' when empty */
    uint32_t column, row;               /* the cursor */
    bool on, blink, cursor_shown;
    bool ended;
    struct text_screen_hil hil;
};

void host_text_screen_init(struct host_text_screen *t, uint32_t columns, uint32_t rows,
                           FILE *out);
/* Row `row` of what it holds (columns characters, no terminator) */
const char *host_text_screen_row(const struct host_text_screen *t, uint32_t row);
/* Print every row to out as the board shows them. */
void host_text_screen_show(const struct host_text_screen *t, FILE *out);

#endif

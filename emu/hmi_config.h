/* The board settings of the display, touch and sound devices (docs/display.md): the
 * screen's size, pixel format and PNG file, the text screen's size, scripted touches, the
 * servo count and the log of what was driven. */
#ifndef EMU_HMI_CONFIG_H
#define EMU_HMI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tock/hil.h"

#define HMI_MAX_TOUCHES 32
#define HMI_MAX_SCREEN_SIDE 2048
#define HMI_MAX_TEXT_SIDE 80
#define HMI_MAX_SERVOS 16
#define HMI_PATH_MAX 512

struct scripted_touch {
    uint32_t x, y;
    uint64_t at_ns;      /* board time of the press */
    uint64_t hold_ns;    /* released this much later */
};

struct hmi_config {
    char screen_png[HMI_PATH_MAX];      /* written at the end of the run; "" = none */
    uint32_t screen_width, screen_height;
    enum screen_format screen_format;
    uint32_t text_columns, text_rows;
    struct scripted_touch touches[HMI_MAX_TOUCHES];
    uint32_t touch_count;
    uint32_t servos;
    char actuator_log[HMI_PATH_MAX];    /* buzzer, servo and touch lines also go here; "" = none */
};

void hmi_config_defaults(struct hmi_config *c);
/* Set one setting; returns 1 when key is not one of these, 0 when set, -1 with err when
 * the value is wrong (the message names the setting and the value). */
int hmi_config_set(struct hmi_config *c, const char *key, const char *value, char *err,
                   size_t errlen);
/* The help lines of these settings. */
void hmi_config_print_help(FILE *out);
/* "mono", "rgb565", ... */
const char *screen_format_name(enum screen_format f);

#endif

/* The board's display, touch and sound devices (screen, text screen, touch panel, buzzer,
 * servos) as one part of the board: set up from the board settings, their HILs, the board
 * times they need the run loop to wake at, their completions reported to the capsules,
 * the PNG of the screen at the end, and their process console commands. */
#ifndef EMU_HOST_HMI_H
#define EMU_HOST_HMI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "board_drivers.h"
#include "drive_log.h"
#include "hmi_config.h"
#include "host_buzzer.h"
#include "host_clock.h"
#include "host_screen.h"
#include "host_servo.h"
#include "host_text_screen.h"
#include "host_touch.h"

struct host_hmi {
    struct hmi_config cfg;
    const struct host_clock *clock;
    struct drive_log log;
    struct host_screen screen;
    struct host_text_screen text;
    struct host_touch touch;
    struct host_buzzer buzzer;
    struct host_servo servo;
};

/* Returns 0, or -1 with a message naming the setting and file. out: the board's output. */
int host_hmi_init(struct host_hmi *h, const struct hmi_config *cfg,
                  const struct host_clock *clock, FILE *out, char *err, size_t errlen);
void host_hmi_hils(struct host_hmi *h, struct board_hils *hils);
/* The next board time a device needs attention; false when none does. */
bool host_hmi_next_event(struct host_hmi *h, uint64_t *at_ns);
/* Report what ended or happened by now to the capsules in d. */
void host_hmi_fire(struct host_hmi *h, struct kernel *k, struct board_drivers *d);
/* End of the run: the screen setting's PNG. Returns 0, or -1 with err. */
int host_hmi_finish(struct host_hmi *h, char *err, size_t errlen);
void host_hmi_free(struct host_hmi *h);

/* Process console commands "screen FILE" (a new file: an existing one is never
 * replaced), "touch X Y [HOLD_MS]" and "text": false when word[0] is none of them.
 * Replies go through out(ctx, text, len). */
bool host_hmi_console(struct host_hmi *h, char **word, int n,
                      void (*out)(void *ctx, const char *text, size_t len), void *ctx);
extern const char host_hmi_console_help[];

#endif

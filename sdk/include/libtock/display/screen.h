/* Screen driver 0x90001: libtock-c's helpers that need no waiting. */
#ifndef LIBTOCK_DISPLAY_SCREEN_H
#define LIBTOCK_DISPLAY_SCREEN_H

#include <libtock/display/screen_types.h>
#include <libtock/display/syscalls/screen_syscalls.h>

bool libtock_screen_exists(void);
/* A zeroed buffer of len bytes in *buffer (RETURNCODE_EALREADY if *buffer is set). */
returncode_t libtock_screen_buffer_init(size_t len, uint8_t **buffer);
int libtock_screen_get_bits_per_pixel(libtock_screen_format_t format);

#endif

/* Buzzer driver 0x90000: the system calls, with libtock-c's names. */
#ifndef LIBTOCK_INTERFACE_BUZZER_SYSCALLS_H
#define LIBTOCK_INTERFACE_BUZZER_SYSCALLS_H

#include <tock.h>

#define DRIVER_NUM_BUZZER 0x90000

bool libtock_buzzer_driver_exists(void);
returncode_t libtock_buzzer_set_upcall(subscribe_upcall callback, void *opaque);
/* A tone of frequency_hz for duration_ms (at most 5000), once the buzzer is free. */
returncode_t libtock_buzzer_command_tone(uint32_t frequency_hz, uint32_t duration_ms);

#endif

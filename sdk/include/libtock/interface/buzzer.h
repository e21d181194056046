/* Buzzer driver 0x90000: libtock-c's asynchronous API. */
#ifndef LIBTOCK_INTERFACE_BUZZER_H
#define LIBTOCK_INTERFACE_BUZZER_H

#include <libtock/interface/buzzer_types.h>
#include <libtock/interface/syscalls/buzzer_syscalls.h>

typedef void (*libtock_buzzer_done_callback)(void);

bool libtock_buzzer_exists(void);
/* cb() runs (in an upcall) when the tone has ended. */
returncode_t libtock_buzzer_tone(uint32_t frequency_hz, uint32_t duration_ms,
                                 libtock_buzzer_done_callback cb);

#endif

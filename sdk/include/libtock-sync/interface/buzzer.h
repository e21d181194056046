/* Buzzer driver 0x90000: libtock-c's blocking API. */
#ifndef LIBTOCK_SYNC_INTERFACE_BUZZER_H
#define LIBTOCK_SYNC_INTERFACE_BUZZER_H

#include <libtock/interface/buzzer.h>

bool libtocksync_buzzer_exists(void);
/* Plays the tone and returns when it has ended. */
returncode_t libtocksync_buzzer_tone(uint32_t frequency_hz, uint32_t duration_ms);

#endif

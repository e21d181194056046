/* Plays the first bar of "Ode to Joy" on the buzzer, each note for 90% of its length as
 * libtock-c's music example does, then a rest and a last note. */
#include <stdio.h>

#include <libtock-sync/interface/buzzer.h>
#include <libtock-sync/services/alarm.h>

static const int melody[] = {NOTE_E6, NOTE_E6, NOTE_F6, NOTE_G6};

#define NOTE_MS 250

int main(void)
{
    if (!libtocksync_buzzer_exists()) {
        printf("tune: no buzzer\n");
        return 1;
    }
    for (unsigned i = 0; i < sizeof melody / sizeof melody[0]; i++) {
        returncode_t rc = libtocksync_buzzer_tone(melody[i], NOTE_MS * 9 / 10);
        if (rc != RETURNCODE_SUCCESS) {
            printf("tune: note %u: %s\n", i, tock_strrcode(rc));
            return 1;
        }
        libtocksync_alarm_delay_ms(NOTE_MS / 10);
    }
    libtocksync_alarm_delay_ms(500);
    libtocksync_buzzer_tone(NOTE_C6, 1000);
    printf("tune: played 5 notes\n");
    return 0;
}

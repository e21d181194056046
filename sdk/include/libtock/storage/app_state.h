/* App state, driver 0x50000, with libtock-c's names (<libtock/storage/app_state.h>): one
 * struct kept in the app's writeable flash region, loaded into RAM and saved back.
 *
 *     LIBTOCK_APP_STATE_DECLARE(struct my_state, state);   // like `struct my_state state;`
 *     libtock_app_state_load();          // state = what was saved (zeros the first time)
 *     ... change state ...
 *     libtocksync_app_state_save();      // survives restarts and, with a storage file,
 *                                        // the next run of the board
 * The linker script puts section .app_state in flash as .wfr.app_state, which elf2tbf
 * turns into the TBF WriteableFlashRegion. One declaration per app. */
#ifndef LIBTOCK_STORAGE_APP_STATE_H
#define LIBTOCK_STORAGE_APP_STATE_H

#include <tock.h>

#define DRIVER_NUM_APP_STATE 0x50000

#define LIBTOCK_APP_STATE_DECLARE(_type, _identifier)      \
    __attribute__((section(".app_state"))) _type _app_state_flash; \
    _type _identifier;                                    \
    void *_app_state_flash_pointer = NULL;                \
    void *_app_state_ram_pointer = &_identifier;          \
    size_t _app_state_size = sizeof(_type);               \
    bool _app_state_inited = false;

typedef void (*libtock_app_state_callback)(returncode_t);

extern void *_app_state_flash_pointer;
extern void *_app_state_ram_pointer;
extern size_t _app_state_size;
extern bool _app_state_inited;

bool libtock_app_state_exists(void);
/* Copy the saved state into the RAM copy. ENOMEM when the app has no writeable region. */
returncode_t libtock_app_state_load(void);
/* Start saving the RAM copy; cb(status) when done. */
returncode_t libtock_app_state_save(libtock_app_state_callback cb);

#endif

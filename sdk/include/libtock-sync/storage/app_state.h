/* Blocking app state save (<libtock-sync/storage/app_state.h>). */
#ifndef LIBTOCK_SYNC_STORAGE_APP_STATE_H
#define LIBTOCK_SYNC_STORAGE_APP_STATE_H

#include <libtock/storage/app_state.h>

bool libtocksync_app_state_exists(void);
returncode_t libtocksync_app_state_save(void);

#endif

/* Storage permissions (Tock's kernel::storage_permissions): which stored items a process
 * may read and modify, named by the write_id each item was stored with.
 *
 * Where they come from: the TBF StoragePermissions TLV when the app has one (write_id 0
 * there means "may not store anything"). Without it, an app with a fixed ShortId gets
 * its own storage only (write_id = ShortId, and it may read and modify that id), as
 * Tock's individual-storage policy gives; a locally unique app gets nothing. */
#ifndef TOCK_STORAGE_PERMISSIONS_H
#define TOCK_STORAGE_PERMISSIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "tock/kernel.h"

struct storage_permissions {
    uint32_t write_id;              /* 0: may not create stored items */
    uint32_t read_count;
    uint32_t read_ids[TBF_MAX_STORAGE_IDS];
    uint32_t modify_count;
    uint32_t modify_ids[TBF_MAX_STORAGE_IDS];
};

void storage_permissions_of(const struct process *p, struct storage_permissions *out);
bool storage_may_read(const struct storage_permissions *s, uint32_t stored_id);
bool storage_may_modify(const struct storage_permissions *s, uint32_t stored_id);

#endif

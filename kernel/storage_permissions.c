/* Storage permissions of a process: see tock/storage_permissions.h. */
#include "tock/storage_permissions.h"

#include "tock/kstring.h"

void storage_permissions_of(const struct process *p, struct storage_permissions *out)
{
    memset(out, 0, sizeof *out);
    const struct tbf_header *t = &p->tbf;
    if (t->has_storage_permissions) {
        out->write_id = t->storage_write_id;
        out->read_count = t->storage_read_count;
        for (uint32_t i = 0; i < t->storage_read_count; i++)
            out->read_ids[i] = t->storage_read_ids[i];
        out->modify_count = t->storage_modify_count;
        for (uint32_t i = 0; i < t->storage_modify_count; i++)
            out->modify_ids[i] = t->storage_modify_ids[i];
    } else if (p->short_id != 0) {
        out->write_id = p->short_id;
        out->read_count = out->modify_count = 1;
        out->read_ids[0] = out->modify_ids[0] = p->short_id;
    }
}

static bool listed(const uint32_t *ids, uint32_t n, uint32_t id)
{
    for (uint32_t i = 0; i < n; i++)
        if (ids[i] == id)
            return true;
    return false;
}

bool storage_may_read(const struct storage_permissions *s, uint32_t stored_id)
{
    return stored_id != 0 && listed(s->read_ids, s->read_count, stored_id);
}

bool storage_may_modify(const struct storage_permissions *s, uint32_t stored_id)
{
    return stored_id != 0 && listed(s->modify_ids, s->modify_count, stored_id);
}

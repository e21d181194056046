/* Application identifiers and ShortIds (Tock's AppID TRD): the identifier is the package
 * name; the ShortId comes from the TBF ShortId header or a CRC-32 of the name, by policy. */
#include "tock/kstring.h"

#include "kernel_internal.h"

/* CRC-32 as POSIX cksum computes it: polynomial 0x04C11DB7, MSB first, the length
 * appended in little-endian bytes, result inverted. */
uint32_t appid_crc32_posix(const uint8_t *data, uint32_t len)
{
    uint32_t crc = 0;
    for (uint32_t i = 0;; i++) {
        uint8_t byte;
        if (i < len) {
            byte = data[i];
        } else {
            uint32_t shift = (i - len) * 8;
            if (shift >= 32 || (len >> shift) == 0)
                break;
            byte = (uint8_t)(len >> shift);
        }
        crc ^= (uint32_t)byte << 24;
        for (int b = 0; b < 8; b++)
            crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04C11DB7u : crc << 1;
    }
    return ~crc;
}

/* A hash of 0 cannot be a ShortId: the process is then locally unique. */
static uint32_t appid_name_hash(const struct process *p)
{
    return p->app_identifier_len ? appid_crc32_posix(p->app_identifier, p->app_identifier_len) : 0;
}

void appid_assign(struct kernel *k, struct process *p)
{
    const struct tbf_header *t = &p->tbf;
    p->app_identifier_len = 0;
    if (t->has_package_name) {
        uint32_t n = t->package_name_len < APP_IDENTIFIER_MAX ? t->package_name_len : APP_IDENTIFIER_MAX;
        memcpy(p->app_identifier, t->package_name, n);
        p->app_identifier_len = n;
    }
    switch (k->appid_policy) {
    case APPID_POLICY_TBF_SHORT_ID:
        if (t->has_short_id) {
            p->short_id = t->short_id;
            break;
        }
        p->short_id = appid_name_hash(p);
        break;
    case APPID_POLICY_NAME_HASH:
        p->short_id = appid_name_hash(p);
        break;
    case APPID_POLICY_LOCALLY_UNIQUE:
        p->short_id = 0;
        break;
    }
}

static bool same_application(const struct process *a, const struct process *b)
{
    if (a->short_id && a->short_id == b->short_id)
        return true;
    return a->app_identifier_len && a->app_identifier_len == b->app_identifier_len &&
           memcmp(a->app_identifier, b->app_identifier, a->app_identifier_len) == 0;
}

/* Another loaded process of the same application that wins over p (one already running,
 * else a higher version, or the same version found first), or NULL when p may run. */
const struct process *appid_conflict(struct kernel *k, const struct process *p)
{
    for (uint32_t i = 0; i < k->process_count; i++) {
        const struct process *q = &k->procs[i];
        if (q == p || q->state == PROCESS_UNUSED || !same_application(p, q))
            continue;
        if (q->state != PROCESS_UNSTARTED && !process_is_alive(q))
            continue;
        /* a running instance keeps its application: nothing starts beside it, whatever
         * its version (running processes stay unique, as in Tock) */
        if (q->state != PROCESS_UNSTARTED)
            return q;
        if (q->tbf.app_version > p->tbf.app_version ||
            (q->tbf.app_version == p->tbf.app_version && q->index < p->index))
            return q;
    }
    return NULL;
}

/* Registration policy: see policy.h. */
#include "policy.h"

#include "tock/kstring.h"

static uint32_t trimmed_len(const uint8_t *bytes, uint32_t len)
{
    while (len > 0 && bytes[len - 1] == 0)
        len--;
    return len;
}

static uint32_t cstring_len(const char *s, uint32_t max)
{
    uint32_t n = 0;
    while (n <= max && s[n] != '\0')
        n++;
    return n;
}

void ipc_policy_init(struct ipc_policy *pol)
{
    memset(pol, 0, sizeof *pol);
}

/* A new binding for name, or NULL when the table is full or the name unusable. */
static struct ipc_policy_binding *binding_add(struct ipc_policy *pol, const char *name)
{
    if (!name || pol->count == IPC_POLICY_MAX_BINDINGS)
        return NULL;
    uint32_t len = cstring_len(name, IPC_POLICY_NAME_MAX);
    if (len == 0 || len > IPC_POLICY_NAME_MAX)
        return NULL;
    struct ipc_policy_binding *b = &pol->bindings[pol->count];
    memset(b, 0, sizeof *b);
    memcpy(b->name, name, len);
    b->name_len = len;
    return b;
}

int ipc_policy_bind_app_id(struct ipc_policy *pol, const char *name, const uint8_t *app_id,
                           uint32_t len)
{
    if (!app_id || len == 0 || len > APP_IDENTIFIER_MAX)
        return -1;
    struct ipc_policy_binding *b = binding_add(pol, name);
    if (!b)
        return -1;
    memcpy(b->app_id, app_id, len);
    b->app_id_len = len;
    pol->count++;
    return 0;
}

int ipc_policy_bind_short_id(struct ipc_policy *pol, const char *name, uint32_t short_id)
{
    if (short_id == 0)
        return -1;
    struct ipc_policy_binding *b = binding_add(pol, name);
    if (!b)
        return -1;
    b->short_id = short_id;
    pol->count++;
    return 0;
}

static bool binding_names(const struct ipc_policy_binding *b, const uint8_t *name, uint32_t len)
{
    len = trimmed_len(name, len);
    return len == b->name_len && memcmp(b->name, name, len) == 0;
}

static bool binding_matches(const struct ipc_policy_binding *b, const struct process *p)
{
    if (b->short_id != 0 && p->short_id == b->short_id)
        return true;
    return b->app_id_len != 0 && p->app_identifier_len == b->app_id_len &&
           memcmp(p->app_identifier, b->app_id, b->app_id_len) == 0;
}

bool ipc_policy_is_bound(const struct ipc_policy *pol, const uint8_t *name, uint32_t len)
{
    if (!pol)
        return false;
    for (uint32_t i = 0; i < pol->count; i++)
        if (binding_names(&pol->bindings[i], name, len))
            return true;
    return false;
}

bool ipc_policy_allows(const struct ipc_policy *pol, const struct process *p,
                       const uint8_t *name, uint32_t len)
{
    if (!pol)
        return true;
    bool bound = false;
    for (uint32_t i = 0; i < pol->count; i++) {
        const struct ipc_policy_binding *b = &pol->bindings[i];
        if (!binding_names(b, name, len))
            continue;
        if (binding_matches(b, p))
            return true;
        bound = true;
    }
    return !bound;
}

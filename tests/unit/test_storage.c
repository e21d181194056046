/* The storage capsules (0x50000 app flash, 0x50001 nonvolatile storage, 0x50003 key-value,
 * 0x50004 isolated storage) driven through the system-call ABI as apps drive them, over
 * the emulator's storage model in memory (emu/host_storage.c); and the storage file. A
 * wrapper around the storage device can hold completions back, so operations overlap. */
#include <stdlib.h>
#include <unistd.h>

#include "host_storage.h"
#include "kt_helpers.h"
#include "storage_file.h"
#include "tock/capsules/app_flash.h"
#include "tock/capsules/isolated_nonvolatile_storage.h"
#include "tock/capsules/kv.h"
#include "tock/capsules/nonvolatile_storage.h"

#define APP_RAM 0x1000u
#define BUF 0x400u                 /* where test buffers start in app RAM */

static struct host_storage hs;
static struct nv_storage_capsule nv;
static struct invs_capsule invs;
static struct kv_capsule kv;
static struct app_flash_capsule af;

/* ---- a storage device whose completions can wait ------------------------------------- */

static struct {
    bool hold;                           /* keep completions until release() */
    const struct storage_client *client; /* the one waiting */
    uint32_t status, length;
    uint32_t ops;
} dev;

static void capture(void *ctx, uint32_t status, uint32_t length)
{
    (void)ctx;
    dev.status = status;
    dev.length = length;
}

static const struct storage_client capture_client = {NULL, capture};

static uint32_t pass(const struct storage_client *c, uint32_t st)
{
    if (st != TOCK_OK)
        return st;
    dev.ops++;
    if (dev.hold)
        dev.client = c;
    else
        c->done(c->ctx, dev.status, dev.length);
    return TOCK_OK;
}

static uint32_t dev_read(void *ctx, uint32_t addr, uint8_t *buf, uint32_t len,
                         const struct storage_client *c)
{
    (void)ctx;
    return pass(c, hs.device.read(hs.device.ctx, addr, buf, len, &capture_client));
}

static uint32_t dev_write(void *ctx, uint32_t addr, const uint8_t *buf, uint32_t len,
                          const struct storage_client *c)
{
    (void)ctx;
    return pass(c, hs.device.write(hs.device.ctx, addr, buf, len, &capture_client));
}

static struct storage_hil device = {NULL, HOST_STORAGE_DEVICE_SIZE, dev_read, dev_write};

static void release(void)
{
    const struct storage_client *c = dev.client;
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    dev.client = NULL;
    c->done(c->ctx, dev.status, dev.length);
}

static void write_flash(void *ctx, struct process *p, uint32_t addr, const uint8_t *buf,
                        uint32_t len)
{
    (void)ctx;
    memcpy((uint8_t *)p->flash + (addr - p->flash_start), buf, len);
}

/* A fresh kernel with the storage drivers; keep_state: over the storage of the last one
 * (a reboot). */
static void boot(bool keep_state)
{
    struct storage_state saved = hs.st;
    if (keep_state)
        memset(&hs.st, 0, sizeof hs.st);
    host_storage_close(&hs);
    if (B)
        kt_teardown();
    kt_setup();
    char err[256];
    CU_ASSERT_EQUAL_FATAL(host_storage_open(&hs, NULL, write_flash, NULL, err, sizeof err), 0);
    if (keep_state) {
        storage_state_free(&hs.st);
        hs.st = saved;
    }
    memset(&dev, 0, sizeof dev);
    nv_storage_capsule_init(&nv, &B->k, &device, 0, HOST_STORAGE_NV_SIZE);
    invs_capsule_init(&invs, &B->k, &device, HOST_STORAGE_NV_SIZE,
                      HOST_STORAGE_DEVICE_SIZE - HOST_STORAGE_NV_SIZE, HOST_STORAGE_INVS_REGION);
    kv_capsule_init(&kv, &B->k, &hs.kv);
    app_flash_capsule_init(&af, &B->k, &hs.app_flash);
    CU_ASSERT_EQUAL(kernel_add_driver(&B->k, &nv.driver), 0);
    CU_ASSERT_EQUAL(kernel_add_driver(&B->k, &invs.driver), 0);
    CU_ASSERT_EQUAL(kernel_add_driver(&B->k, &kv.driver), 0);
    CU_ASSERT_EQUAL(kernel_add_driver(&B->k, &af.driver), 0);
}

static void setup(void) { boot(false); }

static void teardown(void)
{
    host_storage_close(&hs);
    kt_teardown();
}

/* ---- the app's side ---------------------------------------------------------------------- */

static struct process *app(const char *name)
{
    struct tbf_header t = kt_header(name, 0);
    struct process *p = kt_start(&t, APP_RAM);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    return p;
}

/* An app with a StoragePermissions TLV: write_id, then one read id and one modify id. */
static struct process *app_with_ids(const char *name, uint32_t write_id, uint32_t read_id,
                                    uint32_t modify_id)
{
    struct tbf_header t = kt_header(name, 0);
    t.has_storage_permissions = true;
    t.storage_write_id = write_id;
    t.storage_read_count = read_id != 0;
    t.storage_read_ids[0] = read_id;
    t.storage_modify_count = modify_id != 0;
    t.storage_modify_ids[0] = modify_id;
    struct process *p = kt_start(&t, APP_RAM);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    return p;
}

static struct cpu_regs cmd(struct process *p, uint32_t drv, uint32_t c, uint32_t a0, uint32_t a1)
{
    return kt_sys(p, SYSCALL_COMMAND, drv, c, a0, a1);
}

static void ok(struct cpu_regs r) { CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS); }

static void fails(struct cpu_regs r, uint32_t err)
{
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE);
    CU_ASSERT_EQUAL(r.r[1], err);
}

/* Allow [BUF + off, +len) of p's RAM (len 0: the null buffer); returns the host view. */
static uint8_t *allow(struct process *p, uint32_t cls, uint32_t drv, uint32_t num, uint32_t off,
                      uint32_t len)
{
    uint32_t addr = len ? p->ram_start + BUF + off : 0;
    struct cpu_regs r = kt_sys(p, cls, drv, num, addr, len);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
    return len ? fake_host(B, p, addr) : NULL;
}

static void upcall(struct process *p, uint32_t drv, uint32_t sub, uint32_t a0, uint32_t a1,
                   uint32_t a2)
{
    CU_ASSERT_TRUE_FATAL(fake_pending_upcalls(p, drv, sub) > 0);
    uint32_t args[3];
    CU_ASSERT_TRUE(fake_take_upcall(B, p, drv, sub, args));
    CU_ASSERT_EQUAL(args[0], a0);
    CU_ASSERT_EQUAL(args[1], a1);
    CU_ASSERT_EQUAL(args[2], a2);
}

static uint32_t pending(struct process *p, uint32_t drv, uint32_t sub)
{
    return fake_pending_upcalls(p, drv, sub);
}

/* ---- nonvolatile storage 0x50001 -------------------------------------------------------- */

enum { NV = DRIVER_NONVOLATILE_STORAGE };

static void test_nv_round_trip(void)
{
    struct process *p = app("nv");
    ok(cmd(p, NV, NV_CMD_EXISTS, 0, 0));
    struct cpu_regs r = cmd(p, NV, NV_CMD_SIZE, 0, 0);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_U32);
    CU_ASSERT_EQUAL(r.r[1], HOST_STORAGE_NV_SIZE);
    fails(cmd(p, NV, 9, 0, 0), TOCK_NOSUPPORT);

    uint8_t *w = allow(p, SYSCALL_ALLOW_RO, NV, NV_ALLOW_RO_WRITE, 0, 256);
    for (int i = 0; i < 256; i++)
        w[i] = (uint8_t)i;
    ok(cmd(p, NV, NV_CMD_WRITE, 20, 14));          /* length below the buffer's */
    upcall(p, NV, NV_UPCALL_WRITE_DONE, 14, 0, 0);
    uint8_t *rd = allow(p, SYSCALL_ALLOW_RW, NV, NV_ALLOW_RW_READ, 0x200, 10);
    ok(cmd(p, NV, NV_CMD_READ, 20, 100));          /* buffer below the length */
    upcall(p, NV, NV_UPCALL_READ_DONE, 10, 0, 0);
    CU_ASSERT_EQUAL(memcmp(rd, w, 10), 0);
    CU_ASSERT_EQUAL(hs.st.flash[20 + 13], 13);
    CU_ASSERT_EQUAL(hs.st.flash[20 + 14], 0xFF);

    /* the last byte, and one past it */
    ok(cmd(p, NV, NV_CMD_WRITE, HOST_STORAGE_NV_SIZE - 1, 1));
    upcall(p, NV, NV_UPCALL_WRITE_DONE, 1, 0, 0);
    fails(cmd(p, NV, NV_CMD_WRITE, HOST_STORAGE_NV_SIZE, 1), TOCK_INVAL);
    fails(cmd(p, NV, NV_CMD_WRITE, HOST_STORAGE_NV_SIZE - 512, 513), TOCK_INVAL);
    fails(cmd(p, NV, NV_CMD_READ, 0xFFFFFFF0u, 0x20), TOCK_INVAL);   /* wraps past 2^32 */
    fails(cmd(p, NV, NV_CMD_READ, 0, HOST_STORAGE_NV_SIZE + 1), TOCK_INVAL);
    CU_ASSERT_EQUAL(hs.st.flash[HOST_STORAGE_NV_SIZE], 0xFF);   /* the isolated part */
}

static void test_nv_no_buffer(void)
{
    struct process *p = app("nv");
    fails(cmd(p, NV, NV_CMD_WRITE, 0, 4), TOCK_RESERVE);
    fails(cmd(p, NV, NV_CMD_READ, 0, 4), TOCK_RESERVE);
    allow(p, SYSCALL_ALLOW_RO, NV, NV_ALLOW_RO_WRITE, 0, 8);
    fails(cmd(p, NV, NV_CMD_READ, 0, 4), TOCK_RESERVE);   /* a write buffer is not a read one */
    /* a buffer outside the app's memory is refused by allow itself */
    struct cpu_regs r = kt_sys(p, SYSCALL_ALLOW_RW, NV, NV_ALLOW_RW_READ, p->kernel_break, 16);
    CU_ASSERT_EQUAL(r.r[0], RV_FAILURE_2U32);
    CU_ASSERT_EQUAL(dev.ops, 0);
}

static void test_nv_busy_queues_one_per_app(void)
{
    struct process *a = app("a"), *b = app("b");
    allow(a, SYSCALL_ALLOW_RO, NV, NV_ALLOW_RO_WRITE, 0, 4)[0] = 0xA1;
    allow(b, SYSCALL_ALLOW_RO, NV, NV_ALLOW_RO_WRITE, 0, 4)[0] = 0xB1;
    dev.hold = true;
    ok(cmd(a, NV, NV_CMD_WRITE, 0, 4));               /* runs */
    ok(cmd(b, NV, NV_CMD_WRITE, 4, 4));               /* waits */
    fails(cmd(b, NV, NV_CMD_WRITE, 8, 4), TOCK_NOMEM);   /* one waiting per app */
    CU_ASSERT_EQUAL(dev.ops, 1);
    CU_ASSERT_EQUAL(pending(a, NV, NV_UPCALL_WRITE_DONE), 0);
    release();                                        /* a done, b starts */
    upcall(a, NV, NV_UPCALL_WRITE_DONE, 4, 0, 0);
    CU_ASSERT_EQUAL(dev.ops, 2);
    CU_ASSERT_EQUAL(pending(b, NV, NV_UPCALL_WRITE_DONE), 0);
    release();
    upcall(b, NV, NV_UPCALL_WRITE_DONE, 4, 0, 0);
    CU_ASSERT_EQUAL(hs.st.flash[0], 0xA1);
    CU_ASSERT_EQUAL(hs.st.flash[4], 0xB1);
}

static void test_nv_owner_gone(void)
{
    struct process *a = app("a"), *b = app("b");
    allow(a, SYSCALL_ALLOW_RW, NV, NV_ALLOW_RW_READ, 0, 4);
    allow(b, SYSCALL_ALLOW_RW, NV, NV_ALLOW_RW_READ, 0, 4);
    dev.hold = true;
    ok(cmd(a, NV, NV_CMD_READ, 0, 4));
    ok(cmd(b, NV, NV_CMD_READ, 0, 4));
    kernel_process_terminate(&B->k, a, 0);
    release();                      /* a's read ends with nobody to tell; b's starts */
    CU_ASSERT_EQUAL(dev.ops, 2);
    release();
    upcall(b, NV, NV_UPCALL_READ_DONE, 4, 0, 0);
}

/* ---- isolated nonvolatile storage 0x50004 ---------------------------------------------- */

enum { INVS = DRIVER_ISOLATED_NONVOLATILE_STORAGE };

static uint32_t invs_size(struct process *p)
{
    ok(cmd(p, INVS, INVS_CMD_SIZE, 0, 0));
    uint32_t args[3];
    CU_ASSERT_TRUE_FATAL(pending(p, INVS, INVS_UPCALL_SIZE) > 0);
    fake_take_upcall(B, p, INVS, INVS_UPCALL_SIZE, args);
    CU_ASSERT_EQUAL(args[0], TOCK_OK);
    CU_ASSERT_EQUAL(args[2], 0);
    return args[1];
}

static void test_invs_regions_per_app(void)
{
    struct process *a = app("a"), *b = app("b");
    CU_ASSERT_EQUAL(invs_size(a), HOST_STORAGE_INVS_REGION);
    memset(allow(a, SYSCALL_ALLOW_RO, INVS, INVS_ALLOW_RO_WRITE, 0, 16), 0xAA, 16);
    memset(allow(b, SYSCALL_ALLOW_RO, INVS, INVS_ALLOW_RO_WRITE, 0, 16), 0xBB, 16);
    ok(cmd(a, INVS, INVS_CMD_WRITE, 0, 0));
    upcall(a, INVS, INVS_UPCALL_WRITE, TOCK_OK, 16, 0);
    ok(cmd(b, INVS, INVS_CMD_WRITE, 0, 0));
    upcall(b, INVS, INVS_UPCALL_WRITE, TOCK_OK, 16, 0);
    uint8_t *ra = allow(a, SYSCALL_ALLOW_RW, INVS, INVS_ALLOW_RW_READ, 0x100, 20);
    ok(cmd(a, INVS, INVS_CMD_READ, 0, 0));
    upcall(a, INVS, INVS_UPCALL_READ, TOCK_OK, 20, 0);
    CU_ASSERT_EQUAL(ra[0], 0xAA);
    CU_ASSERT_EQUAL(ra[15], 0xAA);
    CU_ASSERT_EQUAL(ra[16], 0xFF);   /* erased when the region was made */

    /* headers as Tock lays them out: a's region first, b's after it */
    uint32_t id, len, base = HOST_STORAGE_NV_SIZE;
    CU_ASSERT_TRUE(invs_header_decode(hs.st.flash + base, &id, &len));
    CU_ASSERT_EQUAL(id, a->short_id);
    CU_ASSERT_EQUAL(len, HOST_STORAGE_INVS_REGION);
    CU_ASSERT_TRUE(invs_header_decode(hs.st.flash + base + INVS_HEADER_LEN + len, &id, &len));
    CU_ASSERT_EQUAL(id, b->short_id);
}

static void test_invs_found_again_after_reboot(void)
{
    struct process *b = app("b");
    memset(allow(b, SYSCALL_ALLOW_RO, INVS, INVS_ALLOW_RO_WRITE, 0, 4), 0x5B, 4);
    ok(cmd(b, INVS, INVS_CMD_WRITE, 8, 0));
    upcall(b, INVS, INVS_UPCALL_WRITE, TOCK_OK, 4, 0);
    boot(true);
    struct process *a = app("a");   /* now a is first to ask: it must not get b's region */
    invs_size(a);
    b = app("b");
    uint8_t *r = allow(b, SYSCALL_ALLOW_RW, INVS, INVS_ALLOW_RW_READ, 0, 12);
    ok(cmd(b, INVS, INVS_CMD_READ, 0, 0));
    upcall(b, INVS, INVS_UPCALL_READ, TOCK_OK, 12, 0);
    CU_ASSERT_EQUAL(r[7], 0xFF);
    CU_ASSERT_EQUAL(r[8], 0x5B);
    CU_ASSERT_EQUAL(r[11], 0x5B);
}

static void test_invs_errors(void)
{
    struct process *p = app("p");
    uint32_t size = invs_size(p);
    /* no buffer, an empty one: RESERVE in the upcall (Tock) */
    ok(cmd(p, INVS, INVS_CMD_READ, 0, 0));
    upcall(p, INVS, INVS_UPCALL_READ, TOCK_RESERVE, 0, 0);
    ok(cmd(p, INVS, INVS_CMD_WRITE, 0, 0));
    upcall(p, INVS, INVS_UPCALL_WRITE, TOCK_RESERVE, 0, 0);
    /* buffer past the region's end, offset past it, offset above 4 GiB */
    allow(p, SYSCALL_ALLOW_RW, INVS, INVS_ALLOW_RW_READ, 0, 10);
    ok(cmd(p, INVS, INVS_CMD_READ, size - 5, 0));
    upcall(p, INVS, INVS_UPCALL_READ, TOCK_INVAL, 0, 0);
    ok(cmd(p, INVS, INVS_CMD_READ, size, 0));
    upcall(p, INVS, INVS_UPCALL_READ, TOCK_INVAL, 0, 0);
    ok(cmd(p, INVS, INVS_CMD_READ, 0xFFFFFFFFu, 0));
    upcall(p, INVS, INVS_UPCALL_READ, TOCK_INVAL, 0, 0);
    ok(cmd(p, INVS, INVS_CMD_READ, 0, 1));
    upcall(p, INVS, INVS_UPCALL_READ, TOCK_INVAL, 0, 0);
    ok(cmd(p, INVS, INVS_CMD_READ, size - 10, 0));   /* exactly to the end */
    upcall(p, INVS, INVS_UPCALL_READ, TOCK_OK, 10, 0);
    fails(cmd(p, INVS, 4, 0, 0), TOCK_NOSUPPORT);
    /* one command at a time per app */
    dev.hold = true;
    ok(cmd(p, INVS, INVS_CMD_READ, 0, 0));
    fails(cmd(p, INVS, INVS_CMD_READ, 0, 0), TOCK_BUSY);
    fails(cmd(p, INVS, INVS_CMD_SIZE, 0, 0), TOCK_BUSY);
    release();
    upcall(p, INVS, INVS_UPCALL_READ, TOCK_OK, 10, 0);
}

static void test_invs_permissions(void)
{
    struct process *none = app_with_ids("none", 0, 0, 0);   /* elf2tab --write_id 0 */
    ok(cmd(none, INVS, INVS_CMD_EXISTS, 0, 0));
    fails(cmd(none, INVS, INVS_CMD_SIZE, 0, 0), TOCK_NOSUPPORT);
    fails(cmd(none, INVS, INVS_CMD_READ, 0, 0), TOCK_NOSUPPORT);
    fails(cmd(none, INVS, INVS_CMD_WRITE, 0, 0), TOCK_NOSUPPORT);
    struct process *ro = app_with_ids("ro", 0x77, 0x77, 0);
    CU_ASSERT_EQUAL(invs_size(ro), HOST_STORAGE_INVS_REGION);
    fails(cmd(ro, INVS, INVS_CMD_WRITE, 0, 0), TOCK_NOSUPPORT);
    B->k.appid_policy = APPID_POLICY_LOCALLY_UNIQUE;          /* no ShortId, no TLV */
    struct process *anon = app("anon");
    CU_ASSERT_EQUAL(anon->short_id, 0);
    fails(cmd(anon, INVS, INVS_CMD_SIZE, 0, 0), TOCK_NOSUPPORT);
}

static void test_invs_full(void)
{
    char name[8];
    uint32_t fit = (HOST_STORAGE_DEVICE_SIZE - HOST_STORAGE_NV_SIZE) /
                   (HOST_STORAGE_INVS_REGION + INVS_HEADER_LEN);
    for (uint32_t i = 0; i <= fit; i++) {
        snprintf(name, sizeof name, "a%u", i);
        struct process *p = app_with_ids(name, 100 + i, 100 + i, 100 + i);
        ok(cmd(p, INVS, INVS_CMD_SIZE, 0, 0));
        uint32_t args[3];
        fake_take_upcall(B, p, INVS, INVS_UPCALL_SIZE, args);
        CU_ASSERT_EQUAL(args[0], i < fit ? TOCK_OK : TOCK_NOMEM);
    }
}

/* ---- key-value 0x50003 ------------------------------------------------------------------- */

enum { KV = DRIVER_KV };

static void key(struct process *p, const char *k)
{
    memcpy(allow(p, SYSCALL_ALLOW_RO, KV, KV_ALLOW_RO_KEY, 0x300, (uint32_t)strlen(k)), k, strlen(k));
}

static void value(struct process *p, const char *v)
{
    uint32_t n = (uint32_t)strlen(v);
    uint8_t *b = allow(p, SYSCALL_ALLOW_RO, KV, KV_ALLOW_RO_VALUE, 0x380, n);
    if (n)
        memcpy(b, v, n);
}

/* Run command c to its upcall; returns its status, *len the length argument. */
static uint32_t kv_do(struct process *p, uint32_t c, uint32_t *len)
{
    ok(cmd(p, KV, c, 0, 0));
    uint32_t args[3];
    CU_ASSERT_TRUE_FATAL(pending(p, KV, KV_UPCALL_DONE) > 0);
    fake_take_upcall(B, p, KV, KV_UPCALL_DONE, args);
    if (len)
        *len = args[1];
    return args[0];
}

static void test_kv_basics(void)
{
    struct process *p = app("p");
    uint32_t len;
    ok(cmd(p, KV, KV_CMD_EXISTS, 0, 0));
    fails(cmd(p, KV, 7, 0, 0), TOCK_NOSUPPORT);
    key(p, "color");
    value(p, "blue");
    CU_ASSERT_EQUAL(kv_do(p, KV_CMD_SET, NULL), TOCK_OK);
    uint8_t *out = allow(p, SYSCALL_ALLOW_RW, KV, KV_ALLOW_RW_VALUE, 0, 16);
    CU_ASSERT_EQUAL(kv_do(p, KV_CMD_GET, &len), TOCK_OK);
    CU_ASSERT_EQUAL(len, 4);
    CU_ASSERT_EQUAL(memcmp(out, "blue", 4), 0);
    CU_ASSERT_EQUAL(kv_do(p, KV_CMD_ADD, NULL), TOCK_NOSUPPORT);
    value(p, "green");
    CU_ASSERT_EQUAL(kv_do(p, KV_CMD_UPDATE, NULL), TOCK_OK);
    out = allow(p, SYSCALL_ALLOW_RW, KV, KV_ALLOW_RW_VALUE, 0, 2);   /* too short */
    CU_ASSERT_EQUAL(kv_do(p, KV_CMD_GET, &len), TOCK_SIZE);
    CU_ASSERT_EQUAL(len, 5);
    CU_ASSERT_EQUAL(memcmp(out, "gr", 2), 0);
    allow(p, SYSCALL_ALLOW_RW, KV, KV_ALLOW_RW_VALUE, 0, 0);   /* get without a buffer */
    CU_ASSERT_EQUAL(kv_do(p, KV_CMD_GET, &len), TOCK_SIZE);
    CU_ASSERT_EQUAL(kv_do(p, KV_CMD_DELETE, NULL), TOCK_OK);
    CU_ASSERT_EQUAL(kv_do(p, KV_CMD_DELETE, NULL), TOCK_NOSUPPORT);
    CU_ASSERT_EQUAL(kv_do(p, KV_CMD_GET, &len), TOCK_NOSUPPORT);   /* missing key */
    CU_ASSERT_EQUAL(kv_do(p, KV_CMD_UPDATE, NULL), TOCK_NOSUPPORT);
    CU_ASSERT_EQUAL(kv_do(p, KV_CMD_ADD, NULL), TOCK_OK);
    CU_ASSERT_EQUAL(kv_do(p, KV_CMD_GC, NULL), TOCK_OK);

    /* the stored value carries Tock's header with the app's write_id (its ShortId) */
    struct storage_kv *e = storage_kv_find(&hs.st, (const uint8_t *)"color", 5);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    uint32_t id, vlen;
    CU_ASSERT_TRUE(kv_header_decode(e->value, e->value_len, &id, &vlen));
    CU_ASSERT_EQUAL(id, p->short_id);
    CU_ASSERT_EQUAL(vlen, 5);
}

static void test_kv_sizes(void)
{
    struct process *p = app("p");
    char long_key[KV_MAX_KEY + 2];
    memset(long_key, 'k', sizeof long_key);
    long_key[KV_MAX_KEY + 1] = 0;
    key(p, long_key);                       /* 65 bytes: refused at once */
    fails(cmd(p, KV, KV_CMD_GET, 0, 0), TOCK_SIZE);
    fails(cmd(p, KV, KV_CMD_SET, 0, 0), TOCK_SIZE);
    fails(cmd(p, KV, KV_CMD_DELETE, 0, 0), TOCK_SIZE);
    long_key[KV_MAX_KEY] = 0;               /* 64 bytes: fine */
    key(p, long_key);
    allow(p, SYSCALL_ALLOW_RO, KV, KV_ALLOW_RO_VALUE, 0x380, KV_MAX_VALUE + 1);
    fails(cmd(p, KV, KV_CMD_SET, 0, 0), TOCK_SIZE);
    allow(p, SYSCALL_ALLOW_RO, KV, KV_ALLOW_RO_VALUE, 0x380, KV_MAX_VALUE);
    CU_ASSERT_EQUAL(kv_do(p, KV_CMD_SET, NULL), TOCK_OK);
    value(p, "");                           /* set without a value buffer: an empty value */
    CU_ASSERT_EQUAL(kv_do(p, KV_CMD_SET, NULL), TOCK_OK);
    CU_ASSERT_EQUAL(pending(p, KV, KV_UPCALL_DONE), 0);
    /* fill the store: NOMEM, then room again after garbage collection */
    allow(p, SYSCALL_ALLOW_RO, KV, KV_ALLOW_RO_VALUE, 0x380, 400);
    uint32_t n = 0, st;
    while ((st = kv_do(p, KV_CMD_SET, NULL)) == TOCK_OK)
        n++;
    CU_ASSERT_EQUAL(st, TOCK_NOMEM);
    CU_ASSERT_TRUE(n > 10);
    CU_ASSERT_EQUAL(kv_do(p, KV_CMD_GC, NULL), TOCK_OK);
    CU_ASSERT_EQUAL(kv_do(p, KV_CMD_SET, NULL), TOCK_OK);
}

static void test_kv_isolation_and_permissions(void)
{
    struct process *a = app("a"), *b = app("b");
    uint32_t len;
    key(a, "secret");
    value(a, "a's");
    CU_ASSERT_EQUAL(kv_do(a, KV_CMD_SET, NULL), TOCK_OK);
    key(b, "secret");                       /* another app's key: as if missing */
    value(b, "b's");
    allow(b, SYSCALL_ALLOW_RW, KV, KV_ALLOW_RW_VALUE, 0, 16);
    CU_ASSERT_EQUAL(kv_do(b, KV_CMD_GET, &len), TOCK_NOSUPPORT);
    CU_ASSERT_EQUAL(len, 0);
    CU_ASSERT_EQUAL(kv_do(b, KV_CMD_SET, NULL), TOCK_NOSUPPORT);
    CU_ASSERT_EQUAL(kv_do(b, KV_CMD_UPDATE, NULL), TOCK_NOSUPPORT);
    CU_ASSERT_EQUAL(kv_do(b, KV_CMD_DELETE, NULL), TOCK_NOSUPPORT);

    /* the TBF may let an app read another's id (kv_no_modify / kv_no_read of libtock-c) */
    struct process *reader = app_with_ids("reader", 0x99, a->short_id, 0);
    key(reader, "secret");
    uint8_t *out = allow(reader, SYSCALL_ALLOW_RW, KV, KV_ALLOW_RW_VALUE, 0, 16);
    CU_ASSERT_EQUAL(kv_do(reader, KV_CMD_GET, &len), TOCK_OK);
    CU_ASSERT_EQUAL(memcmp(out, "a's", 3), 0);
    CU_ASSERT_EQUAL(kv_do(reader, KV_CMD_DELETE, NULL), TOCK_NOSUPPORT);
    struct process *no_read = app_with_ids("noread", 0x55, 0, 0x55);
    key(no_read, "mine");
    value(no_read, "x");
    CU_ASSERT_EQUAL(kv_do(no_read, KV_CMD_SET, NULL), TOCK_OK);
    CU_ASSERT_EQUAL(kv_do(no_read, KV_CMD_GET, &len), TOCK_NOSUPPORT);
    struct process *no_write = app_with_ids("nowrite", 0, 0x55, 0x55);
    key(no_write, "other");
    value(no_write, "y");
    fails(cmd(no_write, KV, KV_CMD_SET, 0, 0), TOCK_INVAL);
    key(no_write, "mine");
    CU_ASSERT_EQUAL(kv_do(no_write, KV_CMD_DELETE, NULL), TOCK_OK);   /* modify id 0x55 */
}

/* ---- app flash 0x50000 --------------------------------------------------------------------- */

enum { AF = DRIVER_APP_FLASH };

static struct process *app_with_region(const char *name)
{
    struct tbf_header t = kt_header(name, 0);
    t.writeable_region_count = 1;
    t.writeable_regions[0].offset = 0x100;
    t.writeable_regions[0].size = 16;
    struct process *p = kt_start(&t, APP_RAM);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    return p;
}

static void test_app_flash(void)
{
    struct process *p = app_with_region("state");
    uint32_t region = p->flash_start + 0x100;
    ok(cmd(p, AF, APP_FLASH_CMD_EXISTS, 0, 0));
    fails(cmd(p, AF, 2, 0, 0), TOCK_NOSUPPORT);
    fails(cmd(p, AF, APP_FLASH_CMD_WRITE, region, 0), TOCK_RESERVE);   /* no buffer */
    uint8_t *b = allow(p, SYSCALL_ALLOW_RO, AF, APP_FLASH_ALLOW_RO_BUFFER, 0, 8);
    memcpy(b, "saved!!!", 8);
    ok(cmd(p, AF, APP_FLASH_CMD_WRITE, region + 8, 0));   /* ends at the region's end */
    upcall(p, AF, APP_FLASH_UPCALL_DONE, TOCK_OK, 0, 0);
    CU_ASSERT_EQUAL(memcmp(p->flash + 0x108, "saved!!!", 8), 0);
    fails(cmd(p, AF, APP_FLASH_CMD_WRITE, region + 9, 0), TOCK_INVAL);
    fails(cmd(p, AF, APP_FLASH_CMD_WRITE, region - 1, 0), TOCK_INVAL);
    fails(cmd(p, AF, APP_FLASH_CMD_WRITE, p->flash_start, 0), TOCK_INVAL);   /* the header */
    /* the region is saved for the next boot, by app name */
    struct storage_app_region *r = storage_region_find(&hs.st, "state", 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->len, 16);
    CU_ASSERT_EQUAL(memcmp(r->data + 8, "saved!!!", 8), 0);
    boot(true);
    p = app_with_region("state");
    CU_ASSERT_NOT_EQUAL(memcmp(p->flash + 0x108, "saved!!!", 8), 0);
    host_storage_restore(&hs, p);
    CU_ASSERT_EQUAL(memcmp(p->flash + 0x108, "saved!!!", 8), 0);
    struct process *q = app("noregion");
    allow(q, SYSCALL_ALLOW_RO, AF, APP_FLASH_ALLOW_RO_BUFFER, 0, 4);
    fails(cmd(q, AF, APP_FLASH_CMD_WRITE, q->flash_start + 0x100, 0), TOCK_INVAL);
}

/* ---- the storage file ---------------------------------------------------------------------- */

static char path[64];

static void temp_path(void)
{
    snprintf(path, sizeof path, "/tmp/test_storage_%d.bin", (int)getpid());
    unlink(path);
}

static void test_file_round_trip(void)
{
    temp_path();
    char err[512];
    struct host_storage h;
    CU_ASSERT_EQUAL_FATAL(host_storage_open(&h, path, write_flash, NULL, err, sizeof err), 0);
    CU_ASSERT_EQUAL(access(path, F_OK), 0);   /* created on first use */
    h.st.flash[3] = 0x42;
    storage_kv_put(&h.st, (const uint8_t *)"k", 1, (const uint8_t *)"vv", 2);
    h.st.kv_dead = 77;
    storage_region_put(&h.st, "app", 5, 1, (const uint8_t *)"xyz", 3);
    storage_app_note(&h.st, "app", 5, 6);
    CU_ASSERT_EQUAL(storage_file_save(path, &h.st, err, sizeof err), 0);
    host_storage_close(&h);
    struct storage_state s;
    CU_ASSERT_EQUAL_FATAL(storage_file_load(path, &s, err, sizeof err), 0);
    CU_ASSERT_EQUAL(s.flash_size, HOST_STORAGE_DEVICE_SIZE);
    CU_ASSERT_EQUAL(s.flash[3], 0x42);
    CU_ASSERT_EQUAL(s.kv_count, 1);
    CU_ASSERT_EQUAL(s.kv_dead, 77);
    CU_ASSERT_EQUAL(s.region_count, 1);
    CU_ASSERT_EQUAL(s.regions[0].short_id, 5);
    CU_ASSERT_EQUAL(memcmp(s.regions[0].data, "xyz", 3), 0);
    CU_ASSERT_EQUAL(s.app_count, 1);
    CU_ASSERT_EQUAL(s.apps[0].write_id, 6);
    storage_state_free(&s);
    unlink(path);
}

static void corrupt_and_expect(long at, uint8_t byte, long truncate_to, const char *msg)
{
    char err[512];
    struct storage_state s = {0};
    CU_ASSERT_EQUAL(storage_file_save(path, &s, err, sizeof err), 0);
    FILE *f = fopen(path, "r+b");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    if (at >= 0) {
        fseek(f, at, SEEK_SET);
        fputc(byte, f);
    }
    fclose(f);
    if (truncate_to >= 0)
        CU_ASSERT_EQUAL(truncate(path, truncate_to), 0);
    CU_ASSERT_EQUAL(storage_file_load(path, &s, err, sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, msg));
    CU_ASSERT_PTR_NOT_NULL(strstr(err, path));
}

static void test_file_damage_refused(void)
{
    temp_path();
    corrupt_and_expect(0, 'X', -1, "not a storage file");
    corrupt_and_expect(8, 9, -1, "version 9");
    corrupt_and_expect(-1, 0, 30, "payload length");
    corrupt_and_expect(21, 0x55, -1, "CRC mismatch");
    char err[512];
    struct storage_state s;
    CU_ASSERT_EQUAL(storage_file_load("/nonexistent/dir/x", &s, err, sizeof err), 1);
    struct host_storage h;
    CU_ASSERT_EQUAL(host_storage_open(&h, "/nonexistent/dir/x", write_flash, NULL, err,
                                      sizeof err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "/nonexistent/dir/x"));
    unlink(path);
}

static const struct unit_test tests[] = {
    {"nv round trip and bounds", test_nv_round_trip},
    {"nv without buffer", test_nv_no_buffer},
    {"nv busy: one queued per app", test_nv_busy_queues_one_per_app},
    {"nv owner gone mid-operation", test_nv_owner_gone},
    {"invs a region per app", test_invs_regions_per_app},
    {"invs region found after reboot", test_invs_found_again_after_reboot},
    {"invs errors in upcalls, busy", test_invs_errors},
    {"invs permissions", test_invs_permissions},
    {"invs storage full", test_invs_full},
    {"kv basics", test_kv_basics},
    {"kv sizes and full store", test_kv_sizes},
    {"kv isolation and permissions", test_kv_isolation_and_permissions},
    {"app flash", test_app_flash},
    {"storage file round trip", test_file_round_trip},
    {"storage file damage refused", test_file_damage_refused},
    {NULL, NULL},
};

int main(void)
{
    return unit_run("storage", tests, setup, teardown);
}

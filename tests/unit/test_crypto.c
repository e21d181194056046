/* The crypto capsules (SHA 0x40005, HMAC 0x40003, AES 0x40006, CRC 0x40002) driven
 * through the system call ABI, on the emulator's engines (emu/host_crypto.c, OpenSSL) with
 * a board clock the test moves: known-answer vectors (FIPS 180-2, RFC 4231, NIST SP
 * 800-38A, RFC 3610, the CRC check values), and every command's error paths. */
#include <CUnit/Basic.h>
#include <string.h>

#include "fake_cpu.h"
#include "host_crypto.h"
#include "tock/capsules/aes.h"
#include "tock/capsules/crc.h"
#include "tock/capsules/hmac.h"
#include "tock/capsules/sha.h"
#include "unit_run.h"

#define APP_RAM 2048u          /* app break of every test process */
#include "capsule_test.h"
#define BUF_OFF 512u           /* where tests put buffers in app RAM */

static struct host_crypto engines;
static uint64_t now_ns;
static struct sha_capsule sha;
static struct hmac_capsule hmac;
static struct aes_capsule aes;
static struct crc_capsule crc;

static struct device_events events;   /* the engines' completions */

static uint64_t clock_now(void *ctx) { (void)ctx; return now_ns; }

static void setup(void)
{
    memset(&board, 0, sizeof board);
    memset(&events, 0, sizeof events);
    now_ns = 1000;
    fake_kernel_init(&board);
    char err[128];
    CU_ASSERT_EQUAL_FATAL(host_crypto_init(&engines, clock_now, NULL, &events, err, sizeof err), 0);
    sha_capsule_init(&sha, &engines.sha);
    hmac_capsule_init(&hmac, &engines.hmac);
    aes_capsule_init(&aes, &engines.aes);
    crc_capsule_init(&crc, &engines.crc);
    CU_ASSERT_EQUAL(kernel_add_driver(&board.k, &sha.driver), 0);
    CU_ASSERT_EQUAL(kernel_add_driver(&board.k, &hmac.driver), 0);
    CU_ASSERT_EQUAL(kernel_add_driver(&board.k, &aes.driver), 0);
    CU_ASSERT_EQUAL(kernel_add_driver(&board.k, &crc.driver), 0);
}

static void teardown(void)
{
    host_crypto_destroy(&engines);
}

/* ---- the app's side and the board's clock ----------------------------------------------- */

/* Allow [BUF_OFF + off, +len) of p's RAM filled with bytes (NULL: left as is), or the
 * null buffer when len is 0; returns the host view. */
static uint8_t *allow(struct process *p, uint32_t cls, uint32_t drv, uint32_t num, uint32_t off,
                      const void *bytes, uint32_t len)
{
    uint32_t addr = len ? fake_ram_addr(p, BUF_OFF + off) : 0;
    uint8_t *host = len ? fake_host(&board, p, addr) : NULL;
    if (bytes)
        memcpy(host, bytes, len);
    struct cpu_regs r = fake_syscall(&board, p, cls, drv, num, addr, len, NULL);
    CU_ASSERT_EQUAL(r.r[0], RV_SUCCESS_2U32);
    return host;
}

#define allow_ro(p, drv, num, off, bytes, len) allow(p, SYSCALL_ALLOW_RO, drv, num, off, bytes, len)
#define allow_rw(p, drv, num, off, len) allow(p, SYSCALL_ALLOW_RW, drv, num, off, NULL, len)

#define pending(p, drv, sub) fake_pending_upcalls(p, drv, sub)

/* Let board time pass until no engine works. */
static void run_engines(void)
{
    uint64_t at;
    while (device_events_next(&events, &at)) {
        now_ns = at;
        device_events_fire_due(&events, now_ns);
    }
}

static void expect_upcall(struct process *p, uint32_t drv, uint32_t sub, uint32_t a0,
                          uint32_t a1, uint32_t a2)
{
    CU_ASSERT_TRUE_FATAL(pending(p, drv, sub) > 0);
    uint32_t args[3];
    CU_ASSERT_TRUE(fake_take_upcall(&board, p, drv, sub, args));
    CU_ASSERT_EQUAL(args[0], a0);
    CU_ASSERT_EQUAL(args[1], a1);
    CU_ASSERT_EQUAL(args[2], a2);
}

static void hex(const char *text, uint8_t *out, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        unsigned v = 0;
        sscanf(text + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
}

static bool equals_hex(const uint8_t *got, const char *want)
{
    uint8_t w[128];
    uint32_t n = (uint32_t)strlen(want) / 2;
    hex(want, w, n);
    return memcmp(got, w, n) == 0;
}

#define SHA256_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA256_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* ---- SHA ------------------------------------------------------------------------------------ */

static void test_sha_known_answer(void)
{
    struct process *p = app("sha");
    expect_success(command(p, DRIVER_SHA, SHA_CMD_EXISTS, 0, 0));
    subscribe(p, DRIVER_SHA, SHA_UPCALL_HASH);
    expect_success(command(p, DRIVER_SHA, SHA_CMD_SET_ALGORITHM, 0, 0));
    allow_ro(p, DRIVER_SHA, SHA_ALLOW_RO_DATA, 0, "abc", 3);
    uint8_t *dest = allow_rw(p, DRIVER_SHA, SHA_ALLOW_RW_DEST, 64, SHA_DIGEST_LEN);
    memset(dest, 0, SHA_DIGEST_LEN);
    expect_success(command(p, DRIVER_SHA, SHA_CMD_HASH, 0, 0));

    /* the engine takes board time: nothing yet */
    CU_ASSERT_EQUAL(pending(p, DRIVER_SHA, SHA_UPCALL_HASH), 0);
    CU_ASSERT_FALSE(equals_hex(dest, SHA256_ABC));
    uint64_t started = now_ns;
    run_engines();
    CU_ASSERT_TRUE(now_ns > started);
    expect_upcall(p, DRIVER_SHA, SHA_UPCALL_HASH, TOCK_OK, 0, 0);
    CU_ASSERT_TRUE(equals_hex(dest, SHA256_ABC));
}

static void test_sha_without_data_hashes_nothing(void)
{
    struct process *p = app("sha");
    uint8_t *dest = allow_rw(p, DRIVER_SHA, SHA_ALLOW_RW_DEST, 64, SHA_DIGEST_LEN);
    /* no set algorithm: SHA-256 is the default */
    expect_success(command(p, DRIVER_SHA, SHA_CMD_HASH, 0, 0));
    run_engines();
    expect_upcall(p, DRIVER_SHA, SHA_UPCALL_HASH, TOCK_OK, 0, 0);
    CU_ASSERT_TRUE(equals_hex(dest, SHA256_EMPTY));
}

static void test_sha_errors(void)
{
    struct process *p = app("sha");
    expect_failure(command(p, DRIVER_SHA, SHA_CMD_SET_ALGORITHM, 1, 0), TOCK_NOSUPPORT);
    expect_failure(command(p, DRIVER_SHA, SHA_CMD_SET_ALGORITHM, 2, 0), TOCK_NOSUPPORT);
    expect_failure(command(p, DRIVER_SHA, 4, 0, 0), TOCK_NOSUPPORT);

    /* destination not 32 bytes: the upcall says NOMEM and nothing is written */
    allow_ro(p, DRIVER_SHA, SHA_ALLOW_RO_DATA, 0, "abc", 3);
    uint8_t *dest = allow_rw(p, DRIVER_SHA, SHA_ALLOW_RW_DEST, 64, 31);
    memset(dest, 0x55, 31);
    expect_success(command(p, DRIVER_SHA, SHA_CMD_HASH, 0, 0));
    /* one request at a time per process */
    expect_failure(command(p, DRIVER_SHA, SHA_CMD_HASH, 0, 0), TOCK_NOMEM);
    expect_failure(command(p, DRIVER_SHA, SHA_CMD_VERIFY, 0, 0), TOCK_NOMEM);
    run_engines();
    expect_upcall(p, DRIVER_SHA, SHA_UPCALL_HASH, TOCK_NOMEM, 0, 0);
    CU_ASSERT_EQUAL(dest[0], 0x55);
    CU_ASSERT_EQUAL(pending(p, DRIVER_SHA, SHA_UPCALL_HASH), 0);
}

static void test_sha_verify(void)
{
    struct process *p = app("sha");
    uint8_t good[SHA_DIGEST_LEN];
    hex(SHA256_ABC, good, sizeof good);
    allow_ro(p, DRIVER_SHA, SHA_ALLOW_RO_DATA, 0, "abc", 3);
    allow_ro(p, DRIVER_SHA, SHA_ALLOW_RO_COMPARE, 64, good, sizeof good);
    expect_success(command(p, DRIVER_SHA, SHA_CMD_VERIFY, 0, 0));
    run_engines();
    expect_upcall(p, DRIVER_SHA, SHA_UPCALL_VERIFY, TOCK_OK, 1, 0);

    good[31] ^= 1;
    allow_ro(p, DRIVER_SHA, SHA_ALLOW_RO_COMPARE, 64, good, sizeof good);
    expect_success(command(p, DRIVER_SHA, SHA_CMD_VERIFY, 0, 0));
    run_engines();
    expect_upcall(p, DRIVER_SHA, SHA_UPCALL_VERIFY, TOCK_OK, 0, 0);

    allow_ro(p, DRIVER_SHA, SHA_ALLOW_RO_COMPARE, 64, good, 16);
    expect_success(command(p, DRIVER_SHA, SHA_CMD_VERIFY, 0, 0));
    run_engines();
    expect_upcall(p, DRIVER_SHA, SHA_UPCALL_VERIFY, TOCK_NOMEM, 0, 0);
    CU_ASSERT_EQUAL(pending(p, DRIVER_SHA, SHA_UPCALL_HASH), 0);
}

/* A second process's request waits for the engine, then runs; a request from a process
 * that dies while waiting or running is dropped. */
static void test_sha_queue(void)
{
    struct process *a = app("a"), *b = app("b"), *c = app("c");
    allow_ro(a, DRIVER_SHA, SHA_ALLOW_RO_DATA, 0, "abc", 3);
    uint8_t *da = allow_rw(a, DRIVER_SHA, SHA_ALLOW_RW_DEST, 64, SHA_DIGEST_LEN);
    uint8_t *db = allow_rw(b, DRIVER_SHA, SHA_ALLOW_RW_DEST, 64, SHA_DIGEST_LEN);
    expect_success(command(a, DRIVER_SHA, SHA_CMD_HASH, 0, 0));
    expect_success(command(b, DRIVER_SHA, SHA_CMD_HASH, 0, 0));
    expect_success(command(c, DRIVER_SHA, SHA_CMD_HASH, 0, 0));
    bool keep = true;
    fake_syscall(&board, c, SYSCALL_EXIT, 0, 0, 0, 0, &keep);   /* c gives up */

    uint64_t at;
    CU_ASSERT_TRUE_FATAL(device_events_next(&events, &at));
    now_ns = at;
    device_events_fire_due(&events, now_ns);    /* a's data is in: its digest next */
    CU_ASSERT_EQUAL(pending(a, DRIVER_SHA, SHA_UPCALL_HASH), 0);
    run_engines();
    expect_upcall(a, DRIVER_SHA, SHA_UPCALL_HASH, TOCK_OK, 0, 0);
    expect_upcall(b, DRIVER_SHA, SHA_UPCALL_HASH, TOCK_OK, 0, 0);
    CU_ASSERT_TRUE(equals_hex(da, SHA256_ABC));
    CU_ASSERT_TRUE(equals_hex(db, SHA256_EMPTY));

    /* the owner dies mid-hash: the next one still gets the engine */
    expect_success(command(a, DRIVER_SHA, SHA_CMD_HASH, 0, 0));
    expect_success(command(b, DRIVER_SHA, SHA_CMD_HASH, 0, 0));
    fake_syscall(&board, a, SYSCALL_EXIT, 0, 0, 0, 0, &keep);
    run_engines();
    expect_upcall(b, DRIVER_SHA, SHA_UPCALL_HASH, TOCK_OK, 0, 0);
}

/* ---- HMAC ----------------------------------------------------------------------------------- */

#define JEFE_DATA "what do ya want for nothing?"
#define HMAC256_JEFE "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
#define HMAC384_JEFE "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e" \
                     "8e2240ca5e69e2c78b3239ecfab21649"

static void test_hmac_known_answer(void)
{
    struct process *p = app("hmac");
    subscribe(p, DRIVER_HMAC, HMAC_UPCALL_DONE);
    expect_success(command(p, DRIVER_HMAC, HMAC_CMD_SET_ALGORITHM, 0, 0));
    allow_ro(p, DRIVER_HMAC, HMAC_ALLOW_RO_KEY, 0, "Jefe", 4);
    allow_ro(p, DRIVER_HMAC, HMAC_ALLOW_RO_DATA, 16, JEFE_DATA, 28);
    uint8_t *dest = allow_rw(p, DRIVER_HMAC, HMAC_ALLOW_RW_DEST, 64, 64);
    memset(dest, 0, 64);
    expect_success(command(p, DRIVER_HMAC, HMAC_CMD_RUN, 0, 0));
    expect_failure(command(p, DRIVER_HMAC, HMAC_CMD_RUN, 0, 0), TOCK_BUSY);
    expect_failure(command(p, DRIVER_HMAC, HMAC_CMD_FINISH, 0, 0), TOCK_BUSY);
    CU_ASSERT_EQUAL(pending(p, DRIVER_HMAC, HMAC_UPCALL_DONE), 0);
    run_engines();
    expect_upcall(p, DRIVER_HMAC, HMAC_UPCALL_DONE, TOCK_OK, 0, 0);
    CU_ASSERT_TRUE(equals_hex(dest, HMAC256_JEFE));
    CU_ASSERT_EQUAL(dest[32], 0);      /* 32 bytes of MAC, not more */

    /* SHA-384 into a destination too small for it: the first 16 bytes */
    expect_success(command(p, DRIVER_HMAC, HMAC_CMD_SET_ALGORITHM, 1, 0));
    dest = allow_rw(p, DRIVER_HMAC, HMAC_ALLOW_RW_DEST, 64, 16);
    memset(dest, 0, 64);
    expect_success(command(p, DRIVER_HMAC, HMAC_CMD_RUN, 0, 0));
    run_engines();
    expect_upcall(p, DRIVER_HMAC, HMAC_UPCALL_DONE, TOCK_OK, 0, 0);
    CU_ASSERT_TRUE(memcmp(dest, (uint8_t[16]){0xaf, 0x45, 0xd2, 0xe3, 0x76, 0x48, 0x40, 0x31,
                                              0x61, 0x7f, 0x78, 0xd2, 0xb5, 0x8a, 0x6b, 0x1b},
                          16) == 0);
    CU_ASSERT_EQUAL(dest[16], 0);
}

static void test_hmac_streaming(void)
{
    struct process *p = app("hmac");
    expect_success(command(p, DRIVER_HMAC, HMAC_CMD_SET_ALGORITHM, 0, 0));
    allow_ro(p, DRIVER_HMAC, HMAC_ALLOW_RO_KEY, 0, "Jefe", 4);
    uint8_t *dest = allow_rw(p, DRIVER_HMAC, HMAC_ALLOW_RW_DEST, 64, 32);
    /* finish before any update: the process does not own the engine */
    expect_failure(command(p, DRIVER_HMAC, HMAC_CMD_FINISH, 0, 0), TOCK_OFF);
    allow_ro(p, DRIVER_HMAC, HMAC_ALLOW_RO_DATA, 16, "what do ya", 10);
    expect_success(command(p, DRIVER_HMAC, HMAC_CMD_UPDATE, 0, 0));
    run_engines();
    expect_upcall(p, DRIVER_HMAC, HMAC_UPCALL_DONE, TOCK_OK, 0, 0);
    allow_ro(p, DRIVER_HMAC, HMAC_ALLOW_RO_DATA, 16, " want for nothing?", 18);
    expect_success(command(p, DRIVER_HMAC, HMAC_CMD_UPDATE, 0, 0));
    run_engines();
    expect_upcall(p, DRIVER_HMAC, HMAC_UPCALL_DONE, TOCK_OK, 0, 0);

    /* another process waits while p holds the engine */
    struct process *q = app("other");
    expect_success(command(q, DRIVER_HMAC, HMAC_CMD_SET_ALGORITHM, 0, 0));
    expect_failure(command(q, DRIVER_HMAC, HMAC_CMD_FINISH, 0, 0), TOCK_OFF);
    expect_success(command(q, DRIVER_HMAC, HMAC_CMD_RUN, 0, 0));
    expect_failure(command(q, DRIVER_HMAC, HMAC_CMD_RUN, 0, 0), TOCK_NOMEM);
    run_engines();
    CU_ASSERT_EQUAL(pending(q, DRIVER_HMAC, HMAC_UPCALL_DONE), 0);

    expect_success(command(p, DRIVER_HMAC, HMAC_CMD_FINISH, 0, 0));
    run_engines();
    expect_upcall(p, DRIVER_HMAC, HMAC_UPCALL_DONE, TOCK_OK, 0, 0);
    CU_ASSERT_TRUE(equals_hex(dest, HMAC256_JEFE));
    expect_upcall(q, DRIVER_HMAC, HMAC_UPCALL_DONE, TOCK_OK, 0, 0);   /* q's turn came */
}

static void test_hmac_errors(void)
{
    struct process *p = app("hmac");
    /* run before set algorithm */
    expect_failure(command(p, DRIVER_HMAC, HMAC_CMD_RUN, 0, 0), TOCK_INVAL);
    expect_failure(command(p, DRIVER_HMAC, HMAC_CMD_UPDATE, 0, 0), TOCK_INVAL);
    expect_failure(command(p, DRIVER_HMAC, HMAC_CMD_SET_ALGORITHM, 3, 0), TOCK_NOSUPPORT);
    expect_failure(command(p, DRIVER_HMAC, 6, 0, 0), TOCK_NOSUPPORT);
    expect_failure(command(p, DRIVER_HMAC, HMAC_CMD_VERIFY_FINISH, 0, 0), TOCK_OFF);
    CU_ASSERT_EQUAL(pending(p, DRIVER_HMAC, HMAC_UPCALL_DONE), 0);

    /* a key longer than 64 bytes is cut to 64, as Tock's capsule does (RFC 2104 would
     * hash it instead): RFC 4231 test 6's 131-byte key gives HMAC with 64 bytes of it */
    uint8_t key[131];
    memset(key, 0xaa, sizeof key);
    const char *data = "Test Using Larger Than Block-Size Key - Hash Key First";
    expect_success(command(p, DRIVER_HMAC, HMAC_CMD_SET_ALGORITHM, 0, 0));
    allow_ro(p, DRIVER_HMAC, HMAC_ALLOW_RO_KEY, 0, key, sizeof key);
    allow_ro(p, DRIVER_HMAC, HMAC_ALLOW_RO_DATA, 256, data, (uint32_t)strlen(data));
    uint8_t *dest = allow_rw(p, DRIVER_HMAC, HMAC_ALLOW_RW_DEST, 512, 32);
    expect_success(command(p, DRIVER_HMAC, HMAC_CMD_RUN, 0, 0));
    run_engines();
    expect_upcall(p, DRIVER_HMAC, HMAC_UPCALL_DONE, TOCK_OK, 0, 0);
    CU_ASSERT_TRUE(equals_hex(dest, "84332a7580ed3cf75de83c644c8d2c1c262ad90e0190e5c5ae4b82b2102e8e75"));
}

static void test_hmac_verify(void)
{
    struct process *p = app("hmac");
    uint8_t mac[32];
    hex(HMAC256_JEFE, mac, sizeof mac);
    expect_success(command(p, DRIVER_HMAC, HMAC_CMD_SET_ALGORITHM, 0, 0));
    allow_ro(p, DRIVER_HMAC, HMAC_ALLOW_RO_KEY, 0, "Jefe", 4);
    allow_ro(p, DRIVER_HMAC, HMAC_ALLOW_RO_DATA, 16, JEFE_DATA, 28);
    allow_ro(p, DRIVER_HMAC, HMAC_ALLOW_RO_COMPARE, 64, mac, sizeof mac);
    expect_success(command(p, DRIVER_HMAC, HMAC_CMD_VERIFY, 0, 0));
    run_engines();
    expect_upcall(p, DRIVER_HMAC, HMAC_UPCALL_VERIFY, TOCK_OK, 1, 0);
    mac[0] ^= 0x80;
    allow_ro(p, DRIVER_HMAC, HMAC_ALLOW_RO_COMPARE, 64, mac, sizeof mac);
    expect_success(command(p, DRIVER_HMAC, HMAC_CMD_VERIFY, 0, 0));
    run_engines();
    expect_upcall(p, DRIVER_HMAC, HMAC_UPCALL_VERIFY, TOCK_OK, 0, 0);
    CU_ASSERT_EQUAL(pending(p, DRIVER_HMAC, HMAC_UPCALL_DONE), 0);
}

/* ---- AES ------------------------------------------------------------------------------------ */

static const char *const sp800_key = "2b7e151628aed2a6abf7158809cf4f3c";
static const char *const sp800_plain = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51";

struct aes_case {
    uint32_t mode;
    const char *iv;
    const char *cipher;
};

/* NIST SP 800-38A F.1.1, F.2.1, F.5.1: the first two blocks */
static const struct aes_case sp800_cases[] = {
    {AES_ECB, NULL, "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf"},
    {AES_CBC, "000102030405060708090a0b0c0d0e0f",
     "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"},
    {AES_CTR, "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
     "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"},
};

/* Encrypt the two blocks with setup (block 1) and crypt (block 2, continuing the
 * stream), then decrypt them in one setup. */
static void test_aes_known_answers(void)
{
    struct process *p = app("aes");
    uint8_t key[16], plain[32], iv[16];
    hex(sp800_key, key, 16);
    hex(sp800_plain, plain, 32);
    subscribe(p, DRIVER_AES, AES_UPCALL_DONE);
    allow_ro(p, DRIVER_AES, AES_ALLOW_RO_KEY, 0, key, 16);
    for (uint32_t i = 0; i < sizeof sp800_cases / sizeof sp800_cases[0]; i++) {
        const struct aes_case *c = &sp800_cases[i];
        if (c->iv) {
            hex(c->iv, iv, 16);
            allow_ro(p, DRIVER_AES, AES_ALLOW_RO_IV, 16, iv, 16);
        } else {
            allow_ro(p, DRIVER_AES, AES_ALLOW_RO_IV, 16, NULL, 0);
        }
        expect_success(command(p, DRIVER_AES, AES_CMD_SET_ALGORITHM, c->mode, 1));
        allow_ro(p, DRIVER_AES, AES_ALLOW_RO_SOURCE, 64, plain, 16);
        uint8_t *dest = allow_rw(p, DRIVER_AES, AES_ALLOW_RW_DEST, 128, 16);
        expect_success(command(p, DRIVER_AES, AES_CMD_SETUP, 0, 0));
        expect_failure(command(p, DRIVER_AES, AES_CMD_CRYPT, 0, 0), TOCK_BUSY);
        run_engines();
        expect_upcall(p, DRIVER_AES, AES_UPCALL_DONE, TOCK_OK, 16, 0);
        allow_ro(p, DRIVER_AES, AES_ALLOW_RO_SOURCE, 64, plain + 16, 16);
        allow_rw(p, DRIVER_AES, AES_ALLOW_RW_DEST, 144, 16);
        expect_success(command(p, DRIVER_AES, AES_CMD_CRYPT, 0, 0));
        run_engines();
        expect_upcall(p, DRIVER_AES, AES_UPCALL_DONE, TOCK_OK, 16, 0);
        CU_ASSERT_TRUE(equals_hex(dest, c->cipher));
        expect_success(command(p, DRIVER_AES, AES_CMD_FINISH, 0, 0));

        /* decrypt in place */
        expect_success(command(p, DRIVER_AES, AES_CMD_SET_ALGORITHM, c->mode, 0));
        allow_ro(p, DRIVER_AES, AES_ALLOW_RO_SOURCE, 128, NULL, 32);
        allow_rw(p, DRIVER_AES, AES_ALLOW_RW_DEST, 128, 32);
        expect_success(command(p, DRIVER_AES, AES_CMD_SETUP, 0, 0));
        run_engines();
        expect_upcall(p, DRIVER_AES, AES_UPCALL_DONE, TOCK_OK, 32, 0);
        CU_ASSERT_TRUE(memcmp(dest, plain, 32) == 0);
        expect_success(command(p, DRIVER_AES, AES_CMD_FINISH, 0, 0));
    }
}

static void test_aes_errors(void)
{
    struct process *p = app("aes"), *q = app("other");
    uint8_t key[16] = {0}, iv[16] = {0}, data[32] = {0};
    expect_failure(command(p, DRIVER_AES, AES_CMD_SET_ALGORITHM, 4, 1), TOCK_NOSUPPORT);
    expect_failure(command(p, DRIVER_AES, 9, 0, 0), TOCK_NOSUPPORT);
    /* wrong order: crypt and finish before setup, setup before set algorithm */
    expect_failure(command(p, DRIVER_AES, AES_CMD_CRYPT, 0, 0), TOCK_OFF);
    expect_failure(command(p, DRIVER_AES, AES_CMD_FINISH, 0, 0), TOCK_OFF);
    expect_failure(command(p, DRIVER_AES, AES_CMD_SETUP, 0, 0), TOCK_INVAL);
    /* no key, a short key, no IV for CBC, part of a block for ECB */
    expect_success(command(p, DRIVER_AES, AES_CMD_SET_ALGORITHM, AES_CBC, 1));
    expect_failure(command(p, DRIVER_AES, AES_CMD_SETUP, 0, 0), TOCK_INVAL);
    allow_ro(p, DRIVER_AES, AES_ALLOW_RO_KEY, 0, key, 15);
    expect_failure(command(p, DRIVER_AES, AES_CMD_SETUP, 0, 0), TOCK_INVAL);
    allow_ro(p, DRIVER_AES, AES_ALLOW_RO_KEY, 0, key, 16);
    expect_failure(command(p, DRIVER_AES, AES_CMD_SETUP, 0, 0), TOCK_INVAL);
    expect_success(command(p, DRIVER_AES, AES_CMD_SET_ALGORITHM, AES_ECB, 1));
    allow_ro(p, DRIVER_AES, AES_ALLOW_RO_SOURCE, 32, data, 15);
    expect_failure(command(p, DRIVER_AES, AES_CMD_SETUP, 0, 0), TOCK_INVAL);
    CU_ASSERT_EQUAL(pending(p, DRIVER_AES, AES_UPCALL_DONE), 0);

    /* a destination smaller than the source gets what fits */
    allow_ro(p, DRIVER_AES, AES_ALLOW_RO_IV, 16, iv, 16);
    allow_ro(p, DRIVER_AES, AES_ALLOW_RO_SOURCE, 32, data, 32);
    uint8_t *dest = allow_rw(p, DRIVER_AES, AES_ALLOW_RW_DEST, 128, 16);
    memset(dest, 0, 32);
    expect_success(command(p, DRIVER_AES, AES_CMD_SETUP, 0, 0));
    /* q's setup waits while p owns the engine; q cannot crypt or finish */
    expect_success(command(q, DRIVER_AES, AES_CMD_SET_ALGORITHM, AES_ECB, 1));
    expect_success(command(q, DRIVER_AES, AES_CMD_SETUP, 0, 0));
    expect_failure(command(q, DRIVER_AES, AES_CMD_SETUP, 0, 0), TOCK_NOMEM);
    expect_failure(command(q, DRIVER_AES, AES_CMD_CRYPT, 0, 0), TOCK_OFF);
    expect_failure(command(q, DRIVER_AES, AES_CMD_FINISH, 0, 0), TOCK_OFF);
    run_engines();
    expect_upcall(p, DRIVER_AES, AES_UPCALL_DONE, TOCK_OK, 32, 0);
    CU_ASSERT_TRUE(equals_hex(dest, "66e94bd4ef8a2c3b884cfa59ca342b2e"));   /* AES(0, 0) */
    CU_ASSERT_EQUAL(dest[16], 0);
    CU_ASSERT_EQUAL(pending(q, DRIVER_AES, AES_UPCALL_DONE), 0);
    /* p is done: q's waiting setup runs, and fails for want of a key */
    expect_success(command(p, DRIVER_AES, AES_CMD_FINISH, 0, 0));
    expect_upcall(q, DRIVER_AES, AES_UPCALL_DONE, TOCK_INVAL, 0, 0);
}

/* RFC 3610 packet vector #1: 8 bytes authenticated, 23 encrypted, an 8-byte tag. */
static void test_aes_ccm(void)
{
    struct process *p = app("aes");
    uint8_t key[16], nonce[13], packet[31];
    hex("c0c1c2c3c4c5c6c7c8c9cacbcccdcecf", key, 16);
    hex("00000003020100a0a1a2a3a4a5", nonce, 13);
    for (uint32_t i = 0; i < sizeof packet; i++)
        packet[i] = (uint8_t)i;
    allow_ro(p, DRIVER_AES, AES_ALLOW_RO_KEY, 0, key, 16);
    allow_ro(p, DRIVER_AES, AES_ALLOW_RO_IV, 16, nonce, 13);
    allow_ro(p, DRIVER_AES, AES_ALLOW_RO_SOURCE, 32, packet, sizeof packet);
    uint8_t *dest = allow_rw(p, DRIVER_AES, AES_ALLOW_RW_DEST, 128, 39);
    expect_success(command(p, DRIVER_AES, AES_CMD_SET_ALGORITHM, AES_CCM, 1));
    expect_success(command(p, DRIVER_AES, AES_CMD_CCM_MOFF, 8, 0));
    expect_success(command(p, DRIVER_AES, AES_CMD_CCM_MIC_LEN, 3, 0));
    expect_failure(command(p, DRIVER_AES, AES_CMD_SETUP, 0, 0), TOCK_INVAL);   /* odd tag */
    expect_success(command(p, DRIVER_AES, AES_CMD_CCM_MIC_LEN, 8, 0));
    expect_success(command(p, DRIVER_AES, AES_CMD_CCM_CONFIDENTIAL, 1, 0));
    expect_success(command(p, DRIVER_AES, AES_CMD_SETUP, 0, 0));
    run_engines();
    expect_upcall(p, DRIVER_AES, AES_UPCALL_DONE, TOCK_OK, 31, 0);
    CU_ASSERT_TRUE(memcmp(dest, packet, 8) == 0);     /* the header stays as it was */
    CU_ASSERT_TRUE(equals_hex(dest + 8, "588c979a61c663d2f066d0c2c0f989806d5f6b61dac384"
                                        "17e8d12cfdf926e0"));
    expect_success(command(p, DRIVER_AES, AES_CMD_FINISH, 0, 0));

    /* decrypt: the tag follows the source, as the engine buffer holds it */
    expect_success(command(p, DRIVER_AES, AES_CMD_SET_ALGORITHM, AES_CCM, 0));
    allow_ro(p, DRIVER_AES, AES_ALLOW_RO_SOURCE, 128, NULL, 31);
    allow_rw(p, DRIVER_AES, AES_ALLOW_RW_DEST, 256, 31);
    expect_success(command(p, DRIVER_AES, AES_CMD_SETUP, 0, 0));
    run_engines();
    /* the tag is not in the source, so it does not check; the plaintext comes back */
    expect_upcall(p, DRIVER_AES, AES_UPCALL_DONE, TOCK_OK, 31, 0);
    CU_ASSERT_TRUE(memcmp(fake_host(&board, p, fake_ram_addr(p, BUF_OFF + 256)), packet, 31) == 0);
    expect_success(command(p, DRIVER_AES, AES_CMD_FINISH, 0, 0));

    /* a source with its tag in it: the tag checks */
    allow_ro(p, DRIVER_AES, AES_ALLOW_RO_SOURCE, 128, NULL, 31);
    expect_success(command(p, DRIVER_AES, AES_CMD_SETUP, 0, 0));
    run_engines();
    expect_upcall(p, DRIVER_AES, AES_UPCALL_DONE, TOCK_OK, 31, 0);
    expect_success(command(p, DRIVER_AES, AES_CMD_FINISH, 0, 0));
}

/* ---- CRC ------------------------------------------------------------------------------------ */

static void test_crc_check_values(void)
{
    struct process *p = app("crc");
    subscribe(p, DRIVER_CRC, CRC_UPCALL_DONE);
    expect_success(command(p, DRIVER_CRC, CRC_CMD_EXISTS, 0, 0));
    allow_ro(p, DRIVER_CRC, CRC_ALLOW_RO_DATA, 0, "123456789ABCDEFG", 16);
    const uint32_t want[3] = {0xCBF43926u, 0xE3069283u, 0x89F6u};
    for (uint32_t alg = 0; alg < 3; alg++) {
        expect_success(command(p, DRIVER_CRC, CRC_CMD_REQUEST, alg, 9));
        expect_failure(command(p, DRIVER_CRC, CRC_CMD_REQUEST, alg, 9), TOCK_BUSY);
        CU_ASSERT_EQUAL(pending(p, DRIVER_CRC, CRC_UPCALL_DONE), 0);
        run_engines();
        expect_upcall(p, DRIVER_CRC, CRC_UPCALL_DONE, TOCK_OK, want[alg], alg);
    }
    /* libtock-c's test cases: Tock's CRC-16-CCITT of "ABCDEFG" */
    allow_ro(p, DRIVER_CRC, CRC_ALLOW_RO_DATA, 0, "ABCDEFG", 7);
    expect_success(command(p, DRIVER_CRC, CRC_CMD_REQUEST, CRC_16CCITT, 7));
    run_engines();
    expect_upcall(p, DRIVER_CRC, CRC_UPCALL_DONE, TOCK_OK, 0x1541, CRC_16CCITT);
}

static void test_crc_errors(void)
{
    struct process *p = app("crc"), *q = app("other");
    expect_failure(command(p, DRIVER_CRC, 2, 0, 0), TOCK_NOSUPPORT);
    expect_failure(command(p, DRIVER_CRC, CRC_CMD_REQUEST, 3, 0), TOCK_INVAL);
    /* no buffer: any length is too long */
    expect_failure(command(p, DRIVER_CRC, CRC_CMD_REQUEST, CRC_32, 1), TOCK_SIZE);
    allow_ro(p, DRIVER_CRC, CRC_ALLOW_RO_DATA, 0, "0123", 4);
    expect_failure(command(p, DRIVER_CRC, CRC_CMD_REQUEST, CRC_32, 5), TOCK_SIZE);
    /* 0 bytes: Tock answers SIZE in the upcall and FAIL in the command */
    expect_failure(command(p, DRIVER_CRC, CRC_CMD_REQUEST, CRC_32, 0), TOCK_FAIL);
    expect_upcall(p, DRIVER_CRC, CRC_UPCALL_DONE, TOCK_SIZE, 0, 0);

    /* q waits for p's CRC */
    allow_ro(q, DRIVER_CRC, CRC_ALLOW_RO_DATA, 0, "0123", 4);
    expect_success(command(p, DRIVER_CRC, CRC_CMD_REQUEST, CRC_32, 4));
    expect_success(command(q, DRIVER_CRC, CRC_CMD_REQUEST, CRC_32C, 4));
    uint64_t at;
    CU_ASSERT_TRUE_FATAL(device_events_next(&events, &at));
    now_ns = at;
    device_events_fire_due(&events, now_ns);
    expect_upcall(p, DRIVER_CRC, CRC_UPCALL_DONE, TOCK_OK, 0xA6669D7Du, CRC_32);
    CU_ASSERT_EQUAL(pending(q, DRIVER_CRC, CRC_UPCALL_DONE), 0);
    run_engines();
    expect_upcall(q, DRIVER_CRC, CRC_UPCALL_DONE, TOCK_OK, 0x063962B9u, CRC_32C);
}

static const struct unit_test tests[] = {
    {"sha known answer", test_sha_known_answer},
    {"sha without data", test_sha_without_data_hashes_nothing},
    {"sha errors", test_sha_errors},
    {"sha verify", test_sha_verify},
    {"sha queue", test_sha_queue},
    {"hmac known answer", test_hmac_known_answer},
    {"hmac streaming", test_hmac_streaming},
    {"hmac errors", test_hmac_errors},
    {"hmac verify", test_hmac_verify},
    {"aes known answers", test_aes_known_answers},
    {"aes errors", test_aes_errors},
    {"aes ccm", test_aes_ccm},
    {"crc check values", test_crc_check_values},
    {"crc errors", test_crc_errors},
    {NULL, NULL},
};

int main(void)
{
    return unit_run("crypto", tests, setup, teardown);
}

/* The crypto drivers (SHA, HMAC, AES, CRC) with known-answer vectors, making the calls
 * libtock-c's tests make (examples/tests/{sha,hmac,aes,crc}) plus the NIST and RFC
 * vectors. Prints one line per check and "crypto: N checks, N passed" at the end; exits
 * with the number of failed checks. */
#include <stdio.h>
#include <string.h>

#include <libtock-sync/crypto/hmac.h>
#include <libtock-sync/crypto/sha.h>
#include <libtock-sync/peripherals/crc.h>
#include <libtock/crypto/aes.h>

static int checks, passed;

static void check(const char *what, bool ok)
{
    checks++;
    passed += ok;
    printf("%s: %s\n", what, ok ? "ok" : "WRONG");
}

static void from_hex(const char *text, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned hi = (unsigned)(text[2 * i] <= '9' ? text[2 * i] - '0' : text[2 * i] - 'a' + 10);
        unsigned lo = (unsigned)(text[2 * i + 1] <= '9' ? text[2 * i + 1] - '0'
                                                        : text[2 * i + 1] - 'a' + 10);
        out[i] = (uint8_t)(hi << 4 | lo);
    }
}

static bool equals_hex(const uint8_t *got, const char *want)
{
    uint8_t w[64];
    size_t n = strlen(want) / 2;
    from_hex(want, w, n);
    return memcmp(got, w, n) == 0;
}

/* libtock-c's test text, in a 256-byte buffer as there */
static uint8_t rust_text[256] = "A language empowering everyone to build reliable and efficient software.";

/* ---- SHA ------------------------------------------------------------------------------ */

static bool sha_called;
static returncode_t sha_status;

static void sha_done(returncode_t rc)
{
    sha_called = true;
    sha_status = rc;
}

static void sha_checks(void)
{
    uint8_t digest[32];
    returncode_t rc = libtocksync_sha_simple_hash(LIBTOCK_SHA256, rust_text,
                                                  (uint32_t)strlen((char *)rust_text), digest, 32);
    check("sha256 libtock-c test text",
          rc == RETURNCODE_SUCCESS &&
              equals_hex(digest, "d91344acb529e08ac17bf4209e664248366c5d95ecfe95d1e5077780659a915b"));

    /* FIPS 180-2 "abc", asynchronously: the engine answers later, in board time */
    static uint8_t abc[3] = {'a', 'b', 'c'};
    memset(digest, 0, sizeof digest);
    rc = libtock_sha_simple_hash(LIBTOCK_SHA256, abc, 3, digest, 32, sha_done);
    bool early = sha_called;
    while (rc == RETURNCODE_SUCCESS && !sha_called)
        yield();
    check("sha256 abc (asynchronous)",
          rc == RETURNCODE_SUCCESS && !early && sha_status == RETURNCODE_SUCCESS &&
              equals_hex(digest, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));

    check("sha384 refused as in Tock",
          libtock_sha_command_set_algorithm(LIBTOCK_SHA384) == RETURNCODE_ENOSUPPORT);
}

/* ---- HMAC ----------------------------------------------------------------------------- */

static void hmac_checks(void)
{
    static uint8_t key[32] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0xA0, 0xA1};
    uint8_t mac[32];
    returncode_t rc = libtocksync_hmac_simple(LIBTOCK_HMAC_SHA256, key, 11, rust_text,
                                              (uint32_t)strlen((char *)rust_text), mac, 32);
    check("hmac-sha256 libtock-c test text",
          rc == RETURNCODE_SUCCESS &&
              equals_hex(mac, "b5055553bd5e75d4fc96bf2559d655b77a58aea8b4c4076c52f774851bba06d8"));

    /* RFC 4231 test case 2, in two updates and a finish */
    static uint8_t jefe[4] = {'J', 'e', 'f', 'e'};
    static uint8_t part1[10] = "what do ya";
    static uint8_t part2[18] = " want for nothing?";
    rc = libtock_hmac_command_set_algorithm(LIBTOCK_HMAC_SHA256);
    if (rc == RETURNCODE_SUCCESS)
        rc = libtock_hmac_set_readonly_allow_key_buffer(jefe, 4);
    if (rc == RETURNCODE_SUCCESS)
        rc = libtock_hmac_set_readwrite_allow_destination_buffer(mac, 32);
    if (rc == RETURNCODE_SUCCESS)
        rc = libtock_hmac_set_readonly_allow_data_buffer(part1, sizeof part1);
    if (rc == RETURNCODE_SUCCESS)
        rc = libtock_hmac_command_update();
    if (rc == RETURNCODE_SUCCESS)
        rc = libtocksync_hmac_yield_wait_for();
    if (rc == RETURNCODE_SUCCESS)
        rc = libtock_hmac_set_readonly_allow_data_buffer(part2, sizeof part2);
    if (rc == RETURNCODE_SUCCESS)
        rc = libtock_hmac_command_update();
    if (rc == RETURNCODE_SUCCESS)
        rc = libtocksync_hmac_yield_wait_for();
    if (rc == RETURNCODE_SUCCESS)
        rc = libtock_hmac_command_finish();
    if (rc == RETURNCODE_SUCCESS)
        rc = libtocksync_hmac_yield_wait_for();
    check("hmac-sha256 RFC 4231 #2 (update, update, finish)",
          rc == RETURNCODE_SUCCESS &&
              equals_hex(mac, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
    check("hmac finish without a stream is OFF", libtock_hmac_command_finish() == RETURNCODE_EOFF);
}

/* ---- AES ------------------------------------------------------------------------------ */

static bool aes_called;
static int aes_status, aes_length;

static void aes_upcall(int status, int length, int tag_valid, void *unused)
{
    (void)tag_valid;
    (void)unused;
    aes_called = true;
    aes_status = status;
    aes_length = length;
}

/* Wait for the AES upcall after a command; true when both went well. */
static bool aes_wait(returncode_t rc)
{
    if (rc != RETURNCODE_SUCCESS)
        return false;
    while (!aes_called)
        yield();
    aes_called = false;
    return aes_status == 0;
}

static uint8_t aes_key[16], aes_iv[16], aes_dest[256];

static void aes_ctr_stream(void)
{
    /* libtock-c's test: 128 bytes in setup, 128 more in crypt, the counter running on */
    from_hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", aes_iv, 16);
    memset(aes_dest, 0, sizeof aes_dest);
    bool ok = libtock_aes_set_algorithm(LIBTOCK_AES128Ctr, true) == RETURNCODE_SUCCESS &&
              libtock_aes_set_readonly_allow_key_buffer(aes_key, 16) == RETURNCODE_SUCCESS &&
              libtock_aes_set_readonly_allow_iv_buffer(aes_iv, 16) == RETURNCODE_SUCCESS &&
              libtock_aes_set_readonly_allow_source_buffer(rust_text, 128) == RETURNCODE_SUCCESS &&
              libtock_aes_set_readwrite_allow_dest_buffer(aes_dest, 128) == RETURNCODE_SUCCESS &&
              aes_wait(libtock_aes_setup()) && aes_length == 128 &&
              libtock_aes_set_readonly_allow_source_buffer(rust_text + 128, 128) == RETURNCODE_SUCCESS &&
              libtock_aes_set_readwrite_allow_dest_buffer(aes_dest + 128, 128) == RETURNCODE_SUCCESS &&
              aes_wait(libtock_aes_crypt()) && libtock_aes_finish() == RETURNCODE_SUCCESS;
    check("aes128-ctr libtock-c test text, setup + crypt",
          ok && equals_hex(aes_dest, "adacb312f60709d195b7361087eece93") &&
              equals_hex(aes_dest + 224, "e41654e6fb402eb71271caf7eb191ed3"));

    /* and back, in place (source and destination the same buffer, as libtock-c does) */
    ok = libtock_aes_set_algorithm(LIBTOCK_AES128Ctr, false) == RETURNCODE_SUCCESS &&
         libtock_aes_set_readonly_allow_source_buffer(aes_dest, 256) == RETURNCODE_SUCCESS &&
         libtock_aes_set_readwrite_allow_dest_buffer(aes_dest, 256) == RETURNCODE_SUCCESS &&
         aes_wait(libtock_aes_setup()) && libtock_aes_finish() == RETURNCODE_SUCCESS;
    check("aes128-ctr decrypts in place", ok && memcmp(aes_dest, rust_text, 256) == 0);
}

static void aes_block_modes(void)
{
    /* NIST SP 800-38A F.1.1 (ECB) and F.2.1 (CBC), first block */
    static uint8_t plain[16];
    from_hex("6bc1bee22e409f96e93d7e117393172a", plain, 16);
    from_hex("000102030405060708090a0b0c0d0e0f", aes_iv, 16);
    bool ok = libtock_aes_set_algorithm(LIBTOCK_AES128ECB, true) == RETURNCODE_SUCCESS &&
              libtock_aes_set_readonly_allow_source_buffer(plain, 16) == RETURNCODE_SUCCESS &&
              libtock_aes_set_readwrite_allow_dest_buffer(aes_dest, 16) == RETURNCODE_SUCCESS &&
              aes_wait(libtock_aes_setup()) && libtock_aes_finish() == RETURNCODE_SUCCESS;
    check("aes128-ecb SP 800-38A F.1.1", ok && equals_hex(aes_dest, "3ad77bb40d7a3660a89ecaf32466ef97"));
    ok = libtock_aes_set_algorithm(LIBTOCK_AES128CBC, true) == RETURNCODE_SUCCESS &&
         aes_wait(libtock_aes_setup()) && libtock_aes_finish() == RETURNCODE_SUCCESS;
    check("aes128-cbc SP 800-38A F.2.1", ok && equals_hex(aes_dest, "7649abac8119b246cee98e9b12e9197d"));
    check("aes crypt before setup is OFF", libtock_aes_crypt() == RETURNCODE_EOFF);
}

static void aes_ccm(void)
{
    /* libtock-c's CCM test: an 8-byte tag, the IV buffer as nonce, 96 bytes */
    from_hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", aes_iv, 16);
    bool ok = libtock_aes_set_algorithm(LIBTOCK_AES128CCM, true) == RETURNCODE_SUCCESS &&
              libtock_aes_ccm_set_mic_len(8) == RETURNCODE_SUCCESS &&
              libtock_aes_set_readonly_allow_nonce_buffer(aes_iv, 16) == RETURNCODE_SUCCESS &&
              libtock_aes_set_readonly_allow_source_buffer(rust_text, 96) == RETURNCODE_SUCCESS &&
              libtock_aes_set_readwrite_allow_dest_buffer(aes_dest, 96) == RETURNCODE_SUCCESS &&
              aes_wait(libtock_aes_setup()) && libtock_aes_finish() == RETURNCODE_SUCCESS;
    check("aes128-ccm libtock-c test text",
          ok && equals_hex(aes_dest, "4a593d262ae0ebbba453885a0adc62d3") &&
              equals_hex(aes_dest + 84, "ee72a386c82d3792a752f246"));
    ok = libtock_aes_set_algorithm(LIBTOCK_AES128CCM, false) == RETURNCODE_SUCCESS &&
         libtock_aes_set_readonly_allow_source_buffer(aes_dest, 96) == RETURNCODE_SUCCESS &&
         aes_wait(libtock_aes_setup()) && libtock_aes_finish() == RETURNCODE_SUCCESS;
    check("aes128-ccm decrypts in place", ok && memcmp(aes_dest, rust_text, 96) == 0);
}

static void aes_checks(void)
{
    from_hex("2b7e151628aed2a6abf7158809cf4f3c", aes_key, 16);
    if (libtock_aes_set_upcall(aes_upcall, NULL) != RETURNCODE_SUCCESS) {
        check("aes subscribe", false);
        return;
    }
    aes_ctr_stream();
    aes_block_modes();
    aes_ccm();
}

/* ---- CRC ------------------------------------------------------------------------------ */

static void crc_check(const char *name, libtock_crc_alg_t alg, const char *text, uint32_t want)
{
    uint32_t got = 0;
    returncode_t rc = libtocksync_crc_compute((const uint8_t *)text, strlen(text), alg, &got);
    char what[64];
    snprintf(what, sizeof what, "%s \"%s\" = %08lx", name, text, (unsigned long)got);
    check(what, rc == RETURNCODE_SUCCESS && got == want);
}

static void crc_checks(void)
{
    crc_check("crc-32", LIBTOCK_CRC_32, "123456789", 0xCBF43926u);
    crc_check("crc-32c", LIBTOCK_CRC_32C, "123456789", 0xE3069283u);
    /* libtock-c's test cases */
    crc_check("crc-16ccitt", LIBTOCK_CRC_16CCITT, "ABCDEFG", 0x1541u);
    crc_check("crc-32", LIBTOCK_CRC_32, "A man, a plan, a canal, Panama", 0x44050CDAu);
    crc_check("crc-32c", LIBTOCK_CRC_32C, "0123", 0x063962B9u);
    check("crc of a longer length than the buffer is ESIZE",
          libtock_crc_set_readonly_allow((const uint8_t *)"0123", 4) == RETURNCODE_SUCCESS &&
              libtock_crc_command_request(LIBTOCK_CRC_32, 5) == RETURNCODE_ESIZE);
}

int main(void)
{
    bool present[4] = {libtocksync_sha_exists(), libtocksync_hmac_exists(), libtock_aes_exists(),
                       libtocksync_crc_exists()};
    if (present[0])
        sha_checks();
    if (present[1])
        hmac_checks();
    if (present[2])
        aes_checks();
    if (present[3])
        crc_checks();
    printf("crypto: sha %s, hmac %s, aes %s, crc %s\n", present[0] ? "present" : "absent",
           present[1] ? "present" : "absent", present[2] ? "present" : "absent",
           present[3] ? "present" : "absent");
    printf("crypto: %d checks, %d passed\n", checks, passed);
    return checks - passed;
}

/* libFuzzer harness for loading apps: the input is the board's app flash (one TBF, or a
 * flash image of several, as tockemu lays out its files). It is walked, each app placed
 * on a small board by the board's own rules (emu/app_placement.c), loaded into the kernel
 * with the unit tests' fake CPU (tests/unit/fake_cpu.c), booted, run a few rounds,
 * restarted (its RAM reset) and ended; twice, with RAM per app from the TBF and with a
 * fixed process-ram. The header checksum of every object is repaired first, so changes
 * to the header fields reach the loader (fuzz_tbf covers checksum mismatches).
 *
 * Flash and RAM are heap buffers of exactly the board's size, so AddressSanitizer sees any
 * byte the loader touches outside them. Checked besides: every RAM block lies inside the
 * board's RAM, page aligned and after the previous one; every process's flash lies in
 * the image; the first instruction is in the app binary and the stack in its block, at
 * boot and after a restart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_placement.h"
#include "fake_cpu.h"

#define CHECK(cond)                                                                         \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            fprintf(stderr, "fuzz_load: invariant failed: %s (line %d)\n", #cond, __LINE__); \
            abort();                                                                        \
        }                                                                                   \
    } while (0)

#define FLASH_BASE 0x00040000u
#define RAM_BASE 0x20000000u
#define RAM_SIZE (64u * 1024u)
#define MAX_FLASH (1u << 20)

static struct fake_board B;   /* large: static, initialised per run */

static bool inside(uint64_t addr, uint64_t len, uint64_t lo, uint64_t hi)
{
    return addr >= lo && addr + len <= hi;
}

/* The registers of a process about to run its first instruction. */
static void check_entry(struct process *p)
{
    const struct cpu_regs *r = &B.regs[p->index];
    uint32_t pc = r->r[REG_PC];
    CHECK(pc >= p->binary_start && pc < p->binary_end);
    CHECK(inside(r->r[REG_SP], 0, p->ram_start, (uint64_t)p->ram_start + p->ram_size));
    CHECK(r->r[1] == p->ram_start && r->r[2] == p->ram_size);
    CHECK(p->app_break >= p->ram_start && p->app_break <= p->kernel_break);
    CHECK(p->kernel_break == p->ram_start + p->ram_size);
}

static void check_placed(const struct app_place *at, const struct tbf_header *t, uint32_t off,
                         uint32_t flash_len, uint64_t ram_free_from)
{
    CHECK(at->flash_start == FLASH_BASE + off);
    CHECK(inside(at->flash_start, t->total_size, FLASH_BASE, (uint64_t)FLASH_BASE + flash_len));
    CHECK(inside(at->ram_start, at->ram_size, RAM_BASE, (uint64_t)RAM_BASE + RAM_SIZE));
    CHECK(at->ram_start >= ram_free_from);
    CHECK(at->ram_start % PLACEMENT_PAGE == 0 && at->ram_size % PLACEMENT_PAGE == 0);
    CHECK(at->ram_size >= t->minimum_ram_size);   /* not a size that wrapped */
    if (t->has_fixed_addresses && t->fixed_ram != TBF_FIXED_NONE)
        CHECK(at->ram_start == t->fixed_ram);
}

static void load_all(const uint8_t *flash, uint32_t len, uint8_t *ram, uint32_t process_ram)
{
    B.on_run = NULL;   /* a process yields at once */
    fake_kernel_init(&B);
    B.k.grant_granule = PLACEMENT_PAGE;
    struct board_memory m = {.flash_base = FLASH_BASE, .flash_size = len, .ram_base = RAM_BASE,
                             .ram_size = RAM_SIZE, .process_ram = process_ram,
                             .grant_reserve = 2048};
    struct tbf_image_iter it;
    struct tbf_header t;
    struct tbf_error e;
    size_t off;
    enum tbf_status st;
    tbf_image_begin(&it, flash, len);
    while ((st = tbf_image_next(&it, &t, &off, &e)) != TBF_END_OF_IMAGE) {
        if (st != TBF_OK)
            continue;
        uint64_t ram_free_from = (uint64_t)RAM_BASE + m.ram_used;
        struct app_place at;
        char why[256];
        if (app_place(&m, &t, (uint32_t)off, &at, why, sizeof why)) {
            CHECK(why[0] != '\0');
            continue;
        }
        check_placed(&at, &t, (uint32_t)off, len, ram_free_from);
        const char *reason = NULL;
        struct process *p = kernel_load_process(&B.k, &t, at.flash_start, flash + off,
                                                at.ram_start, ram + (at.ram_start - RAM_BASE),
                                                at.ram_size, &reason);
        if (!p) {
            CHECK(reason != NULL);
            continue;
        }
        CHECK(p->flash + p->flash_size <= flash + len);
        CHECK(p->binary_start <= p->binary_end && p->binary_end <= p->flash_start + p->flash_size);
    }
    kernel_start_processes(&B.k);
    for (uint32_t i = 0; i < B.k.process_count; i++)
        if (process_is_alive(&B.k.procs[i]))
            check_entry(&B.k.procs[i]);
    for (int round = 0; round < 4 && kernel_run_next(&B.k); round++)
        ;
    for (uint32_t i = 0; i < B.k.process_count; i++) {
        struct process *p = &B.k.procs[i];
        if (!process_is_alive(p))
            continue;
        kernel_process_restart(&B.k, p);
        check_entry(p);
        kernel_process_terminate(&B.k, p, 0);
    }
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Give each object of the image the checksum its header words need. */
static void repair_checksums(uint8_t *image, size_t len)
{
    for (size_t pos = 0; len - pos >= TBF_BASE_HEADER_SIZE;) {
        uint8_t *obj = image + pos;
        uint32_t header_size = obj[2] | (uint32_t)obj[3] << 8, total = rd32(obj + 4);
        if (header_size < TBF_BASE_HEADER_SIZE || header_size > len - pos || total < header_size ||
            total > len - pos)
            return;
        uint32_t sum = tbf_checksum(obj, header_size);
        for (int i = 0; i < 4; i++)
            obj[12 + i] = (uint8_t)(sum >> (8 * i));
        pos += total;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MAX_FLASH)
        return 0;
    uint8_t *flash = malloc(size ? size : 1);
    uint8_t *ram = malloc(RAM_SIZE);
    CHECK(flash && ram);
    memcpy(flash, data, size);
    repair_checksums(flash, size);
    load_all(flash, (uint32_t)size, ram, 0);
    load_all(flash, (uint32_t)size, ram, 16 * 1024);
    free(ram);
    free(flash);
    return 0;
}

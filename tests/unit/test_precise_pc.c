/* Unit tests of precise_pc_find() (emu/precise_pc.c) on a bare Unicorn engine with
 * hand-assembled Thumb blocks: Unicorn reports a fault at the start of the translation
 * block, after the block's earlier instructions have changed the registers, so running
 * the block again from its start would compute other addresses. */
#include <CUnit/Basic.h>

#include "unit_run.h"
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unicorn/unicorn.h>

#include "precise_pc.h"

#define FLASH 0x00010000u
#define RAM 0x20000000u
#define RAM_SIZE 1024u
#define UNMAPPED 0x30000000u

/* Thumb instructions used below */
#define MOVS_R0_1 0x2001        /* movs r0, #1 */
#define ADDS_R0_1 0x3001        /* adds r0, #1 */
#define ADDS_R1_4 0x3104        /* adds r1, #4 */
#define STR_R0_R1 0x6008        /* str r0, [r1] */
#define LDR_R2_R1 0x680a        /* ldr r2, [r1] */
#define STMIA_R0_R1_R4 0xc01e   /* stmia r0!, {r1-r4} */
#define NOP 0xbf00
#define SVC_0 0xdf00
#define B_SELF 0xe7fe           /* b . */

static uint8_t flash[1024];
static uint8_t ram[RAM_SIZE] __attribute__((aligned(4096)));
static uc_engine *uc;
static bool probing;             /* the test's own hooks ignore the search's re-runs */
static int svc_calls;

static void on_intr(uc_engine *engine, uint32_t intno, void *user)
{
    svc_calls++;
    uc_emu_stop(engine);
    (void)intno;
    (void)user;
}

static void setup(const uint16_t *code, size_t n)
{
    memset(flash, 0, sizeof flash);
    memset(ram, 0, sizeof ram);
    memcpy(flash, code, n * 2);
    CU_ASSERT_EQUAL_FATAL(uc_open(UC_ARCH_ARM, UC_MODE_THUMB, &uc), UC_ERR_OK);
    uc_ctl_set_cpu_model(uc, UC_CPU_ARM_CORTEX_M4);
    uc_mem_map(uc, FLASH, sizeof flash, UC_PROT_READ | UC_PROT_EXEC);
    uc_mem_write(uc, FLASH, flash, sizeof flash);
    uc_mem_map_ptr(uc, RAM, RAM_SIZE, UC_PROT_READ | UC_PROT_WRITE, ram);
    uc_hook h;
    uc_hook_add(uc, &h, UC_HOOK_INTR, (void *)on_intr, NULL, 1, 0);
    svc_calls = 0;
}

static uint32_t reg(int id)
{
    uint32_t v = 0;
    uc_reg_read(uc, id, &v);
    return v;
}

static void set_reg(int id, uint32_t v)
{
    uc_reg_write(uc, id, &v);
}

static struct pc_probe probe_for(uint32_t addr, uint32_t size, bool write)
{
    return (struct pc_probe){.block_start = reg(UC_ARM_REG_PC), .addr = addr, .size = size,
                             .read = !write, .write = write, .code = flash,
                             .code_base = FLASH, .code_len = sizeof flash,
                             .ram = ram, .ram_size = RAM_SIZE};
}

static uint32_t find(const struct pc_probe *probe)
{
    uint32_t pc = 0;
    probing = true;
    bool found = precise_pc_find(uc, probe, &pc);
    probing = false;
    return found ? pc : 0;
}

/* adds r1, #4 ran before the store faulted: the store is found with the new r1. */
static void test_store_after_its_address_changed(void)
{
    const uint16_t code[] = {MOVS_R0_1, ADDS_R1_4, STR_R0_R1, B_SELF};
    setup(code, 4);
    set_reg(UC_ARM_REG_R1, UNMAPPED - 4);
    CU_ASSERT_EQUAL(uc_emu_start(uc, FLASH | 1, 0xFFFFFFFF, 0, 0), UC_ERR_WRITE_UNMAPPED);
    CU_ASSERT_EQUAL(reg(UC_ARM_REG_PC), FLASH);            /* the block's start */
    CU_ASSERT_EQUAL(reg(UC_ARM_REG_R1), UNMAPPED);         /* adds already done */
    struct pc_probe probe = probe_for(UNMAPPED, 4, true);
    CU_ASSERT_EQUAL(find(&probe), FLASH + 4);
    CU_ASSERT_EQUAL(reg(UC_ARM_REG_R1), UNMAPPED);         /* registers as they were */
    CU_ASSERT_EQUAL(reg(UC_ARM_REG_R0), 1);
    uc_close(uc);
}

/* stmia writes two words, then runs past the end of RAM: found by its third store. */
static void test_store_multiple_running_off_ram(void)
{
    const uint16_t code[] = {NOP, STMIA_R0_R1_R4, B_SELF};
    setup(code, 3);
    set_reg(UC_ARM_REG_R0, RAM + RAM_SIZE - 8);
    set_reg(UC_ARM_REG_R1, 0x11111111);
    set_reg(UC_ARM_REG_R2, 0x22222222);
    CU_ASSERT_EQUAL(uc_emu_start(uc, FLASH | 1, 0xFFFFFFFF, 0, 0), UC_ERR_WRITE_UNMAPPED);
    uint8_t before[RAM_SIZE];
    memcpy(before, ram, sizeof ram);
    struct pc_probe probe = probe_for(RAM + RAM_SIZE, 4, true);
    CU_ASSERT_EQUAL(find(&probe), FLASH + 2);
    CU_ASSERT_EQUAL(memcmp(before, ram, sizeof ram), 0);   /* RAM as it was */
    uc_close(uc);
}

static void stop_on_read(uc_engine *engine, uc_mem_type type, uint64_t addr, int size,
                         int64_t value, void *user)
{
    if (!probing)
        uc_emu_stop(engine);   /* as the gdb server's read watchpoint does */
    (void)type, (void)addr, (void)size, (void)value, (void)user;
}

/* A read hook stops the engine: the load is found, and a read does not match a write. */
static void test_watched_load(void)
{
    const uint16_t code[] = {MOVS_R0_1, LDR_R2_R1, ADDS_R0_1, B_SELF};
    setup(code, 4);
    uc_hook h;
    uc_hook_add(uc, &h, UC_HOOK_MEM_READ, (void *)stop_on_read, NULL, RAM + 0x100, RAM + 0x103);
    set_reg(UC_ARM_REG_R1, RAM + 0x100);
    CU_ASSERT_EQUAL(uc_emu_start(uc, FLASH | 1, 0xFFFFFFFF, 0, 0), UC_ERR_OK);
    CU_ASSERT_EQUAL(reg(UC_ARM_REG_R0), 1);                /* stopped inside the ldr */
    struct pc_probe read = probe_for(RAM + 0x100, 4, false);
    CU_ASSERT_EQUAL(find(&read), FLASH + 2);
    struct pc_probe write = probe_for(RAM + 0x100, 4, true);
    CU_ASSERT_EQUAL(find(&write), 0);
    uc_close(uc);
}

/* The search never runs an svc again (it would enter the kernel). */
static void test_svc_is_not_run_again(void)
{
    const uint16_t code[] = {SVC_0, STR_R0_R1, B_SELF};
    setup(code, 3);
    set_reg(UC_ARM_REG_R1, UNMAPPED);
    set_reg(UC_ARM_REG_PC, FLASH | 1);
    struct pc_probe probe = probe_for(UNMAPPED, 4, true);
    CU_ASSERT_EQUAL(find(&probe), FLASH + 2);
    CU_ASSERT_EQUAL(svc_calls, 0);
    uc_close(uc);
}

int main(void)
{
    static const struct unit_test tests[] = {
        { "store after its address changed", test_store_after_its_address_changed },
        { "store multiple running off RAM", test_store_multiple_running_off_ram },
        { "watched load", test_watched_load },
        { "svc is not run again", test_svc_is_not_run_again },
        {NULL, NULL},
    };
    return unit_run("precise_pc", tests, NULL, NULL);
}

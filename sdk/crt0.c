/* App start-up for position-independent Tock apps (spec/tock-abi.md 2.4, 3).
 *
 * The kernel enters _start with
 *   r0 = app_start  (address of .crt0_header = start of the app binary)
 *   r1 = mem_start  (process RAM; our linker addresses are offsets from it)
 *   r2 = mem_len, r3 = initial break, SP = mem_start + 32.
 *
 * _start (assembly: no stack, no r9 yet) sets the break to cover .bss, moves
 * SP to the top of .stack, reports stack and heap start (memop 10/11), sets
 * r9 to the GOT and calls start_c, which relocates and runs main. */
#include <stdint.h>
#include <stdlib.h>

/* Filled in by sdk/userland.ld; offsets are from app_start (flash) or
 * mem_start (RAM). */
struct crt0_header {
    uint32_t got_sym_start;
    uint32_t got_start;
    uint32_t got_size;
    uint32_t data_sym_start;
    uint32_t data_start;
    uint32_t data_size;
    uint32_t bss_start;
    uint32_t bss_size;
    uint32_t reldata_start;
    uint32_t stack_size;
};

/* One Elf32_Rel record of the .rel.data block elf2tbf appends. */
struct rel {
    uint32_t offset; /* RAM offset of the word to patch */
    uint32_t info;   /* symbol << 8 | type */
};

#define R_ARM_ABS32 2
#define R_ARM_TARGET1 38 /* .init_array entries; ABS32 for us */
#define FLASH_BIT 0x80000000u

extern int main(void);
__attribute__((noreturn, used)) void start_c(uintptr_t app_start, uintptr_t mem_start);

/* Linked addresses have the top bit set for flash and clear for RAM. */
static uint32_t relocate(uint32_t word, uintptr_t app_start, uintptr_t mem_start) {
    if (word & FLASH_BIT) {
        return (word ^ FLASH_BIT) + app_start;
    }
    return word + mem_start;
}

/* The parameters document the registers; a naked function cannot use them. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
__attribute__((naked, noreturn, section(".start"), used))
void _start(void *app_start, void *mem_start, uint32_t mem_len, void *app_brk) {
    /* Thumb-1 only, so the same code runs on Cortex-M0. */
    __asm__ volatile(
        ".syntax unified\n"
        /* r4 = stack top = (mem_start + stack_size + 7) & ~7 */
        "ldr   r4, [r0, #36]\n"
        "adds  r4, r4, r1\n"
        "adds  r4, #7\n"
        "movs  r5, #7\n"
        "bics  r4, r5\n"
        /* r5 = new break = mem_start + bss_start + bss_size */
        "ldr   r5, [r0, #24]\n"
        "ldr   r6, [r0, #28]\n"
        "adds  r5, r5, r6\n"
        "adds  r5, r5, r1\n"
        "movs  r6, r0\n" /* r6 = app_start */
        "movs  r7, r1\n" /* r7 = mem_start */
        /* If the initial break already covers the new one the stack top is
         * accessible: move SP before the first syscall.  Otherwise stay on
         * the kernel's initial SP until brk has grown the memory. */
        "cmp   r5, r3\n"
        "bhi   1f\n"
        "mov   sp, r4\n"
        "1:\n"
        "movs  r0, #0\n" /* memop(0 brk, new break) */
        "movs  r1, r5\n"
        "svc   5\n"
        "cmp   r0, #128\n" /* Success? */
        "bne   2f\n"
        "mov   sp, r4\n"
        "movs  r0, #10\n" /* memop(10, stack top) */
        "movs  r1, r4\n"
        "svc   5\n"
        "movs  r0, #11\n" /* memop(11, heap start) */
        "movs  r1, r5\n"
        "svc   5\n"
        /* r9 = mem_start + got_start: the PIC base for all data accesses */
        "ldr   r0, [r6, #4]\n"
        "adds  r0, r0, r7\n"
        "mov   r9, r0\n"
        "movs  r0, r6\n"
        "movs  r1, r7\n"
        "bl    start_c\n"
        /* Not enough memory for .bss: terminate with completion code 0xFF. */
        "2:\n"
        "movs  r0, #0\n"
        "movs  r1, #255\n"
        "svc   6\n"
        "b     2b\n");
}
#pragma GCC diagnostic pop

/* Runs on the real stack with r9 set, but before any global is usable:
 * it only touches memory through the header and raw addresses. */
void start_c(uintptr_t app_start, uintptr_t mem_start) {
    const struct crt0_header *h = (const struct crt0_header *)app_start;

    /* GOT: every entry is a linked address. */
    const uint32_t *got_image = (const uint32_t *)(app_start + h->got_sym_start);
    uint32_t *got = (uint32_t *)(mem_start + h->got_start);
    for (uint32_t i = 0; i < h->got_size / 4; i++) {
        got[i] = relocate(got_image[i], app_start, mem_start);
    }

    /* .data: copy the image (sizes are word multiples, see userland.ld). */
    const uint32_t *data_image = (const uint32_t *)(app_start + h->data_sym_start);
    uint32_t *data = (uint32_t *)(mem_start + h->data_start);
    for (uint32_t i = 0; i < h->data_size / 4; i++) {
        data[i] = data_image[i];
    }

    /* .bss */
    uint32_t *bss = (uint32_t *)(mem_start + h->bss_start);
    for (uint32_t i = 0; i < h->bss_size / 4; i++) {
        bss[i] = 0;
    }

    /* .rel.data: u32 size in bytes, then Elf32_Rel records naming the words
     * of .data that hold addresses. */
    const uint32_t *reldata = (const uint32_t *)(app_start + h->reldata_start);
    const struct rel *rels = (const struct rel *)(reldata + 1);
    uint32_t count = reldata[0] / sizeof(struct rel);
    for (uint32_t i = 0; i < count; i++) {
        uint32_t type = rels[i].info & 0xff;
        uint32_t off = rels[i].offset;
        if (type != R_ARM_ABS32 && type != R_ARM_TARGET1) {
            continue;
        }
        if (off < h->data_start || off + 4 > h->data_start + h->data_size) {
            continue; /* not inside .data: ignore rather than corrupt memory */
        }
        uint32_t *target = (uint32_t *)(mem_start + off);
        *target = relocate(*target, app_start, mem_start);
    }

    /* Constructors (their table is in .data, so already relocated). */
    extern void (*__preinit_array_start[])(void), (*__preinit_array_end[])(void);
    extern void (*__init_array_start[])(void), (*__init_array_end[])(void);
    for (void (**f)(void) = __preinit_array_start; f < __preinit_array_end; f++) {
        (*f)();
    }
    for (void (**f)(void) = __init_array_start; f < __init_array_end; f++) {
        (*f)();
    }

    exit(main());
}

/* hostile: a long stream of random system calls, to show that no argument an app can pass
 * hurts the kernel or the other apps. Classes 0-7 with random drivers (existing and not),
 * command and slot numbers, and pointers aimed everywhere: its own RAM (misaligned,
 * overlapping), flash and its TBF header, the grant region, just past the break, the top
 * of the address space (wrapping), peripheral addresses. At the end it prints how many
 * calls of each class it made and how many errors of each code came back, and exits 0
 * when every answer was well formed.
 *
 * The seed is DEFAULT_SEED mixed with 4 bytes from the RNG driver, so `tockemu --seed N`
 * picks the stream and a run can be repeated.
 *
 * What it avoids, because the kernel would rightly end or stall it rather than answer:
 *  - classes 8 and up (TRD104: an unknown class faults the process; unit-tested), and
 *    exit-terminate / exit-restart (exit with an unknown kind is issued: it must fail);
 *  - yield-wait, and yield-wait-for unless the upcall is already queued;
 *  - letting the kernel write where its own state lives: read-write buffers and the
 *    yield flag only point into a scratch arena at the top of its memory, or outside its
 *    memory; brk never cuts off its stack; a subscribe to a random code address is undone
 *    before anything could call it;
 *  - console writes and low-level-debug prints, which would only fill the log. */
#include <stdint.h>
#include <stdio.h>
#include <tock.h>
#include <tock/rng.h>

#define DEFAULT_SEED 0x7a3c91e5u
#define CALLS 30000u
#define ARENA_SIZE 2048u
#define NO_DRIVER 0x7777u

/* ---- random numbers (xorshift32) ------------------------------------------------------- */

static uint32_t rng_state;

static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static uint32_t below(uint32_t n) { return rnd() % n; }
static bool chance(uint32_t percent) { return below(100) < percent; }

/* ---- what it knows about its memory ----------------------------------------------------- */

static uint32_t ram_start, ram_end, flash_start, flash_end, grant_start;
static uint32_t arena, arena_end;       /* scratch: the only RAM the kernel may write */
static uint8_t guard[64];               /* never lent: must keep its pattern */
static uint8_t seed_bytes[4];

static uint32_t memop_u32(uint32_t op)
{
    return memop(op, 0).data[0];
}

static uint32_t current_break(void) { return memop(TOCK_MEMOP_SBRK, 0).data[0]; }

/* ---- statistics ---------------------------------------------------------------------------- */

static uint32_t class_calls[10];
static uint32_t error_counts[16];       /* by error code; 15 = a code outside 1..14 */
static uint32_t successes, bad_answers, upcalls_run, restored;

static void on_upcall(int a, int b, int c, void *ud)
{
    (void)a, (void)b, (void)c, (void)ud;
    upcalls_run++;
}

static bool valid_variant(uint32_t v)
{
    return v <= 3 || (v >= 128 && v <= 133);
}

/* Count an answer; `want_2u32` for classes whose failures must hand back two values. */
static void tally(uint32_t cls, syscall_return_t r, bool want_2u32, uint32_t a, uint32_t b)
{
    class_calls[cls]++;
    if (!valid_variant(r.type)) {
        bad_answers++;
        printf("hostile: class %lu answered with variant %lu\n", (unsigned long)cls,
               (unsigned long)r.type);
        return;
    }
    if (r.type >= 128) {
        successes++;
        if (want_2u32 && r.type != TOCK_SUCCESS_2U32) {
            bad_answers++;
            printf("hostile: class %lu success was not Success 2 u32\n", (unsigned long)cls);
        }
        return;
    }
    error_counts[r.data[0] >= 1 && r.data[0] <= 14 ? r.data[0] : 15]++;
    /* A refused allow or subscribe returns what was passed (TRD104 4.2, 4.3). */
    if (want_2u32 && (r.type != 2 || r.data[1] != a || r.data[2] != b)) {
        bad_answers++;
        printf("hostile: class %lu failure did not return the arguments\n", (unsigned long)cls);
    }
}

/* ---- random arguments ------------------------------------------------------------------- */

static uint32_t random_driver(void)
{
    static const uint32_t drivers[] = {0x0, 0x1, 0x2, 0x3, 0x4, 0x8, 0x40001, 0x5, 0x6,
                                       0x30000, NO_DRIVER, 0xFFFFFFFF};
    return chance(90) ? drivers[below(sizeof drivers / sizeof drivers[0])] : rnd();
}

static uint32_t random_number(void)
{
    return chance(85) ? below(5) : rnd();
}

/* An address and length for a buffer. writable: the kernel might write through it, so
 * it lands in the arena or outside this process's RAM. Recent buffers are reused, moved a
 * little, so allows overlap. */
static uint32_t recent_addr[4], recent_len[4];

static void random_buffer(bool writable, uint32_t *addr, uint32_t *len)
{
    switch (below(12)) {
    case 0: case 1: case 2:     /* the arena, any alignment, sometimes past its end */
        *addr = arena + below(ARENA_SIZE);
        *len = below(arena_end - *addr + 64);
        break;
    case 3: {                   /* overlap a recent buffer */
        uint32_t i = below(4);
        *addr = recent_addr[i] + below(9) - 4;
        *len = recent_len[i] + below(9);
        if (writable && (*addr < arena || *addr >= arena_end))
            *addr = arena + 1;
        break;
    }
    case 4:                     /* flash: code, the TBF header, past its end */
        *addr = flash_start + below(flash_end - flash_start + 64);
        *len = below(512);
        break;
    case 5:                     /* the grant region */
        *addr = grant_start + below(256);
        *len = 1 + below(64);
        break;
    case 6:                     /* straddling the break */
        *addr = current_break() - below(16);
        *len = below(64);
        break;
    case 7:                     /* wrapping the address space */
        *addr = 0xFFFFFFF0u + below(16);
        *len = 0x10 + below(0x40);
        break;
    case 8:                     /* nothing, or zero bytes anywhere */
        *addr = chance(50) ? 0 : rnd();
        *len = 0;
        break;
    case 9:                     /* huge lengths */
        *addr = arena + below(64);
        *len = 0xFFFFFFFFu - below(8);
        break;
    case 10:                    /* peripherals, the kernel's own RAM, random */
        *addr = chance(50) ? 0xE000ED00u : rnd();
        *len = 1 + below(32);
        break;
    default:                    /* its own stack and data: only to read (see below) */
        *addr = ram_start + below(arena - ram_start);
        *len = below(128);
        break;
    }
    /* Whatever was picked: a writable buffer that lies in this process's RAM must lie in
     * the arena, or the kernel could rightly write over this program. */
    if (writable && *len && *addr >= ram_start && *addr < ram_end &&
        (*addr < arena || *addr >= arena_end)) {
        *addr = arena;
        *len = 16;
    }
    uint32_t i = below(4);
    recent_addr[i] = *addr;
    recent_len[i] = *len;
}

/* ---- the calls ---------------------------------------------------------------------------- */

static syscall_return_t raw_yield(uint32_t kind, uint32_t a1, uint32_t a2)
{
    register uint32_t r0 __asm__("r0") = kind;
    register uint32_t r1 __asm__("r1") = a1;
    register uint32_t r2 __asm__("r2") = a2;
    register uint32_t r3 __asm__("r3") = 0;
    __asm__ volatile("svc 0" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : : "r12", "lr", "cc", "memory");
    syscall_return_t r = {r0, {r1, r2, r3}};
    return r;
}

static syscall_return_t raw_exit(uint32_t kind, uint32_t code)
{
    register uint32_t r0 __asm__("r0") = kind;
    register uint32_t r1 __asm__("r1") = code;
    register uint32_t r2 __asm__("r2") = 0;
    register uint32_t r3 __asm__("r3") = 0;
    __asm__ volatile("svc 6" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : : "memory");
    syscall_return_t r = {r0, {r1, r2, r3}};
    return r;
}

/* Yield-no-wait (with a flag in the arena, nowhere, or outside its RAM), an unknown yield
 * kind, or a yield-wait-for whose upcall is surely queued (RNG bytes just requested). */
static void do_yield(void)
{
    uint32_t pick = below(10);
    if (pick < 6) {
        uint32_t flag = pick == 0 ? 0 : pick < 3 ? arena + below(ARENA_SIZE) : rnd();
        if (flag >= ram_start && flag < ram_end && (flag < arena || flag >= arena_end))
            flag = 0;
        raw_yield(0, flag, rnd());
        class_calls[0]++;
        successes++;
    } else if (pick < 9) {
        raw_yield(3 + below(100), rnd(), rnd());   /* unknown kind: returns at once */
        class_calls[0]++;
        successes++;
    } else {
        static volatile uint8_t ran;   /* empty the queue, so the RNG upcall finds room */
        for (int i = 0; i < 16; i++) {
            raw_yield(0, (uint32_t)&ran, 0);
            if (!ran)
                break;
        }
        syscall_return_t r = command(0x40001, 1, 1 + below(8), 0);
        tally(2, r, false, 0, 0);
        if (r.type == TOCK_SUCCESS) {
            raw_yield(2, 0x40001, 0);
            class_calls[0]++;
            successes++;
        }
    }
}

static void do_subscribe(void)
{
    uint32_t driver = random_driver(), num = random_number(), fn;
    switch (below(6)) {
    case 0: fn = (uint32_t)on_upcall; break;
    case 1: fn = 0; break;
    case 2: fn = flash_start + below(flash_end - flash_start + 64); break;   /* any code */
    case 3: fn = arena + below(ARENA_SIZE); break;                           /* RAM */
    case 4: fn = 0xFFFFFFF0u + below(16); break;
    default: fn = rnd(); break;
    }
    uint32_t ud = rnd();
    syscall_return_t r = subscribe(driver, num, (subscribe_upcall *)fn, (void *)ud);
    tally(1, r, true, fn, ud);
    if (r.type == TOCK_SUCCESS_2U32 && fn != 0 && fn != (uint32_t)on_upcall) {
        subscribe(driver, num, on_upcall, NULL);   /* before anything can call fn */
        restored++;
    }
}

static void do_command(void)
{
    uint32_t driver = random_driver(), cmd = chance(85) ? below(12) : rnd();
    if ((driver == 1 && cmd == 1) || (driver == 8 && cmd >= 1 && cmd <= 3 && !chance(2)))
        cmd = 0;   /* console write, debug prints: only noise */
    uint32_t a = chance(60) ? below(16) : rnd(), b = chance(60) ? below(16) : rnd();
    tally(2, command(driver, cmd, a, b), false, 0, 0);
}

static void do_allow(uint32_t cls)
{
    uint32_t driver = random_driver(), num = random_number(), addr, len;
    random_buffer(cls != 4, &addr, &len);
    syscall_return_t r;
    if (cls == 3)
        r = allow_readwrite(driver, num, (void *)addr, len);
    else if (cls == 4)
        r = allow_readonly(driver, num, (const void *)addr, len);
    else
        r = allow_userspace_read(driver, num, (void *)addr, len);
    tally(cls, r, true, addr, len);
}

/* A break target that does not cut off its own stack and data. */
static bool break_safe(int64_t target)
{
    return target < ram_start || target >= arena;
}

static void do_memop(void)
{
    uint32_t op = chance(90) ? below(14) : rnd(), arg;
    if (op == TOCK_MEMOP_BRK) {
        uint32_t choices[] = {arena + below(ARENA_SIZE), grant_start - below(2048),
                              grant_start + below(64), ram_end, 0, 0xFFFFFFF0u, rnd()};
        arg = choices[below(sizeof choices / sizeof choices[0])];
        if (!break_safe(arg))
            arg = arena_end;
    } else if (op == TOCK_MEMOP_SBRK) {
        uint32_t choices[] = {below(512), -below(512), 0x7FFFFFFFu, 0x80000000u, rnd(),
                              grant_start - current_break() + below(32)};
        arg = choices[below(sizeof choices / sizeof choices[0])];
        if (!break_safe((int64_t)current_break() + (int32_t)arg))
            arg = 0;
    } else {
        arg = chance(50) ? below(8) : rnd();
    }
    tally(5, memop(op, arg), false, 0, 0);
    grant_start = memop_u32(TOCK_MEMOP_GRANT_START);
}

static void do_exit_unknown(void)
{
    syscall_return_t r = raw_exit(2 + below(1000), rnd());
    tally(6, r, false, 0, 0);
    if (r.type != TOCK_FAILURE || r.data[0] != 10)
        bad_answers++;
}

/* ---- main ---------------------------------------------------------------------------------- */

static const char *const error_names[16] = {
    "", "FAIL", "BUSY", "ALREADY", "OFF", "RESERVE", "INVAL", "SIZE", "CANCEL", "NOMEM",
    "NOSUPPORT", "NODEVICE", "UNINSTALLED", "NOACK", "14", "other"};

int main(void)
{
    rng_state = DEFAULT_SEED;
    uint32_t got = 0;
    if (rng_get_sync(seed_bytes, sizeof seed_bytes, &got) == RETURNCODE_SUCCESS && got == 4)
        rng_state ^= seed_bytes[0] | seed_bytes[1] << 8 | seed_bytes[2] << 16 |
                     (uint32_t)seed_bytes[3] << 24;
    if (rng_state == 0)
        rng_state = DEFAULT_SEED;
    uint32_t seed = rng_state;

    ram_start = memop_u32(TOCK_MEMOP_MEM_START);
    ram_end = memop_u32(TOCK_MEMOP_MEM_END);
    flash_start = memop_u32(TOCK_MEMOP_FLASH_START);
    flash_end = memop_u32(TOCK_MEMOP_FLASH_END);
    arena = (uint32_t)tock_sbrk(ARENA_SIZE);
    if (arena == 0xFFFFFFFFu) {
        printf("hostile: no room for the arena\n");
        return 1;
    }
    arena_end = arena + ARENA_SIZE;
    grant_start = memop_u32(TOCK_MEMOP_GRANT_START);
    for (uint32_t i = 0; i < sizeof guard; i++)
        guard[i] = (uint8_t)(0xA5 ^ i);
    printf("hostile: seed 0x%08lx, %lu calls\n", (unsigned long)seed, (unsigned long)CALLS);

    for (uint32_t n = 0; n < CALLS; n++) {
        switch (below(16)) {
        case 0: case 1: do_yield(); break;
        case 2: case 3: do_subscribe(); break;
        case 4: case 5: case 6: do_command(); break;
        case 7: case 8: do_allow(3); break;
        case 9: case 10: do_allow(4); break;
        case 11: do_allow(7); break;
        case 12: case 13: do_memop(); break;
        case 14: do_exit_unknown(); break;
        default: do_yield(); break;
        }
    }

    bool guard_ok = true;
    for (uint32_t i = 0; i < sizeof guard; i++)
        guard_ok &= guard[i] == (uint8_t)(0xA5 ^ i);
    printf("hostile: calls by class: yield %lu, subscribe %lu, command %lu, allow-rw %lu, "
           "allow-ro %lu, memop %lu, exit %lu, allow-ur %lu\n",
           (unsigned long)class_calls[0], (unsigned long)class_calls[1],
           (unsigned long)class_calls[2], (unsigned long)class_calls[3],
           (unsigned long)class_calls[4], (unsigned long)class_calls[5],
           (unsigned long)class_calls[6], (unsigned long)class_calls[7]);
    printf("hostile: %lu successes; errors:", (unsigned long)successes);
    for (int e = 1; e < 16; e++)
        if (error_counts[e])
            printf(" %s %lu", error_names[e], (unsigned long)error_counts[e]);
    printf("\n");
    printf("hostile: %lu upcalls ran, %lu subscribes undone, %lu bad answers, guard %s\n",
           (unsigned long)upcalls_run, (unsigned long)restored, (unsigned long)bad_answers,
           guard_ok ? "intact" : "CHANGED");
    return bad_answers == 0 && guard_ok ? 0 : 1;
}

/* Boot time and host memory for 1, 8, 32 and 64 processes.
 *
 * Each case runs in a fresh child process: N copies of the given app (renamed h0000,
 * h0001, ... so the kernel starts every one: copies of one application would be refused
 * as duplicates) go into one flash image, the board boots them (one engine each) and
 * runs them to the end. Memory comes from the child's /proc/self/status: VmRSS before
 * the board exists and after boot, VmHWM (peak RSS) after the run, VmSize after boot
 * (each engine reserves about 1 GiB of address space, which engines_fit checks up front).
 * Usage: boot_bench APP.tbf (a small app that exits 0, e.g. hello) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_util.h"

#define REPEAT 3   /* runs per case; the fastest boot and run count (other load only slows) */

struct result {
    int loaded;
    int status;
    double boot_s, run_s;
    long rss0, rss_boot, hwm, vm0, vm_boot;   /* KiB */
};

/* Give the TBF's package name a number (its last four characters), same length. */
static void rename_tbf(uint8_t *tbf, const struct tbf_header *h, unsigned n)
{
    for (uint32_t off = TBF_BASE_HEADER_SIZE; off + 4 <= h->header_size;) {
        uint32_t type = tbf[off] | tbf[off + 1] << 8, len = tbf[off + 2] | tbf[off + 3] << 8;
        if (type == TBF_TLV_PACKAGE_NAME) {
            char digits[12];
            snprintf(digits, sizeof digits, "%04u", n);
            if (len < 5)
                bench_fail("the app's name is too short to number");
            memcpy(tbf + off + 4 + len - 4, digits, 4);
            bench_put32(tbf + 12, tbf_checksum(tbf, h->header_size));
            return;
        }
        off += 4 + ((len + 3) & ~3u);
    }
    bench_fail("the app has no package name");
}

/* A flash image of n numbered copies of the app, written to a temporary file. */
static void write_copies(const char *app, unsigned n, char path[64])
{
    size_t len;
    uint8_t *tbf = bench_read_file(app, &len);
    struct tbf_header h;
    struct tbf_error e;
    if (tbf_parse(tbf, len, &h, &e) != TBF_OK)
        bench_fail("%s: bad TBF (%s)", app, e.field);
    snprintf(path, 64, "/tmp/bench_boot_XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        bench_fail("cannot create %s", path);
    for (unsigned i = 0; i < n; i++) {
        rename_tbf(tbf, &h, i);
        if (write(fd, tbf, h.total_size) != (ssize_t)h.total_size)
            bench_fail("cannot write %s", path);
    }
    close(fd);
    free(tbf);
}

static void measure(const char *image, struct result *r)
{
    struct board_config cfg;
    board_config_defaults(&cfg);
    r->rss0 = bench_status_kib("VmRSS");
    r->vm0 = bench_status_kib("VmSize");
    struct bench_board *bb = bench_board_boot(&cfg, &image, 1);
    r->loaded = bb->loaded;
    r->boot_s = bb->boot_s;
    r->rss_boot = bench_status_kib("VmRSS");
    r->vm_boot = bench_status_kib("VmSize");
    bench_board_run(bb);
    r->run_s = bb->run_s;
    r->status = bb->status;
    r->hwm = bench_status_kib("VmHWM");
    bench_board_free(bb);
}

/* Run one case in a child (fresh address space, the apps' output to /dev/null). */
static struct result run_case(const char *app, unsigned n)
{
    char image[64];
    write_copies(app, n, image);
    int fds[2];
    if (pipe(fds))
        bench_fail("pipe failed");
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        bench_fail("fork failed");
    if (pid == 0) {
        close(fds[0]);
        if (!freopen("/dev/null", "w", stdout))
            _exit(1);
        struct result r;
        memset(&r, 0, sizeof r);
        measure(image, &r);
        _exit(write(fds[1], &r, sizeof r) == sizeof r ? 0 : 1);
    }
    close(fds[1]);
    struct result r;
    ssize_t got = read(fds[0], &r, sizeof r);
    close(fds[0]);
    int wstatus;
    waitpid(pid, &wstatus, 0);
    unlink(image);
    if (got != sizeof r || !WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0)
        bench_fail("the %u-process case failed (child status 0x%x)", n, wstatus);
    if (r.loaded != (int)n || r.status != BOARD_ALL_EXITED_CLEANLY)
        bench_fail("%u processes: %d loaded, board status %d", n, r.loaded, r.status);
    return r;
}

int main(int argc, char **argv)
{
    bench_name = "boot_bench";
    if (argc != 2) {
        fprintf(stderr, "usage: boot_bench APP.tbf\n");
        return 2;
    }
    static const unsigned counts[] = {1, 8, 32, 64};
    printf("%5s %9s %12s %9s %11s %12s %11s %12s\n", "procs", "boot ms", "boot ms/proc",
           "run ms", "RSS MiB", "RSS/proc MiB", "peak MiB", "VmSize/proc");
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        unsigned n = counts[i];
        struct result r = run_case(argv[1], n);
        for (int rep = 1; rep < REPEAT; rep++) {   /* best boot and run time of REPEAT */
            struct result again = run_case(argv[1], n);
            if (again.boot_s < r.boot_s)
                r.boot_s = again.boot_s;
            if (again.run_s < r.run_s)
                r.run_s = again.run_s;
        }
        printf("%5u %9.1f %12.2f %9.1f %11.1f %12.2f %11.1f %8.0f MiB\n", n, r.boot_s * 1e3,
               r.boot_s * 1e3 / n, r.run_s * 1e3, r.rss_boot / 1024.0,
               (r.rss_boot - r.rss0) / 1024.0 / n, r.hwm / 1024.0,
               (r.vm_boot - r.vm0) / 1024.0 / n);
    }
    printf("(wall time, best of %d; RSS after boot, its growth per process, peak RSS after the "
           "run; VmSize growth per process is the engine's translation-buffer reservation)\n",
           REPEAT);
    return 0;
}

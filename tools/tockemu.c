/* tockemu: run Tock apps (TBF files, TAB archives or flash images) on an emulated board. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "board_debug.h"
#include "cpu_mux.h"
#include "gdb_script.h"
#include "gdb_server.h"

static struct board the_board;

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: tockemu [OPTIONS] APP.tbf|APP.tab|FLASH.bin|native:APP...\n"
            "Run Tock apps on an emulated Cortex-M board: each app is a process with its own\n"
            "emulated CPU, talking to the same kernel and capsules a board would run.\n"
            "\n"
            "Options:\n"
            "  -b, --board FILE          read board settings from FILE (key = value lines)\n"
            "  -s, --set KEY=VALUE       change one board setting (repeatable; see below)\n"
            "      --clock virtual|real  board time (default virtual)\n"
            "      --cpu MODEL           cortex-m0 | cortex-m3 | cortex-m4\n"
            "      --fault-policy P      stop | restart | panic\n"
            "      --timeout SECONDS     stop after this much host time\n"
            "      --board-time SECONDS  stop when the board clock reaches this time\n"
            "      --trace LIST          syscalls,upcalls,ipc,sched: one line per event\n"
            "      --trace-file FILE     write a Chrome/Perfetto JSON timeline (ui.perfetto.dev)\n"
            "      --console-socket PATH process console on a unix socket (nc -U PATH; help)\n"
            "      --elf APP=PATH        the ELF of app APP, for function names in fault reports\n"
            "                            (default: the .elf next to the app's .tbf)\n"
            "      --native-wrap CMD     start native apps (native:PATH, apps built for the host)\n"
            "                            under CMD, e.g. 'valgrind -q' (docs/native.md)\n"
            "      --native-no-seccomp   do not confine native apps with seccomp\n"
            "      --gdb PORT            gdb server on 127.0.0.1:PORT (0: any free port); prints\n"
            "                            a gdb script loading every app's symbols at its address\n"
            "      --gdb-wait            hold every process until gdb attaches\n"
            "      --gdb-script FILE     also write that gdb script to FILE (gdb-multiarch -x FILE)\n"
            "      --press BUTTON@MS[+HOLD_MS]  press a button at a board time\n"
            "      --seed N              random number generator seed\n"
            "      --screen FILE.png     write what the screen shows there at the end\n"
            "      --storage FILE        keep what apps store (storage drivers) in FILE across\n"
            "                            runs; created on first use. Without it storage lives\n"
            "                            in memory for this run only (docs/storage.md)\n"
            "      --no-prefix           print app output without the [app] prefix\n"
            "      --show-leds           print the LEDs whenever they change\n"
            "  -q, --quiet               no summary at the end\n"
            "  -h, --help                this text\n"
            "\n"
            "Exit status: 0 when every app called exit(0); 1 when an app faulted, exited with\n"
            "another code or was still running at the end; 2 for bad input, including an app\n"
            "the board refused (the others still run); 3 on a kernel panic.\n"
            "\n");
    board_config_print_help(out);
}

/* Put /dev/null on a closed stdin, stdout or stderr: the first files the board opens
 * would otherwise get those numbers, be read as console input or have output written
 * into them. */
static void keep_standard_fds_open(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
            int null_fd = open("/dev/null", O_RDWR);   /* the lowest free number: fd */
            if (null_fd > 2)
                close(null_fd);
        }
    }
}

static void on_signal(int sig)
{
    (void)sig;
    board_request_stop(&the_board);
}

struct gdb_options {
    int port;                 /* -1: no gdb server */
    bool wait;
    const char *script;
    struct gdb_script made;   /* kept (with its ELF copies) while the board runs */
};

static int parse_gdb_port(const char *arg, int *port, char *err, size_t errlen)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno || end == arg || *end || v < 0 || v > 65535) {
        snprintf(err, errlen, "--gdb '%s': expected a TCP port (0-65535)", arg);
        return -1;
    }
    *port = (int)v;
    return 0;
}

/* --gdb: the server, the symbols script (on stdout and in --gdb-script FILE), then with
 * --gdb-wait the first debugger session. */
static int start_gdb(struct board *b, const struct board_debug_options *debug,
                     struct gdb_options *o, char *err, size_t errlen)
{
    b->gdb = gdb_server_create(b, o->port, err, errlen);
    if (!b->gdb)
        return -1;
    int port = gdb_server_port(b->gdb);
    if (gdb_script_make(&o->made, b, debug, port, err, errlen))
        return -1;
    if (o->script) {
        FILE *f = fopen(o->script, "w");
        if (!f || fputs(o->made.text, f) < 0 || fclose(f)) {
            snprintf(err, errlen, "--gdb-script %s: %s", o->script, strerror(errno));
            return -1;
        }
    }
    fprintf(stdout, "[gdb] listening on 127.0.0.1:%d; load symbols and connect with "
                    "gdb-multiarch -x %s\n%s", port, o->script ? o->script : "FILE, FILE holding:",
            o->made.text);
    fflush(stdout);
    if (o->wait)
        gdb_server_wait_attach(b->gdb);
    return 0;
}

/* Long options that are board settings under the same name. */
static const char *const setting_options[] = {"clock", "cpu", "fault-policy", "timeout",
                                              "trace", "press", "seed", "board-time", "screen",
                                              "storage"};

int main(int argc, char **argv)
{
    enum { OPT_NATIVE_WRAP = 360, OPT_NATIVE_NO_SECCOMP };
    enum { OPT_SETTING = 256, OPT_NO_PREFIX = 300, OPT_SHOW_LEDS,
           OPT_TRACE_FILE = 320, OPT_CONSOLE_SOCKET, OPT_ELF,
           OPT_GDB = 340, OPT_GDB_WAIT, OPT_GDB_SCRIPT };
    static const struct option options[] = {
        {"board", required_argument, 0, 'b'},
        {"set", required_argument, 0, 's'},
        {"clock", required_argument, 0, OPT_SETTING + 0},
        {"cpu", required_argument, 0, OPT_SETTING + 1},
        {"fault-policy", required_argument, 0, OPT_SETTING + 2},
        {"timeout", required_argument, 0, OPT_SETTING + 3},
        {"trace", required_argument, 0, OPT_SETTING + 4},
        {"press", required_argument, 0, OPT_SETTING + 5},
        {"seed", required_argument, 0, OPT_SETTING + 6},
        {"board-time", required_argument, 0, OPT_SETTING + 7},
        {"screen", required_argument, 0, OPT_SETTING + 8},
        {"storage", required_argument, 0, OPT_SETTING + 9},
        {"no-prefix", no_argument, 0, OPT_NO_PREFIX},
        {"show-leds", no_argument, 0, OPT_SHOW_LEDS},
        {"trace-file", required_argument, 0, OPT_TRACE_FILE},
        {"console-socket", required_argument, 0, OPT_CONSOLE_SOCKET},
        {"elf", required_argument, 0, OPT_ELF},
        {"native-wrap", required_argument, 0, OPT_NATIVE_WRAP},
        {"native-no-seccomp", no_argument, 0, OPT_NATIVE_NO_SECCOMP},
        {"gdb", required_argument, 0, OPT_GDB},
        {"gdb-wait", no_argument, 0, OPT_GDB_WAIT},
        {"gdb-script", required_argument, 0, OPT_GDB_SCRIPT},
        {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    struct board_config cfg;
    struct board_debug_options debug = {0};
    const char *native_wrap = NULL;
    bool native_seccomp = true;
    struct gdb_options gdb = {.port = -1};
    keep_standard_fds_open();
    board_config_defaults(&cfg);
    char err[512];
    int opt;
    while ((opt = getopt_long(argc, argv, "b:s:qh", options, NULL)) != -1) {
        int rc = 0;
        switch (opt) {
        case 'b':
            rc = board_config_load(&cfg, optarg, err, sizeof err);
            break;
        case 's': {
            char key[64];
            const char *eq = strchr(optarg, '=');
            if (!eq || (size_t)(eq - optarg) >= sizeof key) {
                snprintf(err, sizeof err, "--set '%s': expected KEY=VALUE", optarg);
                rc = -1;
                break;
            }
            memcpy(key, optarg, (size_t)(eq - optarg));
            key[eq - optarg] = '\0';
            rc = board_config_set(&cfg, key, eq + 1, err, sizeof err);
            break;
        }
        case OPT_NO_PREFIX:
            cfg.prefix = false;
            break;
        case OPT_TRACE_FILE:
            debug.trace_file = optarg;
            break;
        case OPT_CONSOLE_SOCKET:
            debug.console_socket = optarg;
            break;
        case OPT_ELF:
            rc = board_debug_add_elf(&debug, optarg, err, sizeof err);
            break;
        case OPT_NATIVE_WRAP:
            native_wrap = optarg;
            break;
        case OPT_NATIVE_NO_SECCOMP:
            native_seccomp = false;
            break;
        case OPT_GDB:
            rc = parse_gdb_port(optarg, &gdb.port, err, sizeof err);
            break;
        case OPT_GDB_WAIT:
            gdb.wait = true;
            break;
        case OPT_GDB_SCRIPT:
            gdb.script = optarg;
            break;
        case OPT_SHOW_LEDS:
            cfg.show_leds = true;
            break;
        case 'q':
            cfg.quiet = true;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            if (opt >= OPT_SETTING && opt < OPT_SETTING + (int)(sizeof setting_options / sizeof setting_options[0])) {
                rc = board_config_set(&cfg, setting_options[opt - OPT_SETTING], optarg, err, sizeof err);
                break;
            }
            usage(stderr);
            return BOARD_SETUP_ERROR;
        }
        if (rc) {
            fprintf(stderr, "tockemu: %s\n", err);
            return BOARD_SETUP_ERROR;
        }
    }
    if (optind == argc) {
        fprintf(stderr, "tockemu: no app given (try --help)\n");
        return BOARD_SETUP_ERROR;
    }
    if (gdb.port < 0 && (gdb.wait || gdb.script)) {
        fprintf(stderr, "tockemu: --gdb-wait and --gdb-script need --gdb PORT\n");
        return BOARD_SETUP_ERROR;
    }

    struct board *b = &the_board;
    if (board_init(b, &cfg, err, sizeof err)) {
        fprintf(stderr, "tockemu: %s\n", err);
        return BOARD_SETUP_ERROR;
    }
    if (cpu_mux_of(&b->k)) {   /* native apps: docs/native.md */
        natives_set_wrap(cpu_mux_of(&b->k)->natives, native_wrap);
        natives_set_seccomp(cpu_mux_of(&b->k)->natives, native_seccomp);
    }
    for (int i = optind; i < argc; i++) {
        if (board_add_file(b, argv[i], err, sizeof err)) {
            fprintf(stderr, "tockemu: %s\n", err);
            board_destroy(b);
            return BOARD_SETUP_ERROR;
        }
    }
    if (board_boot(b) == 0) {
        fprintf(stderr, "tockemu: no app could be loaded\n");
        board_destroy(b);
        return BOARD_SETUP_ERROR;
    }
    if (board_debug_start(b, &debug, err, sizeof err)) {
        fprintf(stderr, "tockemu: %s\n", err);
        board_destroy(b);
        return BOARD_SETUP_ERROR;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    if (gdb.port >= 0 && start_gdb(b, &debug, &gdb, err, sizeof err)) {
        fprintf(stderr, "tockemu: %s\n", err);
        gdb_server_destroy(b->gdb);
        gdb_script_free(&gdb.made);
        board_destroy(b);
        return BOARD_SETUP_ERROR;
    }
    enum board_status status = board_run(b);
    gdb_server_board_ended(b->gdb, (int)status);
    gdb_server_destroy(b->gdb);
    gdb_script_free(&gdb.made);
    b->gdb = NULL;
    if (!cfg.quiet)
        board_print_summary(b);
    board_destroy(b);
    return (int)status;
}

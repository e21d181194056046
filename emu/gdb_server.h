/* A gdb remote serial protocol server for the emulated board (tockemu --gdb PORT).
 *
 * Every Tock process is a gdb thread (thread id = process slot + 1; qThreadExtraInfo names
 * the app, its process id and state). The target is a Cortex-M with the M-profile register
 * set (r0-r12, sp, lr, pc, xpsr). Memory reads and writes go to the selected thread's
 * engine, so only that process's mapped memory is reachable. Breakpoints (Z0/Z1) are code
 * hooks on one address, watchpoints (Z2/Z3/Z4) memory hooks on their range; both flush the
 * translated code they affect, so they work in code that already ran. Nothing is hooked
 * while no debugger is attached.
 *
 * All-stop: continue runs the whole board; when any process hits a breakpoint or
 * watchpoint, faults, or gdb sends Ctrl-C, the board stops and gdb is told which thread.
 * Step runs one instruction of the selected process (the board schedules it first; other
 * processes run only while it waits). Faults stop at the faulting instruction with SIGSEGV
 * (memory), SIGILL (undefined instruction) or SIGBUS (unaligned); when gdb continues, the
 * kernel reports the fault and applies the fault policy. D detaches (everything runs on
 * and the server listens again), k ends the board.
 *
 * The server runs on the board's thread: it reads the connection through the board's
 * event loop and is polled from the run loop between time slices; a helper thread only
 * waits for a connection. */
#ifndef EMU_GDB_SERVER_H
#define EMU_GDB_SERVER_H

#include <stdbool.h>
#include <stddef.h>

struct board;
struct gdb_server;
struct kernel;
struct process;

/* Listen on 127.0.0.1:port (0: any free port) for board b, after board_boot. Returns the
 * server, or NULL with a message in err. */
struct gdb_server *gdb_server_create(struct board *b, int port, char *err, size_t errlen);
/* The port the server listens on. */
int gdb_server_port(const struct gdb_server *g);
/* --gdb-wait: block until gdb connects, then serve it until it lets the board run. */
void gdb_server_wait_attach(struct gdb_server *g);
/* From the run loop: take a new connection or a Ctrl-C, stopping the board until gdb
 * resumes it. Cheap when nothing is pending. */
void gdb_server_poll(struct gdb_server *g);
/* The board has ended with this exit status: tell a connected gdb (W packet). */
void gdb_server_board_ended(struct gdb_server *g, int status);
/* Remove every hook, close the connection and the listening socket. Accepts NULL. Call
 * before board_destroy. */
void gdb_server_destroy(struct gdb_server *g);

/* Processes on Unicorn engines are gdb threads; native apps (emu/native.c) run on the
 * host, and the host's gdb debugs them. */
bool gdb_debuggable(struct kernel *k, const struct process *p);

#endif

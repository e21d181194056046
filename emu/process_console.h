/* The process console: an interactive prompt like Tock's process console, served on a
 * unix socket through the board's event loop. Connect with e.g.
 *
 *     socat - UNIX-CONNECT:/tmp/tock.sock      (or: nc -U /tmp/tock.sock)
 *
 * and type "help". One client at a time; while one is connected the board keeps running
 * even when every process waits for ever (someone may restart one), and stops only on its
 * timeout, its board-time limit, Ctrl-C or the "quit" command.
 *
 * Commands: help, list, status, stop/start/restart/terminate/fault NAME|ID, grants
 * NAME|ID, quit. Kernel output a command causes (a fault report, say) is shown to the
 * client as well as on the board's output. */
#ifndef EMU_PROCESS_CONSOLE_H
#define EMU_PROCESS_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

struct board;
struct process_console;

/* Listen on the unix socket at path (a stale socket there is replaced). Returns NULL
 * with a message in err. */
struct process_console *process_console_open(struct board *b, const char *path, char *err,
                                             size_t errlen);
/* A client is connected. */
bool process_console_connected(const struct process_console *c);
/* Disconnect, stop listening, remove the socket file. Accepts NULL. */
void process_console_close(struct process_console *c);

/* Run one command line and write the reply with out(ctx, text, len); used by the socket
 * and usable directly. Returns false after "quit". */
bool process_console_command(struct board *b, const char *line,
                             void (*out)(void *ctx, const char *text, size_t len), void *ctx);

#endif

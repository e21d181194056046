/* A Chrome / Perfetto JSON trace of the board (open it at https://ui.perfetto.dev):
 *
 *   - one track per app (pid = process slot + 1, named by a process_name event), with a
 *     thread per process instance (tid = process id, so a restart starts a new thread);
 *   - an "X" (complete) event for each time slice a process runs;
 *   - an instant event for each system call, named by the decoded call;
 *   - small markers joined by flow arrows from where an upcall is queued (the running
 *     process, or the "board" track for interrupts such as an alarm) to where it is
 *     delivered, and from the sender to the receiver of an IPC hop.
 *
 * Timestamps are microseconds of board time. It is fed by the kernel's hooks.event. */
#ifndef EMU_TRACE_FILE_H
#define EMU_TRACE_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "tock/kernel.h"

struct trace_file;

/* Create path and start the trace. Returns NULL with a message in err. */
struct trace_file *trace_file_open(const char *path, char *err, size_t errlen);
/* Record one kernel trace event that happened at board time now_ns. */
void trace_file_event(struct trace_file *tf, uint64_t now_ns, const struct trace_event *e);
/* End open slices at now_ns, finish the JSON and close the file. Returns 0, or -1 with a
 * message in err when the file could not be written. Frees tf. */
int trace_file_close(struct trace_file *tf, uint64_t now_ns, char *err, size_t errlen);

#endif

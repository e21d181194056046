#!/usr/bin/env python3
"""Outside input and board time (docs/time.md): console input from stdin under the virtual
clock, and host events (the process console) while an app computes.
Usage: input_scenarios.py TOCKEMU APPS_DIR SCENARIO [--list]."""

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

import run_scenario as rs
from debug_scenarios import Console, list_row
from run_scenario import app_lines, expect, expect_status, run, tockemu_argv

ECHO_STARTED = "echo: type a line"


def without_host_time(out):
    """The output with the lines that report host time taken out."""
    return "\n".join(l for l in out.splitlines() if "host time" not in l)


def start(*args, stdin=subprocess.PIPE):
    return subprocess.Popen(tockemu_argv(*args), stdin=stdin, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)


def finish(proc, timeout=60):
    """Close the board's stdin (end of input), then its exit status and output."""
    out, _ = proc.communicate(timeout=timeout)
    return proc.returncode, out.decode("utf-8", "replace")


# ---- console input from stdin ---------------------------------------------------------

def piped_input_with_board_time():
    """printf 'hi\\n' | tockemu --board-time 2 echo.tbf: the line is echoed before the clock
    jumps to the limit, from a shell pipe and from a writer that starts after the board."""
    printf = subprocess.Popen(["printf", "hi\\n"], stdout=subprocess.PIPE)
    status, out = finish(start("--board-time", "2", "echo", stdin=printf.stdout))
    printf.wait()
    for status, out in ((status, out), run("--board-time", "2", "echo", stdin_text="hi\n")):
        expect_status(status, 1, out)   # echo still waits for a second line at the end
        expect(app_lines(out, "echo") == [ECHO_STARTED, "echo: HI"], "the line is echoed", out)
        expect("stopped at 2 s of board time" in out, "then the clock runs to the limit", out)


def input_while_idle_is_delivered():
    """Lines written while every app waits, half a second of host time apart, reach echo
    before the clock could jump to the board-time limit."""
    proc = start("--board-time", "5", "echo")
    for line in (b"late\n", b"quit\n"):
        time.sleep(0.5)
        proc.stdin.write(line)
        proc.stdin.flush()
    status, out = finish(proc)
    expect_status(status, 0, out)
    expect(app_lines(out, "echo") == [ECHO_STARTED, "echo: LATE", "echo: bye"],
           "both lines reach echo", out)
    expect("board time limit" not in out, "the board does not jump past the input", out)


def input_next_to_timers():
    """An app with timers runs on while echo waits for a line that comes later (board
    time then runs no faster than host time); the line is still delivered."""
    proc = start("--board-time", "30", "echo", "polite")
    time.sleep(0.3)
    proc.stdin.write(b"hello\nquit\n")
    status, out = finish(proc)
    expect_status(status, 0, out)
    expect(app_lines(out, "echo") == [ECHO_STARTED, "echo: HELLO", "echo: bye"], "echo", out)
    polite = app_lines(out, "polite")
    expect(len(polite) == 11 and polite[-1] == "polite: done", "polite's timers fire", out)


def file_input_repeatable():
    """A file as stdin: the same output and the same board times (trace lines) on every
    run, with a busy app and a timer app around the reader."""
    with tempfile.TemporaryFile() as f:
        f.write(b"alpha\nbeta\nquit\n")
        outs = []
        for _ in range(3):
            f.seek(0)
            proc = start("--trace", "syscalls,sched", "--board-time", "0.2", "busy", "echo",
                         "polite", stdin=f)
            status, out = finish(proc)
            expect_status(status, 1, out)   # busy is still running
            outs.append(without_host_time(out))
    expect(app_lines(outs[0], "echo") == [ECHO_STARTED, "echo: ALPHA", "echo: BETA",
                                          "echo: bye"], "echo reads the file", outs[0])
    expect(re.search(r"^\[trace +0\.\d{6}\] echo\(2\): command console\.read", outs[0], re.M),
           "the reads are traced with their board times", outs[0])
    for other in outs[1:]:
        expect(other == outs[0], "every run prints the same", outs[0] + "\n=====\n" + other)


def stdin_end_keeps_board():
    """End of input neither ends the board nor hangs it: other apps run to their end, a
    reader left waiting is reported, and a closed or unreadable stdin is no input."""
    status, out = run("echo", "polite", stdin_text="hello\n")
    expect_status(status, 1, out)
    expect(app_lines(out, "echo") == [ECHO_STARTED, "echo: HELLO"], "echo got its line", out)
    polite = app_lines(out, "polite")
    expect(len(polite) == 11 and polite[-1] == "polite: done", "polite runs to its end", out)
    expect("echo: yield-wait-for driver 0x1 (console) upcall 2" in out,
           "the waiting reader is reported once nothing can wake it", out)

    status, out = run("polite", stdin_text="")
    expect_status(status, 0, out)
    expect(app_lines(out, "polite")[-1:] == ["polite: done"], "no input: polite finishes", out)

    argv = " ".join(shlex.quote(a) for a in tockemu_argv("echo", "hello"))
    proc = subprocess.run(["sh", "-c", "exec " + argv + " <&-"], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=60)
    out = proc.stdout.decode("utf-8", "replace")
    expect_status(proc.returncode, 1, out)
    expect(app_lines(out, "hello") == ["Hello, World!"], "closed stdin: hello runs", out)
    expect("nothing can wake them" in out, "closed stdin: echo's wait is reported", out)

    directory = os.open(rs.APPS, os.O_RDONLY | os.O_DIRECTORY)   # open, but not readable
    try:
        status, out = finish(start("echo", stdin=directory))
    finally:
        os.close(directory)
    expect_status(status, 1, out)
    expect("[board] console input (stdin): Is a directory: no more input" in out,
           "the read error is named", out)
    expect("nothing can wake them" in out, "then echo's wait is reported", out)


def real_clock_input():
    """Under the real clock an idle board wakes when a line arrives."""
    proc = start("--clock", "real", "--timeout", "30", "echo")
    time.sleep(0.3)
    proc.stdin.write(b"now\nquit\n")
    status, out = finish(proc)
    expect_status(status, 0, out)
    expect(app_lines(out, "echo") == [ECHO_STARTED, "echo: NOW", "echo: bye"], "echo", out)


# ---- host events while an app computes -------------------------------------------------

ANSWER_BOUND_S = 2.0   # about 10-30 ms on an idle machine; generous for ASan and load


def console_answers_busy_board():
    """With an app spinning, the process console answers within a bound (it used to take
    256 time slices: 5-9 s)."""
    before = time.monotonic()
    c = Console("busy")
    try:
        took = time.monotonic() - before
        expect("Type help" in c.banner, "banner", c.banner)
        expect(took < ANSWER_BOUND_S + 1.0, f"banner after {took:.2f} s", c.banner)
        for _ in range(3):
            before = time.monotonic()
            reply = c.cmd("list")
            took = time.monotonic() - before
            expect(re.search(r"busy +(running|ready)", list_row(reply, "busy")),
                   "busy listed", reply)
            expect(took < ANSWER_BOUND_S, f"list answered after {took:.2f} s", reply)
    except BaseException:
        c.proc.kill()
        raise
    reply, status, out = c.finish()
    expect("stopping the board" in reply, "quit", reply)
    expect_status(status, 1, out)


def no_input_repeatable():
    """Host events are looked at by host time, but the apps see none of it: runs with the
    process console open, with and without a client listing processes all the time,
    print the same (app output and every time slice with its board time)."""
    apps = ("--trace", "sched", "--board-time", "0.35", "busy", "polite", "hello")
    outs = []
    for _ in range(2):
        with tempfile.TemporaryDirectory() as d:
            status, out = run("--console-socket", os.path.join(d, "c.sock"), *apps)
            expect_status(status, 1, out)
            outs.append(without_host_time(out))
    expect(outs[0] == outs[1], "two runs print the same", outs[0] + "\n=====\n" + outs[1])
    expect(app_lines(outs[0], "polite")[:2] == ["polite: 1", "polite: 2"], "the apps ran",
           outs[0])

    c = Console(*apps)
    lists = 0
    try:
        while "tock$" in c.cmd("list"):   # until the board ends and closes the socket
            lists += 1
            time.sleep(0.02)
    except (BrokenPipeError, ConnectionResetError):
        pass   # the board ended between two commands
    except BaseException:
        c.proc.kill()
        raise
    c.sock.close()
    out = c.proc.stdout.read().decode("utf-8", "replace")
    status = c.proc.wait(timeout=60)
    shutil.rmtree(c.dir, ignore_errors=True)
    expect(lists > 0, "the client listed processes while the apps ran", out)
    expect_status(status, 1, out)
    expect(without_host_time(out) == outs[0], "a client's commands change nothing the apps do",
           outs[0] + "\n=====\n" + out)


SCENARIOS = {f.__name__: f for f in (
    piped_input_with_board_time, input_while_idle_is_delivered, input_next_to_timers,
    file_input_repeatable, stdin_end_keeps_board, real_clock_input,
    console_answers_busy_board, no_input_repeatable)}


if __name__ == "__main__":
    sys.exit(rs.main(SCENARIOS, __doc__))

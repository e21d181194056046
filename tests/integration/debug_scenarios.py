#!/usr/bin/env python3
"""Scenarios for seeing inside the board: strace-like traces, the Perfetto trace file, the
process console over its unix socket, and fault reports with function names.
Usage: debug_scenarios.py TOCKEMU APPS_DIR SCENARIO [--list]."""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import run_scenario as rs
from run_scenario import Failure, app_lines, expect, expect_status, run

TRACE_LINE = re.compile(r"^\[trace +(\d+)\.(\d{6})\] (.*)$")


def trace_lines(out):
    """(board time in us, text) of every trace line."""
    lines = []
    for line in out.splitlines():
        m = TRACE_LINE.match(line)
        if m:
            lines.append((int(m.group(1)) * 1000000 + int(m.group(2)), m.group(3)))
    return lines


# ---- syscall traces -------------------------------------------------------------------

def trace_hello_sequence():
    """hello makes exactly these calls, decoded, with board times that never go back."""
    status, out = run("--trace", "syscalls", "hello")
    expect_status(status, 0, out)
    lines = trace_lines(out)
    calls = [text[len("hello(1): "):] for _, text in lines if text.startswith("hello(1): ")]
    names = [re.match(r"[a-z-]+ [^(]+", c).group(0) for c in calls]
    expect(names == ["memop brk", "memop stack-top", "memop heap-start", "subscribe console/1",
                     "allow-ro console/1", "command console.write", "yield wait-for",
                     "exit terminate"], f"hello's calls in order: {names}", out)
    patterns = [r"memop brk\(0x2[0-9a-f]{7}\) -> Success",
                r"memop stack-top\(0x2[0-9a-f]{7}\) -> Success",
                r"memop heap-start\(0x2[0-9a-f]{7}\) -> Success",
                r"subscribe console/1\(fn 0x[0-9a-f]+, data 0x0\) -> Success 2\*u32 0x0 0x0",
                r"allow-ro console/1\(0x2[0-9a-f]{7}, 14\) -> Success 2\*u32 0x0 0x0",
                r"command console\.write\(0xe, 0x0\) -> Success",
                r"yield wait-for\(console/1\)",
                r"exit terminate\(0\)"]
    for pattern, call in zip(patterns, calls):
        expect(re.fullmatch(pattern, call), f"'{call}' matches {pattern}", out)
    times = [t for t, _ in lines]
    expect(times == sorted(times), "board times never go back", out)


def trace_failures_decoded():
    """Error returns name the error and the values the variant carries."""
    status, out = run("--trace", "syscalls", "bad_pointers")
    expect_status(status, 0, out)
    expect(re.search(r"bad_pointers\(1\): allow-rw console/99\(0x[0-9a-f]+, 32\) -> "
                     r"Failure 2\*u32 NOSUPPORT 0x[0-9a-f]+ 0x20$", out, re.M),
           "allow failure with error name and both values", out)
    status, out = run("--trace", "syscalls", "drivers")
    expect(re.search(r"drivers\(1\): command alarm\.stop\(0x0, 0x0\) -> Failure ALREADY$", out,
                     re.M), "command failure with error name", out)
    expect(re.search(r"drivers\(1\): command alarm\.frequency\(0x0, 0x0\) -> Success u32 0xf4240$",
                     out, re.M), "success with its one value", out)


def trace_upcalls_and_sched():
    """Upcalls are traced when queued and delivered; time slices when they start and stop."""
    status, out = run("--trace", "upcalls,sched", "blink")
    expect_status(status, 0, out)
    lines = trace_lines(out)
    texts = [t for _, t in lines]
    expect("sched: blink(1) runs" in texts, "slice start traced", out)
    expect("sched: blink(1) stops: yield-wait-for" in texts, "slice end and why", out)
    expect("sched: blink(1) stops: exited" in texts, "the last slice ends with the exit", out)
    alarm = [(t, x) for t, x in lines if re.fullmatch(
        r"blink\(1\): upcall alarm/0 queued \(0x[0-9a-f]+, 0x[0-9a-f]+, 0x0\) fn 0x[0-9a-f]+", x)]
    expect(len(alarm) == 8, f"eight alarm upcalls queued, got {len(alarm)}", out)
    expect(alarm[0][0] >= 250000, "the first alarm fires after 250 ms of board time", out)
    expect(any(re.fullmatch(r"blink\(1\): upcall alarm/0 returned by yield-wait-for \(.*\)", x)
               for x in texts), "alarm returned by yield-wait-for", out)
    expect(not any("command" in x for x in texts), "no syscall lines without 'syscalls'", out)


# ---- the Perfetto trace file ----------------------------------------------------------------

def perfetto_trace_file():
    """The JSON parses, has one track per app with its time slices, syscalls inside them,
    and flows from where an upcall is queued to where it is delivered."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "trace.json")
        status, out = run("--trace-file", path, "hello", "blink", "polite")
        expect_status(status, 0, out)
        with open(path) as f:
            trace = json.load(f)
    events = trace["traceEvents"]
    names = {e["pid"]: e["args"]["name"] for e in events
             if e["ph"] == "M" and e["name"] == "process_name"}
    apps = sorted(n for n in names.values() if not n.startswith("board"))
    expect(apps == ["blink", "hello", "polite"], f"one track per app: {names}")
    pid_of = {n: p for p, n in names.items()}
    for app in apps:
        pid = pid_of[app]
        slices = [e for e in events if e["ph"] == "X" and e["pid"] == pid and e["cat"] == "sched"]
        calls = [e for e in events if e["ph"] == "i" and e["pid"] == pid and e["cat"] == "syscall"]
        expect(slices and calls, f"{app}: time slices and system calls")
        expect(all(s["dur"] >= 0 and s["name"] == app for s in slices), f"{app}: slices named")
        for c in calls:
            expect(any(s["ts"] <= c["ts"] <= s["ts"] + s["dur"] and s["tid"] == c["tid"]
                       for s in slices), f"{app}: syscall {c['name']} at {c['ts']} in a slice")
        expect(calls[-1]["name"] == "exit terminate", f"{app}: last call is the exit")
    hello_calls = [e["name"] for e in events if e["ph"] == "i" and e["pid"] == pid_of["hello"]]
    expect("command console.write" in hello_calls, f"decoded call names: {hello_calls}")
    starts = {e["bind_id"] for e in events if e.get("flow_out")}
    ends = {e["bind_id"] for e in events if e.get("flow_in")}
    expect(len(ends) >= 16 and ends <= starts, "every delivered upcall has a queued start")
    board = [e for e in events if e["ph"] == "X" and names.get(e["pid"], "").startswith("board")]
    expect(any(e["name"] == "queue upcall alarm/0 for blink" for e in board),
           "alarm upcalls start on the board track")


# ---- the process console --------------------------------------------------------------------

class Console:
    """tockemu with a process console and a client connected to it; args are options and
    app names, as for run()."""

    def __init__(self, *args):
        self.dir = tempfile.mkdtemp()
        self.path = os.path.join(self.dir, "console.sock")
        argv = rs.tockemu_argv("--console-socket", self.path, "--timeout", "60", *args)
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.sock = self.connect()
        self.banner = self.read_reply()

    def connect(self):
        """The board listens once it has booted: try for a few seconds."""
        for _ in range(250):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(10)
            try:
                sock.connect(self.path)
                return sock
            except (FileNotFoundError, ConnectionRefusedError):
                sock.close()
                time.sleep(0.02)
        self.proc.kill()
        raise Failure("cannot connect to the process console at " + self.path)

    def read_reply(self):
        data = b""
        while not data.endswith(b"tock$ "):
            chunk = self.sock.recv(4096)
            if not chunk:
                break
            data += chunk
        return data.decode("utf-8", "replace")

    def cmd(self, line):
        self.sock.sendall(line.encode() + b"\n")
        return self.read_reply()

    def finish(self):
        """quit, then the board's exit status and output."""
        reply = self.cmd("quit")
        self.sock.close()
        out = self.proc.stdout.read().decode("utf-8", "replace")
        status = self.proc.wait(timeout=20)
        shutil.rmtree(self.dir, ignore_errors=True)
        return reply, status, out


def list_row(listing, name):
    for line in listing.splitlines():
        cols = line.split()
        if len(cols) > 2 and cols[1] == name:
            return line
    return ""


def console_session():
    c = Console("echo", "hello")
    try:
        expect("Type help" in c.banner, "banner", c.banner)
        reply = c.cmd("help")
        for word in ("list", "stop NAME|ID", "start NAME|ID", "restart NAME|ID", "terminate",
                     "fault NAME|ID", "grants NAME|ID", "status", "quit"):
            expect(word in reply, f"help lists {word}", reply)

        listing = c.cmd("list")
        echo = list_row(listing, "echo")
        expect(re.search(r"^ +1 +echo +yielded-for +0x[0-9a-f]{8} +0x20000000 \d+ B +"
                         r"0x2[0-9a-f]{7} \d+ B +\d+ B +11 +console upcall 2 \(yield-wait-for\)$",
                         echo), "echo: id, state, ShortId, memory, syscalls, what it waits for",
               listing)
        expect(re.search(r"^ +2 +hello +exited 0 ", list_row(listing, "hello")), "hello exited",
               listing)

        reply = c.cmd("frobnicate")
        expect("error: unknown command 'frobnicate' (try help)" in reply, "unknown command", reply)
        reply = c.cmd("stop nobody")
        expect("error: no process named or numbered 'nobody'" in reply, "unknown app", reply)
        reply = c.cmd("stop")
        expect("error: usage: stop NAME|ID" in reply, "missing argument", reply)
        reply = c.cmd("stop echo" + " " * 600 + "now")
        expect("error: line longer than 511 bytes: ignored" in reply,
               "an overlong line is refused, not cut short and run", reply)

        reply = c.cmd("grants echo")
        expect("console (driver 0x1)" in reply, "console grant", reply)
        expect(re.search(r"allow-ro 1: 0x2[0-9a-f]{7}, 18 bytes", reply), "write buffer", reply)
        expect(re.search(r"allow-rw 1: 0x2[0-9a-f]{7}, 1 bytes", reply), "read buffer", reply)
        expect(re.search(r"upcall 2: fn 0x[0-9a-f]{8} <\w+\+0x[0-9a-f]+>, appdata", reply),
               "read upcall with its function name", reply)

        reply = c.cmd("stop echo")
        expect("stopped echo (id 1)" in reply, "stop", reply)
        expect("stopped; then console upcall 2" in list_row(c.cmd("list"), "echo"),
               "list shows it stopped", reply)
        reply = c.cmd("stop 1")
        expect("error: echo (id 1) is stopped already" in reply, "stop twice", reply)
        reply = c.cmd("start echo")
        expect("resumed echo (id 1): yielded-for" in reply, "start resumes", reply)

        reply = c.cmd("restart echo")
        expect("restarted echo: id 1 -> 3" in reply, "restart gives a new id", reply)
        expect(re.search(r"^ +3 +echo +yielded-for", list_row(c.cmd("list"), "echo")),
               "the new id in the list", reply)

        # With stdin at its end nothing can wake echo: a connected client keeps the board up.
        c.proc.stdin.close()
        time.sleep(0.3)
        reply = c.cmd("status")
        expect(re.search(r"board time [\d.]+ s \(virtual clock\)", reply), "status: time", reply)
        expect("processes: 2 (1 alive, 0 stopped, 0 faulted, 1 ended)" in reply, "counts", reply)

        reply = c.cmd("fault echo")
        expect("---| App fault: echo (id 3) |---" in reply, "fault report on the console", reply)
        expect("Fault type: forced by the kernel" in reply, "fault type", reply)
        expect(re.search(r"PC : 0x[0-9a-f]{8} <\w+\+0x[0-9a-f]+>", reply), "PC symbolized", reply)
        expect("faulted echo (id 3): now faulted" in reply, "fault policy applied", reply)
        reply = c.cmd("terminate echo")
        expect("error: cannot terminate echo (id 3): it is not alive (faulted)" in reply,
               "terminate a dead process", reply)
        reply, status, out = c.finish()
    except Exception:
        c.proc.kill()
        raise
    expect("stopping the board" in reply, "quit", reply)
    expect_status(status, 1, out)
    expect("---| App fault: echo (id 3) |---" in out, "the report is on the board output", out)
    expect("[board] quit from the process console" in out, "the board says why it stopped", out)
    expect(app_lines(out, "echo").count("echo: type a line") == 2, "echo ran twice", out)


def console_without_client():
    """Nobody connected: a deadlock still ends the run, and the socket file goes away."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "console.sock")
        status, out = run("--console-socket", path, "echo")
        expect_status(status, 1, out)
        expect("every process is waiting and nothing can wake them" in out, "deadlock", out)
        expect(not os.path.exists(path), "socket removed at the end", out)
        open(path, "w").close()
        status, out = run("--console-socket", path, "hello")
        expect_status(status, 2, out)
        expect("exists and is not a socket" in out, "refuses to replace a file", out)


# ---- fault reports --------------------------------------------------------------------------

FAULTS = {
    # app: (cause, fault type, PC or LR function)
    "fault": (r"invalid data write at address 0xdead0000", "bad write", r"PC : .*<main\+"),
    "fault_read": (r"invalid data read at address 0xdead0000", "bad read",
                   r"PC : .*<read_bad_address\+"),
    "fault_exec": (r"instruction fetch from non-executable memory at address 0x2[0-9a-f]{7}",
                   "bad execute", r"LR : .*<call_into_ram\+"),
    "fault_undef": (r"undefined instruction", "undefined instruction",
                    r"PC : .*<run_undefined_instruction\+"),
    "fault_stack": (r"invalid data write at address 0x1ffff[0-9a-f]{3}", "stack overflow",
                    r"PC : .*<recurse_deeper\+"),
}


def fault_reports():
    """Each kind of fault is named, with its address and the function that faulted."""
    for app, (cause, kind, function) in FAULTS.items():
        status, out = run(app)
        expect_status(status, 1, out)
        expect(f"---| App fault: {app} (id 1) |---" in out, f"{app}: report", out)
        expect(re.search(r"^  Cause: " + cause + "$", out, re.M), f"{app}: cause", out)
        expect(re.search(r"^  Fault type: " + kind + r" \(", out, re.M), f"{app}: type", out)
        expect(re.search(r"^  " + function, out, re.M), f"{app}: function name", out)
        expect(re.search(r"^  Faulting instruction: 0x[0-9a-f]{8}", out, re.M), f"{app}: pc", out)
    status, out = run("fault_stack")
    expect("bytes below the start of RAM 0x20000000" in out, "stack overflow explained", out)


def fault_symbols_from_elf_option():
    """Without an ELF next to the TBF the report has addresses only; --elf gives names."""
    with tempfile.TemporaryDirectory() as d:
        tbf = os.path.join(d, "fault_read.tbf")
        shutil.copy(os.path.join(rs.APPS, "fault_read.tbf"), tbf)
        status, out = run(tbf)
        expect(re.search(r"^  PC : 0x[0-9a-f]{8}$", out, re.M), "no symbols: plain PC", out)
        status, out = run("--elf", "fault_read=" + os.path.join(rs.APPS, "fault_read.elf"), tbf)
        expect(re.search(r"^  PC : 0x[0-9a-f]{8} <read_bad_address\+0x[0-9a-f]+>$", out, re.M),
               "--elf gives the function", out)
        status, out = run("--elf", "fault_read=" + os.path.join(rs.APPS, "hello.elf"), tbf)
        expect("is not the code of the TBF" in out, "a wrong ELF is refused", out)
        expect(re.search(r"^  PC : 0x[0-9a-f]{8}$", out, re.M), "and not used", out)
    status, out = run("--elf", "nonsense", "hello")
    expect_status(status, 2, out)
    expect("--elf 'nonsense': expected APP=PATH" in out, "bad --elf named", out)


SCENARIOS = {f.__name__: f for f in (
    trace_hello_sequence, trace_failures_decoded, trace_upcalls_and_sched, perfetto_trace_file,
    console_session, console_without_client, fault_reports, fault_symbols_from_elf_option)}


if __name__ == "__main__":
    sys.exit(rs.main(SCENARIOS, __doc__))

#!/usr/bin/env python3
"""Integration scenarios: run apps on the emulated board and check what they print and
how the board exits. Usage: run_scenario.py TOCKEMU APPS_DIR SCENARIO [--list]."""

import os
import re
import subprocess
import sys
import tempfile

TOCKEMU, APPS = None, None


def tockemu_argv(*args):
    """tockemu's command line: app names become APPS/name.tbf, the rest stays as it is."""
    argv = [TOCKEMU]
    for a in args:
        tbf = os.path.join(APPS, a + ".tbf")
        argv.append(tbf if re.fullmatch(r"[a-z_0-9]+", a) and os.path.exists(tbf) else a)
    return argv


def run(*args, timeout=60, stdin_text=None):
    """Run tockemu with args (app names become APPS/name.tbf); return (status, stdout)."""
    argv = tockemu_argv(*args)
    proc = subprocess.run(argv, input=stdin_text.encode() if stdin_text is not None else b"",
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


def app_lines(out, app):
    prefix = re.compile(r"^\[" + re.escape(app) + r" *\] ")
    return [prefix.sub("", l) for l in out.splitlines() if prefix.match(l)]


class Failure(Exception):
    pass


def expect(cond, what, out=""):
    if not cond:
        raise Failure(what + ("\n--- output ---\n" + out if out else ""))


def expect_status(status, want, out):
    expect(status == want, f"exit status {status}, expected {want}", out)


# ---- scenarios ------------------------------------------------------------------------

def hello():
    status, out = run("hello")
    expect_status(status, 0, out)
    expect(app_lines(out, "hello") == ["Hello, World!"], "hello's output", out)
    expect(re.search(r"hello +id 1 +exited 0", out), "summary line for hello", out)


def hello_no_prefix():
    status, out = run("--no-prefix", "--quiet", "hello")
    expect_status(status, 0, out)
    expect(out == "Hello, World!\n", "raw output without prefix or summary", out)


def c_features():
    for app in ("c_features", "c_features_m0"):
        cpu = "cortex-m0" if app.endswith("m0") else "cortex-m4"
        status, out = run("--cpu", cpu, app)
        expect_status(status, 0, out)
        lines = app_lines(out, app)
        expect(any(re.fullmatch(r"c_features: (\d+)/\1 checks passed, checksum 0x[0-9a-f]+", l)
                   for l in lines), f"{app}: every C library check passes", out)


def m0_runs_m4_code_fails():
    """A Cortex-M4 build on a Cortex-M0 board hits an instruction the M0 lacks."""
    status, out = run("--cpu", "cortex-m0", "c_features")
    expect(status != 0, "an M4 binary must not run cleanly on an M0", out)


def blink():
    status, out = run("--show-leds", "blink")
    expect_status(status, 0, out)
    leds = [l for l in out.splitlines() if l.startswith("[leds]")]
    expect(leds == ["[leds] *...", "[leds] **..", "[leds] ***.", "[leds] ****",
                    "[leds] .***", "[leds] ..**", "[leds] ...*", "[leds] ...."],
           "LED sequence", out)
    expect(app_lines(out, "blink")[-1] == "blink: done", "blink finishes", out)


def buttons():
    status, out = run("--press", "0@100", "--press", "1@300+100", "--press", "0@600", "buttons")
    expect_status(status, 0, out)
    lines = app_lines(out, "buttons")
    want = ["button 0 pressed", "button 0 released", "button 1 pressed", "button 1 released",
            "button 0 pressed", "button 0 released", "buttons: done after 6 events"]
    expect(lines[1:] == want, "button events in order", out)


def bad_press():
    status, out = run("--press", "nonsense", "hello")
    expect_status(status, 2, out)
    expect("setting 'press': 'nonsense' is not BUTTON@MS" in out, "bad --press is named", out)


def fault_stop():
    status, out = run("hello", "fault", "polite")
    expect_status(status, 1, out)
    expect("---| App fault: fault (id 2) |---" in out, "fault report header", out)
    expect("Cause: invalid data write at address 0xdead0000" in out, "fault cause", out)
    expect("Policy: stop the process" in out, "policy line", out)
    expect(re.search(r"fault +id 2 +faulted", out), "fault summary", out)
    expect(app_lines(out, "hello") == ["Hello, World!"], "hello unaffected", out)
    expect(app_lines(out, "polite")[-1] == "polite: done", "polite unaffected", out)
    expect(len(app_lines(out, "polite")) == 11, "polite output complete", out)


def fault_restart():
    status, out = run("--set", "fault-policy=restart", "--set", "max-restarts=3", "fault", "hello")
    expect_status(status, 1, out)
    expect(out.count("---| App fault: fault") == 4, "initial run plus three restarts fault", out)
    ids = re.findall(r"restarted \(id (\d+) -> (\d+)", out)
    expect(len(ids) == 3, "three restarts reported", out)
    new_ids = [int(b) for _, b in ids]
    expect(len(set(new_ids)) == 3 and all(i > 2 for i in new_ids), "new, unused ids", out)
    expect("already restarted 3 times: stopped" in out, "gives up after max-restarts", out)
    expect(app_lines(out, "hello") == ["Hello, World!"], "hello unaffected", out)


def fault_panic():
    status, out = run("--fault-policy", "panic", "fault", "hello")
    expect_status(status, 3, out)
    expect("Policy: panic" in out, "panic policy reported", out)


def preemption():
    """A busy loop next to a well-behaved app: the polite one still finishes."""
    status, out = run("--board-time", "1.5", "busy", "polite")
    lines = app_lines(out, "polite")
    expect(lines and lines[-1] == "polite: done" and len(lines) == 11, "polite completes", out)
    expect(re.search(r"busy +id 1 +running", out), "busy still running at the end", out)
    expect_status(status, 1, out)


def deterministic():
    """The virtual clock gives identical runs."""
    a = run("--board-time", "1.2", "busy", "polite", "c_features", "hello")
    b = run("--board-time", "1.2", "busy", "polite", "c_features", "hello")
    expect(app_lines(a[1], "polite")[-1:] == ["polite: done"], "the apps ran", a[1])
    strip = lambda o: "\n".join(l for l in o.splitlines() if "host time" not in l)
    expect(strip(a[1]) == strip(b[1]), "two runs print the same", a[1] + "\n=====\n" + b[1])
    expect("stopped at 1.2 s of board time" in a[1], "the board-time limit stops the run", a[1])


def bad_tbf():
    """A corrupted TBF is refused with file, offset and field; the other apps still run, and
    the exit status says an app was refused (2)."""
    data = bytearray(open(os.path.join(APPS, "hello.tbf"), "rb").read())
    data[12] ^= 0xFF   # the checksum
    with tempfile.TemporaryDirectory() as d:
        bad = os.path.join(d, "broken.tbf")
        open(bad, "wb").write(data)
        status, out = run(bad, "polite")
    expect_status(status, 2, out)
    expect(re.search(r"broken\.tbf: bad TBF at flash offset 0x0: field base\.checksum", out),
           "bad TBF reported with file, offset and field", out)
    expect(app_lines(out, "polite")[-1] == "polite: done", "polite still runs", out)


def missing_file():
    status, out = run("/nonexistent/app.tbf")
    expect_status(status, 2, out)
    expect("/nonexistent/app.tbf: No such file or directory" in out, "missing file named", out)


def not_a_tbf():
    with tempfile.NamedTemporaryFile(suffix=".tbf") as f:
        f.write(b"this is not a TBF, it is a text file that is long enough to parse\n" * 4)
        f.flush()
        status, out = run(f.name)
    expect_status(status, 2, out)
    expect("bad TBF at flash offset 0x0" in out and "no app could be loaded" in out,
           "garbage refused with a reason", out)


def help_text():
    status, out = run("--help")
    expect_status(status, 0, out)
    for word in ("--clock", "--timeout", "--trace", "fault-policy", "Exit status"):
        expect(word in out, f"--help mentions {word}", out)


def trace_unknown_driver():
    """With tracing on, every syscall is one line naming the app, the driver and command."""
    status, out = run("--trace", "syscalls", "hello")
    expect_status(status, 0, out)
    expect(re.search(r"\[trace +\d+\.\d{6}\] hello\(1\): command console\.write\(0xe, 0x0\) -> Success",
                     out), "console write traced with decoded names", out)
    expect(re.search(r"\[trace +\d+\.\d{6}\] hello\(1\): exit terminate\(0\)", out), "exit traced", out)


def board_file():
    with tempfile.NamedTemporaryFile("w", suffix=".conf") as f:
        f.write("# a board\nleds = 2\nclock = virtual\nbogus = 1\n")
        f.flush()
        status, out = run("--board", f.name, "hello")
    expect_status(status, 2, out)
    expect(re.search(r"\.conf:4: unknown setting 'bogus'", out), "file and line named", out)


def real_clock():
    status, out = run("--clock", "real", "--board-time", "1.5", "--timeout", "20", "busy", "polite")
    lines = app_lines(out, "polite")
    expect(lines and lines[-1] == "polite: done", "polite completes under the real clock", out)
    expect("real clock" in out, "summary says which clock ran", out)


def bad_pointers():
    """The kernel refuses every pointer outside the app's memory, from a real guest."""
    status, out = run("bad_pointers", "hello")
    expect_status(status, 0, out)
    lines = app_lines(out, "bad_pointers")
    expect(len([l for l in lines if l.endswith(": ok")]) == 16, "16 checks pass", out)
    expect(lines[-1] == "bad_pointers: 0 failures", "no failures", out)
    expect(app_lines(out, "hello") == ["Hello, World!"], "hello unaffected", out)


def drivers():
    status, out = run("drivers")
    expect_status(status, 0, out)
    lines = app_lines(out, "drivers")
    expect(lines and lines[-1] == "drivers: done", "drivers finishes", out)
    expect(not any("FAIL" in l or "unexpected" in l for l in lines), "no failed check", out)
    expect("LowLevelDebug: App 0x1 prints 0x1234 0x5678" in out, "low-level debug line", out)


def console_input():
    status, out = run("echo", stdin_text="hello\nworld\nquit\n")
    expect_status(status, 0, out)
    expect(app_lines(out, "echo") == ["echo: type a line", "echo: HELLO", "echo: WORLD",
                                      "echo: bye"], "echo's output", out)


def deadlock_reported():
    status, out = run("echo", stdin_text="abc")
    expect_status(status, 1, out)
    expect("every process is waiting and nothing can wake them" in out, "deadlock named", out)
    expect("echo: yield-wait-for driver 0x1 (console) upcall 2" in out, "what echo waits for", out)


def hostile():
    """Random system calls next to well-behaved apps: the kernel answers every one, the
    others' output is complete, and every app exits 0 (three seeds: three streams)."""
    for seed in ("1", "2", "3"):
        status, out = run("--seed", seed, "hostile", "hello", "polite")
        expect_status(status, 0, out)
        lines = app_lines(out, "hostile")
        expect(lines and lines[-1].endswith("0 bad answers, guard intact"), "hostile's checks", out)
        expect(any(l.startswith("hostile: calls by class:") for l in lines), "hostile's summary", out)
        expect("App fault" not in out, "no process faulted", out)
        expect(app_lines(out, "hello") == ["Hello, World!"], "hello unaffected", out)
        polite = app_lines(out, "polite")
        expect(len(polite) == 11 and polite[-1] == "polite: done", "polite output complete", out)
        expect(re.search(r"hostile +id 1 +exited 0", out), "hostile exited 0", out)


def clock():
    """The RTC starts at the rtc setting, runs with board time and takes a set date; a bad
    setting is named; a board without the driver says so."""
    status, out = run("--set", "rtc=2024-02-28T10:00:00", "clock")
    expect_status(status, 0, out)
    expect(app_lines(out, "clock") == [
        "clock: at start 2024-02-28 Wed 10:00:00", "clock: set to 2023-12-31 Sun 23:59:59",
        "clock: 1 s later 2024-01-01 Mon 00:00:00", "clock: month 13 is refused (INVAL)"],
        "the dates read", out)
    status, out = run("--set", "rtc=2023-02-29T00:00:00", "clock")
    expect_status(status, 2, out)
    expect("setting 'rtc': '2023-02-29T00:00:00' is not a UTC date and time" in out, "bad date named", out)
    status, out = run("--set", "capsules=console,alarm", "clock")
    expect_status(status, 1, out)
    expect(app_lines(out, "clock") == ["clock: the board has no RTC"], "no RTC", out)


SCENARIOS = {f.__name__: f for f in (
    hello, hello_no_prefix, c_features, m0_runs_m4_code_fails, blink, buttons, bad_press,
    fault_stop, fault_restart, fault_panic, preemption, deterministic, bad_tbf, missing_file,
    not_a_tbf, help_text, trace_unknown_driver, board_file, real_clock, bad_pointers, drivers,
    console_input, deadlock_reported, hostile, clock)}


def main(scenarios=None, doc=None):
    """Command line of every scenario file: --list, or TOCKEMU APPS_DIR SCENARIO."""
    global TOCKEMU, APPS
    scenarios = SCENARIOS if scenarios is None else scenarios
    if len(sys.argv) >= 2 and sys.argv[1] == "--list":
        print("\n".join(scenarios))
        return 0
    if len(sys.argv) != 4 or sys.argv[3] not in scenarios:
        print(doc or __doc__, file=sys.stderr)
        return 2
    TOCKEMU, APPS = sys.argv[1], sys.argv[2]
    try:
        scenarios[sys.argv[3]]()
    except Failure as e:
        print(f"FAIL {sys.argv[3]}: {e}")
        return 1
    print(f"ok {sys.argv[3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

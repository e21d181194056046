#!/usr/bin/env python3
"""Native processes (docs/native.md): apps built for the host, run by the same kernel as
the emulated ARM apps. The same apps run on both backends and must print the same lines;
native and ARM apps run side by side and talk over IPC; a native app that crashes, hangs
or tries to leave its sandbox is handled by the fault policy while the others go on.

Usage: native_scenarios.py TOCKEMU APPS_DIR SCENARIO [--list]. ARM apps are APPS_DIR/NAME.tbf,
native ones APPS_DIR/native/NAME."""

import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

from run_scenario import Failure, app_lines, expect, expect_status

TOCKEMU, APPS = None, None


def arm(name):
    return os.path.join(APPS, name + ".tbf")


def native(name):
    return "native:" + os.path.join(APPS, "native", name)


def run(*args, timeout=60, stdin_text=""):
    """Run tockemu with args; return (status, stdout and stderr)."""
    proc = subprocess.run([TOCKEMU, *args], input=stdin_text.encode(), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=timeout)
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


def both(app, *options, status=0, stdin_text=""):
    """Run app alone on each backend; return its lines (ARM, native). status None: any."""
    lines = []
    for where in (arm, native):
        st, out = run(*options, where(app), stdin_text=stdin_text)
        if status is not None:
            expect_status(st, status, out)
        lines.append(app_lines(out, app))
    return lines


def expect_same(app, a, n):
    diff = [f"  ARM:    {x!r}\n  native: {y!r}" for x, y in zip(a, n) if x != y]
    expect(a == n and a, f"{app}: the same lines on both backends ({len(a)} ARM, {len(n)} "
           f"native lines)\n" + "\n".join(diff[:5]), "\n".join(n))


# ---- the same output on both backends --------------------------------------------------

def same_hello():
    a, n = both("hello")
    expect_same("hello", a, n)
    expect(a == ["Hello, World!"], "hello's line", "\n".join(a))


def same_polite():
    a, n = both("polite")
    expect_same("polite", a, n)
    expect(len(a) == 11 and a[-1] == "polite: done", "polite's eleven lines", "\n".join(a))


def same_bad_pointers():
    a, n = both("bad_pointers")
    expect_same("bad_pointers", a, n)
    expect(a[-1] == "bad_pointers: 0 failures", "the kernel refuses every bad pointer", "\n".join(a))


# Three checks of c_features test the ARM ABI itself rather than the C library: function
# pointers carry the Thumb bit, and long is 32 bits (so strtol overflows at 2^31). A host
# build is LP64 without Thumb: exactly these fail there, with these lines.
NATIVE_ABI_FAILURES = [
    "FAIL data: function pointer is Thumb code in flash",
    "FAIL data: strtol overflow",
    "     got 99999999999, want 9223372036854775807",
    "FAIL data: errno ERANGE",
    "     got 0, want 34",
]


def same_c_features():
    a, n = both("c_features", status=None)   # native exits 1: three ABI checks fail
    summary = re.compile(r"c_features: (\d+)/(\d+) checks passed, checksum 0x[0-9a-f]+")
    expect(a and summary.fullmatch(a[-1]) and summary.fullmatch(a[-1]).group(1) ==
           summary.fullmatch(a[-1]).group(2), "every check passes on ARM", "\n".join(a))
    total = int(summary.fullmatch(a[-1]).group(2))
    want = []
    for line in a[:-1]:
        m = re.fullmatch(r"data: (\d+)/(\d+) ok", line)
        if m:
            want += NATIVE_ABI_FAILURES
            line = f"data: {int(m.group(1)) - 3}/{m.group(2)} ok"
        want.append(line)
    expect_same("c_features", want, n[:-1])
    m = summary.fullmatch(n[-1]) if n else None
    expect(m and int(m.group(1)) == total - 3 and int(m.group(2)) == total,
           "native: all checks but the three ARM-ABI ones pass", "\n".join(n))


def same_buttons():
    """Upcalls: button events delivered TRD104-style into the native app."""
    a, n = both("buttons", "--press", "0@100", "--press", "1@300+100", "--press", "0@600")
    expect_same("buttons", a, n)
    expect(a[-1] == "buttons: done after 6 events", "six events", "\n".join(a))


def same_echo():
    """Console input through the kernel (the native app has no stdin of its own)."""
    a, n = both("echo", stdin_text="hello\nworld\nquit\n")
    expect_same("echo", a, n)


# ---- side by side ----------------------------------------------------------------------

def side_by_side():
    status, out = run(arm("hello"), native("polite"), arm("blink"), native("bad_pointers"),
                      arm("c_features"))
    expect_status(status, 0, out)
    expect(app_lines(out, "hello") == ["Hello, World!"], "ARM hello", out)
    expect(app_lines(out, "polite")[-1:] == ["polite: done"], "native polite", out)
    expect(app_lines(out, "blink")[-1:] == ["blink: done"], "ARM blink", out)
    expect(app_lines(out, "bad_pointers")[-1:] == ["bad_pointers: 0 failures"], "native checks", out)
    for name in ("hello", "polite", "blink", "bad_pointers", "c_features"):
        expect(re.search(name + r" +id \d+ +exited 0", out), f"{name} exited 0", out)


def ipc_native_client_arm_server():
    """A native client calls an emulated ARM server, and the other way round: the same
    lines as with two ARM apps (but for the server's instance id: native apps are loaded
    after the TBFs)."""
    instance = lambda lines: [re.sub(r"\(instance \d+\)", "(instance N)", l) for l in lines]
    st, out = run(arm("ipc_server"), arm("ipc_client"))
    expect_status(st, 0, out)
    want = instance(app_lines(out, "ipc_client"))
    for pair in ((arm("ipc_server"), native("ipc_client")), (native("ipc_server"), arm("ipc_client"))):
        st, out = run(*pair)
        expect_status(st, 0, out)
        expect_same("ipc_client", want, instance(app_lines(out, "ipc_client")))
        expect(app_lines(out, "ipc_server")[-1] == "ipc_server: idle for 1 s after 3 requests: exiting",
               "the server served three requests", out)


def legacy_ipc_shared_buffer():
    """Legacy IPC shares the native client's buffer (its memfd RAM) with an ARM service."""
    st, out = run(arm("rot13_service"), arm("rot13_client"))
    want = app_lines(out, "rot13_client")
    st, out = run(arm("rot13_service"), native("rot13_client"))
    expect_status(st, 0, out)
    expect_same("rot13_client", want, app_lines(out, "rot13_client"))


# ---- bad native apps -------------------------------------------------------------------

def crash_stop():
    """SIGSEGV in a native app: a Tock fault report, the stop policy, the others go on."""
    st, out = run(arm("hello"), native("fault"), native("polite"))
    expect_status(st, 1, out)
    expect("---| App fault: fault (id 2) |---" in out, "fault report", out)
    expect("Cause: invalid data write at address 0xdead0000" in out, "cause and address", out)
    expect("Detail: native SIGSEGV at 0xdead0000" in out, "the Linux signal", out)
    expect("Policy: stop the process" in out, "policy", out)
    expect(re.search(r"fault +id 2 +faulted", out), "summary", out)
    expect(app_lines(out, "hello") == ["Hello, World!"], "hello unaffected", out)
    expect(len(app_lines(out, "polite")) == 11, "polite unaffected", out)


def crash_restart():
    st, out = run("--set", "fault-policy=restart", "--set", "max-restarts=2", native("fault"),
                  arm("hello"))
    expect_status(st, 1, out)
    expect(out.count("---| App fault: fault") == 3, "first run and two restarts fault", out)
    expect(len(re.findall(r"restarted \(id \d+ -> \d+", out)) == 2, "two restarts", out)
    expect(app_lines(out, "fault").count("fault: writing to 0xdead0000") == 3,
           "each restart is a new process that runs from the start", out)
    expect(app_lines(out, "hello") == ["Hello, World!"], "hello unaffected", out)


def crash_panic():
    st, out = run("--fault-policy", "panic", native("fault"), arm("polite"))
    expect_status(st, 3, out)
    expect("Policy: panic" in out, "panic policy", out)


def stack_overflow():
    st, out = run(native("fault_stack"))
    expect_status(st, 1, out)
    expect("Fault type: stack overflow" in out, "reported as a stack overflow", out)


def hang_watchdog():
    """A native app that never traps is stopped (SIGSTOP) at the end of every slice."""
    st, out = run("--board-time", "1.5", native("busy"), arm("polite"), native("hello"))
    expect_status(st, 1, out)
    polite = app_lines(out, "polite")
    expect(len(polite) == 11 and polite[-1] == "polite: done", "polite completes", out)
    expect(app_lines(out, "hello") == ["Hello, World!"], "native hello too", out)
    expect(re.search(r"busy +id \d+ +running", out), "busy still running", out)


def hang_watchdog_real_clock():
    st, out = run("--clock", "real", "--board-time", "1.5", "--timeout", "20", native("busy"),
                  native("polite"))
    polite = app_lines(out, "polite")
    expect(polite[-1:] == ["polite: done"], "polite completes under the real clock", out)


def escape_sandbox():
    """Opening a file is not a call the bridge needs: the process dies, the report names
    the call, the other process finishes."""
    st, out = run(native("native_escape"), arm("hello"), native("polite"))
    expect_status(st, 1, out)
    expect("[native] native_escape: tried the system call openat (257), which the sandbox "
           "forbids" in out, "the call is named", out)
    expect("Detail: sandbox: system call openat (257) is not allowed" in out, "fault report", out)
    expect(not any("still alive" in l for l in app_lines(out, "native_escape")), "stopped", out)
    expect(app_lines(out, "hello") == ["Hello, World!"], "hello unaffected", out)
    expect(app_lines(out, "polite")[-1:] == ["polite: done"], "polite unaffected", out)


def grant_race():
    """The app posts every kind of system call without waiting and keeps writing over its
    RAM above the app break, where grants live, while the kernel works: tockemu must not
    crash (under ASan in the sanitizer build) and every slot keeps what the app set. It
    restarts itself for fresh grants, so each round races every grant's creation again."""
    st, out = run("--board-time", "1", native("native_grant_race"), arm("hello"))
    expect_status(st, 1, out)   # still racing when board time ran out
    rounds = app_lines(out, "native_grant_race")
    expect(len(rounds) >= 5, f"at least 5 rounds (got {len(rounds)})", out)
    expect(all(l == "grant_race: round done, 0 failures" for l in rounds),
           "no slot lost or changed", out)
    expect(app_lines(out, "hello") == ["Hello, World!"], "hello unaffected", out)
    expect("AddressSanitizer" not in out and "runtime error" not in out, "no sanitizer report", out)


def x32_syscall():
    """A call through the x32 ABI after the runtime ran is another architecture's call: the
    report names it, and does not claim the runtime never ran."""
    st, out = run(native("native_x32"), arm("hello"))
    expect_status(st, 1, out)
    expect("[native] native_x32: tried the x32 system call write (1073741825), which the "
           "sandbox forbids" in out, "the x32 call is named", out)
    expect("Detail: sandbox: x32 system call write (1073741825) is not allowed" in out,
           "fault report", out)
    expect("before the SDK runtime ran" not in out and "before its runtime ran" not in out,
           "no false claim about the runtime", out)
    expect(app_lines(out, "hello") == ["Hello, World!"], "hello unaffected", out)


def info_section(path):
    """File offset of the .tock_native section of an ELF64 file."""
    data = open(path, "rb").read()
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    strtab_off, = struct.unpack_from("<Q", data, shoff + shstrndx * shentsize + 0x18)
    for i in range(shnum):
        sh = shoff + i * shentsize
        name_off, = struct.unpack_from("<I", data, sh)
        name = data[strtab_off + name_off:].split(b"\0", 1)[0]
        if name == b".tock_native":
            return struct.unpack_from("<Q", data, sh + 0x18)[0]
    raise Failure(f"{path}: no .tock_native section")


def huge_native_heap():
    """app_heap near 4 GiB in a native app's info section must not wrap into a small block."""
    path = os.path.join(APPS, "native", "hello")
    data = bytearray(open(path, "rb").read())
    struct.pack_into("<I", data, info_section(path) + 32, 0xFFFFF000)   # native_info.app_heap
    with tempfile.TemporaryDirectory() as d:
        bad = os.path.join(d, "hello")
        open(bad, "wb").write(data)
        os.chmod(bad, 0o755)
        st, out = run("native:" + bad, arm("polite"))
    expect_status(st, 2, out)
    expect(re.search(r"hello \(native:.*\): refused: \.tock_native: image \d+ \+ app_heap "
                     r"4294963200 \+ kernel_heap \d+ bytes is more than a native app's RAM block",
                     out), "the field and its value", out)
    expect(app_lines(out, "polite")[-1:] == ["polite: done"], "polite runs", out)


def rogue_without_runtime():
    """A program with its own _start never installs the runtime's filter: the filter
    tockemu installs between fork and exec stops its first system call."""
    st, out = run(native("native_rogue"), arm("hello"))
    expect_status(st, 1, out)
    expect("[native] native_rogue: made a system call the start-up sandbox forbids" in out,
           "the start-up sandbox stopped it", out)
    expect("Detail: sandbox: killed by SIGSYS before its runtime ran" in out, "fault report", out)
    expect(app_lines(out, "hello") == ["Hello, World!"], "hello unaffected", out)


def no_seccomp():
    """--native-no-seccomp leaves the process unconfined (for tools that need more)."""
    st, out = run("--native-no-seccomp", native("native_escape"))
    expect(any("still alive, openat returned" in l for l in app_lines(out, "native_escape")),
           "without the filter the call goes through", out)


def run_directly():
    """A native app started without tockemu says what it is."""
    proc = subprocess.run([os.path.join(APPS, "native", "hello")], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=10, env={})
    out = proc.stdout.decode()
    expect(proc.returncode == 2 and "tockemu native:" in out, "the message", out)


def not_a_native_app():
    st, out = run("native:/bin/true")
    expect_status(st, 2, out)
    expect("/bin/true: not an x86-64 static executable" in out or
           "/bin/true: an x86-64 program, but not a Tock app built for the host" in out,
           "the file is named with the reason", out)
    st, out = run("native:/nonexistent/app")
    expect_status(st, 2, out)
    expect("/nonexistent/app: No such file or directory" in out, "missing file", out)


def wrap_valgrind():
    """--native-wrap: the app under valgrind; still sandboxed (a filter for the tool)."""
    if not shutil.which("valgrind"):
        print("valgrind is not installed: skipped")
        sys.exit(77)
    st, out = run("--native-wrap", "valgrind -q --vgdb=no --error-exitcode=9", native("c_features"),
                  arm("hello"), timeout=300)
    lines = app_lines(out, "c_features")
    expect(lines and re.fullmatch(r"c_features: \d+/\d+ checks passed, checksum 0x[0-9a-f]+",
                                  lines[-1]), "c_features runs to the end under valgrind", out)
    expect("Invalid" not in out, "no valgrind error", out)
    st, out = run("--native-wrap", "valgrind -q --vgdb=no", native("native_escape"), timeout=300)
    expect("sandbox: system call openat (257) is not allowed" in out,
           "still sandboxed under valgrind", out)


def asan():
    """The AddressSanitizer build (NAME-asan): a heap overflow is reported by ASan, the
    kernel handles the death as a fault, the ARM app next to it is unaffected; a correct
    app runs as usual, next to an ARM IPC server."""
    # The app's ASan must exit after its report, not abort() (which the SDK runtime turns
    # into an app panic): the sanitizer test run exports abort_on_error=1.
    os.environ["ASAN_OPTIONS"] = os.environ.get("ASAN_OPTIONS", "").replace(
        "abort_on_error=1", "abort_on_error=0")
    bad = os.path.join(APPS, "native", "native_overflow-asan")
    if not os.path.exists(bad):
        print("the ASan builds are not there (no libasan?): skipped")
        sys.exit(77)
    st, out = run("native:" + bad, arm("hello"))
    expect_status(st, 1, out)
    expect("ERROR: AddressSanitizer: heap-buffer-overflow" in out, "ASan's report", out)
    expect("Detail: ASan build exited (status 1): see its report" in out, "a fault", out)
    expect(not any("still alive" in l for l in app_lines(out, "native_overflow")), "stopped", out)
    expect(app_lines(out, "hello") == ["Hello, World!"], "hello unaffected", out)
    st, out = run(arm("ipc_server"), native("ipc_client-asan"))
    expect_status(st, 0, out)
    expect(app_lines(out, "ipc_client")[-1:] == ["ipc_client: done, 0 failures"], "IPC", out)


SCENARIOS = {f.__name__: f for f in (
    same_hello, same_polite, same_bad_pointers, same_c_features, same_buttons, same_echo,
    side_by_side, ipc_native_client_arm_server, legacy_ipc_shared_buffer,
    crash_stop, crash_restart, crash_panic, stack_overflow, hang_watchdog,
    hang_watchdog_real_clock, escape_sandbox, grant_race, x32_syscall, huge_native_heap, rogue_without_runtime, no_seccomp, run_directly, not_a_native_app,
    wrap_valgrind, asan)}


def main():
    global TOCKEMU, APPS
    if len(sys.argv) >= 2 and sys.argv[1] == "--list":
        print("\n".join("native-" + s for s in SCENARIOS))
        return 0
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    TOCKEMU, APPS, name = sys.argv[1], sys.argv[2], sys.argv[3]
    name = name[len("native-"):] if name.startswith("native-") else name
    if name not in SCENARIOS:
        print(f"unknown scenario {name}", file=sys.stderr)
        return 2
    try:
        SCENARIOS[name]()
    except Failure as e:
        print(f"FAIL {name}: {e}")
        return 1
    print(f"ok {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Debugging with gdb: scripted gdb-multiarch sessions against tockemu --gdb, the remote
protocol spoken directly, and the exact faulting instruction in fault reports.

Usage: gdb_session.py TOCKEMU APPS_DIR SCENARIO
       gdb_session.py --list          (one SCENARIO:TOOL per line; TOOL is what it needs)
The tools come from $GDB (default gdb-multiarch) and $OBJDUMP (default
arm-none-eabi-objdump); a scenario whose tool is missing exits 77 (skipped)."""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

TOCKEMU, APPS = None, None
GDB = os.environ.get("GDB", "gdb-multiarch")
OBJDUMP = os.environ.get("OBJDUMP", "arm-none-eabi-objdump")
SKIP = 77


class Failure(Exception):
    pass


class Skip(Exception):
    pass


def expect(cond, what, out=""):
    if not cond:
        raise Failure(what + ("\n--- output ---\n" + out if out else ""))


def need(tool):
    path = shutil.which(tool)
    if not path:
        raise Skip(f"{tool} is not installed")
    return path


def app(name):
    return os.path.join(APPS, name + ".tbf")


# gdb names a source file as the compiler saw it, relative to the build directory
# (../apps/busy/main.c for build/ in the tree) or absolute: match any path to it.
def source_re(app_dir):
    return r"\S*\bapps/%s/main\.c" % re.escape(app_dir)


def app_lines(out, name):
    prefix = re.compile(r"^\[" + re.escape(name) + r" *\] ")
    return [prefix.sub("", l) for l in out.splitlines() if prefix.match(l)]


# ---- running tockemu and gdb ---------------------------------------------------------

class Board:
    """tockemu --gdb 0 --gdb-script FILE ARGS... in the background."""

    def __init__(self, workdir, *args):
        self.script = os.path.join(workdir, "tock.gdb")
        self.out_path = os.path.join(workdir, "tockemu.out")
        self.out_file = open(self.out_path, "wb")
        argv = [TOCKEMU, "--gdb", "0", "--gdb-script", self.script] + list(args)
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self.out_file,
                                     stderr=subprocess.STDOUT)
        self.port = self._wait_for_port()

    def _wait_for_port(self):
        deadline = time.time() + 30
        while time.time() < deadline:
            if os.path.exists(self.script):
                m = re.search(r"^target remote 127\.0\.0\.1:(\d+)$", open(self.script).read(), re.M)
                if m:
                    return int(m.group(1))
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise Failure("tockemu wrote no gdb script with a port", self.output())

    def output(self):
        self.out_file.flush()
        return open(self.out_path, encoding="utf-8", errors="replace").read()

    def finish(self, timeout=60):
        """Wait for the board to end; returns (status, output)."""
        try:
            status = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise Failure("tockemu did not end", self.output())
        return status, self.output()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.out_file.close()


def run_gdb(workdir, board, commands, timeout=90):
    """gdb-multiarch in batch mode: the board's script, then commands. Returns its output."""
    gdb = need(GDB)
    cmd_file = os.path.join(workdir, "commands.gdb")
    with open(cmd_file, "w") as f:
        f.write("set pagination off\nset width 0\n" + "\n".join(commands) + "\n")
    proc = subprocess.run([gdb, "-nx", "-batch", "-x", board.script, "-x", cmd_file],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=timeout)
    return proc.stdout.decode("utf-8", "replace")


def source_line(app_dir, text):
    """Line number of the first line of apps/APP_DIR/main.c containing text."""
    src = os.path.join(os.path.dirname(__file__), "..", "..", "apps", app_dir, "main.c")
    for number, line in enumerate(open(src), 1):
        if text in line:
            return number
    raise Failure(f"apps/{app_dir}/main.c has no line with {text!r}")


def store_in_main(elf):
    """Address (ELF) of the first store instruction in main, from objdump."""
    objdump = need(OBJDUMP)
    dis = subprocess.run([objdump, "-d", elf], stdout=subprocess.PIPE, check=True).stdout.decode()
    in_main = False
    for line in dis.splitlines():
        if re.match(r"^[0-9a-f]+ <main>:", line):
            in_main = True
        elif in_main and not line.strip():
            break
        elif in_main:
            m = re.match(r"^\s*([0-9a-f]+):\s+(?:[0-9a-f]{4} ?)+\s+(str[a-z.]*)\s", line)
            if m:
                return int(m.group(1), 16)
    raise Failure("no store instruction in main", dis)


def elf_flash_base(elf):
    """Lowest address of the ELF's flash image: the .crt0_header section (0x80000000)."""
    objdump = need(OBJDUMP)
    heads = subprocess.run([objdump, "-h", elf], stdout=subprocess.PIPE, check=True).stdout.decode()
    m = re.search(r"\.crt0_header\s+[0-9a-f]+\s+([0-9a-f]+)", heads)
    return int(m.group(1), 16) if m else 0x80000000


# ---- scenarios ------------------------------------------------------------------------

def gdb_session():
    """Two apps held until gdb attaches; symbols from the generated script; break in one
    app's main by name, next, step, finish, read a variable, a watchpoint that triggers in
    an upcall, threads named after the apps, detach; the board then finishes normally."""
    with tempfile.TemporaryDirectory() as d:
        board = Board(d, "--gdb-wait", "--press", "0@100+50", app("hello"), app("buttons"))
        try:
            out = run_gdb(d, board, [
                "info threads",
                "break buttons/main.c:main",
                "continue",
                "next", "next",
                "print buttons",
                "step",
                "finish",
                "watch event_pending",
                "continue",
                "info threads",
                "detach"])
            status, emu = board.finish()
        finally:
            board.kill()
    threads = re.findall(r"Thread (\d) \(([a-z]+), id \d+, ([a-z0-9 -]+)\)", out)
    expect(("1", "hello", "running") in threads and ("2", "buttons", "running") in threads,
           "info threads names both apps", out)
    expect(re.search(r"Thread 2 hit Breakpoint 1, main \(\) at %s:\d+" % source_re("buttons"), out),
           "the breakpoint in buttons' main is hit", out)
    expect(re.search(r"^33\s+if \(button_count", out, re.M) and
           re.search(r"^37\s+led_count", out, re.M), "next steps over lines 33 and 37", out)
    count = re.search(r"buttons: (\d+) buttons", emu)
    expect(count and re.search(r"^\$1 = %s$" % count.group(1), out, re.M),
           "print buttons shows the count the app prints", out + emu)
    expect(re.search(r"^led_count \(", out, re.M) and "Value returned is" in out,
           "step enters led_count and finish returns", out)
    expect(re.search(r"Hardware watchpoint 2: event_pending\s+Old value = false\s+New value = true"
                     r"\s+button_upcall \(", out),
           "the watchpoint triggers in button_upcall with the new value", out)
    expect(("1", "hello", "exited 0") in threads, "hello has exited meanwhile", out)
    expect("[Inferior 1 (Remote target) detached]" in out, "gdb detaches", out)
    expect("Internal error" not in out, "gdb reads the relocated symbols cleanly", out)
    expect(status == 0, f"the board finishes normally after detach (status {status})", emu)
    expect(app_lines(emu, "hello") == ["Hello, World!"], "hello ran", emu)
    expect("button 0 pressed" in app_lines(emu, "buttons"), "buttons saw the press", emu)


def gdb_breakpoint_in_code_that_ran():
    """gdb attaches to a running board; a breakpoint in a loop that has already run
    millions of times is hit (the translated code is flushed); kill ends the board."""
    line = source_line("busy", "spins++")
    with tempfile.TemporaryDirectory() as d:
        board = Board(d, "--timeout", "60", app("busy"), app("polite"))
        try:
            time.sleep(0.5)   # busy spins meanwhile
            out = run_gdb(d, board, [
                f"break busy/main.c:{line}",
                "continue",
                "print spins",
                "continue",
                "print spins",
                "kill"])
            status, emu = board.finish()
        finally:
            board.kill()
    expect(re.search(r"Thread 1 hit Breakpoint 1, main \(\) at %s:%d" % (source_re("busy"), line),
                     out), "the breakpoint in busy's loop is hit", out)
    values = [int(v) for v in re.findall(r"^\$\d+ = (\d+)$", out, re.M)]
    expect(len(values) == 2 and values[0] > 1000 and values[1] == values[0] + 1,
           f"the loop ran before the breakpoint, then once per continue: {values}", out)
    expect("[Inferior 1 (Remote target) killed]" in out, "gdb kills the board", out)
    expect("[gdb] debugger killed the board" in emu and status == 1,
           f"the board ends (status {status})", emu)


def gdb_watchpoint_four_apps():
    """With four apps on the board, gdb (at its default 2 s remote timeout) sets a
    watchpoint: the server answers at once (a watchpoint used to flush the engine's whole
    translation cache, for seconds), the protocol stays in step and the watchpoint
    triggers in the upcall that writes the variable."""
    with tempfile.TemporaryDirectory() as d:
        board = Board(d, "--gdb-wait", "--timeout", "60", "--press", "0@300+50",
                      app("busy"), app("polite"), app("blink"), app("buttons"))
        try:
            out = run_gdb(d, board, [
                "set remotetimeout 2",
                "break buttons/main.c:main",
                "continue",
                "watch event_pending",
                "continue",
                "print event_button",
                "kill"])
            status, emu = board.finish()
        finally:
            board.kill()
    expect("Ignoring packet error" not in out and "Remote connection closed" not in out,
           "every reply comes within gdb's remote timeout", out)
    expect(re.search(r"Hardware watchpoint 2: event_pending\s+Old value = false\s+"
                     r"New value = true\s+button_upcall \(", out),
           "the watchpoint triggers in button_upcall", out)
    expect(re.search(r"^\$1 = 0$", out, re.M), "the upcall was for button 0", out)
    expect("[Inferior 1 (Remote target) killed]" in out, "gdb kills the board", out)
    expect(status == 1 and "busy: spinning forever" in emu, f"the board ran (status {status})", emu)


def gdb_fault_stop():
    """A fault stops in gdb at the faulting store with SIGSEGV; continuing lets the kernel
    report it and the board end."""
    with tempfile.TemporaryDirectory() as d:
        board = Board(d, "--gdb-wait", app("fault"))
        try:
            out = run_gdb(d, board, ["continue", "x/i $pc", "print $pc", "continue"])
            status, emu = board.finish()
        finally:
            board.kill()
    expect(re.search(r"Program received signal SIGSEGV.*\n0x[0-9a-f]+ in main \(\) at %s:\d+"
                     % source_re("fault"), out), "SIGSEGV in main", out)
    pc = re.search(r"=> (0x[0-9a-f]+) <main\+\d+>:\s+str\s", out)
    expect(pc, "gdb stops at the store instruction", out)
    report = re.search(r"Faulting instruction: (0x[0-9a-f]+)", emu)
    expect(report and int(report.group(1), 16) == int(pc.group(1), 16),
           "the kernel's report names the same instruction", out + emu)
    expect("[Inferior 1 (Remote target) exited with code 01]" in out, "then the board ends", out)
    expect(status == 1, f"board status {status}", emu)


def fault_exact_pc():
    """The fault report names the store that faulted (objdump's address moved to where the
    board loaded the app), not the start of its translation block; the PC register too."""
    elf = os.path.join(APPS, "fault.elf")
    store = store_in_main(elf)
    proc = subprocess.run([TOCKEMU, app("fault")], stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    out = proc.stdout.decode("utf-8", "replace")
    binary = re.search(r"0x([0-9a-f]{8}) \S+ binary start", out)
    expect(binary, "the report shows the binary start", out)
    want = store - elf_flash_base(elf) + int(binary.group(1), 16)
    got = re.search(r"Faulting instruction: 0x([0-9a-f]{8})", out)
    expect(got and int(got.group(1), 16) == want,
           f"faulting instruction 0x{want:08x} (store at 0x{store:08x} in the ELF)", out)
    expect(re.search(r"^  PC : 0x%08x\b" % want, out, re.M), "the PC register is there too", out)


# ---- the remote protocol, spoken directly ----------------------------------------------

class Remote:
    """A minimal gdb remote protocol client."""

    def __init__(self, port):
        deadline = time.time() + 10
        while True:
            try:
                self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
                self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.05)
        self.buf = b""

    def send(self, body):
        data = body.encode()
        self.sock.sendall(b"$%s#%02x" % (data, sum(data) & 0xff))

    def reply(self):
        """The next packet (acknowledged); '+' acks are skipped."""
        while True:
            m = re.search(rb"\$([^#]*)#([0-9a-f]{2})", self.buf)
            if m:
                self.buf = self.buf[m.end():]
                body = m.group(1)
                expect(sum(body) & 0xff == int(m.group(2), 16), f"checksum of {body!r}")
                self.sock.sendall(b"+")
                return body.decode()
            chunk = self.sock.recv(4096)
            expect(chunk, "connection open")
            self.buf += chunk

    def ask(self, body):
        self.send(body)
        return self.reply()

    def ack(self):
        """The next byte, which must be an acknowledgement: '+' or '-'."""
        while not self.buf:
            chunk = self.sock.recv(4096)
            expect(chunk, "connection open")
            self.buf += chunk
        first, self.buf = self.buf[:1].decode("latin-1"), self.buf[1:]
        expect(first in "+-", f"an acknowledgement, not {first!r}")
        return first

    def send_raw(self, data):
        """Bytes as they are, then the server's acknowledgement."""
        self.sock.sendall(data)
        return self.ack()


def regs(hexdata):
    return [int.from_bytes(bytes.fromhex(hexdata[i:i + 8]), "little")
            for i in range(0, len(hexdata), 8)]


def gdb_protocol():
    """The server's packets without gdb: stop reply, features, threads, registers, memory
    limited to the selected process, a single step, Ctrl-C while running, kill."""
    with tempfile.TemporaryDirectory() as d:
        board = Board(d, "--timeout", "60", app("busy"), app("polite"))
        try:
            r = Remote(board.port)
            expect(re.fullmatch(r"T05thread:[12];", r.ask("?")), "attaching stops the board")
            expect("qXfer:features:read+" in r.ask("qSupported:xmlRegisters=arm"), "features")
            xml = r.ask("qXfer:features:read:target.xml:0,ffff")
            expect(xml.startswith("l") and "org.gnu.gdb.arm.m-profile" in xml, "M-profile target", xml)
            expect(r.ask("qfThreadInfo") == "m1,2" and r.ask("qsThreadInfo") == "l", "two threads")
            info = bytes.fromhex(r.ask("qThreadExtraInfo,2")).decode()
            expect(info.startswith("polite, id 2"), f"thread 2 is polite: {info}")
            expect(r.ask("Hg1") == "OK", "select busy")
            g = regs(r.ask("g"))
            expect(len(g) == 17 and g[16] & 0x01000000, f"17 registers, Thumb bit in xpsr: {g}")
            expect(regs(r.ask("pf"))[0] == g[15] and regs(r.ask("p19"))[0] == g[16],
                   "p reads pc (15) and xpsr (0x19)")
            code = r.ask("m%x,4" % g[15])
            expect(re.fullmatch(r"[0-9a-f]{8}", code), f"busy's code is readable: {code}")
            expect(r.ask("md0000000,4") == "E01", "unmapped memory is an error")
            r.ask("Hg2")
            polite_sp = regs(r.ask("g"))[13]
            r.ask("Hg1")
            expect(r.ask("m%x,4" % polite_sp) == "E01", "polite's stack is not busy's memory")
            below_sp = g[13] - 4
            expect(r.ask("M%x,4:11223344" % below_sp) == "OK" and
                   r.ask("m%x,4" % below_sp) == "11223344", "busy's stack is writable")
            top = g[13] & ~0x3ff   # the top of busy's RAM block holds the kernel's grants
            while r.ask("m%x,4" % (top + 0x400)) != "E01":
                top += 0x400
            grant_word = top + 0x3fc
            expect(re.fullmatch(r"[0-9a-f]{8}", r.ask("m%x,4" % grant_word)), "grants are readable")
            expect(r.ask("M%x,4:41414141" % grant_word) == "E01", "grants are not writable")
            start = time.monotonic()
            expect(r.ask("Z2,%x,4" % polite_sp) == "OK" and r.ask("z2,%x,4" % polite_sp) == "OK",
                   "a watchpoint on polite's stack is set and removed")
            took = time.monotonic() - start
            expect(took < 1.0, f"setting and removing a watchpoint answers at once: {took:.3f} s")
            expect(r.ask("Hc1") == "OK", "step busy")
            stop = r.ask("s")
            expect(re.fullmatch(r"T05thread:1;", stop), f"a step stops busy: {stop}")
            after = regs(r.ask("g"))
            expect(after[15] != g[15], "the step moved the pc")
            r.send("c")
            time.sleep(0.3)
            r.sock.sendall(b"\x03")
            expect(re.fullmatch(r"T02thread:[12];", r.reply()), "Ctrl-C stops the board")
            r.send("k")
            status, emu = board.finish()
        finally:
            board.kill()
    expect("[gdb] debugger killed the board" in emu and "busy: spinning forever" in emu,
           "the board ran, then ended on k", emu)


def framed(body):
    return b"$%s#%02x" % (body, sum(body) & 0xff)


# Packets with bad arguments: each is acknowledged and answered E01, and changes nothing.
MALFORMED = [
    "m", "mzz,4", "m20000000", "m20000000,", "m20000000,4x", "m123456789,4", "mffffffff,10",
    "M20000000,4:zz00zz00", "M20000000,4:0011", "M20000000,2:001122", "Mfffffffe,4:00112233",
    "M20000000,ffffff:00", "G0011", "G" + "0" * 135 + "g", "G" + "0" * 144, "p", "p10", "p0x",
    "P0=1122", "P0=112233445566", "Pf=zz112233", "P99=00000000", "H", "Hx1", "Hg", "Hg41",
    "Hg-2", "Hgffffffff", "T", "T0", "T-1", "Tzz", "Z", "Z9,0,4", "Z0", "Z0,,2", "Z0,80000000,1",
    "Z0,80000000,8", "Z2,20000000,0", "Z2,ffffffff,10", "Z2,20000000,4;X1,0", "z2,fffffffc,8",
    "czz", "c0,1", "sg", "C", "Cxx", "C05;", "C123", "S05;1;2", "vCont", "vCont;", "vCont;x",
    "vCont;c:zz", "vCont;s:1x", "vCont;C", "vCont;c;", "qThreadExtraInfo,zz",
    "qThreadExtraInfo,-1", "qXfer:features:read:target.xml:zz", "qXfer:features:read:target.xml:0",
    "qXfer:features:read:target.xml:ffffffff,2", "?x", "gx", "kx", "D;", "D;zz", "vKill;",
]


def gdb_malformed_packets():
    """A debugger that sends garbage: checksums that are not hex ($?#zz), wrong checksums,
    NUL bytes, packets cut short or longer than any packet, and commands whose numbers,
    hex or lengths are wrong or wrap past 4 GiB. Each is refused ('-') or answered (E01,
    or empty for an unknown command); the server keeps working and the board runs on."""
    with tempfile.TemporaryDirectory() as d:
        board = Board(d, "--timeout", "60", app("busy"), app("polite"))
        try:
            r = Remote(board.port)
            for junk in (b"$?#zz", b"$?#z0", b"$?#0z", b"$?#00", b"$m\x000,4#%02x" % (ord("m") + 0x60),
                         b"$" + b"m" * 5000 + b"#%02x" % (ord("m") * 5000 & 0xff)):
                expect(r.send_raw(junk) == "-", f"{junk[:12]!r}... is refused")
            expect(r.send_raw(b"$m0,4" + framed(b"?")) == "+", "a packet cut short by '$' is skipped")
            expect(re.fullmatch(r"T05thread:[12];", r.reply()), "the next packet is answered")
            expect(r.ask("Hg1") == "OK", "select busy")
            before = r.ask("g")
            for body in MALFORMED:
                expect(r.ask(body) == "E01", f"{body[:40]!r} is answered E01")
            for body in ("", "X20000000,0:", "Qjunk", "vJunk", "qJunk", "qXfer:features:read:x:0,1",
                         "\x7f\x80\xff"):
                expect(r.ask(body) == "", f"unknown command {body!r} gets an empty reply")
            expect(r.ask("g") == before, "no malformed packet changed a register")
            expect(r.ask("qfThreadInfo") == "m1,2", "the server still answers")
            r.send("k")
            status, emu = board.finish()
        finally:
            board.kill()
    expect("runtime error" not in emu and "Sanitizer" not in emu, "no undefined behaviour", emu)
    expect("[gdb] debugger killed the board" in emu, "the board ran, then ended on k", emu)


SCENARIOS = {
    "gdb-session": (gdb_session, "gdb"),
    "gdb-breakpoint-in-code-that-ran": (gdb_breakpoint_in_code_that_ran, "gdb"),
    "gdb-fault-stop": (gdb_fault_stop, "gdb"),
    "gdb-watchpoint-four-apps": (gdb_watchpoint_four_apps, "gdb"),
    "gdb-protocol": (gdb_protocol, ""),
    "gdb-malformed-packets": (gdb_malformed_packets, ""),
    "fault-exact-pc": (fault_exact_pc, "objdump"),
}


def main():
    global TOCKEMU, APPS
    if len(sys.argv) >= 2 and sys.argv[1] == "--list":
        print("\n".join(f"{name}:{tool}" for name, (_, tool) in SCENARIOS.items()))
        return 0
    if len(sys.argv) != 4 or sys.argv[3] not in SCENARIOS:
        print(__doc__, file=sys.stderr)
        return 2
    TOCKEMU, APPS, name = sys.argv[1], sys.argv[2], sys.argv[3]
    try:
        SCENARIOS[name][0]()
    except Skip as e:
        print(f"SKIP {name}: {e}")
        return SKIP
    except Failure as e:
        print(f"FAIL {name}: {e}")
        return 1
    print(f"ok {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

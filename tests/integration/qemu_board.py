#!/usr/bin/env python3
"""The same kernel on a Cortex-M board: apps run on QEMU's MPS2 AN386 (qemu-system-arm) with
the board kernel (boards/mps2-an386) and their console output is compared with the
emulator's (tockemu --no-prefix -q) for the same TBFs. Exit status 77 (skipped) when
qemu-system-arm is not installed.

Usage: qemu_board.py --tockemu T --tabimage T --kernel ELF --apps DIR --tools DIR SCENARIO
       qemu_board.py --list

What may differ between the two, and is masked before comparing:
  - the board's own "[board] ..." lines (boot banner, summary with real-time timing);
  - symbol names the emulator adds to code addresses ("<main+0x12>"): the board has none;
  - the fault report's "Detail:" line, which names the backend's own evidence (Unicorn's
    error vs. the Cortex-M fault status registers);
  - the faulting PC: an emulator without precise-PC recovery reports the start of Unicorn's
    translation block; the board's is the stacked PC, checked to be the load or store.
"""

import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

ARGS = None
APP_FLASH = 0x40000          # the board's app region (boards/mps2-an386/kernel.ld)
BOARD_LEDS = 2               # the FPGA IO block's user LEDs
QEMU_TIMEOUT = 60


class Failure(Exception):
    pass


def expect(cond, what, out=""):
    if not cond:
        raise Failure(what + ("\n--- output ---\n" + out if out else ""))


def tbf(name):
    return os.path.join(ARGS.apps, name + ".tbf")


def have(*names):
    return all(os.path.exists(tbf(n)) for n in names)


def run(argv, timeout=QEMU_TIMEOUT + 10, stdin_text=""):
    proc = subprocess.run(argv, input=stdin_text.encode(), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=timeout)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def build_image(files, extra=()):
    """Flash image with the kernel and these TBF/TAB files; returns (status, path, message)."""
    fd, path = tempfile.mkstemp(suffix=".bin")
    os.close(fd)
    status, out, err = run([ARGS.tabimage, "-q", "-o", path, "--kernel", ARGS.kernel, *extra, *files])
    return status, path, out + err


def board(*apps, stdin_text="", timeout=QEMU_TIMEOUT, files=()):
    """Run apps on the QEMU board through tools/flash.sh; returns (status, output)."""
    status, image, msg = build_image([tbf(a) for a in apps] + list(files))
    try:
        expect(status == 0, f"tabimage failed ({status})", msg)
        status, out, err = run(["sh", os.path.join(ARGS.tools, "flash.sh"), "--timeout", str(timeout),
                                image], timeout=timeout + 15, stdin_text=stdin_text)
        expect("qemu-system-arm:" not in err or status == 124, "qemu reported an error", err)
        return status, out
    finally:
        os.unlink(image)


def emulator(*apps, stdin_text="", settings=()):
    """settings: extra tockemu --set KEY=VALUE to match what the board has built in."""
    sets = [a for kv in settings for a in ("--set", kv)]
    status, out, _ = run([ARGS.tockemu, "--no-prefix", "-q", "--set", f"leds={BOARD_LEDS}", *sets,
                          *[tbf(a) for a in apps]], stdin_text=stdin_text)
    return status, out


MASKS = [(re.compile(p), label) for p, label in (
    (r"^\s*Detail:", "  Detail: (masked)"),
    (r"^\s*Faulting instruction:", "  Faulting instruction: (masked)"),
    (r"^\s*PC :", "  PC : (masked)"),
)]


def normalise(out):
    lines = []
    for line in out.splitlines():
        if line.startswith("[board]"):
            continue
        line = re.sub(r" <[^>]*\+0x[0-9a-f]+>", "", line)
        for pattern, label in MASKS:
            if pattern.match(line):
                line = label
        lines.append(line)
    return lines


def compare(app_list, board_out, emu_out, ordered=True):
    b, e = normalise(board_out), normalise(emu_out)
    if not ordered:
        # Several apps: the board runs in real time, the emulator in virtual time, so lines
        # interleave differently; and the board aligns RAM blocks for the MPU, so the
        # addresses in fault reports differ. Compare the apps' lines and the fault causes.
        keep = lambda l: l and not l.startswith(" ") or re.match(r"\s*(Cause|Fault type|Policy):", l)
        b, e = sorted(filter(keep, b)), sorted(filter(keep, e))
    if b != e:
        import difflib
        diff = "\n".join(difflib.unified_diff(e, b, "emulator", "board", lineterm=""))
        raise Failure(f"{' '.join(app_list)}: board output differs from the emulator's\n{diff}")


def same_as_emulator(*apps, stdin_text="", ordered=True, settings=()):
    bs, bout = board(*apps, stdin_text=stdin_text)
    es, eout = emulator(*apps, stdin_text=stdin_text, settings=settings)
    compare(apps, bout, eout, ordered)
    expect(bs == es, f"board exit status {bs}, emulator {es}", bout)
    return bout


def is_load_store(h1, h2):
    """Thumb loads and stores (the instruction a data fault must point at)."""
    if h1 >> 11 in (0x1D, 0x1E, 0x1F):
        return (h1 & 0xFE00) in (0xE800, 0xF800) or (h1 & 0xEE00) == 0xEC00
    return (h1 & 0xF000) in (0x5000, 0x6000, 0x7000, 0x8000, 0x9000, 0xC000) or \
        (h1 & 0xF600) == 0xB400


def check_precise_pc(app, out):
    """The board's faulting instruction is the load or store itself (one app at APP_FLASH)."""
    m = re.search(r"Faulting instruction: 0x([0-9a-f]+)", out)
    expect(m, "faulting instruction reported", out)
    pc = int(m.group(1), 16)
    expect(f"PC : 0x{pc:08x}" in out, "PC line agrees with the faulting instruction", out)
    data = open(tbf(app), "rb").read()
    off = pc - APP_FLASH
    expect(0 <= off < len(data) - 4, f"PC 0x{pc:x} inside {app}'s flash", out)
    h1, h2 = struct.unpack_from("<HH", data, off)
    expect(is_load_store(h1, h2), f"PC 0x{pc:x} is a load/store (found 0x{h1:04x})", out)


# ---- scenarios -----------------------------------------------------------------------

def hello():
    out = same_as_emulator("hello")
    expect("Hello, World!" in out, "hello printed", out)
    expect(re.search(r"\[board\] mps2-an386: 1 app loaded, MPU with 8 regions", out), "boot line", out)


def blink():
    out = same_as_emulator("blink")
    expect("blink: done" in out.splitlines(), "blink ends", out)


def fault():
    out = same_as_emulator("fault")
    expect("---| App fault: fault (id 1) |---" in out, "fault report", out)
    expect("Cause: invalid data write at address 0xdead0000" in out, "cause: the MPU caught the write", out)
    expect("Detail: MemManage: MPU data access violation (write)" in out, "MemManage decoded", out)
    check_precise_pc("fault", out)


def fault_kinds():
    """Read, execute, undefined instruction and stack overflow: the same cause lines."""
    kinds = [k for k in ("fault_read", "fault_exec", "fault_undef", "fault_stack") if have(k)]
    if not kinds:
        print("no fault_kinds apps in this build")
        return
    for app in kinds:
        bs, bout = board(app)
        es, eout = emulator(app)
        expect(bs == es == 1, f"{app}: exit status board {bs}, emulator {es}", bout)
        pick = lambda o: [l for l in o.splitlines() if re.match(r"\s*(Cause|Fault type):", l)
                          or not l.startswith((" ", "[", "-")) and l]
        expect(pick(bout) == pick(eout), f"{app}: cause lines differ", bout + "\n=====\n" + eout)
        if app == "fault_read":
            check_precise_pc(app, bout)


def make_tbf(path, name, halfwords, words=(), min_ram=1024):
    """A minimal hand-assembled app: a TBF with Program and Package Name TLVs whose code
    (Thumb halfwords, then 32-bit literals) starts right after the header. The kernel
    enters it with r0 = binary start, r1 = RAM start, r2 = RAM size, r3 = app break."""
    code = struct.pack(f"<{len(halfwords)}H", *halfwords) + struct.pack(f"<{len(words)}I", *words)
    name_b = name.encode()
    tlv_name = struct.pack("<HH", 3, len(name_b)) + name_b + bytes(-len(name_b) % 4)
    header_size = 16 + 24 + len(tlv_name)
    tlv_prog = struct.pack("<HHIIIII", 9, 20, 1, 0, min_ram, header_size + len(code), 0)
    data = bytearray(struct.pack("<HHIII", 2, header_size, 512, 1, 0) + tlv_prog + tlv_name + code)
    data += bytes(512 - len(data))
    words32 = struct.unpack_from(f"<{header_size // 4}I", data)
    check = 0
    for i, w in enumerate(words32):
        check ^= w if i != 3 else 0
    struct.pack_into("<I", data, 12, check)
    open(path, "wb").write(data)
    return path


def read_probe(address):
    # ldr r0, [pc, #4]; ldr r0, [r0]; b .; nop; .word address
    return [0x4801, 0x6800, 0xE7FE, 0xBF00], [address]


def mpu_probes():
    """Hand-made apps poke at memory the MPU must close: both backends fault the same way."""
    probes = {
        # r2 = 1020: reading the last word below the 1 KiB the app break opens is fine,
        # the next word (RAM start + 0x400) is closed
        "edge": ([0x22FF, 0x0092, 0x5888, 0x3204, 0x5888, 0xE7FE], [],
                 "invalid data read at address 0x20000400"),
        "flash_write": ([0x6000, 0xE7FE], [], "invalid data write at address 0x00040038"),
        "kernel_flash": (*read_probe(0x00000000), "invalid data read at address 0x00000000"),
        "kernel_ram": (*read_probe(0x21000000), "invalid data read at address 0x21000000"),
        "uart": (*read_probe(0x40004000), "invalid data read at address 0x40004000"),
        "scb": (*read_probe(0xE000ED00), "invalid data read at address 0xe000ed00"),
    }
    with tempfile.TemporaryDirectory() as d:
        for name, (code, lits, cause) in probes.items():
            path = make_tbf(os.path.join(d, name + ".tbf"), name, code, lits)
            bs, bout = board(files=[path], timeout=20)
            es, eout, _ = run([ARGS.tockemu, "--no-prefix", "-q", path])
            bcause = re.findall(r"Cause: .*", bout)
            expect(bs == 1 and bcause == ["Cause: " + cause], f"{name}: board: {cause}", bout)
            expect(es == 1 and re.findall(r"Cause: .*", eout) == bcause,
                   f"{name}: the emulator faults the same way", eout)
            expect(f"App fault: {name} (id 1)" in bout, f"{name}: report header", bout)


def c_features():
    """The SDK's C library checks: the same results and checksum as on the emulator."""
    out = same_as_emulator("c_features")
    expect(re.search(r"c_features: (\d+)/\1 checks passed", out), "every check passes", out)


def crypto():
    """The crypto app: the board computes CRC in software and has no SHA, HMAC or AES; the
    same lines as the emulator with only those drivers."""
    out = same_as_emulator("crypto", settings=("capsules=console,alarm,crc",))
    expect("crypto: sha absent, hmac absent, aes absent, crc present" in out, "CRC only", out)
    expect("crypto: 6 checks, 6 passed" in out, "every CRC check passes", out)


def several():
    """Five apps at once: the same lines (in another order: the board runs in real time).
    Only apps with short lines: a line longer than the SDK's 128-byte stdio buffer is
    written in pieces, and another app may print between them."""
    apps = ("hello", "fault", "polite", "bad_pointers", "blink")
    same_as_emulator(*apps, ordered=False)


def preemption():
    """busy never makes a system call; SysTick preempts it and polite still finishes."""
    status, out = board("busy", "polite", timeout=8)
    expect(status == 124, f"busy keeps the board running until the timeout (status {status})", out)
    lines = out.splitlines()
    expect("busy: spinning forever" in lines and "polite: done" in lines, "polite completes", out)


def bad_pointers():
    """Two apps: their lines may interleave differently (the board's slices are real time)."""
    same_as_emulator("bad_pointers", "hello", ordered=False)


def console_input():
    out = same_as_emulator("echo", stdin_text="hello\nworld\nquit\n")
    expect("echo: WORLD" in out, "input reached the app through the UART", out)


# The board's built-in IPC registration policy (boards/mps2-an386/main.c: ipc_binds).
BOARD_IPC_BINDS = ("ipc-bind=keystore:keystore",)


def keystore():
    """The IPC capsules on the board: the keystore registers "keystore", keyclient finds it in
    the registry, checks through identity that the keystore application holds it, stores and
    reads back its key (relay request/message); the imposter cannot take the name (the board's
    policy) nor read keyclient's key. Same lines as the emulator with the same ipc-bind, in
    both start orders: with the imposter first, only the policy keeps the name from it."""
    if not have("keystore", "keyclient", "imposter"):
        print("no keystore apps in this build")
        return
    for apps in (("keystore", "keyclient", "imposter"), ("imposter", "keystore", "keyclient")):
        out = same_as_emulator(*apps, ordered=False, settings=BOARD_IPC_BINDS)
        lines = out.splitlines()
        expect(re.search(r"\[board\] mps2-an386: 3 apps loaded", out), "three apps loaded", out)
        for want in ('keystore: registered "keystore"',
                     'keyclient: "keystore" verified as application keystore',
                     'imposter: register "keystore": FAIL',
                     "keyclient: key read back: s3cr3t-k3y-0042 (match)",
                     "imposter: keyclient's key: refused"):
            expect(want in lines, f"{' '.join(apps)}: {want}", out)
        expect(lines.index('keystore: registered "keystore"') <
               lines.index('keyclient: "keystore" verified as application keystore'),
               "the client finds the service after it registered", out)


def patched_tbf(app, path, min_ram=None, total_size=None):
    """A copy of app's TBF with a new minimum_ram_size or a larger total_size (zero padded),
    its header checksum recomputed."""
    data = bytearray(open(tbf(app), "rb").read())
    header_size = struct.unpack_from("<H", data, 2)[0]
    if min_ram is not None:
        pos = 16
        while pos < header_size:   # the Main and Program TLVs both carry it
            t, n = struct.unpack_from("<HH", data, pos)
            if t in (1, 9):
                struct.pack_into("<I", data, pos + 4 + 8, min_ram)
            pos += 4 + (n + 3) // 4 * 4
    if total_size is not None:
        data += bytes(total_size - len(data))
        struct.pack_into("<I", data, 4, total_size)
    words = struct.unpack_from(f"<{header_size // 4}I", data)
    check = 0
    for i, w in enumerate(words):
        check ^= w if i != 3 else 0
    struct.pack_into("<I", data, 12, check)
    open(path, "wb").write(data)
    return path


def hostile():
    """Tens of thousands of random system calls next to a well-behaved app (if built)."""
    if not have("hostile"):
        print("no hostile app in this build")
        return
    status, out = board("hostile", "polite")
    lines = out.splitlines()
    expect(status == 0, f"both apps exit 0 (status {status})", out)
    expect(any(re.search(r"hostile: .* 0 bad answers", l) for l in lines), "no bad answer", out)
    expect("polite: done" in lines, "polite unaffected", out)


def image_checks():
    """tabimage refuses what cannot run, naming the app and the numbers."""
    with tempfile.TemporaryDirectory() as d:
        big = patched_tbf("hello", os.path.join(d, "big.tbf"), min_ram=8 << 20)
        status, _, msg = build_image([tbf("hello"), big])
        expect(status == 1, f"an app needing 8 MiB of RAM is refused (status {status})", msg)
        expect(re.search(r"hello \(.*big\.tbf\): the board's RAM is full: needs 8390656 bytes of RAM "
                         r"\(minimum_ram_size 8388608 \+ 2048 for grants", msg), "RAM message with numbers", msg)
        huge = patched_tbf("hello", os.path.join(d, "huge.tbf"), total_size=2 << 20)
        status, _, msg = build_image([huge, huge])
        expect(status == 1, f"two 2 MiB apps do not fit 3.75 MiB of app flash (status {status})", msg)
        expect(re.search(r"hello \(.*huge\.tbf\): needs 2097152 bytes of flash at 0x00400000 "
                         r"\(aligned to 2097152\), the board's app flash has 0 bytes left", msg),
               "flash message with numbers", msg)
        status, _, msg = build_image([tbf("hello")], extra=["--mpu-regions", "1"])
        expect(status == 1 and "needs more MPU regions than the core has" in msg and "hello" in msg,
               "an app the MPU cannot cover is refused", msg)
        # a 2 MiB app is placed at a multiple of its size, after a padding TBF, and runs
        status, out = board("polite", files=[huge])
        expect(status == 0 and "polite: done" in out.splitlines() and "Hello, World!" in out.splitlines(),
               "both apps of a padded image run", out)


def image_fields():
    """tabimage checks what a TBF or TAB says before placing it: a fixed flash address it
    cannot honour exactly is refused (not moved), and a TAB member whose size field is not
    octal is named."""
    from load_scenarios import craft_tbf, tab_with
    fd, path = tempfile.mkstemp(suffix=".bin")
    os.close(fd)
    status, out, err = run([ARGS.tabimage, "-o", path, "--kernel", ARGS.kernel, tbf("hello")])
    os.unlink(path)
    apps_start = int(re.search(r"apps from (0x[0-9a-f]+)", out).group(1), 16)
    with tempfile.TemporaryDirectory() as d:
        header_size = struct.unpack_from("<H", craft_tbf("here", fixed_flash=0), 2)[0]
        here = os.path.join(d, "here.tbf")
        open(here, "wb").write(craft_tbf("here", fixed_flash=apps_start + header_size, total=128))
        status, _, msg = build_image([here])
        expect(status == 0, f"an app linked for the first free flash address is placed ({status})", msg)
        gap = os.path.join(d, "gap.tbf")   # the same header size as "here"
        open(gap, "wb").write(craft_tbf("gap_", fixed_flash=apps_start + header_size + 4, total=128))
        status, _, msg = build_image([gap])
        expect(status == 1 and f"gap_ ({gap}): FixedAddresses fixed_flash 0x{apps_start + header_size + 4:08x} "
               f"leaves a 4-byte gap after 0x{apps_start:08x}, too small for a padding TBF" in msg,
               f"a fixed address 4 bytes after free flash is refused, not moved ({status})", msg)
        bad_tab = tab_with(d, "bad.tab", "cortex-m4.tbf", open(tbf("hello"), "rb").read(),
                           size_field=b"0000001000x\0")
        status, _, msg = build_image([bad_tab])
        expect(status == 2 and f"{bad_tab}: TAB member cortex-m4.tbf at offset 0: size field "
               "'0000001000x' is not an octal number" in msg, f"the TAB size field is named ({status})", msg)


def refused_app_status():
    """An app in flash the board refuses (its header checksum broken after the image was
    built) is reported and the board exits with 2, as tockemu does; the other app runs."""
    fd, image = tempfile.mkstemp(suffix=".bin")
    os.close(fd)
    try:
        status, out, err = run([ARGS.tabimage, "-o", image, "--kernel", ARGS.kernel, tbf("hello"),
                                tbf("polite")])
        expect(status == 0, f"tabimage failed ({status})", out + err)
        base = int(re.search(r"kernel (0x[0-9a-f]+)", out).group(1), 16)
        polite_at = int(re.search(r"polite +flash (0x[0-9a-f]+)", out).group(1), 16)
        data = bytearray(open(image, "rb").read())
        data[polite_at - base + 12] ^= 0xFF   # the checksum
        open(image, "wb").write(data)
        status, out, err = run(["sh", os.path.join(ARGS.tools, "flash.sh"), "--timeout",
                                str(QEMU_TIMEOUT), image], timeout=QEMU_TIMEOUT + 15)
    finally:
        os.unlink(image)
    expect(status == 2, f"board exit status {status}, expected 2", out + err)
    expect(re.search(r"bad TBF at flash offset 0x[0-9a-f]+: field base\.checksum", out),
           "the bad TBF is reported", out)
    expect("Hello, World!" in out.splitlines(), "hello still runs", out)


def tab():
    """A TAB from tools/tabwriter.py runs on both; the board takes its cortex-m4 TBF."""
    with tempfile.TemporaryDirectory() as d:
        tab_path = os.path.join(d, "hello.tab")
        status, out, err = run([sys.executable, os.path.join(ARGS.tools, "tabwriter.py"), "-o", tab_path,
                                "--deterministic", "--arch", "cortex-m4=" + tbf("hello"),
                                "--arch", "cortex-m0=" + tbf("c_features_m0")])
        expect(status == 0, "tabwriter succeeds", out + err)
        import tarfile
        with tarfile.open(tab_path) as t:
            names = t.getnames()
            meta = t.extractfile("metadata.toml").read().decode()
        expect(names == ["metadata.toml", "cortex-m4.tbf", "cortex-m0.tbf"], f"members {names}")
        expect('name = "hello"' in meta and 'minimum-tock-kernel-version = "2.2"' in meta and
               "tab-version = 1" in meta and "build-date = 1970-01-01T00:00:00Z" in meta, "metadata", meta)
        status, out = board(files=[tab_path])
        expect(status == 0 and "Hello, World!" in out.splitlines(), "the TAB runs on the board", out)
        status, out, _ = run([ARGS.tockemu, "--no-prefix", "-q", tab_path])
        expect(status == 0 and out == "Hello, World!\n", "the TAB runs on the emulator", out)


SCENARIOS = {f.__name__: f for f in (hello, blink, c_features, crypto, fault, fault_kinds, mpu_probes, several, preemption,
                                     bad_pointers, hostile, console_input, image_checks, image_fields, refused_app_status, tab, keystore)}


def main():
    global ARGS
    if sys.argv[1:] == ["--list"]:
        print("\n".join(SCENARIOS))
        return 0
    ap = argparse.ArgumentParser()
    for opt in ("--tockemu", "--tabimage", "--kernel", "--apps", "--tools"):
        ap.add_argument(opt, required=True)
    ap.add_argument("scenario", choices=SCENARIOS)
    ARGS = ap.parse_args()
    if not shutil.which("qemu-system-arm"):
        print("SKIP: qemu-system-arm is not installed (apt-get install qemu-system-arm)")
        return 77
    try:
        SCENARIOS[ARGS.scenario]()
    except Failure as e:
        print(f"FAIL {ARGS.scenario}: {e}")
        return 1
    print(f"ok {ARGS.scenario}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

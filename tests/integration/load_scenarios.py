#!/usr/bin/env python3
"""Loading scenarios: TBFs crafted to lie about addresses and sizes, apps the board has no
room for, memory settings that cannot be, and TAB archives with broken members. Every
refusal names the file, the field or setting and its value, and the board exits with 2
(bad input) even when other apps ran. Usage: load_scenarios.py TOCKEMU APPS_DIR SCENARIO
[--list]."""

import io
import os
import re
import struct
import tarfile
import tempfile

import run_scenario
from run_scenario import app_lines, expect, expect_status, run

NONE = 0xFFFFFFFF
# movs r0, #0; movs r1, #0; svc 6: the Exit system call (exit-terminate, code 0)
EXIT_CODE = bytes([0x00, 0x20, 0x00, 0x21, 0x06, 0xDF, 0x00, 0xBF])


def tlv(kind, data):
    return struct.pack("<HH", kind, len(data)) + data + bytes(-len(data) % 4)


def craft_tbf(name, min_ram=1024, fixed_ram=None, fixed_flash=None, flags=1, total=None):
    """An app that exits 0 at once, with a Program TLV, a package name and, when asked, a
    FixedAddresses TLV (an address left None is 0xFFFFFFFF: not fixed); zero padded to
    total bytes when given."""
    def build(header_size):
        body = tlv(9, struct.pack("<5I", 1, 0, min_ram, header_size + len(EXIT_CODE), 0))
        body += tlv(3, name.encode())
        if fixed_ram is not None or fixed_flash is not None:
            body += tlv(5, struct.pack("<2I", NONE if fixed_ram is None else fixed_ram,
                                        NONE if fixed_flash is None else fixed_flash))
        return body
    header_size = 16 + len(build(0))
    binary_end = header_size + len(EXIT_CODE)
    total = total or binary_end
    head = bytearray(struct.pack("<HHIII", 2, header_size, total, flags, 0) + build(header_size))
    check = 0
    for i, (w,) in enumerate(struct.iter_unpack("<I", head)):
        check ^= w if i != 3 else 0
    struct.pack_into("<I", head, 12, check)
    return bytes(head) + EXIT_CODE + bytes(total - binary_end)


def write(d, filename, data):
    path = os.path.join(d, filename)
    with open(path, "wb") as f:
        f.write(data)
    return path


def refused(out, path, pattern):
    """The [board] line refusing the app of file path, matching pattern."""
    line = re.escape(f"({path}): refused: ") + pattern
    return re.search(line, out) is not None


def fixed_ram_past_ram():
    """A FixedAddresses RAM start past the board's RAM: refused, not a write far outside it."""
    with tempfile.TemporaryDirectory() as d:
        bad = write(d, "past_ram.tbf", craft_tbf("past", fixed_ram=0x30000000))
        status, out = run(bad, "hello")
    expect_status(status, 2, out)
    expect(refused(out, bad, r"FixedAddresses fixed_ram 0x30000000 lies outside the board's RAM "
                             r"0x20000000-0x203fffff"), "refusal names file, field and value", out)
    expect(app_lines(out, "hello") == ["Hello, World!"], "hello still runs", out)


def fixed_ram_below_and_misaligned():
    with tempfile.TemporaryDirectory() as d:
        below = write(d, "below.tbf", craft_tbf("below", fixed_ram=0x1FFFFC00))
        odd = write(d, "odd.tbf", craft_tbf("odd", fixed_ram=0x20100004))
        top = write(d, "top.tbf", craft_tbf("top", min_ram=8192, fixed_ram=0x203FFC00))
        status, out = run(below, odd, top, "hello")
    expect_status(status, 2, out)
    expect(refused(out, below, r"FixedAddresses fixed_ram 0x1ffffc00 lies outside"), "below RAM", out)
    expect(refused(out, odd, r"FixedAddresses fixed_ram 0x20100004 is not 1 KiB aligned"),
           "misaligned", out)
    expect(refused(out, top, r"FixedAddresses fixed_ram 0x203ffc00: a 10240-byte block there "
                             r"runs past the end of the board's RAM 0x203fffff"), "block past the end", out)


def fixed_ram_taken():
    """Two apps linked for the same RAM: the second is refused."""
    with tempfile.TemporaryDirectory() as d:
        a = write(d, "a.tbf", craft_tbf("first", fixed_ram=0x20010000))
        b = write(d, "b.tbf", craft_tbf("second", fixed_ram=0x20010000))
        status, out = run(a, b)
    expect_status(status, 2, out)
    expect(re.search(r"first +id \d+ +exited 0", out), "the first app runs at its fixed RAM", out)
    expect(refused(out, b, r"FixedAddresses fixed_ram 0x20010000 is taken: the board's RAM is in "
                           r"use up to 0x20010c00"), "the second is refused", out)


def fixed_ram_inside():
    """A fixed RAM address the board has free: the app runs there."""
    with tempfile.TemporaryDirectory() as d:
        ok = write(d, "ok.tbf", craft_tbf("fixed", fixed_ram=0x20100000))
        status, out = run(ok)
    expect_status(status, 0, out)
    expect(re.search(r"fixed +id 1 +exited 0", out), "the app ran and exited 0", out)


def fixed_flash_outside_flash():
    with tempfile.TemporaryDirectory() as d:
        bad = write(d, "far.tbf", craft_tbf("far", fixed_flash=0x90000000))
        moved = write(d, "moved.tbf", craft_tbf("moved", fixed_flash=0x00041000))
        status, out = run(bad, moved, "hello")
    expect_status(status, 2, out)
    expect(refused(out, bad, r"FixedAddresses fixed_flash 0x90000000 lies outside the board's "
                             r"flash 0x00040000-0x0043ffff"), "flash outside the board", out)
    expect(refused(out, moved, r"FixedAddresses fixed_flash 0x00041000: linked for that flash "
                               r"address but placed at 0x000400"), "flash elsewhere", out)
    expect(app_lines(out, "hello") == ["Hello, World!"], "hello still runs", out)


def huge_minimum_ram():
    """minimum_ram_size near 4 GiB must not wrap into a small block."""
    with tempfile.TemporaryDirectory() as d:
        bad = write(d, "huge.tbf", craft_tbf("huge", min_ram=0xFFFFFC00))
        status, out = run(bad, "hello")
    expect_status(status, 2, out)
    expect(refused(out, bad, r"minimum_ram_size 4294966272 needs a 4294968320-byte RAM block "
                             r"\(grant-reserve 2048 included\), more than the board's RAM "
                             r"\(4194304 bytes\)"), "the field and its value", out)


def ram_full():
    """The second hello does not fit 8 KiB of RAM: refusing it is a failure (status 2)."""
    hello = os.path.join(run_scenario.APPS, "hello.tbf")
    status, out = run("--set", "ram-size=8K", "hello", hello)
    expect_status(status, 2, out)
    expect(refused(out, hello, r"minimum_ram_size 4304 needs a 7168-byte RAM block, the board has "
                               r"1024 bytes of RAM left"), "the numbers", out)
    expect(app_lines(out, "hello") == ["Hello, World!"], "the first hello runs", out)


def process_table_full():
    """One app more than the process table holds: the last is refused (status 2)."""
    with tempfile.TemporaryDirectory() as d:
        apps = [write(d, f"app{i}.tbf", craft_tbf(f"app{i}")) for i in range(65)]
        status, out = run("-q", *apps, timeout=120)
    expect_status(status, 2, out)
    expect(refused(out, apps[64], r"the process table is full"), "the 65th app is refused", out)


def disabled_tbf_skipped():
    """A TBF with the enabled flag clear is installed, not run, as on Tock: not an error."""
    with tempfile.TemporaryDirectory() as d:
        off = write(d, "off.tbf", craft_tbf("off", flags=0))
        status, out = run(off, "hello")
    expect_status(status, 0, out)
    expect(f"off ({off}): skipped: the TBF is not enabled" in out, "skipped with a reason", out)


def bad_memory_settings():
    """Board memory that wraps past 4 GiB, reaches the system region or overlaps."""
    cases = [
        ("ram-base=0xFFC00000", "setting 'ram-base': RAM 0xffc00000 + ram-size 0x400000 ends at "
                                "0x100000000"),
        ("flash-base=0xFFF00000", "setting 'flash-base': flash 0xfff00000 + flash-size 0x400000 "
                                  "ends at 0x100300000"),
        ("ram-base=0xE0000000", "setting 'ram-base': RAM 0xe0000000 + ram-size 0x400000 ends at "
                                "0xe0400000, beyond 0xe0000000"),
        ("ram-base=0x00240000", "setting 'ram-base': RAM 0x00240000-0x0063ffff overlaps flash "
                                "0x00040000-0x0043ffff"),
        ("flash-size=0", "setting 'flash-size': the board needs some flash"),
        ("grant-reserve=4194303K", "setting 'grant-reserve': 4294966272 bytes is more than "
                                   "ram-size (4194304)"),
    ]
    for setting, message in cases:
        status, out = run("--set", setting, "hello")
        expect_status(status, 2, out)
        expect(message in out, f"{setting}: the setting is named", out)
        expect("Hello" not in out, f"{setting}: nothing runs", out)


def press_limit():
    presses = []
    for i in range(33):
        presses += ["--press", f"0@{i * 10}"]
    status, out = run(*presses, "hello")
    expect_status(status, 2, out)
    expect("setting 'press': '0@320': a board takes at most 32 button presses" in out,
           "the limit is named", out)


def tab_with(d, name, member_name, data, size_field=None):
    """A TAB (tar) holding one member; size_field replaces the member's size field."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        info = tarfile.TarInfo(member_name)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    raw = bytearray(buf.getvalue())
    if size_field is not None:
        raw[124:136] = size_field
        raw[148:156] = b" " * 8   # the header checksum, recomputed over the new field
        raw[148:156] = b"%06o\0 " % sum(raw[:512])
    return write(d, name, bytes(raw))


def tab_bad_size_field():
    """A TAB member whose size field is not octal: the field is reported, not "empty file"."""
    hello = open(os.path.join(run_scenario.APPS, "hello.tbf"), "rb").read()
    with tempfile.TemporaryDirectory() as d:
        bad = tab_with(d, "bad.tab", "cortex-m4.tbf", hello, size_field=b"00000zz0000\0")
        status, out = run(bad)
        expect_status(status, 2, out)
        expect(f"{bad}: TAB member cortex-m4.tbf at offset 0: size field '00000zz0000' is not "
               "an octal number" in out, "the bad field is named", out)
        good = tab_with(d, "good.tab", "cortex-m4.tbf", hello)
        status, out = run(good)
        expect_status(status, 0, out)


SCENARIOS = {f.__name__: f for f in (
    fixed_ram_past_ram, fixed_ram_below_and_misaligned, fixed_ram_taken, fixed_ram_inside,
    fixed_flash_outside_flash, huge_minimum_ram, ram_full, process_table_full,
    disabled_tbf_skipped, bad_memory_settings, press_limit, tab_bad_size_field)}

if __name__ == "__main__":
    raise SystemExit(run_scenario.main(SCENARIOS, __doc__))

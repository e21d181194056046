#!/usr/bin/env python3
"""Storage scenarios: what apps store survives the board (tockemu --storage FILE), apps see
only the keys their storage permissions allow, storagedump shows the file, a bad file is
refused by name, and a kill -9 in the middle of a stream of writes leaves a file that is
one whole state and loads. Usage: storage_scenarios.py TOCKEMU APPS_DIR SCENARIO [--list]."""

import os
import random
import signal
import struct
import subprocess
import tempfile
import time
import zlib

import run_scenario
from run_scenario import app_lines, expect, expect_status, run


def storagedump(path):
    tool = os.path.join(os.path.dirname(run_scenario.TOCKEMU), "storagedump")
    proc = subprocess.run([tool, path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=30)
    return proc.returncode, proc.stdout.decode(errors="replace")


def parse_storage_file(path):
    """The file by its documented format (emu/storage_file.h): (flash bytes, {key: value});
    raises Failure unless it is one complete, intact state."""
    data = open(path, "rb").read()
    expect(len(data) >= 20 and data[:8] == b"TOCKSTOR", f"{path}: no header")
    version, length, crc = struct.unpack_from("<III", data, 8)
    expect(version == 1 and length == len(data) - 20, f"{path}: length {length}, "
           f"file {len(data)}")
    expect(zlib.crc32(data[20:]) == crc, f"{path}: CRC mismatch")
    at, flash, kv = 20, None, {}
    while at < len(data):
        kind, n = struct.unpack_from("<II", data, at)
        body = data[at + 8:at + 8 + n]
        if kind == 1:
            flash = body
        elif kind == 2:
            klen = struct.unpack_from("<I", body)[0]
            kv[body[4:4 + klen]] = body[4 + klen:]
        at += 8 + n
    expect(flash is not None, f"{path}: no FLASH record")
    return flash, kv


def counter_persists():
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "board.storage")
        for want in ("run 1", "run 2", "run 3"):
            status, out = run("--storage", path, "storage_counter")
            expect_status(status, 0, out)
            expect(app_lines(out, "storage_counter") == ["storage_counter: " + want],
                   f"the counter says {want}", out)
        status, out = run("storage_counter")   # no storage file: memory for this run only
        expect(app_lines(out, "storage_counter") == ["storage_counter: run 1"],
               "without --storage nothing is kept", out)
        status, out = run("--set", "storage=" + path, "storage_counter")   # the setting
        expect(app_lines(out, "storage_counter") == ["storage_counter: run 4"],
               "the storage setting is --storage", out)
        status, out = storagedump(path)
        expect(status == 0 and "storage_counter (ShortId 0x" in out and "region 0: 8 bytes" in out,
               "storagedump shows the app's saved region", out)


def storage_check():
    with tempfile.TemporaryDirectory() as d:
        status, out = run("--storage", os.path.join(d, "s"), "storage_check", timeout=120)
        expect_status(status, 0, out)
        lines = app_lines(out, "storage_check")
        expect(lines[-1] == "storage_check: all checks passed" and len(lines) == 31,
               "every storage check passed", out)
    status, out = run("storage_check", timeout=120)   # in memory: the same
    expect_status(status, 0, out)


def kv_isolation():
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "s")
        status, out = run("--storage", path, "kv_writer")
        expect_status(status, 0, out)
        status, out = run("--storage", path, "kv_reader")
        expect(app_lines(out, "kv_reader") == [
            "kv_reader: get shared: ENOSUPPORT", "kv_reader: set shared: ENOSUPPORT",
            "kv_reader: delete shared: ENOSUPPORT"], "another app's key is not there", out)
        status, out = run("--storage", path, "kv_trusted")
        expect(app_lines(out, "kv_trusted") == [
            'kv_trusted: get shared: SUCCESS "from the writer" (16 bytes)',
            "kv_trusted: set shared: ENOSUPPORT", "kv_trusted: delete shared: ENOSUPPORT"],
            "read permission for the writer's id: read, not modify", out)
        status, out = storagedump(path)
        expect(status == 0 and '"shared": 16 bytes, write_id 0x00005354 (kv_writer)' in out,
               "storagedump shows the key, its size and owner", out)


def bad_storage_file():
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "junk")
        with open(path, "wb") as f:
            f.write(b"not a storage file at all")
        status, out = run("--storage", path, "hello")
        expect_status(status, 2, out)
        expect(f"storage file {path}: not a storage file" in out, "the file is named", out)
        status, out = storagedump(path)
        expect(status == 2 and path in out, "storagedump refuses it too", out)
        status, out = run("--storage", os.path.join(d, "no", "such", "dir"), "hello")
        expect_status(status, 2, out)
        expect("cannot write it" in out, "an unwritable path is reported", out)


def kill9_mid_write():
    """SIGKILL at random moments of a stream of writes, many times: the file is always one
    whole, intact state (length and CRC check out; the key is written before the storage,
    so the key's count is never behind the storage's), neither count ever goes back, and
    the next run loads the file."""
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "s")
        last = last_nv = 0
        for i in range(25):
            proc = subprocess.Popen(run_scenario.tockemu_argv("--storage", path,
                                                              "storage_stream"),
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            time.sleep(rng.uniform(0.05, 0.4))
            proc.send_signal(signal.SIGKILL)
            out = proc.communicate(timeout=30)[0].decode(errors="replace")
            if not os.path.exists(path):
                continue   # killed before the board created the file
            flash, kv = parse_storage_file(path)
            kv_n = struct.unpack_from("<I", kv[b"stream"], 9)[0] if b"stream" in kv else 0
            nv_n = struct.unpack_from("<I", flash)[0]
            nv_n = 0 if nv_n == 0xFFFFFFFF else nv_n
            expect(nv_n <= kv_n, f"kill {i}: key says {kv_n}, storage {nv_n}", out)
            expect(kv_n >= last and nv_n >= last_nv,
                   f"kill {i}: went back from {last}/{last_nv} to {kv_n}/{nv_n}", out)
            last, last_nv = kv_n, nv_n
            status, dump = storagedump(path)
            expect(status == 0, f"kill {i}: storagedump cannot load the file", dump)
        expect(last > 0, "the stream wrote something", "")
        proc = subprocess.run(run_scenario.tockemu_argv("--storage", path, "--board-time", "0.001",
                                                        "storage_stream"),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
        out = proc.stdout.decode(errors="replace")
        expect(f"storage_stream: starting after {last}" in out, "the next run starts from it", out)


SCENARIOS = {f.__name__: f for f in (
    counter_persists, storage_check, kv_isolation, bad_storage_file, kill9_mid_write)}

if __name__ == "__main__":
    raise SystemExit(run_scenario.main(SCENARIOS, __doc__))

#!/usr/bin/env python3
"""Display, touch and sound (docs/display.md): the screen's PNG checked pixel by pixel,
the text screen's rows, scripted and console touches, the buzzer's and servo's log with
their board times, and bad settings. Usage: display_scenarios.py TOCKEMU APPS_DIR SCENARIO
[--list]."""

import os
import re
import shutil
import struct
import sys
import tempfile
import time
import zlib

import run_scenario as rs
from debug_scenarios import Console
from run_scenario import app_lines, expect, expect_status, run


# ---- reading a PNG with the standard library only ----------------------------------------

def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def read_png(path):
    """(width, height, rows) of an 8-bit RGB PNG; rows[y][x] is an (r, g, b) tuple."""
    data = open(path, "rb").read()
    expect(data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} starts with the PNG signature")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        crc = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]
        expect(zlib.crc32(kind + body) == crc, f"{path}: the CRC of chunk {kind} holds")
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    expect((depth, colour, interlace) == (8, 2, 0), f"{path}: 8-bit RGB, not interlaced")
    raw, stride, rows, prev = zlib.decompress(idat), width * 3, [], bytearray(width * 3)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - 3] if i >= 3 else 0
            up_left = prev[i - 3] if i >= 3 else 0
            add = (0, left, prev[i], (left + prev[i]) // 2, paeth(left, prev[i], up_left))[kind]
            line[i] = (line[i] + add) & 0xFF
        rows.append([tuple(line[x * 3:x * 3 + 3]) for x in range(width)])
        prev = line
    return width, height, rows


DARK_BLUE, RED, GREEN, WHITE = (0, 0, 132), (255, 0, 0), (0, 255, 0), (255, 255, 255)


def screen_png_pixels():
    """screen_demo's drawing, as --screen writes it at the end of the run."""
    tmp = tempfile.mkdtemp()
    try:
        png = os.path.join(tmp, "screen.png")
        status, out = run("--screen", png, "screen_demo")
        expect_status(status, 0, out)
        lines = app_lines(out, "screen_demo")
        expect("screen: resolution 240 x 240" in lines and "screen: 16 bpp" in lines,
               "the app lists the screen's modes", out)
        expect("screen: frame past the edge: EINVAL" in lines, "a frame past the edge", out)
        expect("screen: 3 bytes of RGB565: EINVAL" in lines, "a part of a pixel", out)
        width, height, rows = read_png(png)
        expect((width, height) == (240, 240), "the PNG has the screen's size")
        checks = {(0, 0): DARK_BLUE, (239, 239): DARK_BLUE, (10, 20): RED, (39, 49): RED,
                  (40, 20): DARK_BLUE, (9, 20): DARK_BLUE, (60, 20): GREEN, (75, 27): GREEN,
                  (60, 28): WHITE, (75, 35): WHITE, (76, 20): DARK_BLUE, (60, 36): DARK_BLUE}
        for (x, y), colour in checks.items():
            expect(rows[y][x] == colour, f"pixel ({x}, {y}) is {rows[y][x]}, expected {colour}")
    finally:
        shutil.rmtree(tmp)


def screen_console_png():
    """The process console's 'screen FILE' writes the screen while the board runs; 'text'
    shows the text screen."""
    tmp = tempfile.mkdtemp()
    try:
        png = os.path.join(tmp, "now.png")
        # busy keeps the board running until quit
        c = Console("--set", "screen-size=16x8", "touch_reader", "busy")
        reply = c.cmd("screen " + png)
        expect(f"wrote {png} (16x8)" in reply, "the console writes the PNG", reply)
        width, height, rows = read_png(png)
        expect((width, height) == (16, 8) and rows[7][15] == (0, 0, 0), "a black 16x8 screen")
        reply = c.cmd("screen " + png)
        expect(f"error: {png}: File exists" in reply, "an existing file is never replaced", reply)
        reply = c.cmd("screen /nonexistent-dir/x.png")
        expect("error: /nonexistent-dir/x.png:" in reply, "a bad path is an error", reply)
        reply = c.cmd("text")
        expect("text screen 16x2, off" in reply and "|                |" in reply,
               "the text screen's state", reply)
        reply = c.cmd("help")
        expect("screen FILE" in reply and "touch X Y" in reply, "help lists the commands", reply)
        expect("touch at 1,2 for 1 ms" in c.cmd("touch 1 2 1"), "the console takes a touch")
        time.sleep(0.2)     # busy runs on meanwhile: the first touch ends before the second
        c.cmd("touch 3 4")
        expect("error: usage: touch X Y" in c.cmd("touch 3"), "a touch needs X and Y")
        for _ in range(1000):   # until touch_reader has seen both releases and ended
            if re.search(r"touch_reader +exited 0", c.cmd("list")):
                break
            time.sleep(0.02)
        _, status, out = c.finish()
    finally:
        shutil.rmtree(tmp)
    expect_status(status, 1, out)   # busy was still running
    expect(re.search(r"touch_reader +id 1 +exited 0", out), "touch_reader ends", out)
    expect(app_lines(out, "touch_reader") == [
        "Number of touches: 1", "pressed (1): 1 y 2", "released (0): 1 y 2",
        "pressed (1): 3 y 4", "released (0): 3 y 4"], "the console's touches reach the app", out)


def touch_scripted():
    """touch=X,Y@MS+HOLD: presses and releases at their board times, in time order."""
    status, out = run("--set", "touch=300,7@400", "--set", "touch=10,20@100+50",
                      "--set", "touch=5,5@0+0.001", "touch_reader")
    expect_status(status, 0, out)
    expect(app_lines(out, "touch_reader") == [
        "Number of touches: 1", "pressed (1): 10 y 20", "released (0): 10 y 20",
        "pressed (1): 300 y 7", "released (0): 300 y 7"], "touches in time order", out)
    touch = [l for l in out.splitlines() if l.startswith("[touch]")]
    expect(touch[:2] == ["[touch] 0.000000 s: pressed 5,5 (no app listens)",
                         "[touch] 0.000001 s: released 5,5 (no app listens)"],
           "a touch before the app listens is logged and dropped", out)
    expect("[touch] 0.100000 s: pressed 10,20" in touch and
           "[touch] 0.150000 s: released 10,20" in touch and
           "[touch] 0.450000 s: released 300,7" in touch, "board times of the touches", out)
    expect(re.search(r"0\.450 s of board time", out), "the app ends with the last release", out)


def text_screen_rows():
    status, out = run("text_hello")
    expect_status(status, 0, out)
    expect(app_lines(out, "text_hello") == ["text_hello: 16 columns, 2 rows",
                                            "text_hello: cursor at column 16: EINVAL"],
           "the app's lines", out)
    rows = [l for l in out.splitlines() if l.startswith("[text-screen]")]
    expect(rows[-2:] == ["[text-screen] |Hello!          |", "[text-screen] |  from Tock     |"],
           "the text screen shows both lines", out)
    status, out = run("--set", "text-screen-size=4x1", "text_hello")
    expect_status(status, 1, out)   # its cursor at row 1 is refused
    expect(out.count("[text-screen]") == 3 and "[text-screen] |o!ll|" in out and
           "[text-screen] |ockT|" in out, "text wraps round a 4x1 screen", out)


def buzzer_log_times():
    """Each tone is logged when it starts; the next starts after the tone's duration plus
    the app's 25 ms pause in board time, and two runs log the very same times."""
    tmp = tempfile.mkdtemp()
    try:
        logs = []
        for i in range(2):
            path = os.path.join(tmp, f"actuators{i}.log")
            status, out = run("--set", "actuator-log=" + path, "tune")
            expect_status(status, 0, out)
            logs.append(open(path).read())
            board_lines = [l for l in out.splitlines() if l.startswith("[buzzer]")]
            expect(logs[-1].splitlines() == board_lines, "the file holds the board's lines", out)
    finally:
        shutil.rmtree(tmp)
    expect(logs[0] == logs[1], "the log repeats exactly under the virtual clock", logs[1])
    found = [re.fullmatch(r"\[buzzer\] (\d+)\.(\d{6}) s: (\d+) Hz for (\d+) ms", l)
             for l in logs[0].splitlines()]
    expect(all(found) and len(found) == 5, "five tones logged", logs[0])
    us = [int(m.group(1)) * 1000000 + int(m.group(2)) for m in found]
    tones = [(int(m.group(3)), int(m.group(4))) for m in found]
    expect(tones == [(1319, 225), (1319, 225), (1397, 225), (1568, 225), (1047, 1000)],
           "frequencies and durations", logs[0])
    expect(us[0] < 100, "the first tone starts at once", logs[0])
    for a, b in zip(us[:3], us[1:4]):
        expect(250000 <= b - a <= 250010, f"225 ms tone + 25 ms pause: {b - a} us", logs[0])
    expect(750000 <= us[4] - us[3] <= 750010, "225 ms tone + 25 ms + 500 ms", logs[0])


def servo_log():
    tmp = tempfile.mkdtemp()
    try:
        path = os.path.join(tmp, "servo.log")
        status, out = run("--set", "actuator-log=" + path, "--set", "servos=2", "servo_sweep")
        log = open(path).read().splitlines()
    finally:
        shutil.rmtree(tmp)
    expect_status(status, 0, out)
    expect(app_lines(out, "servo_sweep") == [
        "servo: 2 motor(s)", "servo: asked 0, at 0 (SUCCESS)", "servo: asked 90, at 90 (SUCCESS)",
        "servo: asked 180, at 180 (SUCCESS)", "servo: 200 degrees: FAIL",
        "servo: 400 degrees: EINVAL", "servo: motor 2: ENODEVICE"], "the app's lines", out)
    angles = [re.fullmatch(r"\[servo\] 0\.(\d)\d{5} s: servo 0 to (\d+) degrees", l) for l in log]
    expect(all(angles) and [(m.group(1), m.group(2)) for m in angles] ==
           [("0", "0"), ("1", "90"), ("2", "180")], "three moves, 100 ms apart", "\n".join(log))


def display_drivers_absent():
    """Without the drivers (capsules setting), apps get NODEVICE and say so."""
    status, out = run("--set", "capsules=console,alarm", "screen_demo")
    expect_status(status, 1, out)
    expect(app_lines(out, "screen_demo") == ["screen: no screen"], "no screen", out)
    status, out = run("--set", "capsules=console,alarm", "tune")
    expect(app_lines(out, "tune") == ["tune: no buzzer"], "no buzzer", out)


def display_bad_settings():
    cases = [
        (("--set", "screen-format=rgb444"), "setting 'screen-format': 'rgb444' is not"),
        (("--set", "screen-size=10"), "setting 'screen-size': '10' is not"),
        (("--set", "touch=1,2"), "setting 'touch': '1,2' is not"),
        (("--set", "servos=99"), "setting 'servos': '99' is not"),
        (("--screen", "/nonexistent-dir/x.png"), "setting 'screen': /nonexistent-dir/x.png:"),
        (("--set", "actuator-log=/nonexistent-dir/a.log"),
         "setting 'actuator-log': /nonexistent-dir/a.log:"),
    ]
    for args, message in cases:
        status, out = run(*args, "hello")
        expect_status(status, 2, out)
        expect(message in out, f"{args}: the error names the setting and value", out)


SCENARIOS = {f.__name__: f for f in (
    screen_png_pixels, screen_console_png, touch_scripted, text_screen_rows, buzzer_log_times,
    servo_log, display_drivers_absent, display_bad_settings)}


if __name__ == "__main__":
    sys.exit(rs.main(SCENARIOS, __doc__))

#!/usr/bin/env python3
"""Sensors and ADC (docs/sensors.md): values from the defaults, board settings, a time
series file and the process console, read by apps/sensors with every sensor's ABI.
Usage: sensor_scenarios.py TOCKEMU APPS_DIR SCENARIO [--list]."""

import os
import re
import sys
import tempfile
import time

import run_scenario as rs
from debug_scenarios import Console
from run_scenario import app_lines, expect, expect_status, run

DEFAULT_ROUND = [
    "temperature     21.50 deg C",
    "humidity        45.00 %",
    "ambient_light   300 lux",
    "proximity       0",
    "sound_pressure  40 dB",
    "pressure        1013 hPa",
    "moisture        30.00 %",
    "rainfall        2000 um",
    "accelerometer   0 0 1000 mg",
    "magnetometer    200 0 -400",
    "gyroscope       0 0 0 deg/s",
    "adc0            999 mV (raw 0x4d90)",
    "adc1            1650 mV (raw 0x8000)",
    "adc2            2499 mV (raw 0xc1e0)",
    "adc3            3299 mV (raw 0xfff0)",
]


def rounds(out):
    """The sensors app's output: {round: (board ms, [lines])}."""
    result, current = {}, None
    for line in app_lines(out, "sensors"):
        m = re.fullmatch(r"\[sensors\] round (\d+) at (\d+) ms", line)
        if m:
            current = int(m.group(1))
            result[current] = (int(m.group(2)), [])
        elif current is not None:
            result[current][1].append(line)
    return result


def defaults():
    """Every sensor present with its default value, three rounds, exit 0."""
    status, out = run("sensors")
    expect_status(status, 0, out)
    r = rounds(out)
    expect(sorted(r) == [0, 1, 2], "three rounds", out)
    for n in r:
        expect(r[n][1] == DEFAULT_ROUND, f"round {n}: every sensor, right units", out)


def constants_from_settings():
    """sensor.NAME settings set the values; the capsules setting removes sensors."""
    status, out = run("--set", "sensor.temperature=-4.25", "--set", "sensor.humidity=99.5",
                      "--set", "sensor.accel.x=-12", "--set", "sensor.adc1=0",
                      "--set", "sensor.rainfall=0.5", "sensors")
    expect_status(status, 0, out)
    lines = rounds(out)[0][1]
    for want in ("temperature     -4.25 deg C", "humidity        99.50 %",
                 "accelerometer   -12 0 1000 mg", "adc1            0 mV (raw 0x0000)",
                 "rainfall        500 um"):
        expect(want in lines, want, out)
    status, out = run("--set", "capsules=console,alarm,temperature,ninedof", "sensors")
    expect_status(status, 0, out)
    lines = rounds(out)[0][1]
    expect(lines == [DEFAULT_ROUND[0]] + DEFAULT_ROUND[8:11],
           "only the temperature sensor and the motion sensor are left", out)


def time_series():
    """A series file under the virtual clock: each reading has the value of the board time
    it completes at (temperature rises 1 degree per second, linear; humidity steps), and
    two runs print exactly the same."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "series.txt")
        with open(path, "w") as f:
            f.write("# board time (s)  sensor  value\n"
                    "0    temperature 20\n"
                    "100  temperature 120\n"
                    "step humidity\n"
                    "0    humidity 10\n"
                    "1    humidity 20\n"
                    "2    humidity 30\n")
        outs = [run("--set", "sensor-file=" + path, "sensors") for _ in range(2)]
    for status, out in outs:
        expect_status(status, 0, out)
    expect(outs[0][1] == outs[1][1], "two runs print the same", outs[0][1] + outs[1][1])
    r = rounds(outs[0][1])
    for n, humidity in ((0, "10.00"), (1, "20.00"), (2, "30.00")):
        at_ms, lines = r[n]
        # the temperature reading starts just after the round line and takes 10 ms
        m = re.fullmatch(r"temperature +(\d+)\.(\d\d) deg C", lines[0])
        expect(m, "temperature line", outs[0][1])
        centi = int(m.group(1)) * 100 + int(m.group(2))
        expect_centi = 2000 + (at_ms + 10) // 10
        expect(expect_centi <= centi <= expect_centi + 1,
               f"round {n} at {at_ms} ms: temperature {centi}, expected ~{expect_centi}",
               outs[0][1])
        expect(lines[1] == f"humidity        {humidity} %", f"round {n} humidity", outs[0][1])


def exact_board_times():
    """The reading's value is that of the board time it completes at, exactly: a step at
    10.000 s is seen by a read completing at or after it, under --board-time runs too."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "series.txt")
        with open(path, "w") as f:
            f.write("step temperature\n0 temperature 1\n1.240 temperature 2\n"
                    "1.250 temperature 3\n")
        status, out = run("--set", "sensor-file=" + path, "sensors")
    expect_status(status, 0, out)
    r = rounds(out)
    # round 1 starts at r[1][0] ms; its temperature completes 10 ms (plus a few us) later
    done_ms = r[1][0] + 10
    want = "3.00" if done_ms >= 1250 else "2.00" if done_ms >= 1240 else "1.00"
    expect(r[1][1][0] == f"temperature     {want} deg C",
           f"round 1 reads at {done_ms} ms: {want}", out)


def console_sets_values():
    """`sensor NAME VALUE` on the process console: sensor_wait waits for proximity > 175,
    then reads the temperature set from the console."""
    c = Console("sensor_wait")
    try:
        reply = c.cmd("sensor temperature 30.5")
        expect("temperature = 30.5" in reply, "set temperature", reply)
        reply = c.cmd("sensor")
        expect(re.search(r"temperature +30\.5\n", reply), "the list shows it", reply)
        expect(re.search(r"adc3 +3\.3\n", reply), "and every other quantity", reply)
        reply = c.cmd("sensor warmth 1")
        expect("error: no sensor 'warmth'" in reply, "unknown sensor", reply)
        reply = c.cmd("sensor proximity near")
        expect("error: 'near' is not a number (0..255)" in reply, "bad value", reply)
        reply = c.cmd("sensor proximity 200")
        expect("proximity = 200" in reply, "set proximity", reply)
        for _ in range(500):   # the app ends within a few ms of board time
            listing = c.cmd("list")
            if re.search(r"sensor_wait +exited 0", listing):
                break
            time.sleep(0.01)
        expect(re.search(r"sensor_wait +exited 0", listing), "sensor_wait exits", listing)
    except BaseException:
        c.proc.kill()
        raise
    reply, status, out = c.finish()
    expect_status(status, 0, out)
    expect(app_lines(out, "sensor_wait") == ["waiting for proximity > 175",
                                             "proximity 200, temperature 3050"],
           "sensor_wait sees both values", out)


def bad_settings():
    """Bad sensor settings and files: exit status 2, the setting or file:line named."""
    status, out = run("--set", "sensor.warmth=1", "sensors")
    expect_status(status, 2, out)
    expect("setting 'sensor.warmth': no such sensor" in out, "unknown sensor", out)
    status, out = run("--set", "sensor.temperature=warm", "sensors")
    expect_status(status, 2, out)
    expect("setting 'sensor.temperature': 'warm': expected a number (degrees C)" in out,
           "bad value", out)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "series.txt")
        with open(path, "w") as f:
            f.write("0 temperature 1\n\n2 temperature hot\n")
        status, out = run("--set", "sensor-file=" + path, "sensors")
    expect_status(status, 2, out)
    expect(f"{path}:3: value 'hot' is not a number" in out, "file and line named", out)
    status, out = run("--set", "sensor-file=/nonexistent/s.txt", "sensors")
    expect_status(status, 2, out)
    expect("sensor-file '/nonexistent/s.txt': No such file or directory" in out, "missing", out)


SCENARIOS = {f.__name__: f for f in (defaults, constants_from_settings, time_series,
                                     exact_board_times, console_sets_values, bad_settings)}

if __name__ == "__main__":
    sys.exit(rs.main(SCENARIOS, __doc__))

#!/usr/bin/env python3
"""The crypto drivers (SHA 0x40005, HMAC 0x40003, AES 0x40006, CRC 0x40002; docs/crypto.md):
apps/crypto checks known-answer vectors (libtock-c's tests', NIST's and the RFCs') through
the SDK, alone, two at once sharing the engines, natively, and on a board without them.
Usage: crypto_scenarios.py TOCKEMU APPS_DIR SCENARIO [--list]."""

import os
import sys

import run_scenario as rs
from run_scenario import app_lines, expect, expect_status, run

CHECKS = 19
ALL_PASSED = f"crypto: {CHECKS} checks, {CHECKS} passed"
PRESENT = "crypto: sha present, hmac present, aes present, crc present"


def expect_all_ok(lines, out):
    expect(len(lines) == CHECKS + 2, f"{CHECKS} checks and two summary lines", out)
    wrong = [l for l in lines[:CHECKS] if not l.endswith(": ok")]
    expect(not wrong, "every check passes: " + "; ".join(wrong), out)
    expect(lines[-2:] == [PRESENT, ALL_PASSED], "the summary", out)


def known_answers():
    """Every vector right; the asynchronous SHA answers after the command, not in it."""
    status, out = run("crypto")
    expect_status(status, 0, out)
    lines = app_lines(out, "crypto")
    expect_all_ok(lines, out)
    expect("sha256 abc (asynchronous): ok" in lines, "the engine answers in board time", out)


def repeatable():
    """Under the virtual clock two runs print the same, board time included."""
    first, second = run("crypto"), run("crypto")
    expect(first == second, "same status and output", first[1] + "\n--- second run ---\n" + second[1])


def two_apps_share_engines():
    """Two apps hashing, MACing and encrypting at once: each waits its turn, both pass."""
    status, out = run("crypto", "crypto_twin")
    expect_status(status, 0, out)
    expect_all_ok(app_lines(out, "crypto"), out)
    twin = [l for l in app_lines(out, "crypto_twin")]
    expect_all_ok(twin, out)


def native_app():
    """The same app built for the host, as a native process."""
    exe = os.path.join(rs.APPS, "native", "crypto")
    if not os.path.exists(exe):
        print("native build absent: skipped")
        return
    status, out = run("native:" + exe)
    expect_status(status, 0, out)
    expect_all_ok(app_lines(out, "crypto"), out)


def absent_without_capsules():
    """A board without the crypto capsules: the app finds none of the four drivers."""
    status, out = run("--set", "capsules=console,alarm", "crypto")
    expect_status(status, 0, out)
    expect(app_lines(out, "crypto") == [
        "crypto: sha absent, hmac absent, aes absent, crc absent", "crypto: 0 checks, 0 passed"],
        "no crypto driver", out)


SCENARIOS = {"crypto_" + f.__name__: f for f in (
    known_answers, repeatable, two_apps_share_engines, native_app, absent_without_capsules)}


if __name__ == "__main__":
    sys.exit(rs.main(SCENARIOS, __doc__))

#!/usr/bin/env python3
"""Memory soak: whatever apps do, tockemu's memory stays bounded. Apps that fault and
restart, or exit and restart, for a long board time must leave tockemu's peak RSS close to
what the same board needs in its first two seconds, and under a fixed bound.

Usage: soak_scenarios.py TOCKEMU APPS_DIR SCENARIO [--list]. The apps are copies of
APPS_DIR/soak_fault.elf and soak_cycle.elf under other package names (elf2tbf -n), so that
every copy is an application of its own."""

import os
import subprocess
import sys
import tempfile

import run_scenario
from run_scenario import expect
BOUND_MB = 300             # peak RSS of a build without sanitizers
GROWTH_MB = 48             # the long run over the two-second run, any build


def copies(app, count, workdir):
    """count TBFs of APPS/app.elf, each with its own package name."""
    elf2tbf = os.path.join(os.path.dirname(run_scenario.TOCKEMU), "elf2tbf")
    out = []
    for i in range(count):
        tbf = os.path.join(workdir, f"{app}_{i}.tbf")
        elf = os.path.join(run_scenario.APPS, app + ".elf")
        subprocess.run([elf2tbf, "-o", tbf, "-n", f"{app}_{i}", "--app-heap", "4096", elf],
                       check=True, stdout=subprocess.DEVNULL)
        out.append(tbf)
    return out


def peak_rss_mb(args):
    """Run tockemu in a child of its own and return (status, output, peak RSS in MB)."""
    code = ("import resource, subprocess, sys\n"
            "p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)\n"
            "sys.stdout.buffer.write(p.stdout)\n"
            "print(f'@@rss {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss} {p.returncode}')\n")
    proc = subprocess.run([sys.executable, "-c", code, run_scenario.TOCKEMU, *args],
                          stdout=subprocess.PIPE, timeout=280)
    out = proc.stdout.decode("utf-8", "replace")
    last = out.rstrip().splitlines()[-1].split()
    return int(last[2]), out, int(last[1]) / 1024


def sanitized():
    with open(run_scenario.TOCKEMU, "rb") as f:
        return b"__asan_init" in f.read()


def soak(app, count, board_time, options, min_restarts):
    with tempfile.TemporaryDirectory() as workdir:
        tbfs = copies(app, count, workdir)
        args = ["-q", *options]
        _, _, short = peak_rss_mb([*args, "--board-time", "2", *tbfs])
        status, out, peak = peak_rss_mb([*args, "--board-time", str(board_time), *tbfs])
    restarts = out.count(": restarted (id ")
    summary = (f"{count} x {app}, {board_time} s of board time: {restarts} restarts, "
               f"peak RSS {peak:.0f} MB (first 2 s: {short:.0f} MB)")
    print(summary)
    expect(status == 1 and "AddressSanitizer" not in out and "runtime error" not in out,
           f"the board ran to its time limit (status {status})", out[-3000:])
    expect(restarts >= min_restarts, f"at least {min_restarts} restarts: {summary}", out[-3000:])
    expect(peak <= short + GROWTH_MB, f"grew by at most {GROWTH_MB} MB: {summary}")
    if not sanitized():
        expect(peak <= BOUND_MB, f"at most {BOUND_MB} MB: {summary}")


def fault_restart_8():
    """8 apps that fault (a precise-PC probe each time) and restart, for 60 s."""
    soak("soak_fault", 8, 60, ["--fault-policy", "restart", "--set", "max-restarts=1000000"],
         min_restarts=8 * 50)


def exit_restart_64():
    """64 processes, each booting, running and exiting to be started again, for 12 s."""
    soak("soak_cycle", 64, 12, [], min_restarts=64 * 12)


SCENARIOS = {"soak-" + f.__name__: f for f in (fault_restart_8, exit_restart_64)}


if __name__ == "__main__":
    sys.exit(run_scenario.main(SCENARIOS, __doc__))

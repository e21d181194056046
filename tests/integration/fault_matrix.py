#!/usr/bin/env python3
"""Fault matrix: every fault type (bad read, bad write, bad execute, undefined instruction)
in every process state (running in main, inside an alarm upcall, an IPC server holding a
request, an IPC client waiting for a server), under the stop and the restart policies.
The victims are one source built once per cell (apps/fm_victim). One scenario per state.
Standalone: fault_matrix.py TOCKEMU APPS_DIR SCENARIO [--list]."""

import re
import sys

import run_scenario
from run_scenario import app_lines, expect, expect_status, run

BOARD_TIME = "5"   # every run ends by itself in about a second; this is only the backstop

# kind: (app-name part, Cause regex, Fault type)
KINDS = {
    "read": (r"invalid data read at address 0xdead0000", "bad read"),
    "write": (r"invalid data write at address 0xdead0000", "bad write"),
    "exec": (r"instruction fetch from non-executable memory at address 0x2[0-9a-f]{7}",
             "bad execute"),
    "undef": (r"undefined instruction", "undefined instruction"),
}
RESTART = ("--fault-policy", "restart", "--set", "max-restarts=1")
POLITE = ["polite: %d" % i for i in range(1, 11)] + ["polite: done"]


def reports(out):
    """Every fault report: [(app, id, cause, fault type, policy line)] in order."""
    found = []
    for m in re.finditer(r"^---\| App fault: (\S+) \(id (\d+)\) \|---$", out, re.M):
        block = out[m.end():]
        nxt = re.search(r"^---\| App fault:", block, re.M)
        block = block[:nxt.start()] if nxt else block
        get = lambda key: (re.search(r"^  " + key + r": (.*)$", block, re.M) or [None, None])[1]
        found.append((m.group(1), int(m.group(2)), get("Cause"), get("Fault type"), get("Policy")))
    return found


def summary(out, app):
    """(id, state, restarts) from the board summary."""
    m = re.search(r"^\[board\] +" + re.escape(app) + r" +id (\d+) +(\S+).* restarts (\d+)$",
                  out, re.M)
    expect(m, f"{app}: summary line", out)
    return int(m.group(1)), m.group(2), int(m.group(3))


def check_report(rep, app, kind, out):
    cause, ftype = KINDS[kind][0], KINDS[kind][1]
    expect(rep[0] == app, f"{app}: the report names the app (got {rep[0]})", out)
    expect(rep[2] and re.fullmatch(cause, rep[2]), f"{app}: cause {rep[2]!r}", out)
    expect(rep[3] and rep[3].startswith(ftype + " ("), f"{app}: fault type {rep[3]!r}", out)


def not_hung(out):
    expect("of board time" in out and "stopped at" not in out,
           "the run ended by itself before the board-time limit", out)


def check_victim(out, app, kind, policy):
    """The victim's reports, ids and final state under one policy (max-restarts=1)."""
    mine = [r for r in reports(out) if r[0] == app]
    if policy == "stop":
        expect(len(mine) == 1, f"{app}: exactly one fault report", out)
        check_report(mine[0], app, kind, out)
        expect(mine[0][4] == "stop the process", f"{app}: stop policy", out)
        vid, state, restarts = summary(out, app)
        expect((vid, state, restarts) == (mine[0][1], "faulted", 0), f"{app}: ends faulted", out)
    else:
        expect(len(mine) == 2, f"{app}: a fault, a restart, the same fault again", out)
        for r in mine:
            check_report(r, app, kind, out)
        m = re.search(r"^\[kernel\] " + re.escape(app) + r": restarted \(id (\d+) -> (\d+), restart 1\)$",
                      out, re.M)
        expect(m, f"{app}: restart reported", out)
        old, new = int(m.group(1)), int(m.group(2))
        others = {int(i) for i in re.findall(r"^\[board\] +\S+ +id (\d+) ", out, re.M)} - {new}
        expect(old == mine[0][1] and new == mine[1][1] and new != old and new not in others,
               f"{app}: restarted with a new, unused id ({old} -> {new})", out)
        expect(mine[0][4] == "restart" and
               mine[1][4] == f"restart, but {app} already restarted 1 times: stopped",
               f"{app}: restart policy, then max-restarts", out)
        expect(summary(out, app) == (new, "faulted", 1), f"{app}: ends faulted after 1 restart", out)


def alone(state):
    """All four victims of one state side by side with polite and hello, per policy."""
    victims = {kind: f"fm_{kind}_{state}" for kind in KINDS}
    for policy, opts in (("stop", ()), ("restart", RESTART)):
        status, out = run("--board-time", BOARD_TIME, *opts, *victims.values(), "polite", "hello")
        expect_status(status, 1, out)
        not_hung(out)
        for kind, app in victims.items():
            check_victim(out, app, kind, policy)
            lines = app_lines(out, app)
            where = "in main" if state == "main" else "in an alarm upcall (idle in yield)"
            want = [f"fm: {KINDS[kind][1]} {where}"]
            if state == "upcall":
                want = ["fm: arming an alarm"] + want
            expect(lines == want * (1 if policy == "stop" else 2), f"{app}: output ({policy})", out)
        expect(app_lines(out, "polite") == POLITE, "polite's output complete", out)
        expect(app_lines(out, "hello") == ["Hello, World!"], "hello's output complete", out)
        expect(len(reports(out)) == 4 * (1 if policy == "stop" else 2), "no other fault", out)


def fm_main():
    alone("main")


def fm_upcall():
    alone("upcall")


def fm_server_holding_request():
    """The server takes a request and faults before responding: the waiting client gets
    ENODEVICE at once; under restart it finds the new instance and its retry succeeds."""
    for kind in KINDS:
        app = f"fm_{kind}_server"
        for policy, opts in (("stop", ()), ("restart", RESTART)):
            status, out = run("--board-time", BOARD_TIME, *opts, app, "fm_client", "polite")
            not_hung(out)
            expect(len(reports(out)) == 1, f"{app}: exactly one fault ({policy})", out)
            check_report(reports(out)[0], app, kind, out)
            srv = app_lines(out, app)
            expect(srv[:2] == ['fm victim server: serving "fm"',
                               f"fm victim server: holding request 1: {KINDS[kind][1]}"],
                   f"{app}: faults while holding the request", out)
            cli = app_lines(out, "fm_client")
            expect(cli[0] == "fm_client: attempt 1: ENODEVICE at once",
                   f"{app}: the client gets ENODEVICE at once ({policy})", out)
            expect(app_lines(out, "polite") == POLITE, "polite's output complete", out)
            if policy == "stop":
                expect_status(status, 1, out)
                expect(summary(out, app) == (reports(out)[0][1], "faulted", 0), f"{app}: ends faulted", out)
                expect(cli[1:] == ["fm_client: server did not come back: ETIMEOUT", "fm_client: done"],
                       f"{app}: the client's output complete", out)
            else:
                expect_status(status, 0, out)
                m = re.search(r"^\[kernel\] " + app + r": restarted \(id (\d+) -> (\d+), restart 1\)$",
                              out, re.M)
                expect(m and m.group(1) != m.group(2) and int(m.group(2)) > 3,
                       f"{app}: restarted with a new id", out)
                expect(cli[1:] == ["fm_client: server is back (new id)",
                                   "fm_client: attempt 2: 7 squared is 49", "fm_client: done"],
                       f"{app}: the client recovers against the new instance", out)
                expect(srv[2:] == ['fm victim server: serving "fm"',
                                   "fm victim server: request 1 (attempt 2): respond: SUCCESS",
                                   "fm victim server: idle for 1 s after 1 requests: exiting"],
                       f"{app}: the new instance serves the retry", out)
                expect(summary(out, app) == (int(m.group(2)), "exited", 1), f"{app}: ends cleanly", out)
            expect(summary(out, "fm_client")[1:] == ("exited", 0), "the client exits", out)


def fm_client_waiting():
    """The client faults from an alarm upcall while its call is in flight (the server holds
    the request 100 ms): the server's response gets ENODEVICE, and it goes on."""
    for kind in KINDS:
        app = f"fm_{kind}_client"
        for policy, opts in (("stop", ()), ("restart", RESTART)):
            status, out = run("--board-time", BOARD_TIME, *opts, "fm_server", app, "polite")
            expect_status(status, 1, out)
            not_hung(out)
            check_victim(out, app, kind, policy)
            once = ["fm victim client: request sent (SUCCESS), waiting",
                    f"fm: {KINDS[kind][1]} in an alarm upcall (waiting for the server)"]
            expect(app_lines(out, app) == once * (1 if policy == "stop" else 2),
                   f"{app}: faults while waiting ({policy})", out)
            expect(app_lines(out, "fm_server") == [
                'fm_server: serving "fm"',
                "fm_server: request 1 (attempt 1): respond: ENODEVICE",
                "fm_server: idle for 1 s after 1 requests: exiting"],
                f"{app}: the server's response gets ENODEVICE ({policy})", out)
            expect(summary(out, "fm_server")[1:] == ("exited", 0), "the server exits", out)
            expect(app_lines(out, "polite") == POLITE, "polite's output complete", out)


def fm_upcall_queue_full():
    """Twelve button upcalls for an app that does not yield: ten are queued and delivered,
    the 11th and 12th are dropped (and counted: traced), the kernel and hello carry on."""
    presses = [a for t in range(20, 240, 40) for a in ("--press", f"0@{t}+10")]
    status, out = run("--board-time", BOARD_TIME, "--trace", "upcalls", *presses, "fm_flood", "hello")
    expect_status(status, 0, out)
    not_hung(out)
    expect(len(re.findall(r"fm_flood\(1\): upcall button/0 queued", out)) == 10, "ten queued", out)
    expect(len(re.findall(r"fm_flood\(1\): upcall button/0 dropped: the queue is full", out)) == 2,
           "the 11th and 12th dropped", out)
    expect(app_lines(out, "fm_flood") == [
        "fm_flood: 10 button upcalls delivered after 300 ms without yielding"], "ten delivered", out)
    expect(re.search(r"fm_flood +id 1 +exited 0 .* upcalls 10 .* dropped upcalls 2\n", out),
           "summary: 10 upcalls, 2 dropped", out)
    expect(app_lines(out, "hello") == ["Hello, World!"], "hello unaffected", out)
    expect("App fault" not in out and "panic" not in out, "no fault, no panic", out)


SCENARIOS = {f.__name__: f for f in (fm_main, fm_upcall, fm_server_holding_request,
                                      fm_client_waiting, fm_upcall_queue_full)}

if __name__ == "__main__":
    sys.exit(run_scenario.main(SCENARIOS, __doc__))

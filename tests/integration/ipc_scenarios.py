#!/usr/bin/env python3
"""IPC integration scenarios (docs/ipc.md): each function runs IPC apps on the emulated
board and checks their output.
Standalone: ipc_scenarios.py TOCKEMU APPS_DIR SCENARIO [--list].

Needs a board with the IPC capsules (registries 0xA0000/0xA0001, identity 0xA0002, relay
request 0xA0010, relay message 0xA0011) and legacy IPC (0x10000, with cpu_ops.share_memory),
and the board setting ipc-bind=NAME:APP_ID (registration policy, spec/ipc.md section 8)."""

import re
import sys
import time

import run_scenario
from run_scenario import Failure, app_lines, expect, expect_status, run


def ipc_basic():
    """Register, discover-or-wait with an identity check, three calls, and the error cases."""
    for order in (("ipc_server", "ipc_client"), ("ipc_client", "ipc_server")):
        status, out = run(*order)
        expect_status(status, 0, out)
        client = app_lines(out, "ipc_client")
        expect(client[:4] == ['ipc_client: "upper" is ipc_server (instance %d)'
                              % (order.index("ipc_server") + 1),
                              "ipc_client: hello -> HELLO",
                              "ipc_client: inter-process -> INTER-PROCESS",
                              "ipc_client: communication -> COMMUNICATION"],
               f"three round trips ({' '.join(order)})", out)
        expect(client[4:] == ['ipc_client: discover "nobody": ENODEVICE',
                              'ipc_client: wait 100 ms for "nobody": ETIMEOUT',
                              "ipc_client: call to a dead id: ENODEVICE",
                              "ipc_client: done, 0 failures"], "error cases", out)
        server = app_lines(out, "ipc_server")
        expect(sum("from ipc_client" in l for l in server) == 3,
               "the server names its client through the identity driver", out)
        expect(server[-1] == "ipc_server: idle for 1 s after 3 requests: exiting",
               "the server exits when idle", out)


def ipc_keystore_bound():
    """With "keystore" bound to the keystore application, the imposter cannot take the
    name even though it starts first, and cannot read keyclient's key."""
    status, out = run("--set", "ipc-bind=keystore:keystore", "imposter", "keystore", "keyclient")
    expect_status(status, 0, out)
    imp = app_lines(out, "imposter")
    expect(imp[0] == 'imposter: register "keystore": FAIL', "policy refuses the imposter", out)
    expect(imp[-1] == "imposter: keyclient's key: refused", "another app's key is refused", out)
    expect('keystore: registered "keystore"' in app_lines(out, "keystore"),
           "the keystore registers", out)
    kc = app_lines(out, "keyclient")
    expect(kc == ['keyclient: "keystore" verified as application keystore',
                  "keyclient: key stored",
                  "keyclient: key read back: s3cr3t-k3y-0042 (match)"],
           "keyclient verifies the keystore, stores and reads back its key", out)
    expect("keystore: imposter: get: another application's key: denied"
           in app_lines(out, "keystore"), "the keystore denies by identity", out)
    expect("LEAKED" not in out, "no key leaks", out)


def ipc_keystore_unbound():
    """Without a binding the imposter wins the name (first come, first served), but
    keyclient's identity check catches it and the key is never sent."""
    status, out = run("imposter", "keystore", "keyclient")
    expect_status(status, 0, out)
    expect(app_lines(out, "imposter")[0] == 'imposter: register "keystore": SUCCESS',
           "the imposter takes the unbound name", out)
    expect(app_lines(out, "keystore")[0].startswith(
        'keystore: cannot register "keystore": EALREADY'), "the real keystore is too late", out)
    expect(app_lines(out, "keyclient") == [
        'keyclient: "keystore" is held by another application: not sending the key'],
        "keyclient refuses to talk to the imposter", out)
    expect("s3cr3t" not in out, "the key never leaves keyclient", out)


def ipc_streaming():
    """Relay message: 40 messages through two small slices, in order, allowlisted."""
    status, out = run("streamer", "subscriber")
    expect_status(status, 0, out)
    expect(app_lines(out, "subscriber") == [
        "subscriber: 40 messages in order and intact, end mark seen "
        "(a full buffer made the streamer wait)"], "every message arrives in order", out)
    expect(app_lines(out, "streamer") == [
        "streamer: sent 40 messages and the end mark (waited for a full buffer)"],
        "the streamer sees back pressure and retries", out)


def ipc_crash_recovery():
    """The server faults mid-request; under the restart policy the client gets ENODEVICE
    at once, waits for the name again, and finishes against the new instance."""
    status, out = run("--fault-policy", "restart", "crashy_server", "crashy_client")
    expect_status(status, 0, out)
    expect(out.count("---| App fault: crashy_server") == 1, "exactly one fault", out)
    expect(re.search(r"crashy_server: restarted \(id 1 -> \d+, restart 1\)", out),
           "restarted with a new id", out)
    srv = app_lines(out, "crashy_server")
    expect(srv.count('crashy_server: serving "crashy"') == 2, "registers again after restart", out)
    cli = app_lines(out, "crashy_client")
    expect(cli == ["crashy_client: request 1: 11 squared is 121",
                   "crashy_client: request 2: server gone (ENODEVICE), waiting for it again",
                   "crashy_client: server is back with a new id (instance changed)",
                   "crashy_client: request 2: 12 squared is 144",
                   "crashy_client: request 3: 13 squared is 169",
                   "crashy_client: done"], "client recovers", out)
    expect(re.search(r"crashy_server +id \d+ +exited 0 .* restarts 1", out),
           "the restarted server ends cleanly", out)


def ipc_crash_stop():
    """Under the stop policy the client gets ENODEVICE, then times out waiting."""
    status, out = run("crashy_server", "crashy_client")
    expect_status(status, 1, out)
    cli = app_lines(out, "crashy_client")
    expect(cli[1] == "crashy_client: request 2: server gone (ENODEVICE), waiting for it again",
           "ENODEVICE at once", out)
    expect(cli[-1] == "crashy_client: request 2 failed: ETIMEOUT", "the wait times out", out)


def ipc_rot13_legacy():
    """libtock-c's rot13 pair on legacy IPC: a shared buffer mapped into the service."""
    status, out = run("rot13_service", "rot13_client")
    expect_status(status, 0, out)
    expect(app_lines(out, "rot13_client") == ["12: Uryyb Jbeyq!", "12: Hello World!"] * 2,
           "four rot13 round trips over the shared buffer", out)
    expect(re.search(r"org\.tockos\.examples\.rot13 +id 1 +exited 0", out),
           "the service ran under its libtock-c package name", out)


def ipc_bench():
    """Relay-request ping-pong and relay-message streaming rates (board time), plus the
    counts, so the host rates can be computed from the run's wall time."""
    t0 = time.monotonic()
    status, out = run("ipc_bench_server", "ipc_bench_client")
    host_s = time.monotonic() - t0
    expect_status(status, 0, out)
    lines = app_lines(out, "ipc_bench_client")
    rt = re.fullmatch(r"ipc_bench_client: round trips: (\d+) in (\d+) us of board time: "
                      r"(\d+) per second", lines[0] if lines else "")
    msg = re.fullmatch(r"ipc_bench_client: messages: (\d+) of 16 bytes in (\d+) us of board "
                       r"time: (\d+) per second \(\d+ waits for a full buffer\)",
                       lines[1] if len(lines) > 1 else "")
    expect(rt and msg and lines[-1] == "ipc_bench_client: done", "benchmark output", out)
    expect(int(rt.group(1)) == 2000 and int(msg.group(1)) == 2000, "counts", out)
    expect("ipc_bench_server: 2000 pings echoed, 2000 messages received"
           in app_lines(out, "ipc_bench_server"), "the server saw everything", out)
    print(f"ipc bench: {rt.group(3)} round trips/s and {msg.group(3)} messages/s of board time; "
          f"whole run {host_s:.3f} s host time "
          f"(>= {int(rt.group(1)) / host_s:.0f} round trips/s of host time)")


def ipc_timeline():
    """IPC hops appear on the Perfetto timeline, linked from sender to receiver."""
    import json
    import os
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "trace.json")
        status, out = run("--trace-file", path, "ipc_server", "ipc_client")
        expect_status(status, 0, out)
        events = json.load(open(path))
    events = events["traceEvents"] if isinstance(events, dict) else events
    hops = [e for e in events if e.get("cat") == "ipc"]
    details = {e["args"]["detail"].split(" (")[0] for e in hops}
    expect(any(x.startswith("ipc: ipc_client(2) -> ipc_server(1): request") for x in details),
           "client -> server request on the timeline", str(sorted(details)))
    expect(any(x.startswith("ipc: ipc_server(1) -> ipc_client(2): response") for x in details),
           "server -> client response on the timeline", str(sorted(details)))
    # a hop between live processes is an arrow from the sender's track to the receiver's
    outgoing = {e["bind_id"] for e in hops if e.get("flow_out")}
    incoming = {e["bind_id"] for e in hops if e.get("flow_in")}
    expect(len(outgoing & incoming) >= 6, "requests and responses are arrows with both ends",
           str(hops[:6]))


SCENARIOS = {f.__name__: f for f in (
    ipc_basic, ipc_keystore_bound, ipc_keystore_unbound, ipc_streaming, ipc_crash_recovery,
    ipc_crash_stop, ipc_rot13_legacy, ipc_bench, ipc_timeline)}


if __name__ == "__main__":
    sys.exit(run_scenario.main(SCENARIOS, __doc__))

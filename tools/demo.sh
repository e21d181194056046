#!/bin/sh
# Build everything and run the demo boards: several apps, each its own emulated Cortex-M4
# process, running side by side on one kernel, their output interleaved line by line; then
# an IPC system (keystore, client, imposter).
set -eu
cd "$(dirname "$0")/.."
sh tools/bootstrap.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null

apps=build/apps
echo "== demo board: hello, blink, buttons, polite, busy, fault (virtual clock) =="
set +e
build/tools/tockemu --show-leds --board-time 3 \
    --press 0@500 --press 1@900+200 --press 0@1500 \
    $apps/hello.tbf $apps/blink.tbf $apps/buttons.tbf $apps/polite.tbf \
    $apps/busy.tbf $apps/fault.tbf
status=$?
set -e
echo "== board exit status $status (1 is expected here: 'busy' never ends and 'fault' faults on purpose) =="
[ "$status" -le 1 ]

echo
echo "== IPC: a keystore bound to its application, a client, and an imposter =="
build/tools/tockemu --set ipc-bind=keystore:keystore \
    $apps/keystore.tbf $apps/keyclient.tbf $apps/imposter.tbf
echo "== board exit status $? =="

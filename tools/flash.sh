#!/bin/sh
# Put a board flash image (built by tools/tabimage) on a board and, for QEMU, run it.
#
#   flash.sh [--board NAME] [--timeout SECONDS] [--openocd "ARGS"] [--address ADDR] IMAGE
#
# --board mps2-an386 (the default): runs IMAGE in qemu-system-arm's MPS2 AN386 with the
#     console (UART0) on standard input/output. The kernel ends the run through
#     semihosting once every app has ended, or nothing can wake them, with tockemu's exit
#     status (0 every app exited 0, 1 a fault, failure or deadlock, 2 no app loaded,
#     3 kernel panic); --timeout (default 60 s, 0 = none) stops it otherwise (status 124).
# --board nrf52840dk, or any other board with --openocd: writes IMAGE at ADDR (default
#     0x0) with openocd ("program IMAGE ADDR verify reset exit"). --openocd gives the
#     interface and target arguments for a board this script does not know.
set -eu

board=mps2-an386
timeout=60
openocd_args=""
address=0x0
image=""
while [ $# -gt 0 ]; do
    case "$1" in
        --board) board=$2; shift 2 ;;
        --timeout) timeout=$2; shift 2 ;;
        --openocd) openocd_args=$2; shift 2 ;;
        --address) address=$2; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "flash.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
        *) image=$1; shift ;;
    esac
done
if [ -z "$image" ] || [ ! -f "$image" ]; then
    echo "flash.sh: no image file given or '$image' does not exist (see --help)" >&2
    exit 2
fi

run_qemu() {
    machine=$1
    if ! command -v qemu-system-arm >/dev/null 2>&1; then
        echo "flash.sh: qemu-system-arm is not installed (Debian: apt-get install qemu-system-arm)" >&2
        exit 2
    fi
    set -- qemu-system-arm -M "$machine" -nographic -monitor none -serial stdio \
        -semihosting-config enable=on,target=native -kernel "$image"
    # -nographic would put the monitor on stdio too; the serial port alone is the console.
    if [ "$timeout" != 0 ]; then
        exec timeout -k 5 "$timeout" "$@"
    fi
    exec "$@"
}

case "$board" in
    mps2-an386) run_qemu mps2-an386 ;;
esac

if [ -z "$openocd_args" ]; then
    case "$board" in
        nrf52840dk) openocd_args="-f interface/jlink.cfg -c 'transport select swd' -f target/nrf52.cfg" ;;
        *) echo "flash.sh: unknown board '$board': give its openocd arguments with --openocd" >&2; exit 2 ;;
    esac
fi
if ! command -v openocd >/dev/null 2>&1; then
    echo "flash.sh: openocd is not installed (Debian: apt-get install openocd)" >&2
    exit 2
fi
eval "exec openocd $openocd_args -c 'program \"$image\" $address verify reset exit'"

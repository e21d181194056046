#!/bin/sh
# Install what building and testing need, from Debian's packages, when it is missing.
# As root it installs; otherwise it prints the exact command to run.
set -eu

# qemu-system-arm runs the Cortex-M board (boards/mps2-an386) in the tests; clang and its
# libFuzzer runtime (libclang-rt-dev) build the fuzz harnesses (tools/fuzz.sh, fuzz-smoke);
# openocd, for tools/flash.sh on real boards, is optional and not installed here.
# make, dpkg-dev (dpkg-source), xz-utils, curl and git build stock libtock-c and its newlib
# for the compat suite (tools/libtock_c.sh).
packages="libunicorn-dev libseccomp-dev liburing-dev libcunit1-dev meson ninja-build pkg-config \
libssl-dev gcc gcc-arm-none-eabi binutils-arm-none-eabi gdb-multiarch python3 qemu-system-arm \
clang libclang-rt-dev libpng-dev make dpkg-dev xz-utils curl git"

missing=""
for pkg in $packages; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    echo "bootstrap: installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
    echo "bootstrap: done"
else
    echo "bootstrap: these Debian packages are missing:$missing" >&2
    echo "bootstrap: install them with:" >&2
    echo "  sudo apt-get install$missing" >&2
    exit 1
fi

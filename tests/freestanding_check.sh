#!/bin/sh
# Compile every kernel (and IPC) source for a Cortex-M4 with no C library, as a board would.
# Usage: freestanding_check.sh ARM_GCC SOURCE_ROOT
set -u
cc=$1
root=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail=0
count=0
for src in "$root"/kernel/*.c "$root"/kernel/capsules/*.c "$root"/ipc/*.c; do
    [ -f "$src" ] || continue
    count=$((count + 1))
    if ! "$cc" -std=c11 -ffreestanding -nostdlib -mcpu=cortex-m4 -mthumb -Os \
        -Wall -Wextra -Werror -Wno-unused-parameter -I"$root/kernel/include" -I"$root/ipc" \
        -c "$src" -o "$out/$(basename "$src").o"; then
        echo "FAIL: $src does not build freestanding for cortex-m4"
        fail=1
    fi
done
echo "$count kernel sources compiled for cortex-m4 (freestanding)"
exit $fail

#!/usr/bin/env python3
"""tabwriter: write a Tock Application Bundle (TAB), the tar file tockloader installs:
metadata.toml, then one TBF per architecture named ARCH.tbf.

  tabwriter.py -o APP.tab [-n NAME] [--kernel-version MAJOR.MINOR]
               [--only-for-boards B1,B2] [--deterministic] --arch ARCH=FILE.tbf...

NAME and the kernel version default to the first TBF's Package Name and Kernel Version
TLVs. Each TBF is checked (version, sizes, header checksum) before it goes in. The build
date comes from SOURCE_DATE_EPOCH when set; --deterministic uses 1970-01-01 and zero owners
and times in the tar, so the same inputs always give the same bytes."""

import argparse
import datetime
import io
import os
import struct
import sys
import tarfile

KNOWN_ARCHS = ("cortex-m0", "cortex-m0plus", "cortex-m3", "cortex-m4", "cortex-m7",
               "cortex-m33", "rv32imc", "rv32imac", "rv32i")


class TbfError(Exception):
    pass


def parse_tbf(path, data):
    """Return (package name or None, (major, minor) or None) after checking the header."""
    if len(data) < 16:
        raise TbfError(f"{path}: {len(data)} bytes, too short for a TBF header")
    version, header_size, total_size, _flags, checksum = struct.unpack_from("<HHIII", data)
    if version != 2:
        raise TbfError(f"{path}: TBF version {version}, expected 2")
    if header_size < 16 or header_size > len(data) or header_size % 4:
        raise TbfError(f"{path}: bad header_size {header_size}")
    if total_size < header_size or total_size > len(data):
        raise TbfError(f"{path}: total_size {total_size} does not fit the file ({len(data)} bytes)")
    words = struct.unpack_from(f"<{header_size // 4}I", data)
    computed = 0
    for i, w in enumerate(words):
        if i != 3:
            computed ^= w
    if computed != checksum:
        raise TbfError(f"{path}: header checksum 0x{checksum:08x}, computed 0x{computed:08x}")
    name, kernel = None, None
    pos = 16
    while pos + 4 <= header_size:
        tlv_type, length = struct.unpack_from("<HH", data, pos)
        body = data[pos + 4:pos + 4 + length]
        if tlv_type == 3:
            name = body.decode("utf-8", "replace")
        elif tlv_type == 8 and length >= 4:
            kernel = struct.unpack_from("<HH", body)
        pos += 4 + (length + 3) // 4 * 4
    return name, kernel


def metadata_toml(name, kernel, boards, build_date):
    lines = ["tab-version = 1", f'name = "{name}"', f'only-for-boards = "{",".join(boards)}"']
    if kernel:
        lines.append(f'minimum-tock-kernel-version = "{kernel[0]}.{kernel[1]}"')
    lines.append("build-date = " + build_date.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return ("\n".join(lines) + "\n").encode()


def add_member(tar, name, data, mtime):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = mtime
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


def main(argv):
    ap = argparse.ArgumentParser(prog="tabwriter", description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", required=True, help="the .tab file to write")
    ap.add_argument("-n", "--name", help="package name (default: from the first TBF)")
    ap.add_argument("--kernel-version", help="minimum kernel MAJOR.MINOR (default: from the TBF)")
    ap.add_argument("--only-for-boards", default="", help="comma-separated board names")
    ap.add_argument("--deterministic", action="store_true", help="fixed dates and owners")
    ap.add_argument("--arch", action="append", default=[], metavar="ARCH=FILE",
                    help="a TBF built for ARCH (repeatable, one per architecture)")
    ap.add_argument("pairs", nargs="*", metavar="ARCH=FILE", help="same as --arch")
    args = ap.parse_args(argv)

    entries = []
    for pair in args.arch + args.pairs:
        arch, sep, path = pair.partition("=")
        if not sep or not arch or not path:
            ap.error(f"'{pair}' is not ARCH=FILE")
        if arch in (a for a, _, _ in entries):
            ap.error(f"architecture {arch} given twice")
        if arch not in KNOWN_ARCHS:
            print(f"tabwriter: note: '{arch}' is not an architecture tockloader knows "
                  f"({', '.join(KNOWN_ARCHS)})", file=sys.stderr)
        try:
            data = open(path, "rb").read()
            info = parse_tbf(path, data)
        except (OSError, TbfError) as e:
            print(f"tabwriter: {e}", file=sys.stderr)
            return 2
        entries.append((arch, data, info))
    if not entries:
        ap.error("no TBF given (--arch ARCH=FILE)")

    name = args.name or entries[0][2][0]
    if not name:
        ap.error("the TBF has no package name: give one with -n")
    kernel = entries[0][2][1]
    if args.kernel_version:
        major, _, minor = args.kernel_version.partition(".")
        kernel = (int(major), int(minor or 0))
    if args.deterministic:
        epoch = 0
    else:
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH", datetime.datetime.now().timestamp()))
    build_date = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc)
    boards = [b for b in args.only_for_boards.split(",") if b]

    with tarfile.open(args.output, "w", format=tarfile.USTAR_FORMAT) as tar:
        add_member(tar, "metadata.toml", metadata_toml(name, kernel, boards, build_date), epoch)
        for arch, data, _ in entries:
            add_member(tar, arch + ".tbf", data, epoch)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

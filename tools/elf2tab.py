#!/usr/bin/env python3
"""elf2tab.py: elf2tab's command line on top of this project's elf2tbf, so build systems
that call elf2tab (stock libtock-c) produce their TBFs and TAB with elf2tbf.

  elf2tab.py [OPTIONS] -o APP.tab ELF[,ARCH]...

Like elf2tab, each ELF becomes a TBF next to it (cortex-m4.elf -> cortex-m4.tbf), the
architecture is the ELF's file name without .elf unless ",ARCH" names it, and the TAB
holds one ARCH.tbf per ELF. Options elf2tab and elf2tbf share are passed on (elf2tab's
--write_id, --read_ids and --access_ids become elf2tbf's dashed names); options elf2tbf
has no equivalent for (signing, hashes, board lists) are refused with status 2.
The elf2tbf used is $ELF2TBF, else elf2tbf on PATH."""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import tabwriter  # noqa: E402  (the TAB writer next to this file)

VERSION = "0.13.0"   # the elf2tab version whose command line this follows

# elf2tab option -> elf2tbf option, for options that take a value
VALUE_OPTIONS = {
    "-n": "--package-name", "--package-name": "--package-name",
    "--stack": "--stack", "--app-heap": "--app-heap", "--kernel-heap": "--kernel-heap",
    "--kernel-major": "--kernel-major", "--kernel-minor": "--kernel-minor",
    "--protected-region-size": "--protected-region-size",
    "--permissions": "--permissions", "--app-version": "--app-version",
    "--short-id": "--short-id", "--minimum-footer-size": "--minimum-footer-size",
    "--write_id": "--write-id", "--read_ids": "--read-ids", "--access_ids": "--access-ids",
}
FLAG_OPTIONS = {"--disable": "--disabled", "-v": "--verbose", "--verbose": "--verbose",
                "--deterministic": None}


def usage_error(msg):
    print(f"elf2tab.py: {msg} (try --help)", file=sys.stderr)
    sys.exit(2)


def parse(argv):
    """Return (elf2tbf options, output .tab, [(elf, arch)], deterministic)."""
    options, inputs, output, deterministic = [], [], "TockApp.tab", False
    footer_given = False
    i = 0
    while i < len(argv):
        arg = argv[i]
        name, eq, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in ("-o", "--output-file") or name in VALUE_OPTIONS:
            if eq:
                value = inline
            elif i + 1 < len(argv):
                i += 1
                value = argv[i]
            else:
                usage_error(f"option '{name}' needs a value")
            if name in ("-o", "--output-file"):
                output = value
            else:
                options += [VALUE_OPTIONS[name], value]
                footer_given |= name == "--minimum-footer-size"
        elif name in FLAG_OPTIONS:
            if FLAG_OPTIONS[name]:
                options.append(FLAG_OPTIONS[name])
            deterministic |= name == "--deterministic"
        elif arg.startswith("-"):
            usage_error(f"option '{arg}' has no elf2tbf equivalent")
        else:
            elf, _, arch = arg.partition(",")
            arch = arch or os.path.splitext(os.path.basename(elf))[0]
            inputs.append((elf, arch))
        i += 1
    if not inputs:
        usage_error("no ELF file given")
    if not footer_given:
        options += ["--minimum-footer-size", "0"]   # elf2tab's default
    return options, output, inputs, deterministic


def main(argv):
    if argv[:1] in (["--version"], ["-V"]):
        print(f"elf2tab {VERSION} (elf2tbf)")
        return 0
    if argv[:1] in (["--help"], ["-h"]):
        print(__doc__)
        return 0
    options, output, inputs, deterministic = parse(argv)
    elf2tbf = os.environ.get("ELF2TBF", "elf2tbf")
    pairs = []
    for elf, arch in inputs:
        tbf = os.path.splitext(elf)[0] + ".tbf"
        status = subprocess.call([elf2tbf] + options + ["-o", tbf, elf])
        if status != 0:
            return status
        pairs += ["--arch", f"{arch}={tbf}"]
    return tabwriter.main(["-o", output] + (["--deterministic"] if deterministic else []) + pairs)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

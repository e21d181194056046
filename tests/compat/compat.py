#!/usr/bin/env python3
"""Compat suite: stock libtock-c examples on the emulated board, checked against what each
example's source says it prints or does. The tests are in examples.txt (format described
there); tools/libtock_c.sh builds the examples (cached).

  compat.py --tockemu PATH --elf2tbf PATH --out DIR [--cache DIR] [--manifest FILE]
            [--no-build] [--cpu CPU] [TEST...]
  compat.py --list [--manifest FILE]
  compat.py --self-test

Exit status: 0 every test passed, 1 a test failed or an example did not build, 2 a bad
manifest or command line, 77 (skip) when the toolchain or libtock-c's sources are missing."""

import argparse
import codecs
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CPUS = ("cortex-m0", "cortex-m4")
SKIP = 77


class ManifestError(Exception):
    pass


class Test:
    def __init__(self, name, where):
        self.name, self.where = name, where
        self.apps, self.args, self.stdin, self.status = [], [], "", 0
        self.cpus = list(CPUS)
        self.checks = []   # (kind, text): kind is line | match | never


def parse_manifest(path):
    """Return the tests of a manifest file; ManifestError names the file and line."""
    tests, test = [], None
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            where = f"{path}:{lineno}"
            key, _, value = line.strip().partition(" ")
            value = value.strip()
            if key == "test":
                if not re.fullmatch(r"[A-Za-z0-9_.+-]+", value):
                    raise ManifestError(f"{where}: test name '{value}' (letters, digits, _.+-)")
                if any(t.name == value for t in tests):
                    raise ManifestError(f"{where}: test '{value}' given twice")
                test = Test(value, where)
                tests.append(test)
                continue
            if test is None:
                raise ManifestError(f"{where}: '{key}' before the first 'test' line")
            if key == "apps":
                test.apps = value.split()
            elif key == "args":
                test.args = value.split()
            elif key == "stdin":
                try:
                    test.stdin += codecs.decode(value, "unicode_escape")
                except UnicodeDecodeError as e:
                    raise ManifestError(f"{where}: stdin '{value}': {e}") from None
            elif key == "status":
                if not re.fullmatch(r"\d+", value):
                    raise ManifestError(f"{where}: status '{value}' is not a number")
                test.status = int(value)
            elif key == "cpus":
                bad = [c for c in value.split() if c not in CPUS]
                if bad or not value:
                    raise ManifestError(f"{where}: cpus '{value}': expected some of {' '.join(CPUS)}")
                test.cpus = value.split()
            elif key in ("line", "match", "never"):
                if key != "line":
                    try:
                        re.compile(value)
                    except re.error as e:
                        raise ManifestError(f"{where}: {key} '{value}': bad regex: {e}") from None
                test.checks.append((key, value))
            else:
                raise ManifestError(f"{where}: unknown key '{key}' "
                                    "(test, apps, args, stdin, status, cpus, line, match, never)")
    for t in tests:
        if not t.apps:
            raise ManifestError(f"{t.where}: test '{t.name}' has no 'apps' line")
        if not any(kind != "never" for kind, _ in t.checks):
            raise ManifestError(f"{t.where}: test '{t.name}' expects no output line")
    return tests


def normalize(output):
    """tockemu's lines with the padding of the app prefix removed: '[app   ] x' -> '[app] x'."""
    return [re.sub(r"^\[([^\]]*?) +\]", r"[\1]", l) for l in output.splitlines()]


def check(test, status, lines):
    """Return None when the output meets the test's expectations, else what is wrong."""
    if status != test.status:
        return f"exit status {status}, expected {test.status}"
    pos = 0
    for kind, text in test.checks:
        if kind == "never":
            hit = next((l for l in lines if re.search(text, l)), None)
            if hit is not None:
                return f"line matching '{text}' must not appear, got: {hit}"
            continue
        ok = (lambda l: l.strip() == text) if kind == "line" else (lambda l: re.search(text, l))
        found = next((i for i in range(pos, len(lines)) if ok(lines[i])), None)
        if found is None:
            earlier = any(ok(l) for l in lines[:pos])
            return (f"expected {kind} '{text}'" +
                    (" (it appears, but before the previous expectation)" if earlier else ""))
        pos = found + 1
    return None


def run_test(test, cpu, tockemu, out_dir):
    argv = [tockemu, "--cpu", cpu] + test.args
    argv += [os.path.join(out_dir, app, cpu + ".tbf") for app in test.apps]
    try:
        proc = subprocess.run(argv, input=test.stdin.encode(), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=300)
    except subprocess.TimeoutExpired:
        return "tockemu still running after 300 s of host time", ""
    output = proc.stdout.decode("utf-8", "replace")
    return check(test, proc.returncode, normalize(output)), output


def build(tests, args):
    examples = sorted({a for t in tests for a in t.apps})
    cmd = ["sh", os.path.join(ROOT, "tools", "libtock_c.sh"), "--cache", args.cache,
           "--out", args.out, "--elf2tbf", args.elf2tbf] + examples
    return subprocess.call(cmd)


def main(argv):
    ap = argparse.ArgumentParser(prog="compat.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--manifest", default=os.path.join(HERE, "examples.txt"))
    ap.add_argument("--tockemu")
    ap.add_argument("--elf2tbf")
    ap.add_argument("--out", help="where the examples' TBFs go (TBFs: OUT/EXAMPLE/CPU.tbf)")
    ap.add_argument("--cache", help="libtock-c and newlib cache (default: $LIBTOCK_C_CACHE, "
                    "else libtock-c-cache next to OUT)")
    ap.add_argument("--no-build", action="store_true", help="use the TBFs already in OUT")
    ap.add_argument("--cpu", choices=CPUS, help="only this CPU")
    ap.add_argument("--list", action="store_true", help="list the tests")
    ap.add_argument("--self-test", action="store_true", help="check the runner itself")
    ap.add_argument("only", nargs="*", metavar="TEST", help="only these tests")
    args = ap.parse_args(argv)
    if args.self_test:
        return self_test()
    try:
        tests = parse_manifest(args.manifest)
    except (ManifestError, OSError) as e:
        print(f"compat: {e}", file=sys.stderr)
        return 2
    if args.list:
        print("\n".join(t.name for t in tests))
        return 0
    unknown = [n for n in args.only if n not in {t.name for t in tests}]
    if unknown:
        print(f"compat: no test named {', '.join(unknown)} in {args.manifest}", file=sys.stderr)
        return 2
    if not (args.tockemu and args.out and (args.elf2tbf or args.no_build)):
        ap.error("--tockemu, --out and --elf2tbf are needed to run the tests")
    tests = [t for t in tests if not args.only or t.name in args.only]
    args.out = os.path.abspath(args.out)
    args.cache = args.cache or os.environ.get("LIBTOCK_C_CACHE") or \
        os.path.join(os.path.dirname(args.out), "libtock-c-cache")

    if not args.no_build:
        if shutil.which("arm-none-eabi-gcc") is None:
            print("compat: SKIP: arm-none-eabi-gcc is not installed (sh tools/bootstrap.sh)")
            return SKIP
        status = build(tests, args)
        if status == 3:
            print("compat: SKIP: libtock-c or newlib sources are unavailable (offline?)")
            return SKIP
        if status != 0:
            print("compat: FAIL: building the examples failed (see above)")
            return 1

    passed, failures = 0, []
    for test in tests:
        for cpu in test.cpus if not args.cpu else [c for c in test.cpus if c == args.cpu]:
            problem, output = run_test(test, cpu, args.tockemu, args.out)
            if problem is None:
                passed += 1
                print(f"ok   {test.name} ({cpu})")
            else:
                failures.append(f"{test.name} ({cpu})")
                print(f"FAIL {test.name} ({cpu}) [{test.where}]: {problem}\n"
                      f"--- output ---\n{output}--- end ---")
    print(f"compat: {passed} passed, {len(failures)} failed" +
          (": " + ", ".join(failures) if failures else ""))
    return 1 if failures else 0


# ---- self-test: a wrong expectation must fail, a right one pass ------------------------

SELF_TEST_OUTPUT = ("[hello  ] one\n[hello  ] two\n[other] three\n"
                    "[board]   hello   id 1   exited 0\n")
SELF_TEST_CASES = [   # (manifest body after 'test t'/'apps hello', output status, passes?)
    ("line [hello] one\nline [hello] two", 0, True),
    ("match ^\\[other\\] th\nnever fault", 0, True),
    ("line [hello] two\nline [hello] one", 0, False),      # wrong order
    ("line [hello] three", 0, False),                      # a line that is not there
    ("line [hello] on", 0, False),                         # 'line' is the whole line
    ("line [hello] one\nnever ^\\[other\\]", 0, False),     # a line that must not appear
    ("line [hello] one", 1, False),                        # wrong exit status
    ("status 1\nline [hello] one", 1, True),
]
BAD_MANIFESTS = ["apps x\n", "test a\nline x\n", "test a\napps x\nbogus 1\nline x\n",
                 "test a\napps x\nmatch (\n", "test a\napps x\ncpus cortex-m7\nline x\n",
                 "test a\napps x\nnever y\n", "test a\napps x\nline y\ntest a\napps x\nline y\n"]


def self_test():
    failures = []
    with tempfile.TemporaryDirectory() as d:
        manifest = os.path.join(d, "m.txt")
        for body, status, want in SELF_TEST_CASES:
            with open(manifest, "w") as f:
                f.write("test t\napps hello\n" + body + "\n")
            got = check(parse_manifest(manifest)[0], status, normalize(SELF_TEST_OUTPUT)) is None
            if got != want:
                failures.append(f"expectations {body!r} with status {status}: "
                                f"{'passed' if got else 'failed'}, should have "
                                f"{'passed' if want else 'failed'}")
        for text in BAD_MANIFESTS:
            with open(manifest, "w") as f:
                f.write(text)
            try:
                parse_manifest(manifest)
                failures.append(f"manifest {text!r} was accepted")
            except ManifestError as e:
                if not re.match(re.escape(manifest) + r":\d+: ", str(e)):
                    failures.append(f"manifest {text!r}: error '{e}' does not name file:line")
        # The whole runner against a stand-in tockemu: exit 1 on a wrong expectation,
        # 0 on a right one, 2 on a bad manifest.
        fake = os.path.join(d, "tockemu")
        with open(fake, "w") as f:
            f.write("#!/bin/sh\nprintf '%s'\nexit 0\n" % SELF_TEST_OUTPUT.replace("%", "%%"))
        os.chmod(fake, 0o755)
        for body, want in (("line [hello] two", 0), ("line [hello] zwei", 1), ("bogus", 2)):
            with open(manifest, "w") as f:
                f.write("test t\napps hello\n" + body + "\n")
            proc = subprocess.run([sys.executable, os.path.abspath(__file__), "--manifest",
                                   manifest, "--tockemu", fake, "--out", d, "--no-build"],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            if proc.returncode != want:
                failures.append(f"runner with {body!r}: status {proc.returncode}, expected "
                                f"{want}\n{proc.stdout.decode()}")
    for f in failures:
        print("FAIL self-test:", f)
    print(f"compat self-test: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/bin/sh
# Build stock libtock-c examples for the emulated board: fetch libtock-c at a pinned commit,
# build a position-independent newlib from Debian's source (cached), compile the examples
# for cortex-m0 and cortex-m4 and convert them to TBFs with this project's elf2tbf.
set -eu

LIBTOCK_C_COMMIT=497ea7cf6273
LIBTOCK_C_URL=https://github.com/tock/libtock-c
NEWLIB_DEB_VERSION=3.3.0-1.3+deb12u1
NEWLIB_POOL=https://deb.debian.org/debian/pool/main/n/newlib
NEWLIB_ORIG_SHA256=58dd9e3eaedf519360d92d84205c3deef0b3fc286685d1c562e245914ef72c66
NEWLIB_DEBIAN_SHA256=4a53556637c7d996f7e3ea8265f103e3855cebf1519b5977aa14815467332730
# The directory names libtock-c looks for with arm-none-eabi-gcc 12 (Configuration.mk);
# when they exist, its download rules never run.
LIBTOCK_NEWLIB_DIR=libtock-newlib-4.3.0.20230120
LIBTOCK_LIBCPP_DIR=libtock-libc++-12.3.0
LIBCPP_GCC_VERSION=12.3.0
# libtock-c's own newlib configuration (libtock-c/newlib/build-arm.sh), built once per
# architecture without multilib, with the PIC flags Tock apps need.
NEWLIB_CONFIGURE="--disable-newlib-supplied-syscalls --disable-nls --enable-newlib-reent-small \
--disable-newlib-fvwrite-in-streamio --disable-newlib-fseek-optimization \
--disable-newlib-wide-orient --enable-newlib-nano-malloc --disable-newlib-unbuf-stream-opt \
--enable-lite-exit --enable-newlib-global-atexit --enable-newlib-nano-formatted-io \
--disable-multilib"
NEWLIB_CFLAGS="-g -Os -ffunction-sections -fdata-sections -fPIC -msingle-pic-base \
-mpic-register=r9 -mno-pic-data-is-text-relative -mthumb -mfloat-abi=soft"
# architecture name in libtock-c's lib/ layout, and the compiler flags selecting it
NEWLIB_ARCHS="v6-m:-mcpu=cortex-m0:-march=armv6s-m v7e-m:-mcpu=cortex-m4:-march=armv7e-m"

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${LIBTOCK_C_CACHE:-$root/build/libtock-c-cache}
out=""
elf2tbf=$root/build/tools/elf2tbf
deps=$root/../shared/deps
jobs=$(nproc 2>/dev/null || echo 2)

usage() {
    cat <<EOF
Usage: tools/libtock_c.sh [OPTIONS] EXAMPLE...

Build stock libtock-c examples (paths under libtock-c's examples/, e.g. c_hello or
tests/console) for cortex-m0 and cortex-m4, and write each one's TBFs as
OUT/EXAMPLE/cortex-m0.tbf and OUT/EXAMPLE/cortex-m4.tbf (with the ELFs next to them).
With no EXAMPLE, build every example named in tests/compat/examples.txt.

  --cache DIR     where libtock-c, the PIC newlib and the compiled examples are kept
                  (default: \$LIBTOCK_C_CACHE, else build/libtock-c-cache); several build
                  directories can share one
  --out DIR       where the TBFs go (default: CACHE/tbf)
  --elf2tbf PATH  the elf2tbf to convert with (default: build/tools/elf2tbf)
  --deps DIR      offline sources (default: ../shared/deps seen from the project root);
                  when absent, libtock-c comes from git and newlib from Debian's archive
  -j N            parallel jobs (default: $jobs)
  -h, --help      this text

libtock-c $LIBTOCK_C_COMMIT; newlib $NEWLIB_DEB_VERSION (Debian) built as $LIBTOCK_NEWLIB_DIR.
C++ examples are not supported: libstdc++ and libsupc++ are empty stand-ins.
Exit status: 0 built, 1 a build failed, 2 bad usage, 3 sources unavailable.
EOF
}

die() { echo "libtock_c: $*" >&2; exit 1; }
say() { echo "libtock_c: $*"; }

while [ $# -gt 0 ]; do
    case $1 in
        --cache) cache=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --elf2tbf) elf2tbf=$2; shift 2 ;;
        --deps) deps=$2; shift 2 ;;
        -j) jobs=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        --) shift; break ;;
        -*) echo "libtock_c: unknown option '$1' (try --help)" >&2; exit 2 ;;
        *) break ;;
    esac
done
[ -n "$out" ] || out=$cache/tbf
if [ $# -eq 0 ]; then
    # every example the compat manifest names ("apps" lines)
    set -- $(sed -n 's/^ *apps  *//p' "$root/tests/compat/examples.txt" | tr ' ' '\n' | sort -u)
fi

command -v arm-none-eabi-gcc >/dev/null || die "arm-none-eabi-gcc not found (sh tools/bootstrap.sh)"
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
case $elf2tbf in /*) ;; *) elf2tbf=$(pwd)/$elf2tbf ;; esac

# One build at a time per cache (the debug and sanitizer builds may share it).
exec 9>"$cache/.lock"
flock 9

sha256() { sha256sum "$1" | cut -d' ' -f1; }

# ---- sources ------------------------------------------------------------------------

fetch_newlib_source() {   # into $cache/src: the three files of Debian's source package
    dir=$cache/src
    mkdir -p "$dir"
    for f in newlib_3.3.0.orig.tar.gz "newlib_$NEWLIB_DEB_VERSION.debian.tar.xz" \
             "newlib_$NEWLIB_DEB_VERSION.dsc"; do
        [ -f "$dir/$f" ] && continue
        if [ -f "$deps/$f" ]; then
            cp "$deps/$f" "$dir/$f"
        else
            say "downloading $NEWLIB_POOL/$f"
            curl -fsSL -o "$dir/$f.part" "$NEWLIB_POOL/$f" ||
                { echo "libtock_c: cannot download $NEWLIB_POOL/$f" >&2; exit 3; }
            mv "$dir/$f.part" "$dir/$f"
        fi
    done
    [ "$(sha256 "$dir/newlib_3.3.0.orig.tar.gz")" = "$NEWLIB_ORIG_SHA256" ] ||
        die "$dir/newlib_3.3.0.orig.tar.gz: sha256 is not $NEWLIB_ORIG_SHA256"
    [ "$(sha256 "$dir/newlib_$NEWLIB_DEB_VERSION.debian.tar.xz")" = "$NEWLIB_DEBIAN_SHA256" ] ||
        die "$dir/newlib_$NEWLIB_DEB_VERSION.debian.tar.xz: sha256 is not $NEWLIB_DEBIAN_SHA256"
}

# The cache key: everything that changes the built newlib.
newlib_key() {
    printf '%s\n' "$NEWLIB_ORIG_SHA256" "$NEWLIB_DEBIAN_SHA256" "$NEWLIB_CONFIGURE" \
        "$NEWLIB_CFLAGS" "$NEWLIB_ARCHS" "$(arm-none-eabi-gcc -dumpfullversion)" |
        sha256sum | cut -c1-16
}

build_newlib() {   # $1: install dir (the libtock-newlib layout)
    install=$1
    fetch_newlib_source
    work=$cache/newlib-work
    rm -rf "$work"
    mkdir -p "$work"
    say "unpacking newlib $NEWLIB_DEB_VERSION (with Debian's patches)"
    (cd "$work" && dpkg-source -q -x "$cache/src/newlib_$NEWLIB_DEB_VERSION.dsc" src >/dev/null 2>&1) ||
        die "dpkg-source could not unpack $cache/src/newlib_$NEWLIB_DEB_VERSION.dsc"
    for spec in $NEWLIB_ARCHS; do
        arch=${spec%%:*}
        flags=$(echo "${spec#*:}" | tr ':' ' ')
        say "building newlib for $arch ($flags): several minutes, log in $work/$arch.log"
        mkdir -p "$work/$arch"
        # shellcheck disable=SC2086
        (cd "$work/$arch" &&
         ../src/configure --target=arm-none-eabi --prefix="$work/$arch-install" $NEWLIB_CONFIGURE &&
         make -j"$jobs" all-target-newlib CFLAGS_FOR_TARGET="$NEWLIB_CFLAGS $flags" &&
         make install-target-newlib) >"$work/$arch.log" 2>&1 ||
            die "newlib build for $arch failed: see $work/$arch.log"
        mkdir -p "$install/arm/arm-none-eabi/lib/thumb/$arch/nofp"
        cp "$work/$arch-install/arm-none-eabi/lib/libc.a" "$work/$arch-install/arm-none-eabi/lib/libm.a" \
            "$install/arm/arm-none-eabi/lib/thumb/$arch/nofp/"
        [ -d "$install/arm/arm-none-eabi/include" ] ||
            cp -r "$work/$arch-install/arm-none-eabi/include" "$install/arm/arm-none-eabi/include"
    done
    rm -rf "$work"
}

ensure_newlib() {   # sets $newlib to the cached PIC newlib
    newlib=$cache/newlib-$(newlib_key)/$LIBTOCK_NEWLIB_DIR
    if [ -f "$newlib/.complete" ]; then
        say "PIC newlib: cached ($newlib)"
        return
    fi
    rm -rf "$newlib" "$newlib.tmp"
    mkdir -p "$(dirname "$newlib")"
    build_newlib "$newlib.tmp"
    touch "$newlib.tmp/.complete"
    mv "$newlib.tmp" "$newlib"
    say "PIC newlib: built ($newlib)"
}

ensure_libtock_c() {   # sets $tree to the libtock-c checkout in the cache
    tree=$cache/libtock-c-$LIBTOCK_C_COMMIT
    if [ -f "$tree/.complete" ]; then
        return
    fi
    rm -rf "$tree" "$tree.tmp"
    tarball=$deps/libtock-c-$(echo "$LIBTOCK_C_COMMIT" | cut -c1-8).tar.gz
    if [ -f "$tarball" ]; then
        say "unpacking $tarball"
        mkdir -p "$tree.tmp"
        tar -xzf "$tarball" -C "$tree.tmp" --strip-components=1
    else
        say "cloning $LIBTOCK_C_URL at $LIBTOCK_C_COMMIT"
        { git clone -q --filter=blob:none --no-checkout "$LIBTOCK_C_URL" "$tree.tmp" &&
          git -C "$tree.tmp" -c advice.detachedHead=false checkout -q "$LIBTOCK_C_COMMIT"; } ||
            { echo "libtock_c: cannot fetch $LIBTOCK_C_URL (offline? put $tarball in place)" >&2
              exit 3; }
    fi
    touch "$tree.tmp/.complete"
    mv "$tree.tmp" "$tree"
}

# libtock-c's lib/ as its build expects it: our PIC newlib, and for libc++ empty
# libstdc++/libsupc++ archives plus Debian's libgcc (enough for C apps).
prepare_lib_dir() {
    ln -sfn "$newlib" "$tree/lib/$LIBTOCK_NEWLIB_DIR"
    libcpp=$tree/lib/$LIBTOCK_LIBCPP_DIR
    [ -f "$libcpp/.complete" ] && return
    for spec in $NEWLIB_ARCHS; do
        arch=${spec%%:*}
        cpu=$(echo "$spec" | cut -d: -f2)
        mkdir -p "$libcpp/arm/arm-none-eabi/lib/thumb/$arch/nofp" \
                 "$libcpp/arm/lib/gcc/arm-none-eabi/$LIBCPP_GCC_VERSION/thumb/$arch/nofp"
        for lib in libstdc++.a libsupc++.a; do
            rm -f "$libcpp/arm/arm-none-eabi/lib/thumb/$arch/nofp/$lib"
            arm-none-eabi-ar rc "$libcpp/arm/arm-none-eabi/lib/thumb/$arch/nofp/$lib"
        done
        cp "$(arm-none-eabi-gcc "$cpu" -mthumb -mfloat-abi=soft -print-libgcc-file-name)" \
           "$libcpp/arm/lib/gcc/arm-none-eabi/$LIBCPP_GCC_VERSION/thumb/$arch/nofp/libgcc.a"
    done
    mkdir -p "$libcpp/arm/arm-none-eabi/include/c++/$LIBCPP_GCC_VERSION"
    touch "$libcpp/.complete"
}

# libtock-c calls elf2tab: ours is tools/elf2tab.py on elf2tbf, first on PATH.
prepare_elf2tab() {
    [ -x "$elf2tbf" ] || die "$elf2tbf: no elf2tbf there (build it: ninja -C build, or --elf2tbf PATH)"
    mkdir -p "$cache/bin"
    ln -sfn "$root/tools/elf2tab.py" "$cache/bin/elf2tab"
    PATH=$cache/bin:$PATH
    ELF2TBF=$elf2tbf
    export PATH ELF2TBF
}

build_example() {   # $1: path under examples/
    ex=$1
    dir=$tree/examples/$ex
    [ -f "$dir/Makefile" ] || die "example '$ex': no $dir/Makefile"
    name=$(basename "$ex")
    log=$cache/logs/$(echo "$ex" | tr / _).log
    mkdir -p "$cache/logs" "$out/$ex"
    # the TAB is always made again, so the TBFs come from this elf2tbf
    rm -f "$dir"/build/*.tab
    if ! make -C "$dir" -j"$jobs" TOCK_TARGETS="cortex-m0 cortex-m4" >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        echo "libtock_c: example $ex: build failed (log: $log)" >&2
        return 1
    fi
    for cpu in cortex-m0 cortex-m4; do
        cp "$dir/build/$cpu/$cpu.elf" "$dir/build/$cpu/$cpu.tbf" "$out/$ex/"
    done
    cp "$dir"/build/*.tab "$out/$ex/$name.tab"
}

ensure_newlib
ensure_libtock_c
prepare_lib_dir
prepare_elf2tab
built=0
failed=""
for ex in "$@"; do
    if build_example "$ex"; then
        built=$((built + 1))
        say "built $ex"
    else
        failed="$failed $ex"
    fi
done
say "$built of $# examples built for cortex-m0 and cortex-m4 in $out${failed:+; failed:$failed}"
[ -z "$failed" ]

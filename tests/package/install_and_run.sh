#!/usr/bin/env bash
# install_and_run.sh BUILD_DIR [TEST] - CTest test "package": builds the
# Debian package with cpack from BUILD_DIR, checks its control fields and
# files, unpacks it into a scratch root (dpkg -x) and runs the unpacked
# exim-runtest on TEST (default 3650), which must pass; a copy of runtest
# away from any suite must fail with a clear message. Everything it creates
# is under one scratch directory, removed on exit.
# Then the same with `cmake --install --prefix`.
# Exit 0 passed, 1 failed, 77 skipped (not root, or no dpkg-deb/dpkg-shlibdeps).
set -uo pipefail
build=$(cd "${1:?usage: install_and_run.sh BUILD_DIR [TEST]}" && pwd)
test_number=${2:-3650}

fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in cpack dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool not installed (dpkg-dev)" >&2; exit 77; }
done
[ "$(id -u)" -eq 0 ] || { echo "SKIP: runtest needs root to run Exim tests" >&2; exit 77; }
[ -f "$build/CPackConfig.cmake" ] || fail "$build/CPackConfig.cmake missing: no packaging rules"

scratch=$(mktemp -d /tmp/harness-package.XXXXXX) || fail "mktemp"
trap 'rm -rf "$scratch"' EXIT
chmod 0711 "$scratch"  # the run directories below it are entered by Exim's user

# 1. The package.
(cd "$scratch" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$scratch/pkg") >"$scratch/cpack.log" 2>&1 ||
  { cat "$scratch/cpack.log" >&2; fail "cpack -G DEB failed"; }
shopt -s nullglob
debs=("$scratch"/pkg/*.deb)
[ ${#debs[@]} -eq 1 ] || { cat "$scratch/cpack.log" >&2; fail "expected one .deb, got ${#debs[@]}"; }
deb=${debs[0]}
echo "package: $(basename "$deb")"

# 2. Its control fields: Exim with the dovecot authenticator, shared-library
#    dependencies from dpkg-shlibdeps, dovecot-core recommended.
depends=$(dpkg-deb --field "$deb" Depends)
echo "Depends: $depends"
[[ "$depends" == *exim4-daemon-heavy* ]] || fail "Depends lacks exim4-daemon-heavy"
[[ "$depends" == *libc6* ]] || fail "Depends lacks libc6 (dpkg-shlibdeps not run?)"
[[ "$(dpkg-deb --field "$deb" Recommends)" == *dovecot-core* ]] || fail "Recommends lacks dovecot-core"
[ "$(dpkg-deb --field "$deb" Package)" = exim-test-harness ] || fail "package name"

# 3. Unpacked into a scratch root.
root=$scratch/root
dpkg -x "$deb" "$root" || fail "dpkg -x"
for f in usr/lib/exim-test-harness/bin/runtest usr/lib/exim-test-harness/bin/fake_dovecot \
         usr/lib/exim-test-harness/bin/client usr/lib/exim-test-harness/bin/authstring \
         "usr/share/exim-test-harness/scripts/3650-Dovecot/$test_number" \
         "usr/share/exim-test-harness/confs/$test_number" usr/share/exim-test-harness/confs/prelude \
         "usr/share/exim-test-harness/expected/log/$test_number" usr/bin/exim-runtest usr/bin/exim-authstring; do
  [ -e "$root/$f" ] || fail "the package has no /$f"
done
[ -L "$root/usr/bin/exim-runtest" ] || fail "/usr/bin/exim-runtest is not a symlink"

plain=$("$root/usr/bin/exim-authstring" plain userx secret) || fail "exim-authstring failed"
[ "$plain" = AHVzZXJ4AHNlY3JldA== ] || fail "exim-authstring plain userx secret gave '$plain'"

# 4. The unpacked runtest, run through its symlink from an unrelated
#    directory: its suite and fake_dovecot must be the unpacked ones. The
#    Exim probe cache goes to the scratch directory too.
mkdir -p "$scratch/work" "$scratch/cwd" "$scratch/probe-cache"
export HARNESS_PROBE_CACHE_DIR=$scratch/probe-cache
out=$(cd "$scratch/cwd" && "$root/usr/bin/exim-runtest" --color=never --work-dir "$scratch/work" "$test_number" 2>&1)
status=$?
echo "$out"
[ $status -eq 0 ] || fail "installed runtest $test_number exited $status"
grep -q "^$test_number[/ ].*PASS" <<<"$out" || fail "no PASS line for $test_number"

# 5. A copy of runtest with no suite near it says so (exit 2), instead of
#    running a compiled-in path.
mkdir -p "$scratch/lonely/bin"
cp "$root/usr/lib/exim-test-harness/bin/runtest" "$scratch/lonely/bin/runtest"
out=$("$scratch/lonely/bin/runtest" "$test_number" 2>&1)
status=$?
[ $status -eq 2 ] || fail "a copy without a suite exited $status: $out"
grep -q "no test suite found" <<<"$out" || fail "a copy without a suite said: $out"
# 6. cmake --install into another prefix: the same tree, run from there.
prefix=$scratch/prefix
cmake --install "$build" --prefix "$prefix" >"$scratch/install.log" 2>&1 ||
  { cat "$scratch/install.log" >&2; fail "cmake --install --prefix $prefix failed"; }
out=$("$prefix/bin/exim-runtest" --color=never --work-dir "$scratch/work" "$test_number" 2>&1)
status=$?
echo "$out"
[ $status -eq 0 ] || fail "runtest installed with cmake --install exited $status"

echo "PASS: package built, unpacked and test $test_number passed from it"

# Deployment: the systemd unit verifies (and the check would catch a broken one), it keeps the
# settings the watchdog depends on, kiosk/install is sound, and `cmake --install` lays out a
# prefix the installed kiosk can run from.
set(DEPLOY_DIR ${CMAKE_BINARY_DIR}/deploy)
set(DEPLOY_PREFIX ${DEPLOY_DIR}/prefix)
set(UNIT ${CMAKE_SOURCE_DIR}/kiosk/ess-kiosk.service)
set(INSTALL_SCRIPT ${CMAKE_SOURCE_DIR}/kiosk/install)

# Scripts as files: pipelines and loops do not fit add_test arguments.
file(WRITE ${DEPLOY_DIR}/verify_unit.sh [=[
# systemd-analyze verify, strictly: exit status 0 is not enough, since an unknown key or a bad
# value ("Type=notfy") is only warned about and then ignored. Any message about this unit fails.
# verify also requires ExecStart's program to exist: without cage on this machine, that one
# path is swapped for an existing program, the rest of the unit stays as written.
# Usage: verify_unit.sh UNIT WORK_DIR    (exit 77: systemd-analyze is missing, test skipped)
unit=$1 work=$2
command -v systemd-analyze >/dev/null || { echo "systemd-analyze not found: skipped"; exit 77; }
rm -rf "$work" && mkdir -p "$work" || exit 1
copy=$work/ess-kiosk.service
if [ -x /usr/bin/cage ]; then
    cp "$unit" "$copy"
else
    stand_in=$(type -P true)
    echo "note: /usr/bin/cage is not installed here; verifying with $stand_in in its place"
    sed "s|^ExecStart=/usr/bin/cage |ExecStart=$stand_in |" "$unit" > "$copy"
fi
out=$(systemd-analyze verify --man=no --recursive-errors=no "$copy" 2>&1)
status=$?
# Messages about other units (this machine's own) are not ours to judge.
mine=$(printf '%s\n' "$out" | grep -v '^$' |
    grep -Ev '^(/[^ :]*/)?[-A-Za-z0-9@._]+\.(service|socket|target|mount|automount|swap|slice|device|path|timer|scope)[: ]' ;
    printf '%s\n' "$out" | grep 'ess-kiosk\.service')
mine=$(printf '%s\n' "$mine" | grep -v '^$' | sort -u)
[ -z "$out" ] || printf '%s\n' "$out"
[ "$status" -eq 0 ] || { echo "systemd-analyze verify failed (exit status $status)" >&2; exit 1; }
[ -z "$mine" ] || { echo "systemd-analyze verify complained about the unit" >&2; exit 1; }
echo "verified: $unit"
]=])

file(WRITE ${DEPLOY_DIR}/verify_catches_mistakes.sh [=[
# The strict verify above must fail on real mistakes, or it proves nothing. Each edit breaks the
# unit one way; each must be caught. Usage: verify_catches_mistakes.sh VERIFY_SH UNIT WORK_DIR
verify=$1 unit=$2 work=$3
command -v systemd-analyze >/dev/null || { echo "systemd-analyze not found: skipped"; exit 77; }
mkdir -p "$work" || exit 1
failures=0
try() { # NAME SED_EXPRESSION
    broken=$work/$1.service
    sed "$2" "$unit" > "$broken"
    if cmp -s "$unit" "$broken"; then
        echo "FAIL $1: the edit '$2' changed nothing (the unit changed: update this test)"
        failures=$((failures + 1))
    elif bash "$verify" "$broken" "$work/$1" > "$work/$1.log" 2>&1; then
        echo "FAIL $1: not caught"; sed 's/^/    /' "$work/$1.log"
        failures=$((failures + 1))
    else
        echo "ok   $1: $(grep -v '^note:' "$work/$1.log" | head -1)"
    fi
}
try misspelt-type        's/^Type=notify$/Type=notfy/'
try unknown-key          's/^WatchdogSec=30$/WatchdogSecs=30/'
try bad-time             's/^RestartSec=1$/RestartSec=one/'
try bad-restart          's/^Restart=always$/Restart=sometimes/'
try missing-program      's|^ExecStart=/usr/bin/cage |ExecStart=/nonexistent/cage |'
try no-exec-start        's/^ExecStart=/#ExecStart=/'
try misspelt-section     's/^\[Service\]$/[Servce]/'
try bad-address-family   's/^RestrictAddressFamilies=AF_UNIX AF_NETLINK$/RestrictAddressFamilies=AF_UNIX AF_NETLNK/'
[ "$failures" -eq 0 ]
]=])

file(WRITE ${DEPLOY_DIR}/unit_keeps_watchdog.sh [=[
# What makes Type=notify and the watchdog work under cage, where the app is cage's child: keep
# these, and never add PAMName= (the app would land in a session scope and its READY=1 and
# WATCHDOG=1 would be dropped: the kiosk would restart every 30 s). Usage: unit_keeps_watchdog.sh UNIT
unit=$1
failures=0
need() { grep -qx "$1" "$unit" || { echo "missing: $1 ($2)"; failures=$((failures + 1)); }; }
need 'Type=notify' 'ready once the first frame is drawn'
need 'NotifyAccess=all' 'the messages come from cage'"'"'s child'
need 'WatchdogSec=30' 'a frozen kiosk is restarted'
need 'UnsetEnvironment=WATCHDOG_PID' 'else sd_watchdog_enabled() in the child says no'
need 'Restart=always' 'never stay dark'
need 'RestartSec=1' 'back within two seconds'
need 'StartLimitIntervalSec=0' 'no start limit'
need 'User=ess-kiosk' 'not root'
need 'StateDirectory=ess-kiosk' 'the data folder'
grep -q '^ExecStart=/usr/bin/cage ' "$unit" || { echo "missing: ExecStart=/usr/bin/cage ..."; failures=$((failures + 1)); }
if grep -q '^PAMName=' "$unit"; then
    echo "PAMName= is set: with it, NotifyAccess=all does not reach the app (systemd.exec(5))"
    failures=$((failures + 1))
fi
[ "$failures" -eq 0 ] && echo "the unit keeps what the watchdog needs"
]=])

file(WRITE ${DEPLOY_DIR}/refuses_non_root.sh [=[
# kiosk/install run by an ordinary user stops at once, saying why, and changes nothing. As
# root, the script is run as "nobody" from a copy anyone can read (a checkout in a private home
# would not be). Usage: refuses_non_root.sh INSTALL_SCRIPT WORK_DIR
script=$1 work=$2
rm -rf "$work" && mkdir -p "$work/kiosk" && cp "$script" "$work/kiosk/install" && chmod -R a+rX "$work" || exit 1
if [ "$(id -u)" -eq 0 ]; then
    out=$(setpriv --reuid=65534 --regid=65534 --clear-groups -- "$work/kiosk/install" --no-start 2>&1)
else
    out=$("$work/kiosk/install" --no-start 2>&1)
fi
status=$?
printf '%s\n' "$out"
[ "$status" -eq 1 ] || { echo "expected exit status 1, got $status" >&2; exit 1; }
printf '%s\n' "$out" | grep -q "must run as root: sudo" || { echo "expected the message to say: run as root with sudo" >&2; exit 1; }
]=])

file(WRITE ${DEPLOY_DIR}/cmake_install.sh [=[
# cmake --install into an empty prefix puts every file where the apps and systemd look, and
# writes that prefix into the unit. Usage: cmake_install.sh BUILD_DIR PREFIX
build=$1 prefix=$2
rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" > "$prefix.log" 2>&1 || { cat "$prefix.log"; echo "cmake --install failed" >&2; exit 1; }
failures=0
expect() { # TEST PATH
    test "$1" "$prefix/$2" || { echo "missing: $prefix/$2"; failures=$((failures + 1)); }
}
expect -x bin/ess-kiosk
expect -x bin/ess-tally
expect -f share/ess-kiosk/content/exposition.toml
expect -f share/ess-kiosk/content/agir.toml
expect -d share/ess-kiosk/content/mutations
expect -d share/ess-kiosk/assets/illustrations
expect -f lib/systemd/system/ess-kiosk.service
expect -f share/doc/ess-kiosk/ess-kiosk.toml
expect -f share/doc/ess-kiosk/GUIDE.md
ls "$prefix"/share/ess-kiosk/assets/illustrations/*.png > /dev/null 2>&1 || { echo "no illustrations installed"; failures=$((failures + 1)); }
unit=$prefix/lib/systemd/system/ess-kiosk.service
if [ -f "$unit" ]; then
    grep -q "^ExecStart=/usr/bin/cage -s -- $prefix/bin/ess-kiosk --kiosk --config /etc/ess-kiosk/ess-kiosk.toml --content $prefix/share/ess-kiosk/content --assets $prefix/share/ess-kiosk/assets\$" "$unit" ||
        { echo "the installed unit does not run $prefix/bin/ess-kiosk on $prefix/share/ess-kiosk:"; grep '^ExecStart=' "$unit"; failures=$((failures + 1)); }
    ! grep -n '/usr/local/' "$unit" || { echo "the installed unit still names /usr/local/"; failures=$((failures + 1)); }
fi
[ "$failures" -eq 0 ] && echo "installed as expected in $prefix"
]=])

add_test(NAME deploy_unit_verify COMMAND bash ${DEPLOY_DIR}/verify_unit.sh ${UNIT} ${DEPLOY_DIR}/verify)
add_test(NAME deploy_unit_verify_catches_mistakes
    COMMAND bash ${DEPLOY_DIR}/verify_catches_mistakes.sh ${DEPLOY_DIR}/verify_unit.sh ${UNIT} ${DEPLOY_DIR}/broken)
set_tests_properties(deploy_unit_verify deploy_unit_verify_catches_mistakes PROPERTIES SKIP_RETURN_CODE 77)
add_test(NAME deploy_unit_keeps_watchdog_working COMMAND bash ${DEPLOY_DIR}/unit_keeps_watchdog.sh ${UNIT})

add_test(NAME deploy_install_script_syntax COMMAND bash -n ${INSTALL_SCRIPT})
find_program(SHELLCHECK shellcheck)
if(SHELLCHECK)
    add_test(NAME deploy_install_script_shellcheck COMMAND ${SHELLCHECK} ${INSTALL_SCRIPT})
    # kiosk/test-systemd itself is too slow for the suite (a container, root, the network): read it.
    add_test(NAME deploy_test_systemd_shellcheck
        COMMAND ${SHELLCHECK} ${CMAKE_SOURCE_DIR}/kiosk/test-systemd ${CMAKE_SOURCE_DIR}/tests/systemd/checks.sh)
endif()
# kiosk/test-systemd proves the real unit only if its drop-in changes nothing but what a
# container without a screen needs: the headless backend and no tty on stdin.
file(WRITE ${DEPLOY_DIR}/test_dropin_only_headless.sh [=[
# Usage: test_dropin_only_headless.sh DROP_IN
settings=$(grep -Ev '^[[:space:]]*(#|$|\[Service\]$)' "$1")
keys=$(printf '%s\n' "$settings" | sed 's/=.*//' | sort | tr '\n' ' ')
[ "$keys" = "Environment StandardInput " ] || { echo "the test drop-in sets: $keys(expected one Environment= and one StandardInput=)"; exit 1; }
grep -qx 'Environment=WLR_BACKENDS=headless WLR_RENDERER=pixman' "$1" || { echo "unexpected Environment= in $1"; exit 1; }
grep -qx 'StandardInput=null' "$1" || { echo "unexpected StandardInput= in $1"; exit 1; }
echo "the test drop-in changes only: $keys"
]=])
add_test(NAME deploy_test_systemd_dropin_only_headless
    COMMAND bash ${DEPLOY_DIR}/test_dropin_only_headless.sh ${CMAKE_SOURCE_DIR}/tests/systemd/test-headless.conf)
# cage 0.1.4 exits at once without /usr/bin/Xwayland: the service would restart for ever on a
# dark screen. The packages the install script brings for running must include both.
file(WRITE ${DEPLOY_DIR}/brings_cage_and_xwayland.sh [=[
# Usage: brings_cage_and_xwayland.sh INSTALL_SCRIPT
eval "$(grep '^runtime_packages=' "$1")"
for p in cage xwayland seatd; do
    printf '%s\n' "${runtime_packages[@]}" | grep -qx "$p" || { echo "kiosk/install does not install $p"; exit 1; }
done
echo "kiosk/install brings ${runtime_packages[*]}"
]=])
add_test(NAME deploy_install_brings_cage_and_xwayland COMMAND bash ${DEPLOY_DIR}/brings_cage_and_xwayland.sh ${INSTALL_SCRIPT})
# Reading aloud needs espeak-ng's library and its voices at run time, not its -dev package.
file(WRITE ${DEPLOY_DIR}/brings_espeak.sh [=[
# Usage: brings_espeak.sh INSTALL_SCRIPT
eval "$(grep '^runtime_packages=' "$1")"
for p in libespeak-ng1 espeak-ng-data; do
    printf '%s\n' "${runtime_packages[@]}" | grep -qx "$p" || { echo "kiosk/install does not install $p"; exit 1; }
done
echo "kiosk/install brings libespeak-ng1 and espeak-ng-data"
]=])
add_test(NAME deploy_install_brings_espeak COMMAND bash ${DEPLOY_DIR}/brings_espeak.sh ${INSTALL_SCRIPT})
add_test(NAME deploy_install_script_help COMMAND ${INSTALL_SCRIPT} --help)
set_tests_properties(deploy_install_script_help PROPERTIES PASS_REGULAR_EXPRESSION "Usage: sudo kiosk/install.*--no-start")
add_test(NAME deploy_install_script_refuses_non_root
    COMMAND bash ${DEPLOY_DIR}/refuses_non_root.sh ${INSTALL_SCRIPT} ${DEPLOY_DIR}/non-root)

add_test(NAME deploy_cmake_install COMMAND bash ${DEPLOY_DIR}/cmake_install.sh ${CMAKE_BINARY_DIR} ${DEPLOY_PREFIX})
set_tests_properties(deploy_cmake_install PROPERTIES FIXTURES_SETUP deploy_prefix)
# The installed copy is complete: its kiosk accepts its content, and its unit verifies.
add_test(NAME deploy_installed_content_checks
    COMMAND ${DEPLOY_PREFIX}/bin/ess-kiosk --check-content ${DEPLOY_PREFIX}/share/ess-kiosk/content
            --assets ${DEPLOY_PREFIX}/share/ess-kiosk/assets)
add_test(NAME deploy_installed_unit_verify
    COMMAND bash ${DEPLOY_DIR}/verify_unit.sh ${DEPLOY_PREFIX}/lib/systemd/system/ess-kiosk.service ${DEPLOY_DIR}/verify-installed)
set_tests_properties(deploy_installed_content_checks deploy_installed_unit_verify PROPERTIES FIXTURES_REQUIRED deploy_prefix)
set_tests_properties(deploy_installed_unit_verify PROPERTIES SKIP_RETURN_CODE 77)

#!/usr/bin/env bash
# The checks of kiosk/test-systemd, run inside its booted Debian 12 container by
# ess-kiosk-checks.service (as root, once multi-user.target is reached): ess-kiosk.service as
# kiosk/install set it up, under the container's own systemd, with only
# tests/systemd/test-headless.conf added. In order: the start at boot; the hardening as the
# running processes see it; stop, then `systemctl start` (active only once READY=1 came); the
# ballots database; `systemctl restart`; the restart after SIGKILL of the app, then of cage;
# the watchdog (SIGSTOP of the app); the USB export folder as the service sees it; the
# installed files; `systemctl stop` at the end.
# Each check writes one line, "PASS name: figures" or "FAIL name: what went wrong", to
# RESULTS/summary.txt, then "DONE passed/total"; the details go to standard output (the unit
# appends it to RESULTS/checks.log); the journal, the unit as systemd sees it and its
# properties to RESULTS/ as well.
# Usage: checks.sh RESULTS_DIR
set -euo pipefail
results=$1
unit=ess-kiosk.service
user=ess-kiosk
db=/var/lib/ess-kiosk/ballots.db
usb_dir=/media/ess-kiosk
mkdir -p "$results"
: > "$results/summary.txt"

passed=0 total=0
figure="" why=""
# Runs check function $2 under the name $1; it sets $figure, or $why and returns non-zero.
check() {
    local name=$1
    figure="" why=""
    total=$((total + 1))
    echo "--- $name"
    if "$2"; then
        passed=$((passed + 1))
        echo "PASS $name: $figure" | tee -a "$results/summary.txt"
    else
        echo "FAIL $name: $why" | tee -a "$results/summary.txt"
    fi
}
note() { echo "    $*"; }

now_us() { echo "${EPOCHREALTIME/./}"; }
ms_since() { echo $((($(now_us) - $1) / 1000)); }
us_to_ms() { echo $(($1 / 1000)); }
# The unit's properties, in S[...].
declare -A S
show() {
    S=()
    local k v
    while IFS='=' read -r k v; do S[$k]=$v; done < <(systemctl show "$unit" -p ActiveState,SubState,Result,NRestarts,MainPID,ExecMainCode,ExecMainStatus,InvocationID,ExecMainStartTimestampMonotonic,ActiveEnterTimestampMonotonic)
}
state() { echo "ActiveState=${S[ActiveState]} SubState=${S[SubState]} Result=${S[Result]} NRestarts=${S[NRestarts]} MainPID=${S[MainPID]} ExecMainCode=${S[ExecMainCode]} ExecMainStatus=${S[ExecMainStatus]}"; }
# Waits up to $1 s until the service is active (running) with NRestarts >= $2 and a MainPID
# other than $3; sets S. Polls every 20 ms.
wait_active() {
    local limit_us=$(($1 * 1000000)) restarts=$2 old_pid=$3 t0
    t0=$(now_us)
    while :; do
        show
        if [ "${S[ActiveState]}" = active ] && [ "${S[SubState]}" = running ] &&
            [ "${S[NRestarts]}" -ge "$restarts" ] && [ "${S[MainPID]}" != "$old_pid" ] && [ "${S[MainPID]}" != 0 ]; then
            return 0
        fi
        [ $(($(now_us) - t0)) -lt "$limit_us" ] || return 1
        sleep 0.02
    done
}
# The journal's position now, and its lines about the unit since then.
# Filtered here, not by journalctl: journalctl 252 given --after-cursor and a match (-u, FIELD=)
# sometimes leaves out entries that are there (seen with cage's last lines).
cursor() { journalctl -n 1 -o export | sed -n 's/^__CURSOR=//p'; }
after() { journalctl --after-cursor="$1" -o short-monotonic --no-pager -q; }
since() { after "$1" | grep -E " (cage|chvt)\[[0-9]+\]: |$unit" || true; }
# The lines of cage and of the app (its stderr is cage's) after cursor $1, without their prefix.
cage_lines() { after "$1" | sed -n 's/^.* cage\[[0-9]*\]: //p'; }
# Waits up to $2 s for a line matching $3 about the unit after cursor $1; prints it.
wait_journal() {
    local c=$1 limit_us=$(($2 * 1000000)) pattern=$3 t0 line
    t0=$(now_us)
    while :; do
        line=$(since "$c" | grep -m1 -- "$pattern" || true)
        [ -z "$line" ] || { echo "$line"; return 0; }
        [ $(($(now_us) - t0)) -lt "$limit_us" ] || return 1
        sleep 0.1
    done
}
# The monotonic time (µs) the journal gave the app's "first frame presented" line of invocation $1.
first_frame_us() {
    journalctl _SYSTEMD_INVOCATION_ID="$1" -o export --no-pager |
        awk 'BEGIN { RS = "" } /\nMESSAGE=[^\n]*first frame presented/ { if (match($0, /__MONOTONIC_TIMESTAMP=[0-9]+/)) print substr($0, RSTART + 22, RLENGTH - 22); exit }'
}
# Waits up to $2 s for invocation $1's "first frame presented" line; prints the line.
wait_first_frame() {
    for _ in $(seq 1 $(($2 * 10))); do
        journalctl _SYSTEMD_INVOCATION_ID="$1" -o cat --no-pager | grep -m1 "first frame presented" && return 0
        sleep 0.1
    done
    return 1
}
app_pid() { pgrep -x -P "$1" ess-kiosk | head -1; }
status_field() { sed -n "s/^$2:[[:space:]]*//p" "/proc/$1/status"; }
# systemd's lines on how the service's last run ended, after cursor $1 (their text after "service: ").
main_exit() {
    since "$1" | grep -E "Main process exited|Deactivated successfully|Failed with result" | head -2 |
        sed 's/.*service: //' | paste -sd ' ' || true
}

echo "checks of $unit under systemd $(systemctl --version | head -1 | cut -d' ' -f2), in $(hostname)"
systemctl cat "$unit" > "$results/unit.txt" 2>&1 || true
uid=$(id -u "$user")

# --- 1. At boot: kiosk/install enabled it; it must be up without a single restart ------------
check_boot() {
    if ! wait_active 90 0 none; then
        why="not active 90 s after boot: $(state)"
        return 1
    fi
    if [ "${S[NRestarts]}" -ne 0 ]; then
        why="active, but after ${S[NRestarts]} restarts at boot: $(state)"
        return 1
    fi
    local line userspace
    if ! line=$(wait_first_frame "${S[InvocationID]}" 5); then
        why="active, but no \"first frame presented\" in its journal"
        return 1
    fi
    note "$line"
    userspace=$(systemctl show -p UserspaceTimestampMonotonic --value)
    figure="active (running) $(us_to_ms $((S[ActiveEnterTimestampMonotonic] - userspace))) ms after the container's systemd started, cage started to READY=1 $(us_to_ms $((S[ActiveEnterTimestampMonotonic] - S[ExecMainStartTimestampMonotonic]))) ms, NRestarts 0"
}
check "start at boot" check_boot

# --- 2. The hardening, as the running cage and kiosk see it ---------------------------------
check_hardening() {
    show
    local cage=${S[MainPID]} app problems=() p env x11 x_socket exposure
    app=$(app_pid "$cage")
    [ -n "$app" ] || { why="no ess-kiosk process under cage (PID $cage)"; return 1; }
    for p in "$cage" "$app"; do
        [ "$(status_field "$p" Uid | cut -f1)" = "$uid" ] || problems+=("PID $p runs as uid $(status_field "$p" Uid | cut -f1), not $user")
        [ "$(status_field "$p" NoNewPrivs)" = 1 ] || problems+=("PID $p: NoNewPrivs is not 1")
        [ "$(status_field "$p" CapBnd)" = 0000000000000000 ] || problems+=("PID $p: capabilities left: $(status_field "$p" CapBnd)")
        [ "$(status_field "$p" Seccomp)" = 2 ] || problems+=("PID $p: no seccomp filter")
    done
    # PrivateTmp=yes: not the container's /tmp; cage (wlroots) made /tmp/.X11-unix in it itself.
    [ "$(stat -c %d:%i "/proc/$app/root/tmp")" != "$(stat -c %d:%i /tmp)" ] || problems+=("/tmp is not private")
    x11=$(stat -c '%U:%G %a' "/proc/$cage/root/tmp/.X11-unix" 2>/dev/null) || problems+=("no /tmp/.X11-unix in the service's /tmp")
    # The first free display: X0 unless another X server holds the abstract socket @/tmp/.X11-unix/X0.
    x_socket=$(find "/proc/$cage/root/tmp/.X11-unix" -maxdepth 1 -type s -name 'X[0-9]*' -printf '%f\n' 2>/dev/null | head -1)
    [ -n "$x_socket" ] || problems+=("no Xwayland socket in the service's /tmp/.X11-unix")
    # ProtectHome=yes: /home (where the clone kiosk/install ran from is) is empty for the service.
    [ -z "$(ls -A "/proc/$app/root/home" 2>/dev/null)" ] || problems+=("/home is visible to the service")
    # ProtectSystem=full: /usr and /etc read-only, /var and /media not.
    awk '$5 == "/usr" || $5 == "/etc" { print $5, $6 }' "/proc/$app/mountinfo" > "$results/ro-mounts.txt"
    grep -q '^/usr ro' "$results/ro-mounts.txt" || problems+=("/usr is not read-only for the service")
    grep -q '^/etc ro' "$results/ro-mounts.txt" || problems+=("/etc is not read-only for the service")
    # The watchdog reaches the app: WATCHDOG_USEC set, WATCHDOG_PID unset (UnsetEnvironment=).
    env=$(tr '\0' '\n' < "/proc/$app/environ")
    printf '%s\n' "$env" | grep -qx 'WATCHDOG_USEC=30000000' || problems+=("the app has no WATCHDOG_USEC=30000000")
    ! printf '%s\n' "$env" | grep -q '^WATCHDOG_PID=' || problems+=("the app has WATCHDOG_PID set: it would never ping")
    printf '%s\n' "$env" | grep -q '^NOTIFY_SOCKET=' || problems+=("the app has no NOTIFY_SOCKET")
    if [ ${#problems[@]} -gt 0 ]; then
        why=$(printf '%s; ' "${problems[@]}")
        return 1
    fi
    exposure=$(systemd-analyze security "$unit" --no-pager 2>/dev/null | sed -n 's/.*Overall exposure level for [^:]*: *//p' || true)
    figure="cage (PID $cage) and ess-kiosk (PID $app) as $user, NoNewPrivs, no capabilities, seccomp; private /tmp with .X11-unix $x11 and $x_socket; /home empty; /usr and /etc read-only; WATCHDOG_USEC=30000000, no WATCHDOG_PID; systemd-analyze security: ${exposure:-?}"
}
check "hardening in effect" check_hardening

# --- 3. systemctl start: active only once READY=1 came --------------------------------------
check_start() {
    local t0 start_pid seen=0 ms line ff us_ff
    t0=$(now_us)
    systemctl stop "$unit" || { why="systemctl stop failed: $(show; state)"; return 1; }
    note "stopped in $(ms_since "$t0") ms first"
    show
    local c
    c=$(cursor)
    t0=$(now_us)
    systemctl start "$unit" &
    start_pid=$!
    # While systemctl waits: the service must be "activating" with cage running, not yet active.
    while kill -0 "$start_pid" 2>/dev/null; do
        show
        if [ "${S[ActiveState]}" = activating ] && [ "${S[MainPID]}" != 0 ]; then seen=$((seen + 1)); fi
        sleep 0.01
    done
    if ! wait "$start_pid"; then
        why="systemctl start failed after $(ms_since "$t0") ms: $(show; state)"
        return 1
    fi
    ms=$(ms_since "$t0")
    show
    if [ "${S[ActiveState]} ${S[SubState]}" != "active running" ]; then
        why="systemctl start returned but: $(state)"
        return 1
    fi
    [ "$(systemctl show -p Type --value "$unit")" = notify ] || { why="Type is not notify"; return 1; }
    [ "$seen" -gt 0 ] || { why="never seen activating with cage running (polled every 10 ms): READY=1 did not gate it?"; return 1; }
    if ! line=$(wait_first_frame "${S[InvocationID]}" 5); then
        why="active, but no \"first frame presented\" in its journal"
        return 1
    fi
    note "$line"
    ff=$(first_frame_us "${S[InvocationID]}")
    [ -n "$ff" ] || { why="no journal timestamp for the \"first frame presented\" line"; return 1; }
    # The app logs the line, then sends READY=1; journald and systemd read them from two sockets,
    # so either can be taken first (a few hundred µs either way).
    us_ff=$((S[ActiveEnterTimestampMonotonic] - ff))
    figure="systemctl start returned in $ms ms; activating with cage running in $seen polls; cage started to active $(us_to_ms $((S[ActiveEnterTimestampMonotonic] - S[ExecMainStartTimestampMonotonic]))) ms; active $us_ff µs after the journal's time for \"first frame presented\"; ExecMainStatus=${S[ExecMainStatus]} NRestarts=${S[NRestarts]}"
}
check "systemctl start, ready on READY=1" check_start

check_database() {
    for _ in $(seq 1 50); do [ -e "$db" ] && break; sleep 0.1; done
    [ -e "$db" ] || { why="no $db 5 s after the start"; return 1; }
    local owner
    owner=$(stat -c '%U:%G %a' "$db")
    [ "${owner%% *}" = "$user:$user" ] || { why="$db is $owner, not owned by $user"; return 1; }
    figure="$db $owner, $(stat -c %s "$db") bytes; $(stat -c '%U:%G %a' /var/lib/ess-kiosk) /var/lib/ess-kiosk"
}
check "ballots database" check_database

# kiosk/install restarts the kiosk this way after an update.
check_restart() {
    local pid0 c t0 ms line
    show
    pid0=${S[MainPID]}
    c=$(cursor)
    t0=$(now_us)
    if ! systemctl restart "$unit"; then
        why="systemctl restart failed after $(ms_since "$t0") ms: $(show; state)"
        return 1
    fi
    ms=$(ms_since "$t0")
    show
    if [ "${S[ActiveState]} ${S[SubState]}" != "active running" ] || [ "${S[MainPID]}" = "$pid0" ]; then
        why="systemctl restart returned but: $(state) (cage was PID $pid0)"
        return 1
    fi
    if ! line=$(wait_first_frame "${S[InvocationID]}" 5); then
        why="active, but no \"first frame presented\" in its journal"
        return 1
    fi
    note "$line"
    figure="systemctl restart returned in $ms ms with a new cage (PID $pid0 -> ${S[MainPID]}); the old run: $(main_exit "$c"); NRestarts=${S[NRestarts]}"
}
check "systemctl restart" check_restart

# --- 4. The restart after a kill: the app, then cage -----------------------------------------
# $1: the process name pkill kills with SIGKILL, as the guide's checklist does it.
kill_and_back() {
    local name=$1 n0 pid0 c t0 ms line
    show
    n0=${S[NRestarts]} pid0=${S[MainPID]}
    c=$(cursor)
    t0=$(now_us)
    pkill -KILL -x "$name" || { why="no process $name to kill"; return 1; }
    if ! wait_active 30 $((n0 + 1)) "$pid0"; then
        why="not active again 30 s after SIGKILL of $name: $(state)"
        return 1
    fi
    ms=$(ms_since "$t0")
    if ! line=$(wait_first_frame "${S[InvocationID]}" 5); then
        why="active again, but no \"first frame presented\" in its journal"
        return 1
    fi
    note "$line"
    since "$c" | sed 's/^/    /'
    figure="active again $ms ms after SIGKILL (RestartSec=1 included); NRestarts $n0 -> ${S[NRestarts]}; systemd: $(main_exit "$c")"
    [ "${S[NRestarts]}" -eq $((n0 + 1)) ] || { why="NRestarts went from $n0 to ${S[NRestarts]}, not +1"; return 1; }
}
check_kill_app() { kill_and_back ess-kiosk; }
check_kill_cage() { kill_and_back cage; }
check "restart after SIGKILL of ess-kiosk" check_kill_app
check "restart after SIGKILL of cage" check_kill_cage

# --- 5. The watchdog: a frozen app ---------------------------------------------------------
check_watchdog() {
    local n0 pid0 c t0 line t_wd ms
    show
    n0=${S[NRestarts]} pid0=${S[MainPID]}
    c=$(cursor)
    t0=$(now_us)
    pkill -STOP -x ess-kiosk || { why="no ess-kiosk to stop"; return 1; }
    note "ess-kiosk stopped (SIGSTOP); WatchdogSec=$(systemctl show -p WatchdogUSec --value "$unit")"
    if ! line=$(wait_journal "$c" 45 "Watchdog timeout"); then
        pkill -CONT -x ess-kiosk || true
        why="no \"Watchdog timeout\" 45 s after SIGSTOP: $(show; state)"
        return 1
    fi
    t_wd=$(ms_since "$t0")
    note "$line"
    if ! wait_active 30 $((n0 + 1)) "$pid0"; then
        why="Watchdog timeout after $t_wd ms, but not active again 30 s later: $(state)"
        return 1
    fi
    ms=$(ms_since "$t0")
    since "$c" | sed 's/^/    /'
    figure="\"Watchdog timeout\" $t_wd ms after SIGSTOP, active again at $ms ms; NRestarts $n0 -> ${S[NRestarts]}; systemd: $(since "$c" | grep -m1 'Killing process' | sed 's/.*service: //') / $(main_exit "$c")"
    [ "${S[NRestarts]}" -eq $((n0 + 1)) ] || { why="NRestarts went from $n0 to ${S[NRestarts]}, not +1"; return 1; }
}
check "watchdog (SIGSTOP of ess-kiosk)" check_watchdog

# --- 6. The USB export folder, as the running service sees it --------------------------------
# kiosk/install's udev rule runs systemd-mount for a stick; no USB here, so a tmpfs with the
# rule's uid and gid stands in for it, mounted while the kiosk runs: it must appear in the
# service's own mount namespace (PrivateTmp= and ProtectSystem= gave it one) and be writable there.
check_usb() {
    local problems=() app rule empty_owner
    show
    app=$(app_pid "${S[MainPID]}")
    [ -n "$app" ] || { why="no ess-kiosk process"; return 1; }
    empty_owner=$(stat -c '%U:%G %a' "$usb_dir" 2>/dev/null) || { why="no $usb_dir"; return 1; }
    [ "$empty_owner" = "root:root 755" ] || problems+=("$usb_dir is $empty_owner without a stick, not root:root 755")
    rule=$(cat /etc/udev/rules.d/90-ess-kiosk-usb.rules 2>/dev/null) || problems+=("no udev rule /etc/udev/rules.d/90-ess-kiosk-usb.rules")
    printf '%s\n' "$rule" | grep -q "uid=$uid,gid=$(id -g "$user")," || problems+=("the udev rule does not mount for uid $uid")
    # Without a stick, the kiosk cannot write there (an export fails on screen, not on the SD card).
    if nsenter -t "$app" -m setpriv --reuid="$uid" --regid="$(id -g "$user")" --clear-groups touch "$usb_dir/probe" 2>/dev/null; then
        problems+=("the kiosk can write to $usb_dir without a stick")
        rm -f "$usb_dir/probe"
    fi
    systemd-mount --type=tmpfs --options="uid=$uid,gid=$(id -g "$user"),mode=0700" tmpfs "$usb_dir" ||
        { why="systemd-mount of a stand-in tmpfs at $usb_dir failed"; return 1; }
    sleep 0.5
    grep -q " $usb_dir " "/proc/$app/mountinfo" || problems+=("the mount at $usb_dir does not reach the service's namespace")
    nsenter -t "$app" -m setpriv --reuid="$uid" --regid="$(id -g "$user")" --clear-groups \
        sh -c "echo export > $usb_dir/probe.csv" || problems+=("$user cannot write to the mounted $usb_dir inside the service")
    local seen
    seen=$(stat -c '%U %s' "$usb_dir/probe.csv" 2>/dev/null || echo none)
    systemd-mount --umount "$usb_dir" || problems+=("systemd-mount --umount $usb_dir failed")
    sleep 0.5
    ! grep -q " $usb_dir " "/proc/$app/mountinfo" || problems+=("$usb_dir stays mounted in the service after the umount")
    if [ ${#problems[@]} -gt 0 ]; then
        why=$(printf '%s; ' "${problems[@]}")
        return 1
    fi
    figure="$usb_dir $empty_owner, not writable by $user without a stick; a mount there appears in the service's namespace, $user wrote probe.csv in it (seen outside: $seen), gone after umount"
}
check "USB export folder" check_usb

check_files() {
    local problems=() config verify
    config=$(stat -c '%U:%G %a' /etc/ess-kiosk/ess-kiosk.toml 2>/dev/null) || problems+=("no /etc/ess-kiosk/ess-kiosk.toml")
    [ "$config" = "root:$user 640" ] || problems+=("/etc/ess-kiosk/ess-kiosk.toml is $config, not root:$user 640")
    [ "$(systemctl is-enabled "$unit")" = enabled ] || problems+=("$unit is $(systemctl is-enabled "$unit"), not enabled")
    verify=$(systemd-analyze verify --man=no --recursive-errors=no "$unit" 2>&1 | grep -E '(^|/)ess-kiosk\.service' || true)
    [ -z "$verify" ] || problems+=("systemd-analyze verify: $verify")
    if [ ${#problems[@]} -gt 0 ]; then
        why=$(printf '%s; ' "${problems[@]}")
        return 1
    fi
    figure="config $config; $(systemctl show -p FragmentPath --value "$unit") enabled; systemd-analyze verify silent (with the real cage)"
}
check "installed files" check_files

# --- 7. systemctl stop, last: within TimeoutStopSec, without SIGKILL -------------------------
check_stop() {
    local c t0 ms
    c=$(cursor)
    t0=$(now_us)
    systemctl stop "$unit" || true
    ms=$(ms_since "$t0")
    show
    # The last lines of cage and the app reach the journal through their stdout stream, later.
    local app_end=""
    for _ in $(seq 1 20); do
        app_end=$(cage_lines "$c" | grep -m1 -o -E 'stopping on signal [0-9]+|exiting with status [0-9]+' || true)
        [ -z "$app_end" ] || break
        sleep 0.1
    done
    since "$c" | sed 's/^/    /'
    # cage 0.1.4 aborts on SIGTERM (an assertion in wl_display_terminate): the unit stops it with
    # SIGHUP (KillSignal=) so that the stop is clean, Result=success, not failed with 6/ABRT.
    figure="stopped in $ms ms (TimeoutStopSec=5s): $(state); systemd: $(main_exit "$c"); cage: $(cage_lines "$c" | grep -m1 -o 'Assertion .* failed' || echo 'no assertion'); the app: ${app_end:-no exit line in the journal}"
    if since "$c" | grep -q "timed out. Killing"; then
        why="systemd had to SIGKILL: $(since "$c" | grep "timed out" | head -1)"
        return 1
    fi
    [ "$ms" -lt 5000 ] || { why="stop took $ms ms, TimeoutStopSec is 5 s"; return 1; }
    if [ "${S[ActiveState]} ${S[Result]}" != "inactive success" ]; then
        why="stopped in $ms ms, but not cleanly: $(state); systemd: $(main_exit "$c"); cage: $(cage_lines "$c" | tail -1)"
        return 1
    fi
}
check "systemctl stop" check_stop

journalctl -b -o short-monotonic --no-pager > "$results/journal.txt" 2>&1 || true
systemctl show "$unit" > "$results/show.txt" 2>&1 || true
echo "DONE $passed/$total" | tee -a "$results/summary.txt"

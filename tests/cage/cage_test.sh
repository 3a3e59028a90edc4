#!/usr/bin/env bash
# The kiosk inside cage, the compositor the service runs it in: wlroots' headless backend with
# software rendering, as an unprivileged user with its own XDG_RUNTIME_DIR, SDL on its Wayland
# driver, started with the service's command line. Checks, in order:
#   - the first frame is drawn at the output's size (no second font build), READY=1 and
#     WATCHDOG=1 reach the notification socket;
#   - grim's screenshots after start, once the pictures are in, and after the screen changed by
#     itself (the attract loop, after idle_seconds) show what the headless kiosk draws for the
#     same screens at the same size;
#   - SIGTERM ends the kiosk within a second, with status 0;
#   - the compositor killed under the running kiosk ends it within a second, with status 3.
# For the screenshots, two things differ from the unit's ExecStart (the second run has only the
# shell):
#   - cage -r -r (the output turned 180°): cage 0.1.4 hands a client's buffer that fills the
#     output straight to it (direct scan-out), and wlroots 0.15's screencopy then reads the
#     renderer's last composited image, stale or black; a turned output makes cage composite,
#     so grim sees each frame. grim turns the picture back.
#   - a shell between cage and the kiosk, to report the kiosk's exit status after cage is gone.
# Usage: cage_test.sh KIOSK COMPARE_PNG NOTIFY_LISTEN SOURCE_DIR OUT_DIR
set -u
kiosk=$1 compare=$2 listen=$3 src=$4 out=$5

fail() {
    echo "cage test: $*" >&2
    exit 1
}
for tool in cage grim Xwayland setpriv; do
    command -v "$tool" > /dev/null || fail "$tool is missing (kiosk/setup installs cage, grim and xwayland for the tests)"
done

# cage refuses root: run as a user of our own, made here when we are root (CI), else as ourselves.
user=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
    user=ess-test
    id -u "$user" > /dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user" ||
        fail "cannot create the user $user"
fi
as_user=(setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups)
# Xwayland (which cage 0.1.4 starts) wants /tmp/.X11-unix as every X server makes it: root's, 1777.
if [ "$(id -u)" -eq 0 ]; then
    mkdir -p /tmp/.X11-unix && chown root:root /tmp/.X11-unix && chmod 1777 /tmp/.X11-unix
fi

# A folder that user can read (the clone may be under /root): the kiosk, its content, its data.
run=$(mktemp -d /tmp/ess-cage.XXXXXX) || fail "cannot make a folder in /tmp"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -KILL "$p" 2> /dev/null; done
    pkill -KILL -u "$user" -x cage 2> /dev/null
    pkill -KILL -u "$user" -x Xwayland 2> /dev/null
    mkdir -p "$out"
    cp "$run"/*.png "$run"/*.log "$out"/ 2> /dev/null
    rm -rf "$run"
}
trap cleanup EXIT
cp "$kiosk" "$compare" "$listen" "$run"/
cp -r "$src/content" "$src/assets" "$run"/
mkdir -p "$run/xdg" "$run/data" "$run/cache"
chmod 700 "$run/xdg"
cat > "$run/ess-kiosk.toml" << EOF
kiosk_id = "cage-test"
data_dir = "$run/data"
[visit]
idle_seconds = 10
EOF
chown -R "$user" "$run"
chmod 755 "$run"

# What the kiosk draws for the same screens without a compositor, at cage's output size.
cat > "$run/reference.script" << 'EOF'
shot reference-welcome
wait 12000
expect screen attract
shot reference-attract
quit
EOF
"${as_user[@]}" env XDG_CACHE_HOME="$run/cache" "$run/ess-kiosk" --headless --size 1280x720 --config "$run/ess-kiosk.toml" \
    --content "$run/content" --assets "$run/assets" --db "$run/data/reference.db" --script "$run/reference.script" \
    --screenshots "$run" > "$run/reference.log" 2>&1 || fail "the headless reference run failed: $(cat "$run/reference.log")"

# The service's command line, from the unit itself, its installed paths made this run's.
exec_start=$(sed -n 's|^ExecStart=||p' "$src/kiosk/ess-kiosk.service")
cage_options=$(printf '%s\n' "$exec_start" | sed -n 's|^/usr/bin/cage \(.*\) -- /usr/local/bin/ess-kiosk .*|\1|p')
kiosk_options=$(printf '%s\n' "$exec_start" | sed -n 's|^.* -- /usr/local/bin/ess-kiosk ||p' |
    sed -e "s|/etc/ess-kiosk/ess-kiosk.toml|$run/ess-kiosk.toml|" -e "s|/usr/local/share/ess-kiosk/|$run/|g")
if [ -z "$cage_options" ] || [ -z "$kiosk_options" ]; then
    fail "cannot read cage's and the kiosk's options from the unit's ExecStart: $exec_start"
fi
read -r -a cage_args <<< "$cage_options"
read -r -a kiosk_args <<< "$kiosk_options"
echo "the service's command line here: cage ${cage_args[*]} -- ess-kiosk ${kiosk_args[*]}"

# Under the sanitizer build (kiosk/test's second pass) the kiosk keeps its sanitizers' settings,
# but not the leak check: Mesa, D-Bus and SDL's Wayland code leave allocations at exit that are
# not ours (the headless runs, without them, check our leaks).
sanitizer_env=()
if [ -n "${ASAN_OPTIONS:-}" ]; then sanitizer_env+=("ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0"); fi
if [ -n "${UBSAN_OPTIONS:-}" ]; then sanitizer_env+=("UBSAN_OPTIONS=$UBSAN_OPTIONS"); fi

# Starts cage (with the options after the log's name) and the kiosk in the background; sets cage_pid.
start() {
    local name=$1
    shift
    : > "$run/$name.log"
    rm -rf "${run:?}/xdg/"*
    # shellcheck disable=SC2016 # $0, $@, $! and $? are the inner shell's
    setsid "${as_user[@]}" env -i PATH=/usr/bin:/bin HOME="$run" XDG_RUNTIME_DIR="$run/xdg" XDG_CACHE_HOME="$run/cache" \
        WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 SDL_VIDEODRIVER=wayland LANG=C.UTF-8 \
        NOTIFY_SOCKET="$run/notify" WATCHDOG_USEC=3000000 "${sanitizer_env[@]}" \
        cage "${cage_args[@]}" "$@" -- sh -c '"$0" "$@" & echo "kiosk pid $!"; wait $!; echo "kiosk exit status $?"' \
        "$run/ess-kiosk" "${kiosk_args[@]}" >> "$run/$name.log" 2>&1 &
    cage_pid=$!
    pids+=("$cage_pid")
    disown "$cage_pid" # its end is ours to check, not the shell's to report
}
# Waits up to $2 seconds for a line matching $3 in log $1.
wait_for() {
    local log=$1 seconds=$2 pattern=$3
    for _ in $(seq 1 $((seconds * 20))); do
        grep -q -- "$pattern" "$run/$log.log" && return 0
        sleep 0.05
    done
    fail "no \"$pattern\" within $seconds s; $log.log says: $(cat "$run/$log.log")"
}
kiosk_pid() { sed -n 's/^kiosk pid //p' "$run/$1.log" | tail -1; }
shot() { "${as_user[@]}" env XDG_RUNTIME_DIR="$run/xdg" WAYLAND_DISPLAY=wayland-0 grim "$run/$1.png" || fail "grim could not take $1"; }
# Milliseconds until process $1 is gone (or a zombie), at most $2 ms; prints them.
ended_within() {
    local pid=$1 limit=$2 t0 t1
    t0=$(date +%s%N)
    while [ -e "/proc/$pid" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2> /dev/null; do
        t1=$(date +%s%N)
        [ $(((t1 - t0) / 1000000)) -le "$limit" ] || return 1
        sleep 0.005
    done
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000))
}

# --- 1. Start-up, screenshots, SIGTERM --------------------------------------------------------
"$run/notify-listen" "$run/notify" 30 > "$run/notify.log" &
pids+=("$!")
disown "$!"
wait_for notify 5 listening
start session -r -r
wait_for session 20 "first frame presented"
shot cage-start
wait_for session 10 "pictures presented"
shot cage-pictures
grep -q "fonts built again" "$run/session.log" && fail "the first frame was not at the output's size: $(grep 'fonts built' "$run/session.log")"
grep "first frame presented" "$run/session.log"
sleep 12 # idle_seconds = 10: the attract loop comes by itself
shot cage-attract
"$run/compare-png" "$run/cage-pictures.png" "$run/reference-welcome.png" || fail "cage does not show the welcome screen the kiosk drew"
"$run/compare-png" "$run/cage-attract.png" "$run/reference-attract.png" || fail "cage does not show the attract screen the kiosk drew"
"$run/compare-png" "$run/cage-attract.png" "$run/reference-welcome.png" > /dev/null && fail "the screenshots do not tell the welcome and attract screens apart"
grep -q "READY=1" "$run/notify.log" || fail "no READY=1 on the notification socket: $(cat "$run/notify.log")"
grep -q "WATCHDOG=1" "$run/notify.log" || fail "no WATCHDOG=1 on the notification socket: $(cat "$run/notify.log")"
echo "notification socket: $(grep -c 'WATCHDOG=1' "$run/notify.log") watchdog pings, $(grep -m1 READY=1 "$run/notify.log")"

pid=$(kiosk_pid session)
[ -n "$pid" ] || fail "no kiosk pid in session.log"
kill -TERM "$pid"
ms=$(ended_within "$pid" 1000) || fail "SIGTERM did not end the kiosk within 1 s"
wait_for session 3 "kiosk exit status"
grep -q "kiosk exit status 0" "$run/session.log" || fail "SIGTERM: $(grep 'exit status' "$run/session.log")"
echo "SIGTERM ended the kiosk in $ms ms, status 0"
wait "$cage_pid" 2> /dev/null # cage leaves with its only client

# --- 2. The compositor killed under the running kiosk, started as the service does it -----------
start killed
wait_for killed 20 "first frame presented"
pid=$(kiosk_pid killed)
kill -KILL "$cage_pid"
ms=$(ended_within "$pid" 1000) || fail "the kiosk was still running 1 s after its compositor was killed"
wait_for killed 3 "kiosk exit status"
grep -q "kiosk exit status 3" "$run/killed.log" || fail "compositor killed: $(grep 'exit status' "$run/killed.log"), expected 3"
echo "compositor killed: the kiosk ended in $ms ms, status 3 ($(grep 'display is gone' "$run/killed.log"))"
echo "cage test passed"

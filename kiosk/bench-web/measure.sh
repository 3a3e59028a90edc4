#!/usr/bin/env bash
# Web baseline for the kiosk benchmark: "the web kiosk it replaces", i.e. Debian's Chromium in kiosk
# mode showing the same screens as web pages (welcome.html, mutation.html, attract.html next to this
# script), under Xvfb, on this machine. Prints a table and one machine-readable line per metric:
#   web <metric> median=<m> min=<a> max=<b> n=<runs>
#
# Usage: kiosk/bench-web/measure.sh        (as root, or with sudo, if chromium or xvfb must be installed)
# Environment: RUNS=5 IDLE_SECONDS=30 ATTRACT_SECONDS=$IDLE_SECONDS SETTLE_SECONDS=10 SAMPLE_SECONDS=0.5
#              WARMUP=1 (unrecorded launches first, to warm the disk cache) KEEP=0 (1: keep logs)
#
# Per run, three fresh browsers (fresh profile each), one after the other:
#   welcome.html  start-up, PSS after SETTLE_SECONDS, CPU over IDLE_SECONDS (static page), PSS peak
#   mutation.html start-up, PSS after SETTLE_SECONDS
#   attract.html  start-up, PSS after SETTLE_SECONDS, CPU over ATTRACT_SECONDS (CSS cross-fade running)
#
# Methods (and why):
# - Start-up = process start → first frame presented. The launch time is bash's $EPOCHREALTIME taken
#   just before starting `chromium` (Debian's launcher script included: that is how it is started).
#   The end is a timestamp the page itself reports, on the same wall clock: each page loads the tiny
#   probe.js (deferred, so it never holds back a paint), which console.log()s
#   performance.timeOrigin + the Paint Timing entry "first-contentful-paint", whose time in Chromium is the *presentation* time of that frame (when
#   the compositor handed it to the display), not when JavaScript ran. --enable-logging=stderr copies
#   console messages to stderr, where this script reads them; how quickly we read them does not matter
#   since the number comes from the page. A double requestAnimationFrame, as first considered, fires
#   when the frame is produced, before it is presented (20-30 ms earlier here), so it is not used.
#   The DevTools protocol would give the same timestamps but needs a WebSocket client (node 20 has
#   none without --experimental-websocket) and --remote-debugging-port changes the browser's work.
#   "complete" = the presentation time of the last of the page's visible texts and pictures (Element
#   Timing on every [elementtiming] element): the first frame showing the whole screen, as the native
#   kiosk's first frame does. Should the browser withhold image render times (it does not here), the
#   fallback is two animation frames after load + document.fonts.ready.
# - Memory = PSS summed over every process of that browser instance, from /proc/<pid>/smaps_rollup.
#   PSS shares the pages common to several processes (the zygote's, the libraries') fairly, so the sum
#   is the instance's real footprint, where a sum of RSS would count shared pages many times.
#   "The instance" = the browser process and the crashpad handlers, recognised by the unique
#   BENCH_WEB_TAG this script puts in the browser's environment (the handlers double-fork away to init,
#   so the process tree alone misses them), plus all their descendants (zygotes, GPU, network, storage,
#   renderer processes; Chromium overwrites their environment area with process titles).
#   Steady = at SETTLE_SECONDS after launch; peak = the highest of the samples taken every
#   SAMPLE_SECONDS from launch to the end of that browser's measurement. The sampler forks nothing
#   (bash builtins reading /proc): it must not compete with the browser for the 2 cores.
# - CPU = (utime + stime + cutime + cstime) of those processes, from /proc/<pid>/stat, at the end of
#   the window minus at its start (a process born during the window counts from zero), in clock ticks,
#   divided by the wall time of the window: % of one core (100 = one core busy). The window starts
#   SETTLE_SECONDS after launch. Xvfb's own CPU over the same window is reported apart (xserver_*):
#   with --disable-gpu Chromium composites in software and sends whole frames to the X server, so part
#   of the cost of an animation lands there, as it would on a real X server.
#
# Flags: those of the web kiosk being compared (--kiosk --no-sandbox --disable-gpu --no-first-run
# --disable-background-networking --disable-component-update --disable-sync --disable-quic, a fresh
# --user-data-dir, --window-size=1920,1080), plus --window-position=0,0 (Xvfb has no window manager:
# without it the kiosk window sits 8 px off the screen's corner) and --enable-logging=stderr for the
# probe. The pages carry <meta name="google" content="notranslate">: otherwise Chromium (en-US UI,
# French page) pops its translate bubble over the kiosk screen. Debian's launcher adds its own defaults from /etc/chromium.d/ (--enable-gpu-rasterization,
# --disable-pings, ...); they are kept, as on any Debian kiosk. --no-sandbox is required as root.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RUNS=${RUNS:-5}
IDLE_SECONDS=${IDLE_SECONDS:-30}
ATTRACT_SECONDS=${ATTRACT_SECONDS:-$IDLE_SECONDS}
SETTLE_SECONDS=${SETTLE_SECONDS:-10}
SAMPLE_SECONDS=${SAMPLE_SECONDS:-0.5}
WARMUP=${WARMUP:-1}
KEEP=${KEEP:-0}
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-60}

# --- What is missing, installed from Debian (outside Xvfb, once) ------------------------------------
if [[ -z ${BENCH_WEB_UNDER_XVFB:-} ]]; then
    missing=()
    command -v chromium >/dev/null || missing+=(chromium)
    command -v xvfb-run >/dev/null || missing+=(xvfb)
    [[ -f /usr/share/fonts/opentype/inter/Inter-Regular.otf ]] || missing+=(fonts-inter)
    if ((${#missing[@]})); then
        sudo=()
        [[ $(id -u) -eq 0 ]] || sudo=(sudo)
        echo "installing: ${missing[*]}" >&2
        "${sudo[@]}" apt-get update -qq
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >&2
    fi
    # One X server for the whole measurement: its start-up is not the browser's.
    export BENCH_WEB_UNDER_XVFB=1
    exec xvfb-run -a -s "-screen 0 1920x1080x24" "$0" "$@"
fi

# --- Under Xvfb ------------------------------------------------------------------------------------
CLK_TCK=$(getconf CLK_TCK)
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-web.XXXXXX")
declare -a procs=()
declare -A results=()   # metric -> space-separated values, one per run
main_pid=""
tag=""

# The processes of the current browser: the browser itself and the crashpad handlers carry our tag in
# their environment (the handlers double-fork away to init, so the process tree alone misses them);
# the others (zygotes and what they fork) are found as descendants, since Chromium overwrites their
# environment area with its process titles.
scan()
{
    procs=()
    local f p comm line entry changed
    local -a env fields
    local -A parent=() ours=()
    for f in /proc/[0-9]*/comm; do
        read -r comm 2>/dev/null <"$f" || continue
        [[ $comm == chrom* ]] || continue
        p=${f#/proc/}
        p=${p%/comm}
        read -r line 2>/dev/null <"/proc/$p/stat" || continue
        read -r -a fields <<<"${line##*) }"
        parent[$p]=${fields[1]}
        mapfile -d '' env 2>/dev/null <"/proc/$p/environ" || continue
        for entry in "${env[@]}"; do
            if [[ $entry == "BENCH_WEB_TAG=$tag" ]]; then
                ours[$p]=1
                break
            fi
        done
    done
    changed=1
    while ((changed)); do
        changed=0
        for p in "${!parent[@]}"; do
            if [[ -z ${ours[$p]:-} && -n ${ours[${parent[$p]}]:-} ]]; then
                ours[$p]=1
                changed=1
            fi
        done
    done
    procs=("${!ours[@]}")
    return 0
}

pss_total=0 # kB
pss()
{
    pss_total=0
    local p k v rest
    for p in "${procs[@]}"; do
        { while read -r k v rest; do
            if [[ $k == Pss: ]]; then
                pss_total=$((pss_total + v))
                break
            fi
        done <"/proc/$p/smaps_rollup"; } 2>/dev/null || true
    done
}

ticks_of=0
ticks() # pid → ticks_of (utime + stime + cutime + cstime); status 1 if the process is gone
{
    local line
    { read -r line <"/proc/$1/stat"; } 2>/dev/null || return 1
    line=${line##*) }
    local -a a
    read -r -a a <<<"$line"
    ticks_of=$((a[11] + a[12] + a[13] + a[14]))
}

xvfb_pid=""
find_xvfb()
{
    local f p comm
    local -a args
    for f in /proc/[0-9]*/comm; do
        read -r comm 2>/dev/null <"$f" || continue
        [[ $comm == Xvfb ]] || continue
        p=${f#/proc/}
        p=${p%/comm}
        mapfile -d '' args 2>/dev/null <"/proc/$p/cmdline" || continue
        if [[ " ${args[*]} " == *" $DISPLAY "* ]]; then xvfb_pid=$p; fi
    done
    return 0
}

# Time in integer microseconds (no process forked: the sampler must not compete with the browser
# for the 2 cores), and a sleep without forking either.
now_us() { now=${EPOCHREALTIME//[!0-9]/}; }
exec {nap_fd}<> <(:)
nap() { read -r -t "$1" -u "$nap_fd" _ || true; }
to_us() { awk -v s="$1" 'BEGIN { printf "%d", s * 1000000 }'; } # seconds (decimal) → µs
SAMPLE_US=$(to_us "$SAMPLE_SECONDS")
SETTLE_US=$(to_us "$SETTLE_SECONDS")

record() { results[$1]+="$2 "; }

launch() # page
{
    local page=$1
    tag="bench-web-$$-$RANDOM$RANDOM"
    profile=$(mktemp -d "$work/profile.XXXXXX")
    log="$work/$page.$run.log"
    : >"$log"
    exec {log_fd}<"$log"
    pending=""
    peak=0
    now_us
    launch_us=$now
    BENCH_WEB_TAG=$tag chromium --kiosk --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --disable-quic \
        --user-data-dir="$profile" --window-size=1920,1080 --window-position=0,0 \
        --enable-logging=stderr "file://$here/$page.html" 2>>"$log" &
    main_pid=$!
}

sample() # scan + PSS, updates peak
{
    scan
    pss
    ((pss_total > peak)) && peak=$pss_total
    return 0
}

# The probe's lines (see the top), read as they come: fcp, complete (+ withheld), frame in epoch ms.
poll_log()
{
    local line
    while IFS= read -r -u "$log_fd" line; do
        line=$pending$line
        pending=""
        if [[ $line =~ \"bench\ first-contentful-paint\ ([0-9.]+)\" ]]; then
            fcp=${BASH_REMATCH[1]}
        elif [[ $line =~ \"bench\ complete\ ([0-9.]+)\ withheld=([0-9]+)\" ]]; then
            complete=${BASH_REMATCH[1]} withheld=${BASH_REMATCH[2]}
        elif [[ $line =~ \"bench\ complete-frame\ ([0-9.]+)\" ]]; then
            frame=${BASH_REMATCH[1]}
        fi
    done
    pending+=$line # an incomplete last line, finished at the next call
}

# Waits for the first frame, sampling memory meanwhile; sets fcp_ms and complete_ms (from launch).
wait_first_frame()
{
    local next=0
    fcp="" complete="" withheld="" frame=""
    while :; do
        poll_log
        if [[ -n $fcp && -n $complete ]]; then
            [[ $withheld == 0 ]] && break
            if [[ -n $frame ]]; then
                echo "note: image render times withheld ($withheld), whole screen = load + fonts + 2 frames" >&2
                complete=$frame
                break
            fi
        fi
        if ! kill -0 "$main_pid" 2>/dev/null; then
            echo "chromium exited before its first frame; its log:" >&2
            tail -20 "$log" >&2
            exit 1
        fi
        now_us
        if ((now - launch_us > STARTUP_TIMEOUT * 1000000)); then
            echo "no first frame after ${STARTUP_TIMEOUT} s; chromium's log:" >&2
            tail -20 "$log" >&2
            exit 1
        fi
        if ((now - launch_us >= next)); then
            sample
            next=$((now - launch_us + SAMPLE_US))
        fi
        nap 0.02
    done
    exec {log_fd}<&-
    read -r fcp_ms complete_ms < <(awk -v l="$launch_us" -v f="$fcp" -v c="$complete" \
        'BEGIN { printf "%.1f %.1f\n", f - l / 1000, c - l / 1000 }')
}

# Samples memory every SAMPLE_SECONDS until `until_us` after launch.
sample_until()
{
    local until_us=$1 left frac
    while :; do
        sample
        now_us
        left=$((launch_us + until_us - now))
        ((left > 0)) || break
        ((left < SAMPLE_US)) || left=$SAMPLE_US
        printf -v frac '%06d' $((left % 1000000))
        nap "$((left / 1000000)).$frac"
    done
}

# CPU of the browser (and of Xvfb) over `seconds`, sampling memory meanwhile; sets cpu_pct, x_cpu_pct.
cpu_window()
{
    local seconds=$1 p total=0 x0=0 x1=0 w0 w1
    local -A before=()
    scan
    for p in "${procs[@]}"; do ticks "$p" && before[$p]=$ticks_of; done
    ticks "$xvfb_pid" && x0=$ticks_of
    now_us
    w0=$now
    sample_until $((w0 - launch_us + seconds * 1000000))
    scan
    for p in "${procs[@]}"; do ticks "$p" && total=$((total + ticks_of - ${before[$p]:-0})); done
    ticks "$xvfb_pid" && x1=$ticks_of
    now_us
    w1=$now
    read -r cpu_pct x_cpu_pct < <(awk -v t="$total" -v x="$((x1 - x0))" -v hz="$CLK_TCK" -v us="$((w1 - w0))" \
        'BEGIN { printf "%.2f %.2f\n", t / hz / (us / 1e6) * 100, x / hz / (us / 1e6) * 100 }')
}

# Ends the browser: SIGTERM to the browser process, then SIGKILL, by pid, to those of its processes
# (as listed just before) still there after 5 s; they become orphans when the browser exits.
stop()
{
    [[ -n $main_pid ]] || return 0
    scan
    local -a left=("${procs[@]}")
    local p comm
    local -a alive=()
    kill -TERM "$main_pid" 2>/dev/null || true
    for _ in {1..50}; do
        alive=()
        for p in "${left[@]}"; do
            read -r comm 2>/dev/null <"/proc/$p/comm" && [[ $comm == chrom* ]] && alive+=("$p")
        done
        ((${#alive[@]} == 0)) && break
        nap 0.1
    done
    for p in "${alive[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
    wait "$main_pid" 2>/dev/null || true
    main_pid=""
    rm -rf "$profile"
    sleep 1 # let the machine calm down before the next browser
}

cleanup()
{
    stop || true
    if [[ $KEEP == 1 ]]; then echo "logs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

find_xvfb
[[ -n $xvfb_pid ]] || echo "note: Xvfb process not found, xserver_* figures will be 0" >&2

echo "Chromium web kiosk baseline: $(chromium --version 2>/dev/null | head -1)" >&2
echo "$(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(uname -r); runs=$RUNS settle=${SETTLE_SECONDS}s idle=${IDLE_SECONDS}s attract=${ATTRACT_SECONDS}s" >&2

read -r load_start _ </proc/loadavg
for ((w = 0; w < WARMUP; w++)); do
    run=warmup$w
    for page in welcome mutation attract; do
        launch "$page"
        wait_first_frame
        stop
    done
done

for ((run = 1; run <= RUNS; run++)); do
    launch welcome
    wait_first_frame
    record startup_ms "$fcp_ms"
    record startup_complete_ms "$complete_ms"
    sample_until "$SETTLE_US"
    record pss_steady_mb "$(mb "$pss_total")"
    record processes "${#procs[@]}"
    cpu_window "$IDLE_SECONDS"
    record cpu_static_pct "$cpu_pct"
    record xserver_cpu_static_pct "$x_cpu_pct"
    record pss_peak_mb "$(mb "$peak")"
    stop

    launch mutation
    wait_first_frame
    record mutation_startup_ms "$fcp_ms"
    record mutation_startup_complete_ms "$complete_ms"
    sample_until "$SETTLE_US"
    record mutation_pss_steady_mb "$(mb "$pss_total")"
    record mutation_pss_peak_mb "$(mb "$peak")"
    stop

    launch attract
    wait_first_frame
    record attract_startup_ms "$fcp_ms"
    sample_until "$SETTLE_US"
    record attract_pss_steady_mb "$(mb "$pss_total")"
    cpu_window "$ATTRACT_SECONDS"
    record cpu_attract_pct "$cpu_pct"
    record xserver_cpu_attract_pct "$x_cpu_pct"
    record attract_pss_peak_mb "$(mb "$peak")"
    stop
    echo "run $run/$RUNS done" >&2
done

# --- Report ----------------------------------------------------------------------------------------
stats() # values… → "median min max", with the values' decimals
{
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1; n = index($1, "."); d = n ? length($1) - n : 0; if (d > dec) dec = d }
        END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
              f = "%." dec "f %." dec "f %." dec "f\n"; printf f, m, v[1], v[NR] }'
}

metrics=(
    "startup_ms|start-up, welcome: launch → first frame presented (ms)"
    "startup_complete_ms|start-up, welcome: launch → whole screen presented (ms)"
    "mutation_startup_ms|start-up, mutation: launch → first frame presented (ms)"
    "mutation_startup_complete_ms|start-up, mutation: launch → whole screen presented (ms)"
    "attract_startup_ms|start-up, attract: launch → first frame presented (ms)"
    "pss_steady_mb|memory, welcome: PSS after ${SETTLE_SECONDS} s (MiB)"
    "pss_peak_mb|memory, welcome: PSS peak (MiB)"
    "mutation_pss_steady_mb|memory, mutation: PSS after ${SETTLE_SECONDS} s (MiB)"
    "mutation_pss_peak_mb|memory, mutation: PSS peak (MiB)"
    "attract_pss_steady_mb|memory, attract: PSS after ${SETTLE_SECONDS} s (MiB)"
    "attract_pss_peak_mb|memory, attract: PSS peak (MiB)"
    "cpu_static_pct|CPU, welcome (static) over ${IDLE_SECONDS} s (% of one core)"
    "cpu_attract_pct|CPU, attract loop over ${ATTRACT_SECONDS} s (% of one core)"
    "xserver_cpu_static_pct|  + Xvfb meanwhile, static (% of one core)"
    "xserver_cpu_attract_pct|  + Xvfb meanwhile, attract (% of one core)"
    "processes|processes per browser instance"
)
read -r load_end _ </proc/loadavg
echo
echo "load average (1 min) at start ${load_start}, at end ${load_end} ($(nproc) cores): other work on the machine inflates start-up"
printf '%-62s %9s %9s %9s\n' "Chromium kiosk ($RUNS runs)" median min max
for entry in "${metrics[@]}"; do
    key=${entry%%|*}
    read -r -a values <<<"${results[$key]}"
    read -r med lo hi <<<"$(stats "${values[@]}")"
    printf '%-62s %9s %9s %9s\n' "${entry#*|}" "$med" "$lo" "$hi"
done
echo
for entry in "${metrics[@]}"; do
    key=${entry%%|*}
    read -r -a values <<<"${results[$key]}"
    read -r med lo hi <<<"$(stats "${values[@]}")"
    echo "web $key median=$med min=$lo max=$hi n=$RUNS"
done
echo "web loadavg start=$load_start end=$load_end cores=$(nproc)"

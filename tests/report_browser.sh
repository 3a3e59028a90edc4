#!/bin/sh
# The report in a real browser (issue #14): headless Chromium renders ess-tally's report to a PNG
# (for people to look at) and prints it to PDF (A4, at least two pages), and loads nothing from
# outside. Exit 77 (skipped) only when Chromium is missing or cannot start here at all.
# Usage: report_browser.sh ESS_TALLY ESS_BENCH_STORAGE OUT_DIR
set -u
tally=$1 bench=$2 out=$3
chromium=$(command -v chromium || command -v chromium-browser) || { echo "chromium not installed (kiosk/setup installs it): skipped"; exit 77; }
rm -rf "$out" && mkdir -p "$out" || exit 1
# Root needs --no-sandbox; a throwaway profile; no network at all: every host name resolves to
# nothing, and Chromium's own background requests (updates, time) are turned off where it can.
run() {
    rm -rf "$out/profile"
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --user-data-dir="$out/profile" \
        --host-resolver-rules="MAP * ~NOTFOUND" --disable-background-networking --disable-component-update \
        --no-first-run --window-size=1240,1754 "$@" 2>>"$out/chromium.log"
}
printf '<!DOCTYPE html><p>start</p>\n' > "$out/start.html"
run --screenshot="$out/start.png" "file://$out/start.html" >/dev/null
[ -s "$out/start.png" ] || { echo "chromium cannot start here (see $out/chromium.log): skipped"; cat "$out/chromium.log"; exit 77; }

"$bench" "$out" visit-db >/dev/null || exit 1
"$tally" report "$out/visits.db" -o "$out/report.html" || exit 1

# The picture: a page of text and charts is far from a blank one (a blank 1240x1754 PNG is a few kB).
run --screenshot="$out/report.png" "file://$out/report.html" >/dev/null
size=$(stat -c %s "$out/report.png" 2>/dev/null || echo 0)
[ "$size" -gt 60000 ] || { echo "report.png is $size bytes: nothing drawn?" >&2; exit 1; }
echo "look at it: $out/report.png ($size bytes)"

# Printed: A4 pages, one section a page after the first, so at least two.
run --print-to-pdf="$out/report.pdf" --no-pdf-header-footer "file://$out/report.html" >/dev/null
# The page tree's /Count (Chromium writes one tree: its root's count is the largest).
pages=$(grep -a -o '/Count [0-9]*' "$out/report.pdf" | awk '$2 > n { n = $2 } END { print n + 0 }')
[ "$pages" -ge 2 ] || { echo "report.pdf has $pages page(s), expected 2 or more" >&2; exit 1; }
grep -a -q '/MediaBox \[0 0 594\.\(9\|96\)[0-9]* 841\.\(9\|92\)[0-9]*\]' "$out/report.pdf" || { echo "report.pdf is not A4" >&2; exit 1; }
echo "report.pdf: $pages A4 pages"

# Nothing from outside: Chromium's network log records every request, with the page's own
# marked "initiator":"null" (a file:// page's origin) and the browser's own "not an origin". A
# control page with an image and a style sheet on the web must show its two requests there (so
# the check can fail); the report must show none.
printf '<!DOCTYPE html><img src="http://canary.invalid/a.png"><link rel="stylesheet" href="https://canary.invalid/b.css">\n' \
    > "$out/control.html"
page_requests() { # the log has one event a line
    grep '"initiator":"null"' "$1" | grep -o '"url":"[^"]*"' | sort -u
}
run --log-net-log="$out/control.netlog.json" --dump-dom "file://$out/control.html" >/dev/null
run --log-net-log="$out/report.netlog.json" --dump-dom "file://$out/report.html" >/dev/null
control=$(page_requests "$out/control.netlog.json" | grep -c canary.invalid)
[ "$control" -ge 2 ] || { echo "the network log did not show the control page's requests ($control): the check cannot see loads" >&2; exit 1; }
loads=$(page_requests "$out/report.netlog.json")
[ -z "$loads" ] || { echo "the report loaded from outside: $loads" >&2; exit 1; }
echo "network log: the control page's $control requests seen, none from the report"

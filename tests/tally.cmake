# ess-tally end to end: help and usage errors, then three generated kiosk databases merged,
# summarised, exported, verified and charted; bad files refused with OUT left untouched.
add_executable(make-test-db ${CMAKE_CURRENT_SOURCE_DIR}/make_test_db.cpp)
target_link_libraries(make-test-db PRIVATE ess_storage)

set(TALLY_DIR ${CMAKE_BINARY_DIR}/tally-e2e)
set(TALLY_DATA ${TALLY_DIR}/data) # make-test-db empties and refills it
set(TALLY $<TARGET_FILE:ess-tally>)

# Small checks as shell scripts: a pipeline or an exit status other than 1 does not fit
# expect_failure.sh, and semicolons inside add_test arguments would be split by CMake.
file(WRITE ${TALLY_DIR}/expect_usage_error.sh [=[
# Wrong arguments: exit status 2, the usage on stderr (and TEXT, if given), nothing on stdout.
# Usage: expect_usage_error.sh [--says TEXT] COMMAND...
says=
if [ "$1" = --says ]; then says=$2; shift 2; fi
out=$("$@" 2>"$0.stderr.$$")
status=$?
err=$(cat "$0.stderr.$$")
rm -f "$0.stderr.$$"
printf '%s\n' "$err"
[ "$status" -eq 2 ] || { echo "expected exit status 2, got $status" >&2; exit 1; }
printf '%s\n' "$err" | grep -q "Usage:" || { echo "expected the usage on stderr" >&2; exit 1; }
[ -z "$says" ] || printf '%s\n' "$err" | grep -qF -- "$says" || { echo "expected on stderr: $says" >&2; exit 1; }
[ -z "$out" ] || { echo "expected nothing on stdout, got: $out" >&2; exit 1; }
]=])

file(WRITE ${TALLY_DIR}/expect_refused_merge.sh [=[
# A refused merge: exit 1 with PATTERN, and OUT exactly as before (absent, or the same bytes).
# Usage: expect_refused_merge.sh EXPECT_FAILURE PATTERN OUT COMMAND...
expect=$1 pattern=$2 out=$3
shift 3
before=absent
[ -e "$out" ] && before=$(cksum < "$out")
"$expect" "$pattern" "$@" || exit 1
after=absent
[ -e "$out" ] && after=$(cksum < "$out")
[ "$before" = "$after" ] || { echo "$out was changed ($before -> $after)" >&2; exit 1; }
]=])

file(WRITE ${TALLY_DIR}/summary_adds_up.sh [=[
# The merged file's summary has the generated totals, its per-kiosk and per-day lines add up to
# them, and summarising the three kiosks' files directly gives the very same figures.
set -e
tally=$1 data=$2
"$tally" summary "$data/merged.db" > "$data/summary-merged.txt"
"$tally" summary "$data/kiosk-a.db" "$data/kiosk-b.db" "$data/kiosk-c.db" > "$data/summary-abc.txt"
cat "$data/summary-merged.txt"
grep -q '^Ballots: 250$' "$data/summary-merged.txt" || { echo "expected 250 ballots" >&2; exit 1; }
for section in 'Per kiosk' 'Per day'; do
    sum=$(sed -n "/^$section/,/^\$/p" "$data/summary-merged.txt" | awk 'NF == 2 { s += $1 } END { print s + 0 }')
    [ "$sum" -eq 250 ] || { echo "$section adds up to $sum, not 250" >&2; exit 1; }
done
grep -q '^ *120  kiosk-a$' "$data/summary-merged.txt" || { echo "expected 120 ballots from kiosk-a" >&2; exit 1; }
grep -q 'retired-lever: (not in the content)$' "$data/summary-merged.txt" || { echo "expected the unknown lever by its id" >&2; exit 1; }
grep -q '% *portage-politique: Un portage politique lisible' "$data/summary-merged.txt" || { echo "expected lever labels" >&2; exit 1; }
sed -n '/^Ballots:/,$p' "$data/summary-merged.txt" > "$data/summary-merged.figures"
sed -n '/^Ballots:/,$p' "$data/summary-abc.txt" > "$data/summary-abc.figures"
diff "$data/summary-merged.figures" "$data/summary-abc.figures" || { echo "merged and combined summaries differ" >&2; exit 1; }
]=])

file(WRITE ${TALLY_DIR}/export_csv_adds_up.sh [=[
# CSV export, one table a file: BOM, CRLF on every line, one header each; the ballots table has
# 250 distinct ballots with a local date and time (Paris: UTC+01:00 in November), and the
# levers, days and kiosks tables agree with its rows.
set -e
tally=$1 data=$2
export TZ=CET-1CEST,M3.5.0,M10.5.0/3
for table in ballots levers days kiosks; do
    csv=$data/merged-$table.csv
    "$tally" export "$data/merged.db" --format csv --table $table -o "$csv"
    bom=$(head -c 3 "$csv" | od -An -tx1 | tr -d ' \n')
    [ "$bom" = efbbbf ] || { echo "$table: no UTF-8 BOM (got $bom)" >&2; exit 1; }
    [ "$(wc -l < "$csv")" -eq "$(tr -cd '\r' < "$csv" | wc -c)" ] || { echo "$table: not every line ends with CRLF" >&2; exit 1; }
    if tr -d '\r' < "$csv" | grep -q '^$'; then echo "$table: a blank line: one table only, please" >&2; exit 1; fi
done
# The default table is the ballots'.
"$tally" export "$data/merged.db" --format csv | cmp - "$data/merged-ballots.csv"
tail -c +4 "$data/merged-ballots.csv" | tr -d '\r' | awk -F, '
    NR == 1 { if ($0 != "uuid,kiosk_id,local_date,local_time (UTC+01:00),created_utc,content_version,flags,lever_id,lever_label") { print "header: " $0; bad = 1 } next }
    $3 !~ /^2026-11-2[6-9]$/ || $4 !~ /^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]$/ { print "not a local date and time: " $3 " " $4; bad = 1 }
    { uuids[$1] = 1; rows++; per[$8]++ }
    END {
        n = 0
        for (u in uuids) n++
        if (n != 250) { print n " ballots in the CSV, expected 250"; bad = 1 }
        print rows > "'"$data/merged-ballots.rows"'"
        for (l in per) print l "," per[l] > "'"$data/merged-ballots.per-lever"'"
        exit bad
    }'
# Levers: the count of each equals the ballots table's rows for it, and they add up.
tail -c +4 "$data/merged-levers.csv" | tr -d '\r' | awk -F, 'NR > 1 && $NF > 0 { print $1 "," $NF }' | sort > "$data/levers.counts"
sort "$data/merged-ballots.per-lever" | diff - "$data/levers.counts" || { echo "the levers table and the ballots table differ" >&2; exit 1; }
for table in days kiosks; do
    sum=$(tail -c +4 "$data/merged-$table.csv" | tr -d '\r' | awk -F, 'NR > 1 { s += $NF } END { print s + 0 }')
    [ "$sum" -eq 250 ] || { echo "$table adds up to $sum, not 250" >&2; exit 1; }
done
]=])

file(WRITE ${TALLY_DIR}/export_json.sh [=[
# JSON export on stdout: 250 ballots, the total, and valid JSON when python3 is there to say so.
set -e
tally=$1 data=$2
"$tally" export "$data/merged.db" --format json > "$data/merged.json"
[ "$(grep -c '"uuid":' "$data/merged.json")" -eq 250 ] || { echo "expected 250 ballots" >&2; exit 1; }
grep -q '"tally":{"ballots":250,' "$data/merged.json" || { echo "expected a tally of 250 ballots" >&2; exit 1; }
if command -v python3 > /dev/null; then python3 -m json.tool "$data/merged.json" > /dev/null; fi
]=])

file(WRITE ${TALLY_DIR}/chart_png.sh [=[
# The chart is a PNG file.
set -e
tally=$1 data=$2
rm -f "$data/tally.png"
"$tally" chart "$data/kiosk-a.db" "$data/kiosk-b.db" "$data/kiosk-c.db" -o "$data/tally.png"
[ "$(head -c 8 "$data/tally.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || { echo "not a PNG" >&2; exit 1; }
]=])

file(WRITE ${TALLY_DIR}/expect_refused_output.sh [=[
# A refused write: exit 1 with PATTERN, and the folder exactly as before: the same names
# (`ls -A`: no temporary file, no -wal or -shm left) and the same bytes in every file.
# Usage: expect_refused_output.sh EXPECT_FAILURE PATTERN DIR COMMAND...   (run in DIR)
expect=$1 pattern=$2 dir=$3
shift 3
cd "$dir" || exit 1
state() { ls -A; for f in $(ls -A); do [ -f "$f" ] && cksum < "$f"; done; }
before=$(state)
"$expect" "$pattern" "$@" || exit 1
after=$(state)
[ "$before" = "$after" ] || { echo "the folder changed:" >&2; echo "$before" > "$dir/.before"; echo "$after" | diff "$dir/.before" - >&2; rm -f "$dir/.before"; exit 1; }
]=])

file(WRITE ${TALLY_DIR}/make_refuse_dir.sh [=[
# The folder the output refusals work in: a kiosk database (made by merge: no -wal, no -shm),
# a symbolic link and a hard link to it, another kiosk database, an old report.
set -e
tally=$1 data=$2 dir=$3
rm -rf "$dir"
mkdir -p "$dir"
"$tally" merge -o "$dir/victim.db" "$data/kiosk-a.db" > /dev/null
"$tally" merge -o "$dir/other.db" "$data/kiosk-b.db" > /dev/null
ln -s victim.db "$dir/link.db"
ln "$dir/victim.db" "$dir/hard.db"
printf 'an old report\r\n' > "$dir/old.csv"
ls -A "$dir"
]=])

file(WRITE ${TALLY_DIR}/export_replaces_old_report.sh [=[
# An old report is replaced whole, through a link too, and nothing else appears in the folder.
set -e
tally=$1 dir=$2
cd "$dir"
before=$(ls -A)
"$tally" export victim.db --format csv -o old.csv
head -c 3 old.csv | od -An -tx1 | grep -q 'ef bb bf' || { echo "old.csv was not replaced" >&2; exit 1; }
[ "$(grep -c 'kiosk-a' old.csv)" -gt 100 ] || { echo "old.csv is not the export" >&2; exit 1; }
ln -sf old.csv report-link.csv
"$tally" export victim.db --format json --output report-link.csv
[ -L report-link.csv ] || { echo "the link was replaced by a file" >&2; exit 1; }
grep -q '"tally":{"ballots":120,' old.csv || { echo "the link's target was not written" >&2; exit 1; }
rm report-link.csv
"$tally" export victim.db --format csv -o old.csv
after=$(ls -A)
[ "$after" = "$before" ] || { echo "files left beside: $after" >&2; exit 1; }
]=])

file(WRITE ${TALLY_DIR}/read_only_folder.sh [=[
# Reading needs no writing: every reading command on files in a folder its user cannot write
# (root ignores permissions: the commands then run as `nobody`), a clean file, a killed kiosk's
# (ballots only in its -wal, with its -shm) and the same without the -shm; the ballots of the
# -wal are counted and the folder's listing and bytes are the same afterwards. Then the same
# files in a writable folder: nothing is left beside them either (no -wal, -shm or copy).
set -e
tally=$1 data=$2
# Under /tmp, which every user can reach (a checkout may be in a folder `nobody` cannot enter).
work=$(mktemp -d "${TMPDIR:-/tmp}/ess-tally-read-only.XXXXXX")
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
chmod 755 "$work"
mkdir -p "$work/stick" "$work/out" "$work/desk"
for f in kiosk-a.db killed.db killed.db-wal killed.db-shm wal-only.db wal-only.db-wal; do
    cp "$data/$f" "$work/stick/"
    cp "$data/$f" "$work/desk/"
done
chmod 444 "$work/stick/"*
chmod 555 "$work/stick"
chmod 777 "$work/out"
run=
[ "$(id -u)" -ne 0 ] || run="runuser -u nobody --"
if [ -n "$run" ] && ! $run "$tally" --help > /dev/null 2>&1; then
    cp "$tally" "$work/ess-tally" # the build folder is out of nobody's reach: a copy (levers then shown by id)
    tally=$work/ess-tally
fi
if $run sh -c "touch '$work/stick/probe'" 2>/dev/null; then echo "the folder is writable for the test's user: this would prove nothing" >&2; exit 1; fi
# Names, and the bytes of every file; in the writable folder SQLite may rebuild the index in a
# killed kiosk's stale -shm (a cache of the -wal's index: its bytes, not its name, change).
state() { (cd "$1" && ls -A && if [ "$1" = "$work/desk" ]; then cksum $(ls | grep -v -- '-shm$'); else cksum *; fi); }
check() { # COUNT DB AS_USER...
    count=$1 db=$2 name=$(basename "$2")
    shift 2
    "$@" "$tally" summary "$db" | grep -q "^Ballots: $count\$" || { echo "$db: summary does not say $count ballots" >&2; "$@" "$tally" summary "$db" >&2; exit 1; }
    "$@" "$tally" verify "$db" | grep -q "ballots: $count\$" || { echo "$db: verify does not say $count ballots" >&2; exit 1; }
    "$@" "$tally" export "$db" --format json | grep -q "\"tally\":{\"ballots\":$count," || { echo "$db: export to stdout" >&2; exit 1; }
    "$@" "$tally" export "$db" --format csv -o "$work/out/$name.csv"
    "$@" "$tally" chart "$db" -o "$work/out/$name.png" > /dev/null
    rm -f "$work/out/$name-merged.db"
    "$@" "$tally" merge -o "$work/out/$name-merged.db" "$db" | grep -q "$count ballots in total" || { echo "$db: merge" >&2; exit 1; }
}
for place in stick desk; do
    before=$(state "$work/$place")
    as=
    [ "$place" = desk ] || as=$run
    check 120 "$work/$place/kiosk-a.db" $as
    check 40 "$work/$place/killed.db" $as
    check 40 "$work/$place/wal-only.db" $as
    # Several files at once: the killed kiosk's ballots and their copy's are the same ballots.
    $as "$tally" summary "$work/$place/kiosk-a.db" "$work/$place/killed.db" "$work/$place/wal-only.db" | grep -q '^Ballots: 160$' ||
        { echo "$place: the combined summary does not say 160 ballots" >&2; exit 1; }
    after=$(state "$work/$place")
    [ "$before" = "$after" ] || { echo "$place: the folder changed" >&2; echo "$before" > "$work/before"; echo "$after" | diff "$work/before" - >&2; exit 1; }
    echo "$place: as ${as:-$(id -un)}: summary, verify, export, chart, merge read; the folder is as it was:"
    echo "$after" | sed 's/^/    /'
done
]=])

file(WRITE ${TALLY_DIR}/export_xlsx.sh [=[
# XLSX export, read back from its XML (unzip, installed by kiosk/setup): the four sheets, each
# header row frozen, one row per ballot and lever as in the CSV, a lever's count as a number
# equal to what `summary` says, a date and time as a serial number with a date style.
set -e
tally=$1 data=$2
export TZ=CET-1CEST,M3.5.0,M10.5.0/3
xlsx=$data/xlsx/votes.xlsx
rm -rf "$data/xlsx"
mkdir -p "$data/xlsx"
"$tally" export "$data/merged.db" --format xlsx -o "$xlsx"
[ "$(ls -A "$data/xlsx")" = votes.xlsx ] || { echo "files left beside: $(ls -A "$data/xlsx")" >&2; exit 1; }
part() { unzip -p "$xlsx" "$1"; }
sheets=$(part xl/workbook.xml | grep -o '<sheet name="[^"]*"' | sed 's/<sheet name="//; s/"$//' | tr '\n' '|')
[ "$sheets" = "Votes|Leviers|Par jour|Par borne|" ] || { echo "sheets: $sheets" >&2; exit 1; }
for n in 1 2 3 4; do
    part xl/worksheets/sheet$n.xml | grep -q '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' ||
        { echo "sheet $n: the header row is not frozen" >&2; exit 1; }
done
rows=$(part xl/worksheets/sheet1.xml | grep -o '<row r=' | wc -l)
"$tally" export "$data/merged.db" --format csv -o "$data/xlsx-check.csv"
csv_rows=$(wc -l < "$data/xlsx-check.csv")
[ "$rows" -eq "$csv_rows" ] || { echo "Votes has $rows rows (with its header), the ballots CSV $csv_rows lines" >&2; exit 1; }
expected=$("$tally" summary "$data/merged.db" | awk '$NF != "" && $4 == "co-construction:" { print $1 }')
count=$(part xl/worksheets/sheet2.xml | sed 's/<row /\n<row /g' | grep '<t>co-construction</t>' |
    grep -o '<c r="C[0-9]*"[^>]*><v>[0-9]*</v>' | sed 's/.*<v>//; s/<.v>//')
[ -n "$expected" ] && [ "$count" = "$expected" ] || { echo "co-construction: $count in Leviers, $expected in summary" >&2; exit 1; }
cell=$(part xl/worksheets/sheet1.xml | grep -o '<c r="C2" s="[0-9]*"><v>[0-9.]*</v>')
style=$(echo "$cell" | sed 's/.* s="//; s/".*//')
value=$(echo "$cell" | sed 's/.*<v>//; s/<.v>//')
awk -v v="$value" 'BEGIN { exit !(v > 46352 && v < 46355) }' || { echo "C2 is not a serial of 26-28 November 2026: $cell" >&2; exit 1; }
format_id=$(part xl/styles.xml | sed 's/.*<cellXfs[^>]*>//; s/<\/cellXfs>.*//; s/<xf /\n<xf /g' | grep '^<xf ' |
    sed -n "$((style + 1))p" | sed 's/.*numFmtId="//; s/".*//')
part xl/styles.xml | grep -q "<numFmt numFmtId=\"$format_id\" formatCode=\"yyyy-mm-dd hh:mm:ss\"/>" ||
    { echo "C2's style $style (number format $format_id) is not a date and time" >&2; exit 1; }
echo "Votes: $rows rows, co-construction: $count, C2 = $value in format $format_id"
]=])

# Help and usage errors.
add_test(NAME tally_help COMMAND ess-tally --help)
set_tests_properties(tally_help PROPERTIES PASS_REGULAR_EXPRESSION "summary.*export.*merge.*verify.*chart")
foreach(command summary export merge verify chart)
    add_test(NAME tally_help_${command} COMMAND ess-tally ${command} --help)
    set_tests_properties(tally_help_${command} PROPERTIES PASS_REGULAR_EXPRESSION "Usage:.*${command}")
endforeach()
set(USAGE_ERROR sh ${TALLY_DIR}/expect_usage_error.sh ${TALLY})
add_test(NAME tally_usage_no_command COMMAND ${USAGE_ERROR})
add_test(NAME tally_usage_unknown_command COMMAND sh ${TALLY_DIR}/expect_usage_error.sh
    --says "ess-tally: unknown command \"count\"; commands: summary, export, merge, verify, chart" ${TALLY} count ballots.db)
add_test(NAME tally_usage_unknown_format COMMAND ${USAGE_ERROR} export ballots.db --format xml)
add_test(NAME tally_usage_merge_without_output COMMAND ${USAGE_ERROR} merge a.db b.db)
add_test(NAME tally_usage_summary_without_db COMMAND ${USAGE_ERROR} summary)
add_test(NAME tally_usage_unknown_option COMMAND ${USAGE_ERROR} verify --fast ballots.db)

# Data, then merge (fresh OUT), merge again (adds nothing), then the readers.
add_test(NAME tally_make_data COMMAND make-test-db ${TALLY_DATA})
set_tests_properties(tally_make_data PROPERTIES FIXTURES_SETUP tally_data)

add_test(NAME tally_merge
    COMMAND ess-tally merge -o ${TALLY_DATA}/merged.db ${TALLY_DATA}/kiosk-a.db ${TALLY_DATA}/kiosk-b.db ${TALLY_DATA}/kiosk-c.db)
set_tests_properties(tally_merge PROPERTIES FIXTURES_REQUIRED tally_data FIXTURES_SETUP tally_merged
    PASS_REGULAR_EXPRESSION "kiosk-a.db: added 120, skipped 0\n[^\n]*kiosk-b.db: added 80, skipped 0\n[^\n]*kiosk-c.db: added 50, skipped 0\n[^\n]*merged.db: 250 ballots in total")
add_test(NAME tally_merge_again_adds_nothing
    COMMAND ess-tally merge -o ${TALLY_DATA}/merged.db ${TALLY_DATA}/kiosk-c.db ${TALLY_DATA}/kiosk-a.db)
set_tests_properties(tally_merge_again_adds_nothing PROPERTIES FIXTURES_REQUIRED tally_merged FIXTURES_SETUP tally_merged_twice
    PASS_REGULAR_EXPRESSION "kiosk-c.db: added 0, skipped 50\n[^\n]*kiosk-a.db: added 0, skipped 120\n[^\n]*merged.db: 250 ballots in total")

add_test(NAME tally_summary_adds_up COMMAND sh ${TALLY_DIR}/summary_adds_up.sh ${TALLY} ${TALLY_DATA})
add_test(NAME tally_export_csv_adds_up COMMAND sh ${TALLY_DIR}/export_csv_adds_up.sh ${TALLY} ${TALLY_DATA})
add_test(NAME tally_export_json COMMAND sh ${TALLY_DIR}/export_json.sh ${TALLY} ${TALLY_DATA})
add_test(NAME tally_export_xlsx COMMAND sh ${TALLY_DIR}/export_xlsx.sh ${TALLY} ${TALLY_DATA})
add_test(NAME tally_usage_xlsx_to_terminal COMMAND sh ${TALLY_DIR}/expect_usage_error.sh
    --says "export --format xlsx needs -o FILE.xlsx" ${TALLY} export ballots.db --format xlsx)
add_test(NAME tally_verify_merged COMMAND ess-tally verify ${TALLY_DATA}/merged.db)
set_tests_properties(tally_verify_merged PROPERTIES PASS_REGULAR_EXPRESSION
    "integrity \\(quick_check\\): ok.*ballots: 250.*tally counters: match.*merged.db: healthy")
set_tests_properties(tally_summary_adds_up tally_export_csv_adds_up tally_export_json tally_export_xlsx tally_verify_merged
    PROPERTIES FIXTURES_REQUIRED tally_merged_twice)

add_test(NAME tally_chart COMMAND sh ${TALLY_DIR}/chart_png.sh ${TALLY} ${TALLY_DATA})
add_test(NAME tally_verify_kiosk COMMAND ess-tally verify ${TALLY_DATA}/kiosk-b.db)
set_tests_properties(tally_verify_kiosk PROPERTIES PASS_REGULAR_EXPRESSION "ballots: 80.*kiosk-b.db: healthy")

# A kiosk file of schema 1 (before the outbox, kept in tests/data): read, verified and merged as
# it is, with schema 2 files, into a schema 2 OUT that queues none of them for upload.
set(SCHEMA1 ${CMAKE_SOURCE_DIR}/tests/data/kiosk-schema1.db)
add_test(NAME tally_verify_schema1 COMMAND ess-tally verify ${SCHEMA1})
set_tests_properties(tally_verify_schema1 PROPERTIES PASS_REGULAR_EXPRESSION
    "schema version: 1 \\(this software: 4\\).*ballots: 7.*not yet sent to a central server: 7 \\(schema 1 has no outbox.*healthy")
add_test(NAME tally_merge_schema1_and_2
    COMMAND sh -c "rm -f ${TALLY_DATA}/merged-1-2.db* && ${TALLY} merge -o ${TALLY_DATA}/merged-1-2.db ${SCHEMA1} ${TALLY_DATA}/kiosk-b.db && \
        ${TALLY} verify ${TALLY_DATA}/merged-1-2.db")
set_tests_properties(tally_merge_schema1_and_2 PROPERTIES FIXTURES_REQUIRED tally_data PASS_REGULAR_EXPRESSION
    "kiosk-schema1.db: added 7, skipped 0.*kiosk-b.db: added 80.*schema version: 4.*ballots: 87.*not yet sent to a central server: 0\n.*healthy")
# The visit log (schema 3): a kiosk file with visits merged with a schema 2 one (no visits), then
# the same again into that OUT (nothing added twice); verify and summary count them.
set(SCHEMA2 ${CMAKE_SOURCE_DIR}/tests/data/kiosk-schema2.db)
add_test(NAME tally_merge_visits_with_schema2
    COMMAND sh -c "rm -f ${TALLY_DATA}/merged-v.db* && ${TALLY} merge -o ${TALLY_DATA}/merged-v.db ${SCHEMA2} ${TALLY_DATA}/kiosk-v.db && \
        ${TALLY} merge -o ${TALLY_DATA}/merged-v.db ${TALLY_DATA}/kiosk-v.db ${SCHEMA2} && ${TALLY} verify ${TALLY_DATA}/merged-v.db && \
        ${TALLY} summary ${TALLY_DATA}/merged-v.db ${TALLY_DATA}/kiosk-v.db")
set_tests_properties(tally_merge_visits_with_schema2 PROPERTIES FIXTURES_REQUIRED tally_data PASS_REGULAR_EXPRESSION
    "kiosk-schema2.db: added 6, skipped 0\n[^\n]*kiosk-v.db: added 12, skipped 0\n[^\n]*kiosk-v.db: visits added 30, skipped 0\n[^\n]*merged-v.db: 18 ballots in total\n[^\n]*merged-v.db: 30 visits in total\n[^\n]*kiosk-v.db: added 0, skipped 12\n[^\n]*kiosk-v.db: visits added 0, skipped 30\n[^\n]*kiosk-schema2.db: added 0, skipped 6\n[^\n]*merged-v.db: 18 ballots in total\n[^\n]*merged-v.db: 30 visits in total\n.*schema version: 4.*visits: 30\n.*healthy.*Ballots: 18\n.*Visits: 30 ")
add_test(NAME tally_verify_schema2 COMMAND ess-tally verify ${SCHEMA2})
set_tests_properties(tally_verify_schema2 PROPERTIES PASS_REGULAR_EXPRESSION
    "schema version: 2 \\(this software: 4\\).*ballots: 6.*not yet sent to a central server: 4\n.*visits: none \\(schema 2 has no visit log\\).*healthy")
add_test(NAME tally_verify_kiosk_pending COMMAND ess-tally verify ${TALLY_DATA}/kiosk-c.db)
set_tests_properties(tally_verify_kiosk_pending PROPERTIES FIXTURES_REQUIRED tally_data PASS_REGULAR_EXPRESSION
    "not yet sent to a central server: 50\n")

# Bad files: verify says why, merge refuses and leaves OUT as it was.
set(EXPECT_FAILURE ${CMAKE_SOURCE_DIR}/tests/expect_failure.sh)
add_test(NAME tally_verify_text_file COMMAND ${EXPECT_FAILURE} "not-a-db.txt: not a database" ${TALLY} verify ${TALLY_DATA}/not-a-db.txt)
add_test(NAME tally_verify_corrupt COMMAND ${EXPECT_FAILURE} "corrupt.db: not healthy: quick_check" ${TALLY} verify ${TALLY_DATA}/corrupt.db)
add_test(NAME tally_verify_plain_sqlite COMMAND ${EXPECT_FAILURE} "plain.db: not a kiosk database" ${TALLY} verify ${TALLY_DATA}/plain.db)
add_test(NAME tally_verify_missing COMMAND ${EXPECT_FAILURE} "missing.db: no such file" ${TALLY} verify ${TALLY_DATA}/missing.db)

set(REFUSED_MERGE sh ${TALLY_DIR}/expect_refused_merge.sh ${EXPECT_FAILURE})
set(NEW_OUT ${TALLY_DATA}/refused-new.db)
add_test(NAME tally_merge_refuses_text_file
    COMMAND ${REFUSED_MERGE} "not-a-db.txt: not a database" ${NEW_OUT} ${TALLY} merge -o ${NEW_OUT} ${TALLY_DATA}/kiosk-a.db ${TALLY_DATA}/not-a-db.txt)
add_test(NAME tally_merge_refuses_plain_sqlite
    COMMAND ${REFUSED_MERGE} "plain.db: not a kiosk database" ${NEW_OUT} ${TALLY} merge -o ${NEW_OUT} ${TALLY_DATA}/plain.db ${TALLY_DATA}/kiosk-a.db)
add_test(NAME tally_merge_refuses_newer_schema
    COMMAND ${REFUSED_MERGE} "newer.db: schema version 99 is newer" ${NEW_OUT} ${TALLY} merge -o ${NEW_OUT} ${TALLY_DATA}/kiosk-a.db ${TALLY_DATA}/newer.db)
add_test(NAME tally_merge_refuses_corrupt
    COMMAND ${REFUSED_MERGE} "corrupt.db: damaged" ${NEW_OUT} ${TALLY} merge -o ${NEW_OUT} ${TALLY_DATA}/kiosk-a.db ${TALLY_DATA}/corrupt.db)
add_test(NAME tally_merge_refuses_missing
    COMMAND ${REFUSED_MERGE} "missing.db: no such file" ${NEW_OUT} ${TALLY} merge -o ${NEW_OUT} ${TALLY_DATA}/kiosk-a.db ${TALLY_DATA}/missing.db)
# An existing OUT keeps its bytes, with a bad input beside a good one.
set(OLD_OUT ${TALLY_DATA}/existing-out.db)
add_test(NAME tally_merge_refused_keeps_existing_out
    COMMAND ${REFUSED_MERGE} "plain.db: not a kiosk database" ${OLD_OUT} ${TALLY} merge -o ${OLD_OUT} ${TALLY_DATA}/kiosk-b.db ${TALLY_DATA}/plain.db)
add_test(NAME tally_merge_refuses_out_as_input
    COMMAND ${REFUSED_MERGE} "existing-out.db: is the input .*existing-out.db itself" ${OLD_OUT} ${TALLY} merge -o ${OLD_OUT} ${TALLY_DATA}/kiosk-b.db ${OLD_OUT})

add_test(NAME tally_reads_without_writing COMMAND sh ${TALLY_DIR}/read_only_folder.sh ${TALLY} ${TALLY_DATA})
set_tests_properties(tally_chart tally_reads_without_writing tally_verify_kiosk tally_verify_text_file tally_verify_corrupt tally_verify_plain_sqlite
    tally_verify_missing tally_merge_refuses_text_file tally_merge_refuses_plain_sqlite tally_merge_refuses_newer_schema
    tally_merge_refuses_corrupt tally_merge_refuses_missing tally_merge_refused_keeps_existing_out tally_merge_refuses_out_as_input
    PROPERTIES FIXTURES_REQUIRED tally_data)

# Nothing typed destroys a database: every command that writes, with each spelling of its
# output option, refuses an input (by its name, ./, a symbolic or a hard link), an input's -wal,
# and (for reports) any other database; the folder is left exactly as it was.
set(REFUSE_DIR ${TALLY_DIR}/refuse)
add_test(NAME tally_make_refuse_dir COMMAND sh ${TALLY_DIR}/make_refuse_dir.sh ${TALLY} ${TALLY_DATA} ${REFUSE_DIR})
set_tests_properties(tally_make_refuse_dir PROPERTIES FIXTURES_REQUIRED tally_data FIXTURES_SETUP tally_refuse)
set(REFUSED_OUTPUT sh ${TALLY_DIR}/expect_refused_output.sh ${EXPECT_FAILURE})
set(REFUSE_TESTS)
foreach(option -o --output)
    foreach(writer csv json xlsx chart merge report)
        if(writer STREQUAL "chart" OR writer STREQUAL "report")
            set(command ${writer} victim.db ${option})
        elseif(writer STREQUAL "merge")
            set(command merge other.db ${option}) # inputs before the option: CLI11 takes both orders
        else()
            set(command export victim.db --format ${writer} ${option})
        endif()
        set(targets "victim.db|victim.db: is the input victim.db itself"
                    "./victim.db|./victim.db: is the input victim.db itself"
                    "link.db|link.db: is the input victim.db itself"
                    "hard.db|hard.db: is the input victim.db itself"
                    "victim.db-wal|victim.db-wal: is the -wal file of the database victim.db")
        if(writer STREQUAL "merge")
            list(APPEND targets "old.csv|old.csv: not a database")
        else()
            list(APPEND targets "other.db|other.db: is an SQLite database and is not overwritten")
        endif()
        foreach(target_and_pattern IN LISTS targets)
            string(REPLACE "|" ";" parts "${target_and_pattern}")
            list(GET parts 0 target)
            list(GET parts 1 pattern)
            string(REPLACE "./" "dot_" name "${writer}${option}_${target}")
            string(REGEX REPLACE "[^a-z]+" "_" name "${name}")
            if(writer STREQUAL "merge")
                set(run ${TALLY} ${command} ${target} victim.db)
            else()
                set(run ${TALLY} ${command} ${target})
            endif()
            add_test(NAME tally_refuses_${name} COMMAND ${REFUSED_OUTPUT} "${pattern}" ${REFUSE_DIR} ${run})
            list(APPEND REFUSE_TESTS tally_refuses_${name})
        endforeach()
    endforeach()
endforeach()
set_tests_properties(${REFUSE_TESTS} PROPERTIES FIXTURES_REQUIRED tally_refuse)
add_test(NAME tally_export_replaces_old_report COMMAND sh ${TALLY_DIR}/export_replaces_old_report.sh ${TALLY} ${REFUSE_DIR})
# After the refusals: it rewrites old.csv, which they compare byte for byte.
set_tests_properties(tally_export_replaces_old_report PROPERTIES FIXTURES_REQUIRED tally_refuse DEPENDS "${REFUSE_TESTS}")

# The report (issue #14): kiosks' files of schema 2 (no visit log) give the votes and say calmly
# that no visit was recorded; a missing input names the file and writes nothing.
# A kiosk of schema 2 has no visit log; one of schema 3 may have none yet: each says which.
add_test(NAME tally_report_without_visit_log
    COMMAND sh -c "rm -f ${TALLY_DATA}/report-schema2.html && ${TALLY} report ${SCHEMA2} -o ${TALLY_DATA}/report-schema2.html \
        && grep -q 'Aucune visite enregistrée : ces données viennent' ${TALLY_DATA}/report-schema2.html \
        && ! grep -q 'Aucune visite n’est encore' ${TALLY_DATA}/report-schema2.html && ! grep -q -e http -e 'src=' -e '<script' ${TALLY_DATA}/report-schema2.html")
set_tests_properties(tally_report_without_visit_log PROPERTIES FIXTURES_REQUIRED tally_data)
add_test(NAME tally_report_visit_log_empty
    COMMAND sh -c "rm -f ${TALLY_DATA}/report-ab.html && ${TALLY} report ${TALLY_DATA}/kiosk-a.db ${TALLY_DATA}/kiosk-b.db -o ${TALLY_DATA}/report-ab.html \
        && grep -q 'Aucune visite n’est encore enregistrée' ${TALLY_DATA}/report-ab.html && ! grep -q 'ces données viennent' ${TALLY_DATA}/report-ab.html \
        && grep -q 'Un portage politique lisible' ${TALLY_DATA}/report-ab.html \
        && grep -q 'retired-lever' ${TALLY_DATA}/report-ab.html && ! grep -q -e http -e 'src=' -e '<script' ${TALLY_DATA}/report-ab.html")
set_tests_properties(tally_report_visit_log_empty PROPERTIES FIXTURES_REQUIRED tally_data)
# Several files are merged in memory, visits too: kiosk-v's 30 and kiosk-w's 30 add up, and a
# copy of kiosk-v under another name (the same visit ids) adds none.
add_test(NAME tally_report_visits_of_several_files
    COMMAND sh -c "rm -f ${TALLY_DATA}/report-vw.html && cp ${TALLY_DATA}/kiosk-v.db ${TALLY_DATA}/kiosk-v-copy.db \
        && ${TALLY} report ${TALLY_DATA}/kiosk-v.db ${TALLY_DATA}/kiosk-v-copy.db ${TALLY_DATA}/kiosk-w.db -o ${TALLY_DATA}/report-vw.html \
        && grep -q '<b>60</b><span>visites</span>' ${TALLY_DATA}/report-vw.html \
        && ${TALLY} report ${TALLY_DATA}/kiosk-v.db ${TALLY_DATA}/kiosk-v-copy.db -o ${TALLY_DATA}/report-vw.html \
        && grep -q '<b>30</b><span>visites</span>' ${TALLY_DATA}/report-vw.html")
set_tests_properties(tally_report_visits_of_several_files PROPERTIES FIXTURES_REQUIRED tally_data)
add_test(NAME tally_report_missing_input
    COMMAND ${EXPECT_FAILURE} "missing.db: no such file" ${TALLY} report ${TALLY_DATA}/missing.db -o ${TALLY_DATA}/never.html)
# In a real browser: headless Chromium renders it to PNG (screenshots/report/report.png, to look
# at), prints it to an A4 PDF of two pages or more, and its network log shows no load from outside
# (a control page's loads proving the log sees them). Skipped only if Chromium cannot start.
add_test(NAME tally_report_browser
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/report_browser.sh ${TALLY} $<TARGET_FILE:ess-bench-storage> ${CMAKE_BINARY_DIR}/screenshots/report)
set_tests_properties(tally_report_browser PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)

#!/usr/bin/env bash
# After organiser mode's export (e2e_organiser): the four files of the last export are there
# and complete, and nothing else was left in the folder (no temporary file).
# Usage: organiser_exports.sh EXPORT_DIR
set -u
dir=$1
last=$(ls "$dir" | grep -E '^ess2040-.*\.xlsx$' | sort | tail -1)
[ -n "$last" ] || { echo "no export in $dir" >&2; exit 1; }
stem=$dir/${last%.xlsx}
fail() { echo "$*" >&2; exit 1; }
for f in "$stem-votes.csv" "$stem-leviers.csv" "$stem.json" "$stem.xlsx"; do [ -s "$f" ] || fail "$f: missing or empty"; done
if ls -A "$dir" | grep -q '^\.'; then fail "temporary files left: $(ls -A "$dir" | grep '^\.')"; fi
head -c 3 "$stem-votes.csv" | od -An -tx1 | grep -q 'ef bb bf' || fail "$stem-votes.csv: no BOM"
head -1 "$stem-votes.csv" | grep -q '^.uuid,kiosk_id,local_date,local_time (UTC' || fail "$stem-votes.csv: not the ballots table"
head -1 "$stem-leviers.csv" | grep -q '^.lever_id,lever_label,ballots' || fail "$stem-leviers.csv: not the levers table"
[ "$(tr -d '\r' < "$stem-leviers.csv" | grep -c '^$')" -eq 0 ] || fail "$stem-leviers.csv: more than one table"
grep -q 'transcender-competences' "$stem-leviers.csv" || fail "$stem-leviers.csv: the content's levers are missing"
tail -c 4 "$stem.json" | grep -q ']}}' || fail "$stem.json: cut short"
sheets=$(unzip -p "$stem.xlsx" xl/workbook.xml | grep -o '<sheet name="[^"]*"' | wc -l)
[ "$sheets" -eq 4 ] || fail "$stem.xlsx: $sheets sheets"
echo "$stem: -votes.csv, -leviers.csv, .json, .xlsx complete"

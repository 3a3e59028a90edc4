// CSV export, one table per file (spreadsheets read one table a file): RFC 4180, UTF-8 with a
// byte-order mark, CRLF line ends.
#pragma once
#include <ostream>
#include <string>

#include "storage/database.h"
#include "storage/export_tables.h"

namespace ess {

// Writes one table:
//   ballots: one row per ballot and lever: uuid, kiosk_id, local_date, local_time (header says the
//            UTC offset, e.g. "local_time (UTC+01:00)"; with several offsets, as across a DST
//            change, a utc_offset column follows), created_utc (as stored), content_version,
//            flags, lever_id, lever_label;
//   levers:  lever_id, lever_label, ballots (every lever of the content, chosen or not);
//   days:    day_utc, ballots;   kiosks: kiosk_id, ballots.
// `labels` maps lever id → lever text for a readable column.
bool ExportCsv(const Database& db, const LeverLabels& labels, ExportTable table, std::ostream& out, std::string& error);

} // namespace ess

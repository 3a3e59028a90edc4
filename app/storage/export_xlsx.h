// XLSX export (libxlsxwriter): one workbook with the ballots, the levers' tally, per day and per
// kiosk, for spreadsheets that split CSV files on semicolons (Excel in a French locale).
#pragma once
#include <string>

#include "storage/database.h"
#include "storage/export_tables.h"

namespace ess {

// Writes `path` whole or not at all (a temporary file beside it, renamed once complete and on
// disk). Sheets, in French for the organisers: "Votes" (one row per ballot and lever, the local
// date and time as a real date cell), "Leviers" (every lever of the content with its count and
// share of ballots), "Par jour", "Par borne"; header rows frozen, counts as numbers, lever labels
// in full. Ballots beyond a sheet's 1,048,575 rows continue on "Votes 2", "Votes 3"...
bool ExportXlsx(const Database& db, const LeverLabels& labels, const std::string& path, std::string& error);

} // namespace ess

// What the organisers' files show, whatever their format (CSV, XLSX): ballot times in local
// time, the levers' rows with their labels, and the names of the tables.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "storage/database.h"

namespace ess {

using LeverLabels = std::vector<std::pair<std::string, std::string>>; // lever id → text, in the content's order

// The tables an export writes, one per CSV file or one per XLSX sheet.
enum class ExportTable { Ballots, Levers, Days, Kiosks };
const char* TableName(ExportTable table); // "ballots", "levers", "days", "kiosks"
bool ParseTableName(const std::string& name, ExportTable& table);

// A stored UTC time ("2026-12-01T07:45:44.202Z") in the machine's local time zone (TZ).
struct LocalTime {
    bool Ok = false;       // false when the stored text is not such a time: it is then shown as stored
    std::string Date;      // 2026-12-01
    std::string Time;      // 08:45:44
    int OffsetMinutes = 0; // east of UTC: +60 in Paris in winter
    double Serial = 0;     // the local date and time as a spreadsheet serial: days since 1899-12-30
};
LocalTime ToLocalTime(const std::string& created_utc);
std::string UtcOffsetText(int minutes); // "UTC+01:00"
// A day as the tallies key it ("2026-12-01", UTC) as a spreadsheet serial; -1 if it is not a date.
double UtcDaySerial(const std::string& day);

// The local UTC offsets the ballots fall in, from the tally's hours (a DST change gives two), in
// increasing order; the current offset when there is no ballot.
std::vector<int> OffsetsOfBallots(const Tally& tally);

// Flushes `out` at the end of an export: false, with `error` naming the database read, when
// anything could not be written (a full disk, a closed pipe).
bool FinishExport(std::ostream& out, const Database& db, std::string& error);

struct LeverRow {
    std::string Id, Label;
    int64_t Ballots = 0;
};
// Levers with ballots (most chosen first), then the levers of the content nobody chose: a lever
// missing from a report would read as forgotten rather than as zero.
std::vector<LeverRow> LeverRows(const Tally& tally, const LeverLabels& labels);

} // namespace ess

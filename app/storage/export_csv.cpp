// CSV tables for spreadsheets (see export_csv.h), written by hand: quoting per RFC 4180, and
// times as separate local date and time columns, which LibreOffice and Excel read as such.
#include "storage/export_csv.h"

#include <initializer_list>
#include <map>

namespace ess {

namespace {

// Quote a field only when it holds a separator, a quote or a line break.
std::string CsvField(const std::string& text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

void CsvRow(std::ostream& out, std::initializer_list<std::string> fields)
{
    bool first = true;
    for (const std::string& f : fields) {
        if (!first) out << ',';
        out << CsvField(f);
        first = false;
    }
    out << "\r\n";
}

bool WriteBallots(const Database& db, const LeverLabels& labels, const Tally& tally, std::ostream& out, std::string& error)
{
    std::map<std::string, std::string> label_of(labels.begin(), labels.end());
    auto label = [&](const std::string& id) {
        auto it = label_of.find(id);
        return it == label_of.end() ? std::string() : it->second;
    };
    const std::vector<int> offsets = OffsetsOfBallots(tally);
    const bool several = offsets.size() > 1;
    std::string time_header = "local_time (" + UtcOffsetText(offsets.front());
    for (size_t i = 1; i < offsets.size(); i++)
        time_header += (i + 1 == offsets.size() ? " or " : ", ") + UtcOffsetText(offsets[i]);
    time_header += several ? ": see utc_offset)" : ")";
    if (several)
        CsvRow(out, {"uuid", "kiosk_id", "local_date", time_header, "utc_offset", "created_utc", "content_version", "flags",
                     "lever_id", "lever_label"});
    else
        CsvRow(out, {"uuid", "kiosk_id", "local_date", time_header, "created_utc", "content_version", "flags", "lever_id",
                     "lever_label"});
    return db.ForEachBallot(
        [&](const Ballot& b) {
            const LocalTime local = ToLocalTime(b.CreatedUtc);
            const std::string flags = std::to_string(b.Flags), offset = local.Ok ? UtcOffsetText(local.OffsetMinutes) : "";
            auto row = [&](const std::string& lever) {
                if (several)
                    CsvRow(out, {b.Uuid, b.KioskId, local.Date, local.Time, offset, b.CreatedUtc, b.ContentVersion, flags, lever,
                                 lever.empty() ? "" : label(lever)});
                else
                    CsvRow(out, {b.Uuid, b.KioskId, local.Date, local.Time, b.CreatedUtc, b.ContentVersion, flags, lever,
                                 lever.empty() ? "" : label(lever)});
            };
            if (b.Levers.empty()) row("");
            for (const std::string& lever : b.Levers) row(lever);
            return out.good();
        },
        error);
}

} // namespace

bool ExportCsv(const Database& db, const LeverLabels& labels, ExportTable table, std::ostream& out, std::string& error)
{
    Tally tally;
    if (!db.LoadTally(tally, error)) return false;
    out << "\xEF\xBB\xBF";
    switch (table) {
    case ExportTable::Ballots:
        if (!WriteBallots(db, labels, tally, out, error)) return false;
        break;
    case ExportTable::Levers:
        CsvRow(out, {"lever_id", "lever_label", "ballots"});
        for (const LeverRow& row : LeverRows(tally, labels)) CsvRow(out, {row.Id, row.Label, std::to_string(row.Ballots)});
        break;
    case ExportTable::Days:
        CsvRow(out, {"day_utc", "ballots"});
        for (const Count& c : tally.PerDay) CsvRow(out, {c.Key, std::to_string(c.Ballots)});
        break;
    case ExportTable::Kiosks:
        CsvRow(out, {"kiosk_id", "ballots"});
        for (const Count& c : tally.PerKiosk) CsvRow(out, {c.Key, std::to_string(c.Ballots)});
        break;
    }
    return FinishExport(out, db, error);
}

} // namespace ess

// JSON export, written by hand (no library to install on an organiser's machine): every ballot,
// then the tally with the levers' labels (see exchange.h).
#include <cstdio>
#include <ostream>

#include "storage/exchange.h"
#include "storage/export_tables.h"

namespace ess {

namespace {

// JSON string: quotes, backslashes and control characters escaped; UTF-8 passes through as is.
std::string JsonString(const std::string& text)
{
    std::string out = "\"";
    for (unsigned char c : text) {
        if (c == '"')
            out += "\\\"";
        else if (c == '\\')
            out += "\\\\";
        else if (c < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
            out += escaped;
        } else
            out += (char)c;
    }
    return out + "\"";
}

} // namespace

bool ExportJson(const Database& db, const LeverLabels& labels, std::ostream& out, std::string& error)
{
    Tally tally;
    if (!db.LoadTally(tally, error)) return false;
    out << "{\"ballots\":[";
    bool first = true;
    bool ok = db.ForEachBallot(
        [&](const Ballot& b) {
            out << (first ? "\n" : ",\n") << "{\"uuid\":" << JsonString(b.Uuid) << ",\"kiosk_id\":" << JsonString(b.KioskId)
                << ",\"created_utc\":" << JsonString(b.CreatedUtc) << ",\"content_version\":" << JsonString(b.ContentVersion)
                << ",\"flags\":" << b.Flags << ",\"levers\":[";
            for (size_t i = 0; i < b.Levers.size(); i++) out << (i ? "," : "") << JsonString(b.Levers[i]);
            out << "]}";
            first = false;
            return out.good();
        },
        error);
    if (!ok) return false;
    out << "\n],\n\"tally\":{\"ballots\":" << tally.Ballots << ",\"flagged\":" << tally.Flagged << ",\n\"per_lever\":[";
    first = true;
    for (const LeverRow& row : LeverRows(tally, labels)) {
        out << (first ? "\n" : ",\n") << "{\"lever_id\":" << JsonString(row.Id) << ",\"label\":" << JsonString(row.Label)
            << ",\"ballots\":" << row.Ballots << "}";
        first = false;
    }
    out << "],\n\"per_kiosk\":[";
    for (size_t i = 0; i < tally.PerKiosk.size(); i++)
        out << (i ? ",\n" : "\n") << "{\"kiosk_id\":" << JsonString(tally.PerKiosk[i].Key)
            << ",\"ballots\":" << tally.PerKiosk[i].Ballots << "}";
    out << "],\n\"per_day\":[";
    for (size_t i = 0; i < tally.PerDay.size(); i++)
        out << (i ? ",\n" : "\n") << "{\"day\":" << JsonString(tally.PerDay[i].Key) << ",\"ballots\":" << tally.PerDay[i].Ballots
            << "}";
    out << "]}}\n";
    return FinishExport(out, db, error);
}

} // namespace ess

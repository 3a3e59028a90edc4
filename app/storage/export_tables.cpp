// The organisers' tables apart from their format (see export_tables.h): local times through the
// C library's time zone (TZ), lever rows with their labels.
#include "storage/export_tables.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <set>

namespace ess {

namespace {

const char* const kTableNames[] = {"ballots", "levers", "days", "kiosks"};

// Seconds since the epoch of a UTC date and time, without the time zone (timegm).
bool ParseUtc(const std::string& text, std::time_t& seconds, int& milliseconds)
{
    std::tm utc{};
    int fraction = 0, n = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &utc.tm_year, &utc.tm_mon, &utc.tm_mday, &utc.tm_hour, &utc.tm_min,
                    &utc.tm_sec, &n) != 6 ||
        n != 19)
        return false;
    if (text.size() > 20 && text[19] == '.') std::sscanf(text.c_str() + 20, "%3d", &fraction);
    if (utc.tm_mon < 1 || utc.tm_mon > 12 || utc.tm_mday < 1 || utc.tm_mday > 31 || utc.tm_hour > 23 || utc.tm_min > 59 ||
        utc.tm_sec > 60)
        return false;
    utc.tm_year -= 1900;
    utc.tm_mon -= 1;
    seconds = timegm(&utc);
    milliseconds = fraction;
    return true;
}

int OffsetAt(std::time_t seconds)
{
    std::tm local{};
    localtime_r(&seconds, &local);
    return (int)(local.tm_gmtoff / 60);
}

} // namespace

const char* TableName(ExportTable table)
{
    return kTableNames[(int)table];
}

bool ParseTableName(const std::string& name, ExportTable& table)
{
    for (int i = 0; i < 4; i++)
        if (name == kTableNames[i]) {
            table = (ExportTable)i;
            return true;
        }
    return false;
}

LocalTime ToLocalTime(const std::string& created_utc)
{
    LocalTime result;
    std::time_t seconds = 0;
    int milliseconds = 0;
    if (!ParseUtc(created_utc, seconds, milliseconds)) return result;
    std::tm local{};
    if (!localtime_r(&seconds, &local)) return result;
    char date[16], time[16];
    std::strftime(date, sizeof date, "%Y-%m-%d", &local);
    std::strftime(time, sizeof time, "%H:%M:%S", &local);
    result.Ok = true;
    result.Date = date;
    result.Time = time;
    result.OffsetMinutes = (int)(local.tm_gmtoff / 60);
    // 25569 days from 1899-12-30 (the spreadsheets' day 0) to 1970-01-01.
    const double local_seconds = (double)seconds + (double)local.tm_gmtoff + milliseconds / 1000.0;
    result.Serial = 25569.0 + local_seconds / 86400.0;
    return result;
}

double UtcDaySerial(const std::string& day)
{
    std::time_t seconds = 0;
    int ignored = 0;
    if (day.size() != 10 || !ParseUtc(day + "T00:00:00", seconds, ignored)) return -1;
    return 25569.0 + (double)(seconds / 86400);
}

std::string UtcOffsetText(int minutes)
{
    char text[16];
    std::snprintf(text, sizeof text, "UTC%c%02d:%02d", minutes < 0 ? '-' : '+', std::abs(minutes) / 60, std::abs(minutes) % 60);
    return text;
}

std::vector<int> OffsetsOfBallots(const Tally& tally)
{
    std::set<int> offsets;
    for (const Count& hour : tally.PerHour) {
        // "YYYY-MM-DD HH": both ends of the hour, since a change may fall inside it.
        std::time_t start = 0;
        int ignored = 0;
        if (hour.Key.size() != 13 || !ParseUtc(hour.Key.substr(0, 10) + "T" + hour.Key.substr(11, 2) + ":00:00", start, ignored))
            continue;
        offsets.insert(OffsetAt(start));
        offsets.insert(OffsetAt(start + 3599));
    }
    if (offsets.empty()) offsets.insert(OffsetAt(std::time(nullptr)));
    return std::vector<int>(offsets.begin(), offsets.end());
}

bool FinishExport(std::ostream& out, const Database& db, std::string& error)
{
    out.flush();
    if (out.good()) return true;
    error = db.Path() + ": export: cannot write the output";
    return false;
}

std::vector<LeverRow> LeverRows(const Tally& tally, const LeverLabels& labels)
{
    std::map<std::string, std::string> label_of(labels.begin(), labels.end());
    std::vector<LeverRow> rows;
    std::set<std::string> listed;
    for (const Count& c : tally.PerLever) {
        auto it = label_of.find(c.Key);
        rows.push_back({c.Key, it == label_of.end() ? std::string() : it->second, c.Ballots});
        listed.insert(c.Key);
    }
    for (const auto& [id, label] : labels)
        if (listed.insert(id).second) rows.push_back({id, label, 0});
    return rows;
}

} // namespace ess

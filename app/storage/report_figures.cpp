// The report's figures: the ballots' as SQLite aggregates; the visits' in one pass over the visits
// and their views side by side, both in the visit id's order (so without a sort), adding up each
// visit's views as it goes, then quartiles of the values kept. Per-row SQL expressions (a GROUP BY
// with ~30 CASE sums, then a window sort of every value) took 20-40 s on a million visits.
#include "storage/report_figures.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <set>
#include <string_view>
#include <vector>

#include "storage/database.h"
#include "storage/sqlite_statement.h"

namespace ess {

const char* const kReportPartIds[kReportParts] = {"findings", "signals", "future", "initiatives"};

namespace {

bool Fail(sqlite3* db, const std::string& path, const char* what, std::string& error)
{
    error = path + ": cannot read " + what + ": " + sqlite3_errmsg(db);
    return false;
}

bool HasTable(sqlite3* db, const char* name)
{
    Statement s(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    s.BindStatic(1, name);
    return s.Ok() && s.Step() == SQLITE_ROW;
}

// "YYYY-MM-DDTHH" (UTC, as the columns start) to the local day and hour; false if it is not one.
bool LocalHour(std::string_view utc, std::string& day, int& hour)
{
    if (utc.size() < 13) return false;
    std::tm tm{};
    auto number = [&](size_t at, size_t n, int& out) {
        out = 0;
        for (size_t i = at; i < at + n; i++) {
            if (utc[i] < '0' || utc[i] > '9') return false;
            out = out * 10 + (utc[i] - '0');
        }
        return true;
    };
    int year, month;
    if (!number(0, 4, year) || !number(5, 2, month) || !number(8, 2, tm.tm_mday) || !number(11, 2, tm.tm_hour)) return false;
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    const time_t t = timegm(&tm);
    std::tm local{};
    if (!localtime_r(&t, &local)) return false;
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
    day = text;
    hour = local.tm_hour;
    return true;
}

// Adds `count` (and `flagged`) of the UTC hour "YYYY-MM-DDTHH" to its local day (and hour, when
// `hours` is given).
void AddLocalHour(std::string_view utc, int64_t count, int64_t flagged, std::map<std::string, ReportFigures::KeyCount>& by_day,
                  int64_t* hours)
{
    std::string day = "?";
    int hour = -1;
    LocalHour(utc, day, hour);
    ReportFigures::KeyCount& c = by_day[day];
    c.Key = day;
    c.Count += count;
    c.Flagged += flagged;
    if (hours && hour >= 0) hours[hour] += count;
}

// Counts grouped by the UTC hour (`sql` gives "YYYY-MM-DDTHH", count, flagged), added up by local
// day (and hour, when `hours` is given).
bool ByLocalTime(sqlite3* db, const std::string& path, const char* sql, std::vector<ReportFigures::KeyCount>& days,
                 int64_t* hours, std::string& error)
{
    Statement s(db, sql);
    if (!s.Ok()) return Fail(db, path, "the times", error);
    std::map<std::string, ReportFigures::KeyCount> by_day;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) AddLocalHour(s.View(0), s.Int64(1), s.Int64(2), by_day, hours);
    if (rc != SQLITE_DONE) return Fail(db, path, "the times", error);
    for (auto& [day, c] : by_day) days.push_back(c);
    return true;
}

// Quartiles of `values` (reordered): the same ranks and interpolation as QUARTILE.INC.
Spread Quartiles(std::vector<double>& values)
{
    Spread spread;
    const int64_t n = (int64_t)values.size();
    spread.Count = n;
    if (n == 0) return spread;
    auto at = [&](double p) {
        const double pos = (double)(n - 1) * p; // 0-based
        const int64_t lo = (int64_t)pos;
        const double frac = pos - (double)lo;
        auto nth = values.begin() + lo;
        std::nth_element(values.begin(), nth, values.end());
        const double a = *nth;
        if (lo + 2 > n) return a;
        const double b = *std::min_element(nth + 1, values.end()); // the next rank: the least above
        return a + frac * (b - a);
    };
    spread.Q1 = at(0.25);
    spread.Median = at(0.5);
    spread.Q3 = at(0.75);
    return spread;
}

// SQLite's LIKE 'future%': an ASCII prefix, whatever its case.
bool IsFuture(std::string_view part)
{
    static constexpr std::string_view kFuture = "future";
    if (part.size() < kFuture.size()) return false;
    for (size_t i = 0; i < kFuture.size(); i++)
        if ((part[i] | 0x20) != kFuture[i]) return false;
    return true;
}

// What one visit's views add up to; Seen* is false where SQL's sum() would be NULL.
struct VisitViews {
    uint64_t Parts = 0; // bit mutation * 4 + part index of each mutation part seen
    bool Vote = false, Opened = false, Future = false, Dystopia = false;
    double Seconds[9] = {}, PartSeconds[9][kReportParts] = {};
    bool Seen[9] = {}, SeenPart[9][kReportParts] = {}, SawFuture[9] = {}, SawDystopia[9] = {};
};

void AddView(VisitViews& v, int mutations, std::string_view screen, int64_t mutation, std::string_view part, double seconds)
{
    if (screen == "vote") v.Vote = true;
    if (screen != "mutation") return;
    const bool future = IsFuture(part);
    const bool dystopia = part == "future_dystopian" || part == "future_compare";
    v.Future |= future;
    v.Dystopia |= dystopia;
    if (mutation < 0 || mutation >= mutations) return;
    const int k = (int)mutation;
    v.Opened = true;
    v.Seen[k] = true;
    v.Seconds[k] += seconds;
    int index = 2; // the 2040 card's sides and comparison, and any other part but these
    if (part == "findings")
        index = 0;
    else if (part == "signals")
        index = 1;
    else if (part == "initiatives")
        index = 3;
    if (!part.empty()) v.Parts |= uint64_t(1) << (k * 4 + index);
    for (int p = 0; p < kReportParts; p++) {
        if (p == 2 ? !future : part != kReportPartIds[p]) continue;
        v.SeenPart[k][p] = true;
        v.PartSeconds[k][p] += seconds;
    }
    v.SawFuture[k] |= part == "future";
    v.SawDystopia[k] |= dystopia;
}

// Counts of the visits by a text column, in SQLite's (binary) order of its values.
using CountByText = std::map<std::string, int64_t, std::less<>>;

void Count(CountByText& counts, std::string_view key)
{
    auto it = counts.find(key);
    if (it == counts.end()) it = counts.emplace(std::string(key), 0).first;
    it->second++;
}

bool LoadBallotFigures(sqlite3* db, const std::string& path, ReportFigures& f, std::string& error)
{
    {
        Statement s(db, "SELECT count(*), coalesce(sum(flags != 0), 0) FROM ballots");
        if (!s.Ok() || s.Step() != SQLITE_ROW) return Fail(db, path, "the ballots", error);
        f.Ballots = s.Int64(0);
        f.Flagged = s.Int64(1);
    }
    {
        Statement s(db, "SELECT l.lever_id, sum(b.flags = 0), sum(b.flags != 0) FROM ballot_levers l "
                        "JOIN ballots b ON b.uuid = l.ballot_uuid GROUP BY l.lever_id ORDER BY 2 DESC, 1");
        if (!s.Ok()) return Fail(db, path, "the levers", error);
        int rc;
        while ((rc = s.Step()) == SQLITE_ROW) f.PerLever.push_back({s.Text(0), s.Int64(1), s.Int64(2)});
        if (rc != SQLITE_DONE) return Fail(db, path, "the levers", error);
    }
    {
        Statement s(db, "SELECT kiosk_id, count(*), sum(flags != 0) FROM ballots GROUP BY kiosk_id ORDER BY kiosk_id");
        if (!s.Ok()) return Fail(db, path, "the kiosks", error);
        int rc;
        while ((rc = s.Step()) == SQLITE_ROW) f.PerKiosk.push_back({s.Text(0), s.Int64(1), s.Int64(2)});
        if (rc != SQLITE_DONE) return Fail(db, path, "the kiosks", error);
    }
    return ByLocalTime(db, path,
                       "SELECT substr(created_utc, 1, 13), count(*), sum(flags != 0) FROM ballots GROUP BY 1 ORDER BY 1",
                       f.BallotsPerDay, nullptr, error);
}

bool LoadVisitFigures(sqlite3* db, const std::string& path, int mutations, ReportFigures& f, std::set<std::string>& versions,
                      std::string& error)
{
    // Both in the visit id's order (the visits' primary key index; the views' own key), so the
    // views of each visit come together, without a sort.
    Statement visits(db, "SELECT id, seconds, ending = 'ballot', kiosk_id, substr(started_utc, 1, 13), content_version "
                         "FROM visits ORDER BY id");
    Statement views(db, "SELECT visit_id, screen, mutation, part, seconds FROM visit_views ORDER BY visit_id, seq");
    if (!visits.Ok() || !views.Ok()) return Fail(db, path, "the visits", error);
    CountByText kiosks, hours;
    std::string last_version;
    bool any_version = false;
    // Values for the quartiles: every visit, voters, the others; each mutation; each of its parts.
    std::vector<double> all, voted, not_voted, on[9], on_part[9][kReportParts];
    f.Mutations.assign((size_t)mutations, {});
    const int half = mutations * kReportParts / 2;
    int64_t voted_parts = 0, not_voted_parts = 0;
    int view_rc = views.Step();
    int rc;
    while ((rc = visits.Step()) == SQLITE_ROW) {
        const std::string_view id = visits.View(0);
        VisitViews v;
        for (; view_rc == SQLITE_ROW; view_rc = views.Step()) {
            const std::string_view of = views.View(0);
            if (of > id) break;
            if (of < id) continue; // a view of no visit: the report's figures are of visits
            AddView(v, mutations, views.View(1), views.Int64(2), views.View(3), views.Double(4));
        }
        if (view_rc != SQLITE_ROW && view_rc != SQLITE_DONE) break;

        const double seconds = visits.Double(1);
        const bool ballot = visits.Int(2) != 0;
        Count(kiosks, visits.View(3));
        Count(hours, visits.View(4));
        if (const std::string_view version = visits.View(5); !any_version || version != last_version) {
            any_version = true;
            last_version = std::string(version);
            versions.insert(last_version);
        }
        const int parts = __builtin_popcountll(v.Parts);
        f.Visits++;
        f.OpenedMutation += v.Opened;
        f.SawFuture += v.Future;
        f.OpenedVote += v.Vote;
        f.Confirmed += ballot;
        f.Diligent += parts > half;
        ReportFigures::ReaderGroup& group = ballot ? f.Voted : f.NotVoted;
        group.Visits++;
        group.SawDystopia += v.Dystopia;
        (ballot ? voted_parts : not_voted_parts) += parts;
        all.push_back(seconds);
        (ballot ? voted : not_voted).push_back(seconds);
        for (int k = 0; k < mutations; k++) {
            if (!v.Seen[k]) continue;
            ReportFigures::MutationFigures& m = f.Mutations[k];
            m.Opened++;
            m.SawFuture += v.SawFuture[k];
            m.SawDystopia += v.SawFuture[k] && v.SawDystopia[k];
            on[k].push_back(v.Seconds[k]);
            for (int p = 0; p < kReportParts; p++)
                if (v.SeenPart[k][p]) on_part[k][p].push_back(v.PartSeconds[k][p]);
        }
    }
    if (rc != SQLITE_DONE || (view_rc != SQLITE_ROW && view_rc != SQLITE_DONE)) return Fail(db, path, "the visits", error);

    for (const auto& [kiosk, n] : kiosks) f.VisitsPerKiosk.push_back({kiosk, n, 0});
    std::map<std::string, ReportFigures::KeyCount> by_day;
    for (const auto& [hour, n] : hours) AddLocalHour(hour, n, 0, by_day, f.VisitsPerHour);
    for (auto& [day, c] : by_day) f.VisitsPerDay.push_back(c);
    if (f.Voted.Visits) f.Voted.MeanParts = (double)voted_parts / (double)f.Voted.Visits;
    if (f.NotVoted.Visits) f.NotVoted.MeanParts = (double)not_voted_parts / (double)f.NotVoted.Visits;
    f.VisitSeconds = Quartiles(all);
    f.Voted.Seconds = Quartiles(voted);
    f.NotVoted.Seconds = Quartiles(not_voted);
    for (int k = 0; k < mutations; k++) {
        f.Mutations[k].Seconds = Quartiles(on[k]);
        for (int p = 0; p < kReportParts; p++) f.Mutations[k].PartSeconds[p] = Quartiles(on_part[k][p]);
    }
    return true;
}

} // namespace

bool LoadReportFigures(const Database& db, int mutations, ReportFigures& figures, std::string& error)
{
    figures = ReportFigures();
    sqlite3* handle = SqliteAccess::Handle(db);
    if (!handle) {
        error = "no database open";
        return false;
    }
    const std::string& path = db.Path();
    // The visits' pass reads every page once: memory-mapped, a page is not a system call (and a
    // copy). Only this connection's reading changes; a database in memory has no file to map.
    if (RunSql(handle, path, "PRAGMA mmap_size=1073741824", error) != SQLITE_OK) return false;
    mutations = std::clamp(mutations, 1, 9); // as the SQL figures before had it (VisitViews holds 9)
    if (!LoadBallotFigures(handle, path, figures, error)) return false;
    std::set<std::string> days, versions;
    figures.HasVisitLog = HasTable(handle, "visits") && HasTable(handle, "visit_views");
    if (figures.HasVisitLog && !LoadVisitFigures(handle, path, mutations, figures, versions, error)) return false;

    for (const auto& c : figures.BallotsPerDay) days.insert(c.Key);
    for (const auto& c : figures.VisitsPerDay) days.insert(c.Key);
    days.erase("?");
    if (!days.empty()) {
        figures.FirstDay = *days.begin();
        figures.LastDay = *days.rbegin();
    }
    Statement s(handle, "SELECT DISTINCT content_version FROM ballots");
    if (!s.Ok()) return Fail(handle, path, "the content versions", error);
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) versions.insert(s.Text(0));
    if (rc != SQLITE_DONE) return Fail(handle, path, "the content versions", error);
    figures.ContentVersions.assign(versions.begin(), versions.end());
    return true;
}

} // namespace ess

// The report's figures as SQLite aggregates: one pass over the views, grouped by visit (in the
// primary key's order, so without a sort), into a temporary table of one row a visit; then
// counts and quartiles over that table. Nothing is read row by row into C++.
#include "storage/report_figures.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <set>

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

// Counts grouped by the UTC hour (`sql` gives "YYYY-MM-DDTHH", count, flagged), added up by local
// day (and hour, when `hours` is given).
bool ByLocalTime(sqlite3* db, const std::string& path, const char* sql, std::vector<ReportFigures::KeyCount>& days,
                 int64_t* hours, std::string& error)
{
    Statement s(db, sql);
    if (!s.Ok()) return Fail(db, path, "the times", error);
    std::map<std::string, ReportFigures::KeyCount> by_day;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
        std::string day = "?";
        int hour = -1;
        LocalHour(s.View(0), day, hour);
        ReportFigures::KeyCount& c = by_day[day];
        c.Key = day;
        c.Count += s.Int64(1);
        c.Flagged += s.Int64(2);
        if (hours && hour >= 0) hours[hour] += s.Int64(1);
    }
    if (rc != SQLITE_DONE) return Fail(db, path, "the times", error);
    for (auto& [day, c] : by_day) days.push_back(c);
    return true;
}

// Quartiles of many groups at once: `values` selects (group, value); one window query ranks each
// group's values and returns only the ranks the quartiles need.
bool GroupedSpreads(sqlite3* db, const std::string& path, const std::string& values, std::map<int, Spread>& spreads,
                    std::string& error)
{
    const std::string sql = "WITH src(grp, v) AS (" + values +
                            "), ranked AS (SELECT grp, v, row_number() OVER (PARTITION BY grp ORDER BY v) AS rn, "
                            "count(*) OVER (PARTITION BY grp) AS n FROM src) "
                            "SELECT grp, n, rn, v FROM ranked WHERE "
                            "rn IN (CAST((n - 1) * 0.25 AS INTEGER) + 1, CAST((n - 1) * 0.25 AS INTEGER) + 2, "
                            "CAST((n - 1) * 0.5 AS INTEGER) + 1, CAST((n - 1) * 0.5 AS INTEGER) + 2, "
                            "CAST((n - 1) * 0.75 AS INTEGER) + 1, CAST((n - 1) * 0.75 AS INTEGER) + 2)";
    Statement s(db, sql.c_str());
    if (!s.Ok()) return Fail(db, path, "the visit lengths", error);
    std::map<int, std::map<int64_t, double>> ranks;
    std::map<int, int64_t> counts;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
        counts[s.Int(0)] = s.Int64(1);
        ranks[s.Int(0)][s.Int64(2)] = s.Double(3);
    }
    if (rc != SQLITE_DONE) return Fail(db, path, "the visit lengths", error);
    for (const auto& [group, n] : counts) {
        const std::map<int64_t, double>& r = ranks[group];
        auto at = [&](double p) {
            const double pos = (double)(n - 1) * p; // 0-based
            const int64_t lo = (int64_t)pos;
            const double frac = pos - (double)lo;
            const double a = r.at(lo + 1);
            return lo + 2 <= n ? a + frac * (r.at(lo + 2) - a) : a;
        };
        Spread& spread = spreads[group];
        spread.Count = n;
        spread.Q1 = at(0.25);
        spread.Median = at(0.5);
        spread.Q3 = at(0.75);
    }
    return true;
}

// One row a visit: its length and ending, and what its views add up to (NULL: never seen).
// The mutation parts are numbered mutation * 4 + part, for counting the distinct ones seen.
std::string VisitRowsSql(int mutations)
{
    const std::string part_index = "(CASE part WHEN 'findings' THEN 0 WHEN 'signals' THEN 1 WHEN 'initiatives' THEN 3 "
                                   "WHEN '' THEN NULL ELSE 2 END)";
    const std::string on_mutation = "screen = 'mutation' AND mutation BETWEEN 0 AND " + std::to_string(mutations - 1);
    std::string views = "SELECT visit_id, count(DISTINCT CASE WHEN " + on_mutation + " THEN mutation * 4 + " + part_index +
                        " END) AS parts, max(screen = 'vote') AS vote, max(" + on_mutation +
                        ") AS opened, max(screen = 'mutation' AND part LIKE 'future%') AS future, "
                        "max(screen = 'mutation' AND part IN ('future_dystopian', 'future_compare')) AS dystopia";
    std::string columns;
    for (int k = 0; k < mutations; k++) {
        const std::string m = "m" + std::to_string(k);
        const std::string on = "screen = 'mutation' AND mutation = " + std::to_string(k);
        views += ", sum(CASE WHEN " + on + " THEN seconds END) AS " + m;
        columns += ", r." + m;
        for (int p = 0; p < kReportParts; p++) {
            const std::string is_part = p == 2 ? "part LIKE 'future%'" : std::string("part = '") + kReportPartIds[p] + "'";
            views += ", sum(CASE WHEN " + on + " AND " + is_part + " THEN seconds END) AS " + m + "p" + std::to_string(p);
            columns += ", r." + m + "p" + std::to_string(p);
        }
        views += ", max(" + on + " AND part = 'future') AS " + m + "f";
        views += ", max(" + on + " AND part IN ('future_dystopian', 'future_compare')) AS " + m + "d";
        columns += ", coalesce(r." + m + "f, 0) AS " + m + "f, coalesce(r." + m + "d, 0) AS " + m + "d";
    }
    views += " FROM visit_views GROUP BY visit_id";
    return "CREATE TEMP TABLE report_visits AS SELECT v.seconds AS seconds, v.ending = 'ballot' AS voted, "
           "coalesce(r.parts, 0) AS parts, coalesce(r.vote, 0) AS vote, coalesce(r.opened, 0) AS opened, "
           "coalesce(r.future, 0) AS future, coalesce(r.dystopia, 0) AS dystopia" +
           columns + " FROM visits v LEFT JOIN (" + views + ") r ON r.visit_id = v.id";
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

bool LoadVisitFigures(sqlite3* db, const std::string& path, int mutations, ReportFigures& f, std::string& error)
{
    if (!ByLocalTime(db, path, "SELECT substr(started_utc, 1, 13), count(*), 0 FROM visits GROUP BY 1 ORDER BY 1", f.VisitsPerDay,
                     f.VisitsPerHour, error))
        return false;
    {
        Statement s(db, "SELECT kiosk_id, count(*) FROM visits GROUP BY kiosk_id ORDER BY kiosk_id");
        if (!s.Ok()) return Fail(db, path, "the visits' kiosks", error);
        int rc;
        while ((rc = s.Step()) == SQLITE_ROW) f.VisitsPerKiosk.push_back({s.Text(0), s.Int64(1), 0});
        if (rc != SQLITE_DONE) return Fail(db, path, "the visits' kiosks", error);
    }
    RunSql(db, path, "DROP TABLE IF EXISTS temp.report_visits", error);
    if (RunSql(db, path, VisitRowsSql(mutations).c_str(), error) != SQLITE_OK) return false;

    const int half = mutations * kReportParts / 2;
    std::string sql = "SELECT count(*), coalesce(sum(opened), 0), coalesce(sum(future), 0), coalesce(sum(vote), 0), "
                      "coalesce(sum(voted), 0), coalesce(sum(parts > " +
                      std::to_string(half) + "), 0)";
    for (int k = 0; k < mutations; k++) {
        const std::string m = "m" + std::to_string(k);
        sql += ", count(" + m + "), coalesce(sum(" + m + "f), 0), coalesce(sum(" + m + "f AND " + m + "d), 0)";
    }
    sql += " FROM report_visits";
    {
        Statement s(db, sql.c_str());
        if (!s.Ok() || s.Step() != SQLITE_ROW) return Fail(db, path, "the visits", error);
        f.Visits = s.Int64(0);
        f.OpenedMutation = s.Int64(1);
        f.SawFuture = s.Int64(2);
        f.OpenedVote = s.Int64(3);
        f.Confirmed = s.Int64(4);
        f.Diligent = s.Int64(5);
        f.Mutations.assign((size_t)mutations, {});
        for (int k = 0; k < mutations; k++) {
            f.Mutations[k].Opened = s.Int64(6 + 3 * k);
            f.Mutations[k].SawFuture = s.Int64(7 + 3 * k);
            f.Mutations[k].SawDystopia = s.Int64(8 + 3 * k);
        }
    }
    {
        Statement s(db, "SELECT voted, count(*), avg(parts), sum(dystopia) FROM report_visits GROUP BY voted");
        if (!s.Ok()) return Fail(db, path, "the visits", error);
        int rc;
        while ((rc = s.Step()) == SQLITE_ROW) {
            ReportFigures::ReaderGroup& g = s.Int(0) ? f.Voted : f.NotVoted;
            g.Visits = s.Int64(1);
            g.MeanParts = s.Double(2);
            g.SawDystopia = s.Int64(3);
        }
        if (rc != SQLITE_DONE) return Fail(db, path, "the visits", error);
    }
    // Groups: 0 every visit, 1 voters, 2 the others; 10 + k mutation k; 100 + 10 k + p its part p.
    std::string values = "SELECT 0, seconds FROM report_visits UNION ALL SELECT 2 - voted, seconds FROM report_visits";
    for (int k = 0; k < mutations; k++) {
        const std::string m = "m" + std::to_string(k);
        values += " UNION ALL SELECT " + std::to_string(10 + k) + ", " + m + " FROM report_visits WHERE " + m + " IS NOT NULL";
        for (int p = 0; p < kReportParts; p++) {
            const std::string c = m + "p" + std::to_string(p);
            values += " UNION ALL SELECT " + std::to_string(100 + 10 * k + p) + ", " + c + " FROM report_visits WHERE " + c +
                      " IS NOT NULL";
        }
    }
    std::map<int, Spread> spreads;
    if (!GroupedSpreads(db, path, values, spreads, error)) return false;
    f.VisitSeconds = spreads[0];
    f.Voted.Seconds = spreads[1];
    f.NotVoted.Seconds = spreads[2];
    for (int k = 0; k < mutations; k++) {
        f.Mutations[k].Seconds = spreads[10 + k];
        for (int p = 0; p < kReportParts; p++) f.Mutations[k].PartSeconds[p] = spreads[100 + 10 * k + p];
    }
    RunSql(db, path, "DROP TABLE temp.report_visits", error);
    error.clear();
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
    mutations = std::clamp(mutations, 1, 9); // the groups' numbering above holds up to 9
    if (!LoadBallotFigures(handle, path, figures, error)) return false;
    figures.HasVisitLog = HasTable(handle, "visits") && HasTable(handle, "visit_views");
    if (figures.HasVisitLog && !LoadVisitFigures(handle, path, mutations, figures, error)) return false;

    std::set<std::string> days, versions;
    for (const auto& c : figures.BallotsPerDay) days.insert(c.Key);
    for (const auto& c : figures.VisitsPerDay) days.insert(c.Key);
    days.erase("?");
    if (!days.empty()) {
        figures.FirstDay = *days.begin();
        figures.LastDay = *days.rbegin();
    }
    const std::string sql = std::string("SELECT DISTINCT content_version FROM ballots") +
                            (figures.HasVisitLog ? " UNION SELECT DISTINCT content_version FROM visits" : "");
    Statement s(handle, sql.c_str());
    if (!s.Ok()) return Fail(handle, path, "the content versions", error);
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) versions.insert(s.Text(0));
    if (rc != SQLITE_DONE) return Fail(handle, path, "the content versions", error);
    figures.ContentVersions.assign(versions.begin(), versions.end());
    return true;
}

} // namespace ess

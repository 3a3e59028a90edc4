// The visit log (issue #14, schema 3): a visit and its views in one transaction, idempotent by
// id, queued for the central server (schema 4); the purge of visits older than the retention
// period; reading them back.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "core/text.h"
#include "storage/database.h"
#include "storage/sqlite_statement.h"

namespace ess {

namespace {

// "<file>: visit <id>: ", how every message about one visit starts.
std::string VisitPlace(const std::string& path, const Visit& visit)
{
    return path + ": visit " + (visit.Id.empty() ? "(no id)" : visit.Id) + ": ";
}

// "YYYY-MM-DDTHH:MM" at least: the purge and the report compare and cut the text at fixed places.
bool LooksLikeUtcMinute(const std::string& text)
{
    const char* pattern = "dddd-dd-ddTdd:dd";
    const size_t n = std::char_traits<char>::length(pattern);
    if (text.size() < n) return false;
    for (size_t i = 0; i < n; i++) {
        const bool digit = text[i] >= '0' && text[i] <= '9';
        if (pattern[i] == 'd' ? !digit : text[i] != pattern[i]) return false;
    }
    return true;
}

// Sorted and comma-separated, so that the same modes always read the same in SQL.
std::string JoinModes(std::vector<std::string> modes)
{
    std::sort(modes.begin(), modes.end());
    modes.erase(std::unique(modes.begin(), modes.end()), modes.end());
    std::string joined;
    for (const std::string& mode : modes) {
        if (mode.empty()) continue;
        if (!joined.empty()) joined += ',';
        joined += mode;
    }
    return joined;
}

std::vector<std::string> SplitModes(const std::string& joined)
{
    std::vector<std::string> modes;
    size_t start = 0;
    while (start < joined.size()) {
        size_t comma = joined.find(',', start);
        if (comma == std::string::npos) comma = joined.size();
        if (comma > start) modes.push_back(joined.substr(start, comma - start));
        start = comma + 1;
    }
    return modes;
}

// The visit of a row whose first columns are kVisitColumns, in that order (its views apart).
constexpr const char* kVisitColumns =
    "id, kiosk_id, started_utc, seconds, language, modes, flips, comparisons, qr_shown, ending, ballot_uuid, content_version";
Visit VisitOfRow(const Statement& s)
{
    Visit v;
    v.Id = s.Text(0);
    v.KioskId = s.Text(1);
    v.StartedAt = s.Text(2);
    v.Seconds = s.Double(3);
    v.Language = s.Text(4);
    v.Modes = SplitModes(s.Text(5));
    v.Flips = s.Int(6);
    v.Comparisons = s.Int(7);
    v.QrShown = s.Int(8);
    v.Ending = s.Text(9);
    v.BallotId = s.Text(10);
    v.ContentVersion = s.Text(11);
    return v;
}

// A visit's own identifiers (its id, its ballot's): letters, digits, '.', '_' and '-', 1 to 64.
bool IsPlainId(const std::string& id)
{
    if (id.empty() || id.size() > 64) return false;
    for (char c : id)
        if (!std::isalnum((unsigned char)c) && c != '-' && c != '_' && c != '.') return false;
    return true;
}

// Screens and parts are the recorder's names: lower-case letters and '_' (so that no separator
// of the central server's read-back can be in one).
bool IsName(const std::string& name)
{
    for (char c : name)
        if (!(c >= 'a' && c <= 'z') && c != '_') return false;
    return true;
}

// Valid UTF-8 without control characters: text a server's jsonb and text columns take as it is.
bool IsCleanText(const std::string& text)
{
    if (FindInvalidUtf8(text) != std::string_view::npos) return false;
    for (unsigned char c : text)
        if (c < 0x20 || c == 0x7f) return false;
    return true;
}

// "YYYY-MM-DDTHH:MM" then optionally ":SS" or ":SS.fff", then "Z": a real date and time in UTC.
bool IsUtcTime(const std::string& text)
{
    if (!LooksLikeUtcMinute(text) || text.back() != 'Z') return false;
    const auto number = [&](size_t at, size_t n) { return std::atoi(text.substr(at, n).c_str()); };
    const int year = number(0, 4), month = number(5, 2), day = number(8, 2), hour = number(11, 2), minute = number(14, 2);
    static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1970 || month < 1 || month > 12 || day < 1 || day > kDays[month - 1] || hour > 23 || minute > 59) return false;
    if (month == 2 && day == 29 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) return false;
    const std::string rest = text.substr(16, text.size() - 17); // between the minutes and the Z
    if (rest.empty()) return true;
    if (rest.size() < 3 || rest[0] != ':' || !std::isdigit((unsigned char)rest[1]) || !std::isdigit((unsigned char)rest[2]) ||
        number(17, 2) > 59)
        return false;
    if (rest.size() == 3) return true;
    if (rest[3] != '.' || rest.size() == 4) return false;
    for (size_t i = 4; i < rest.size(); i++)
        if (!std::isdigit((unsigned char)rest[i])) return false;
    return true;
}

bool IsDuration(double seconds)
{
    return std::isfinite(seconds) && seconds >= 0;
}

} // namespace

std::string VisitRefusal(const Visit& visit)
{
    if (visit.Id.empty()) return "empty id";
    if (!IsPlainId(visit.Id)) return "id \"" + visit.Id + "\" is not 1 to 64 letters, digits, '.', '_' or '-'";
    if (!IsUtcTime(visit.StartedAt))
        return "started_utc \"" + visit.StartedAt + "\" is not a real ISO 8601 UTC time to the minute (2026-12-01T13:05Z)";
    if (visit.Ending != "ballot" && visit.Ending != "left" && visit.Ending != "idle")
        return "ending \"" + visit.Ending + "\" is none of ballot, left, idle";
    if (!IsDuration(visit.Seconds)) return "its length is not a number of seconds";
    if (!visit.BallotId.empty() && !IsPlainId(visit.BallotId)) return "ballot id \"" + visit.BallotId + "\" is not an id";
    if (!IsCleanText(visit.KioskId) || !IsCleanText(visit.Language) || !IsCleanText(visit.ContentVersion))
        return "its kiosk id, language or content version is not clean UTF-8 text";
    for (const std::string& mode : visit.Modes)
        if (mode.find(',') != std::string::npos)
            return "mode \"" + mode + "\" has a comma";
        else if (!IsCleanText(mode))
            return "a mode is not clean UTF-8 text";
    for (const VisitView& view : visit.Views) {
        if (view.Screen.empty()) return "a view without a screen";
        if (!IsName(view.Screen) || !IsName(view.Part))
            return "view \"" + view.Screen + "/" + view.Part + "\" is not a screen's name";
        if (!IsDuration(view.Seconds)) return "a view's length is not a number of seconds";
    }
    return {};
}

namespace {

bool HasVisitLog(sqlite3* db)
{
    int version = 0;
    return ReadPragmaInt(db, "PRAGMA user_version", version) == SQLITE_OK && version >= 3;
}

bool HasVisitOutbox(sqlite3* db)
{
    int version = 0;
    return ReadPragmaInt(db, "PRAGMA user_version", version) == SQLITE_OK && version >= 4;
}

} // namespace

bool Database::RecordVisit(const Visit& visit, std::string& error)
{
    return RecordVisits({visit}, error, Upload::Pending);
}

bool Database::RecordVisits(const std::vector<Visit>& visits, std::string& error, Upload upload)
{
    WriteBusy = WriteRefused = false;
    const Visit none;
    const Visit* current = visits.empty() ? &none : &visits.front();
    if (!Handle) {
        error = VisitPlace(FilePath, *current) + "the database is not open";
        return false;
    }
    for (const Visit& visit : visits)
        if (std::string why = VisitRefusal(visit); !why.empty()) {
            error = VisitPlace(FilePath, visit) + why;
            WriteRefused = true;
            return false;
        }
    auto fail = [&](const std::string& why) {
        WriteBusy = IsBusy(sqlite3_errcode(Handle));
        error = VisitPlace(FilePath, *current) + why;
        RollBackIfOpen(Handle);
        return false;
    };
    // The connection's busy timeout waits for another writer (a ballot, the upload) first.
    if (sqlite3_exec(Handle, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail(std::string("cannot start a transaction: ") + sqlite3_errmsg(Handle));
    {
        Statement insert(Handle, "INSERT INTO visits (id, kiosk_id, started_utc, seconds, language, modes, flips, comparisons, "
                                 "qr_shown, ending, ballot_uuid, content_version) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT (id) DO NOTHING");
        Statement view(Handle, "INSERT INTO visit_views (visit_id, seq, screen, mutation, part, seconds) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (visit_id, seq) DO NOTHING");
        // Only a visit new to this file is queued: one recorded again was queued (or sent) before.
        Statement outbox(Handle, "INSERT INTO visit_outbox (id) VALUES (?1)");
        if (!insert.Ok() || !view.Ok() || !outbox.Ok()) return fail(sqlite3_errmsg(Handle));
        for (const Visit& visit : visits) {
            current = &visit;
            insert.BindText(1, visit.Id);
            insert.BindText(2, visit.KioskId);
            insert.BindText(3, visit.StartedAt);
            insert.BindDouble(4, visit.Seconds);
            insert.BindText(5, visit.Language);
            insert.BindText(6, JoinModes(visit.Modes));
            insert.BindInt(7, visit.Flips);
            insert.BindInt(8, visit.Comparisons);
            insert.BindInt(9, visit.QrShown);
            insert.BindText(10, visit.Ending);
            if (visit.BallotId.empty())
                insert.BindNull(11); // as the schema says
            else
                insert.BindText(11, visit.BallotId);
            insert.BindText(12, visit.ContentVersion);
            if (insert.Step() != SQLITE_DONE) return fail(sqlite3_errmsg(Handle));
            insert.Reset();
            if (sqlite3_changes(Handle) == 0) continue; // stored before, views and all
            for (size_t i = 0; i < visit.Views.size(); i++) {
                const VisitView& v = visit.Views[i];
                view.BindText(1, visit.Id);
                view.BindInt64(2, (int64_t)i);
                view.BindText(3, v.Screen);
                view.BindInt(4, v.Mutation);
                view.BindText(5, v.Part);
                view.BindDouble(6, v.Seconds);
                if (view.Step() != SQLITE_DONE) return fail(sqlite3_errmsg(Handle));
                view.Reset();
            }
            if (upload == Upload::Pending) {
                outbox.BindText(1, visit.Id);
                if (outbox.Step() != SQLITE_DONE) return fail(sqlite3_errmsg(Handle));
                outbox.Reset();
            }
        }
    }
    if (sqlite3_exec(Handle, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail(std::string("commit failed: ") + sqlite3_errmsg(Handle));
    return true;
}

bool Database::PurgeVisits(int keep_months, const std::string& now_utc, std::string& error, long long& purged)
{
    purged = 0;
    WriteBusy = false;
    if (!Opened(error)) return false;
    if (keep_months < 1 || keep_months > 120) {
        error = FilePath + ": visits: keep_months " + std::to_string(keep_months) + " is out of range (1 to 120 months)";
        return false;
    }
    if (!HasVisitLog(Handle)) return true;
    // The limit in the very text form visits are stored in: a plain comparison on the index.
    std::string cutoff;
    {
        Statement s(Handle, "SELECT strftime('%Y-%m-%dT%H:%MZ', ?1, ?2)");
        if (s.Ok()) {
            s.BindText(1, now_utc);
            s.BindText(2, "-" + std::to_string(keep_months) + " months");
            if (s.Step() == SQLITE_ROW && !s.IsNull(0)) cutoff = s.Text(0);
        }
    }
    if (cutoff.empty() || !LooksLikeUtcMinute(now_utc)) {
        error = FilePath + ": visits: \"" + now_utc + "\" is not a UTC time (2026-12-01T13:05Z): nothing purged";
        return false;
    }
    auto fail = [&](const std::string& why) {
        WriteBusy = IsBusy(sqlite3_errcode(Handle));
        error = FilePath + ": cannot purge the visits before " + cutoff + ": " + why;
        RollBackIfOpen(Handle);
        purged = 0;
        return false;
    };
    if (sqlite3_exec(Handle, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail(std::string("cannot start a transaction: ") + sqlite3_errmsg(Handle));
    {
        // Views and the outbox first: they refer to their visit. A visit purged before it was
        // sent is not sent: it is past its time.
        Statement queued(Handle, "DELETE FROM visit_outbox WHERE id IN (SELECT id FROM visits WHERE started_utc < ?1)");
        if (HasVisitOutbox(Handle) && (!queued.Ok() || queued.BindText(1, cutoff) != SQLITE_OK || queued.Step() != SQLITE_DONE))
            return fail(sqlite3_errmsg(Handle));
        Statement views(Handle, "DELETE FROM visit_views WHERE visit_id IN (SELECT id FROM visits WHERE started_utc < ?1)");
        if (!views.Ok() || views.BindText(1, cutoff) != SQLITE_OK || views.Step() != SQLITE_DONE)
            return fail(sqlite3_errmsg(Handle));
        Statement visits(Handle, "DELETE FROM visits WHERE started_utc < ?1");
        if (!visits.Ok() || visits.BindText(1, cutoff) != SQLITE_OK || visits.Step() != SQLITE_DONE)
            return fail(sqlite3_errmsg(Handle));
        purged = sqlite3_changes(Handle);
    }
    if (sqlite3_exec(Handle, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail(std::string("commit failed: ") + sqlite3_errmsg(Handle));
    return true;
}

bool Database::PendingVisits(size_t limit, std::vector<Visit>& visits, std::string& error) const
{
    visits.clear();
    if (!Opened(error)) return false;
    if (SchemaVersion() < 4) return true; // opened read-only as it is: never sent from here
    // The batch first, then its views: as for ballots, a LIMIT on the join would cut a visit.
    // The visit's columns unqualified: visits' own, as visit_outbox has only id and the views'
    // columns are renamed.
    const std::string sql = std::string("SELECT ") + kVisitColumns +
                            ", view_screen, view_mutation, view_part, view_seconds "
                            "FROM (SELECT id FROM visit_outbox ORDER BY id LIMIT ?1) JOIN visits USING (id) "
                            "LEFT JOIN (SELECT visit_id AS id, seq, screen AS view_screen, mutation AS view_mutation, "
                            "part AS view_part, seconds AS view_seconds FROM visit_views) USING (id) ORDER BY id, seq";
    Statement s(Handle, sql.c_str());
    int rc = s.PrepareResult();
    if (s.Ok()) {
        s.BindInt64(1, (int64_t)limit);
        while ((rc = s.Step()) == SQLITE_ROW) {
            if (visits.empty() || visits.back().Id != s.View(0)) { visits.push_back(VisitOfRow(s)); }
            if (!s.IsNull(12)) visits.back().Views.push_back({s.Text(12), s.Int(13), s.Text(14), s.Double(15)});
        }
    }
    if (rc == SQLITE_DONE) return true;
    error = FilePath + ": cannot read the visits waiting to be sent: " + sqlite3_errmsg(Handle);
    visits.clear();
    return false;
}

int64_t Database::PendingVisitCount() const
{
    if (!Handle) return -1;
    const int version = SchemaVersion();
    if (version < 0) return -1;
    if (version < 3) return 0;
    Statement s(Handle, version < 4 ? "SELECT count(*) FROM visits" : "SELECT count(*) FROM visit_outbox");
    return s.Ok() && s.Step() == SQLITE_ROW ? s.Int64(0) : -1;
}

bool Database::LoadVisits(std::vector<Visit>& visits, std::string& error) const
{
    visits.clear();
    if (!Opened(error)) return false;
    if (!HasVisitLog(Handle)) return true;
    auto failed = [&] {
        error = FilePath + ": cannot read the visits: " + sqlite3_errmsg(Handle);
        visits.clear();
        return false;
    };
    const std::string sql = std::string("SELECT ") + kVisitColumns + " FROM visits ORDER BY started_utc, id";
    Statement s(Handle, sql.c_str());
    if (!s.Ok()) return failed();
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) { visits.push_back(VisitOfRow(s)); }
    if (rc != SQLITE_DONE) return failed();
    Statement views(Handle, "SELECT screen, mutation, part, seconds FROM visit_views WHERE visit_id = ?1 ORDER BY seq");
    if (!views.Ok()) return failed();
    for (Visit& v : visits) {
        views.BindText(1, v.Id);
        while ((rc = views.Step()) == SQLITE_ROW)
            v.Views.push_back({views.Text(0), views.Int(1), views.Text(2), views.Double(3)});
        if (rc != SQLITE_DONE) return failed();
        views.Reset();
    }
    return true;
}

bool Database::LoadVisitFigures(const std::string& since_utc, VisitFigures& f, std::string& error) const
{
    f = VisitFigures{};
    if (!Handle) {
        error = "database not open";
        return false;
    }
    if (SchemaVersion() < 3) return true; // no visit log: Known stays false
    f.Known = true;
    const auto failed = [&] {
        error = Path() + ": " + sqlite3_errmsg(Handle);
        return false;
    };
    Statement count(Handle, "SELECT count(*), sum(ending = 'ballot') FROM visits WHERE started_utc >= ?1");
    count.BindText(1, since_utc);
    if (!count.Ok() || count.Step() != SQLITE_ROW) return failed();
    f.Today = count.Int64(0);
    f.Voted = count.Int64(1);
    if (f.Today == 0) return true;
    Statement median(Handle, "SELECT seconds FROM visits WHERE started_utc >= ?1 ORDER BY seconds LIMIT 1 OFFSET ?2");
    median.BindText(1, since_utc);
    median.BindInt64(2, f.Today / 2);
    if (median.Ok() && median.Step() == SQLITE_ROW) f.MedianSeconds = median.Double(0);
    // How far: a mutation opened, a 2040 seen, the vote opened (each visit counted once).
    Statement steps(Handle, "SELECT count(DISTINCT CASE WHEN w.screen = 'mutation' THEN w.visit_id END),"
                            " count(DISTINCT CASE WHEN w.part LIKE 'future%' THEN w.visit_id END),"
                            " count(DISTINCT CASE WHEN w.screen = 'vote' THEN w.visit_id END)"
                            " FROM visits v JOIN visit_views w ON w.visit_id = v.id WHERE v.started_utc >= ?1");
    steps.BindText(1, since_utc);
    if (!steps.Ok() || steps.Step() != SQLITE_ROW) return failed();
    f.OpenedMutation = steps.Int64(0);
    f.SawFuture = steps.Int64(1);
    f.OpenedVote = steps.Int64(2);
    return true;
}

int64_t Database::VisitCount() const
{
    if (!Handle) return -1;
    const int version = SchemaVersion();
    if (version < 0) return -1;
    if (version < 3) return 0;
    Statement s(Handle, "SELECT count(*) FROM visits");
    return s.Ok() && s.Step() == SQLITE_ROW ? s.Int64(0) : -1;
}

} // namespace ess

// Ballots and tallies: one transaction per ballot (or per batch), each queued in the outbox in
// it; tallies read from the counters the schema's triggers keep, recounted from the rows to check
// them, and the small meta facts. The outbox's reading and emptying: outbox.cpp.
#include <algorithm>
#include <set>

#include "storage/database.h"
#include "storage/sqlite_statement.h"

namespace ess {

namespace {

void SortTally(Tally& tally)
{
    std::sort(tally.PerLever.begin(), tally.PerLever.end(),
              [](const Count& a, const Count& b) { return a.Ballots != b.Ballots ? a.Ballots > b.Ballots : a.Key < b.Key; });
    auto by_key = [](const Count& a, const Count& b) { return a.Key < b.Key; };
    std::sort(tally.PerKiosk.begin(), tally.PerKiosk.end(), by_key);
    std::sort(tally.PerDay.begin(), tally.PerDay.end(), by_key); // ISO dates sort chronologically
    std::sort(tally.PerHour.begin(), tally.PerHour.end(), by_key);
}

// "YYYY-MM-DDTHH:MM:SS" at least: the per-day and per-hour tallies cut the text at fixed places.
bool LooksLikeIsoUtc(const std::string& text)
{
    const char* pattern = "dddd-dd-ddTdd:dd:dd";
    size_t n = std::char_traits<char>::length(pattern);
    if (text.size() < n) return false;
    for (size_t i = 0; i < n; i++) {
        bool digit = text[i] >= '0' && text[i] <= '9';
        if (pattern[i] == 'd' ? !digit : text[i] != pattern[i]) return false;
    }
    return true;
}

// "<file>: ballot <uuid>: ", how every message about one ballot starts.
std::string BallotPlace(const std::string& path, const Ballot& ballot)
{
    return path + ": ballot " + (ballot.Uuid.empty() ? "(no uuid)" : ballot.Uuid) + ": ";
}

// Why a ballot cannot be stored as it is, or "" when it can.
std::string Refusal(const Ballot& ballot)
{
    if (ballot.Uuid.empty()) return "empty uuid";
    if (ballot.Levers.empty()) return "no lever chosen";
    if (!LooksLikeIsoUtc(ballot.CreatedUtc))
        return "created_utc \"" + ballot.CreatedUtc + "\" is not ISO 8601 UTC (2026-11-26T13:45:12.345Z)";
    std::set<std::string> seen;
    for (const std::string& lever : ballot.Levers) {
        if (lever.empty()) return "empty lever id";
        if (!seen.insert(lever).second) return "lever \"" + lever + "\" chosen twice";
    }
    return {};
}

// Stores `count` ballots in one transaction: every one is checked first, and any failure rolls
// back them all, so there is never half a ballot (nor half a batch) on disk. `pending`: each also
// goes into the outbox in that transaction, so that no ballot is recorded without being queued.
bool StoreBallots(sqlite3* db, const std::string& path, const Ballot* ballots, size_t count, bool pending, std::string& error)
{
    for (size_t i = 0; i < count; i++)
        if (std::string why = Refusal(ballots[i]); !why.empty()) {
            error = BallotPlace(path, ballots[i]) + why;
            return false;
        }
    if (count == 0) return true;
    // The ballot at hand, for the messages: the only one, or the one being inserted.
    const Ballot* current = count == 1 ? ballots : nullptr;
    auto fail = [&](const std::string& why) {
        error = (current ? BallotPlace(path, *current) : path + ": " + std::to_string(count) + " ballots: ") + why;
        RollBackIfOpen(db);
        return false;
    };
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail(std::string("cannot start a transaction: ") + sqlite3_errmsg(db));
    {
        Statement insert(db,
                         "INSERT INTO ballots (uuid, kiosk_id, created_utc, content_version, flags) VALUES (?1, ?2, ?3, ?4, ?5)");
        if (!insert.Ok()) return fail(sqlite3_errmsg(db));
        Statement lever(db, "INSERT INTO ballot_levers (ballot_uuid, lever_id) VALUES (?1, ?2)");
        if (!lever.Ok()) return fail(sqlite3_errmsg(db));
        Statement outbox(db, "INSERT INTO outbox (uuid) VALUES (?1)");
        if (!outbox.Ok()) return fail(sqlite3_errmsg(db));
        for (size_t i = 0; i < count; i++) {
            const Ballot& ballot = ballots[i];
            current = &ballot;
            insert.BindText(1, ballot.Uuid);
            insert.BindText(2, ballot.KioskId);
            insert.BindText(3, ballot.CreatedUtc);
            insert.BindText(4, ballot.ContentVersion);
            insert.BindInt(5, ballot.Flags);
            int rc = insert.Step();
            if (rc == SQLITE_CONSTRAINT && sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_PRIMARYKEY)
                return fail("already recorded (same uuid)");
            if (rc != SQLITE_DONE) return fail(sqlite3_errmsg(db));
            insert.Reset();
            lever.BindText(1, ballot.Uuid);
            for (const std::string& id : ballot.Levers) {
                lever.BindText(2, id);
                if (lever.Step() != SQLITE_DONE) return fail(sqlite3_errmsg(db));
                lever.Reset();
            }
            if (pending) {
                outbox.BindText(1, ballot.Uuid);
                if (outbox.Step() != SQLITE_DONE) return fail(sqlite3_errmsg(db));
                outbox.Reset();
            }
        }
        if (count > 1) current = nullptr;
    }
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail(std::string("commit failed: ") + sqlite3_errmsg(db));
    return true;
}

} // namespace

bool Database::RecordBallot(const Ballot& ballot, std::string& error)
{
    if (!Handle) {
        error = BallotPlace(FilePath, ballot) + "the database is not open";
        return false;
    }
    return StoreBallots(Handle, FilePath, &ballot, 1, true, error);
}

bool Database::RecordBallots(const std::vector<Ballot>& ballots, std::string& error, Upload upload)
{
    return Opened(error) && StoreBallots(Handle, FilePath, ballots.data(), ballots.size(), upload == Upload::Pending, error);
}

bool Database::Opened(std::string& error) const
{
    if (!Handle) error = FilePath + ": the database is not open";
    return Handle != nullptr;
}

bool Database::LoadTally(Tally& tally, std::string& error) const
{
    tally = Tally{};
    if (!Opened(error)) return false;
    Statement s(Handle, "SELECT kind, key, ballots FROM tally_counts WHERE ballots != 0");
    if (!s.Ok()) {
        error = FilePath + ": cannot read the tally: " + sqlite3_errmsg(Handle);
        return false;
    }
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
        std::string kind = s.Text(0);
        Count count{s.Text(1), s.Int64(2)};
        if (kind == "all")
            tally.Ballots = count.Ballots;
        else if (kind == "flagged")
            tally.Flagged = count.Ballots;
        else if (kind == "lever")
            tally.PerLever.push_back(count);
        else if (kind == "kiosk")
            tally.PerKiosk.push_back(count);
        else if (kind == "day")
            tally.PerDay.push_back(count);
        else if (kind == "hour")
            tally.PerHour.push_back(count);
    }
    if (rc != SQLITE_DONE) {
        error = FilePath + ": cannot read the tally: " + sqlite3_errmsg(Handle);
        return false;
    }
    SortTally(tally);
    return true;
}

bool Database::RecountTally(Tally& tally, std::string& error) const
{
    tally = Tally{};
    if (!Opened(error)) return false;
    struct Query {
        const char* Sql;
        std::vector<Count>* Into;
    };
    const Query queries[] = {
        {"SELECT lever_id, count(*) FROM ballot_levers GROUP BY lever_id", &tally.PerLever},
        {"SELECT kiosk_id, count(*) FROM ballots GROUP BY kiosk_id", &tally.PerKiosk},
        {"SELECT substr(created_utc, 1, 10), count(*) FROM ballots GROUP BY 1", &tally.PerDay},
        {"SELECT substr(created_utc, 1, 10) || ' ' || substr(created_utc, 12, 2), count(*) FROM ballots GROUP BY 1",
         &tally.PerHour},
    };
    for (const Query& q : queries) {
        Statement s(Handle, q.Sql);
        int rc = s.PrepareResult();
        while (s.Ok() && (rc = s.Step()) == SQLITE_ROW) q.Into->push_back({s.Text(0), s.Int64(1)});
        if (rc != SQLITE_DONE) {
            error = FilePath + ": cannot recount the ballots: " + sqlite3_errmsg(Handle);
            return false;
        }
    }
    Statement totals(Handle, "SELECT count(*), coalesce(sum(flags != 0), 0) FROM ballots");
    if (!totals.Ok() || totals.Step() != SQLITE_ROW) {
        error = FilePath + ": cannot recount the ballots: " + sqlite3_errmsg(Handle);
        return false;
    }
    tally.Ballots = totals.Int64(0);
    tally.Flagged = totals.Int64(1);
    SortTally(tally);
    return true;
}

bool Database::ForEachBallot(const std::function<bool(const Ballot&)>& visit, std::string& error) const
{
    if (!Opened(error)) return false;
    // One pass over a join: memory stays flat however many ballots there are.
    Statement s(Handle, "SELECT b.uuid, b.kiosk_id, b.created_utc, b.content_version, b.flags, l.lever_id "
                        "FROM ballots b LEFT JOIN ballot_levers l ON l.ballot_uuid = b.uuid "
                        "ORDER BY b.created_utc, b.uuid, l.lever_id");
    if (!s.Ok()) {
        error = FilePath + ": cannot read the ballots: " + sqlite3_errmsg(Handle);
        return false;
    }
    Ballot current;
    bool have_current = false;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
        std::string uuid = s.Text(0);
        if (!have_current || uuid != current.Uuid) {
            if (have_current && !visit(current)) return true;
            current = Ballot{};
            current.Uuid = uuid;
            current.KioskId = s.Text(1);
            current.CreatedUtc = s.Text(2);
            current.ContentVersion = s.Text(3);
            current.Flags = s.Int(4);
            have_current = true;
        }
        if (!s.IsNull(5)) current.Levers.push_back(s.Text(5));
    }
    if (rc != SQLITE_DONE) {
        error = FilePath + ": cannot read the ballots: " + sqlite3_errmsg(Handle);
        return false;
    }
    if (have_current) visit(current);
    return true;
}

bool Database::LoadBallots(std::vector<Ballot>& ballots, std::string& error) const
{
    ballots.clear();
    return ForEachBallot(
        [&](const Ballot& ballot) {
            ballots.push_back(ballot);
            return true;
        },
        error);
}

bool Database::SetMeta(const std::string& key, const std::string& value, std::string& error)
{
    if (!Opened(error)) return false;
    Statement s(Handle, "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (s.Ok()) {
        s.BindText(1, key);
        s.BindText(2, value);
        if (s.Step() == SQLITE_DONE) return true;
    }
    error = FilePath + ": cannot store " + key + ": " + sqlite3_errmsg(Handle);
    return false;
}

std::string Database::GetMeta(const std::string& key) const
{
    if (!Handle) return {};
    Statement s(Handle, "SELECT value FROM meta WHERE key = ?1");
    if (!s.Ok()) return {};
    s.BindText(1, key);
    return s.Step() == SQLITE_ROW ? s.Text(0) : std::string();
}

} // namespace ess

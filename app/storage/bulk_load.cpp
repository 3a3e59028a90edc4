// Storing very many ballots at once (the organisers' merge): triggers and secondary indexes
// dropped for the inserts and made again from their own SQL, the tallies counted in memory.
#include "storage/bulk_load.h"

#include <map>

#include "storage/database.h"
#include "storage/sqlite_statement.h"

namespace ess {

BulkLoad::BulkLoad(Database& db) : Handle(SqliteAccess::Handle(db)), Path(db.Path()) {}

void TallyCounter::AddBallot(std::string_view kiosk_id, std::string_view created_utc, int flags)
{
    BallotCount++;
    if (flags != 0) FlaggedCount++;
    Scratch.assign(kiosk_id.data(), kiosk_id.size());
    Kiosks[Scratch]++;
    const size_t hour_prefix = 13; // "YYYY-MM-DDTHH"
    bool plain = created_utc.size() >= hour_prefix;
    for (size_t i = 0; plain && i < hour_prefix; i++) plain = (unsigned char)created_utc[i] - 1u < 0x7f; // 1 to 0x7f
    Scratch.assign(created_utc.data(), plain ? hour_prefix : created_utc.size());
    (plain ? HourPrefixes : OtherTimes)[Scratch]++;
}

void TallyCounter::AddLever(std::string_view lever_id)
{
    Scratch.assign(lever_id.data(), lever_id.size());
    Levers[Scratch]++;
}

bool BulkLoad::Begin(std::string& error)
{
    DeferredIndexes.clear();
    DeferredTriggers.clear();
    if (!Handle) {
        error = Path + ": the database is not open";
        return false;
    }
    if (sqlite3_get_autocommit(Handle) && RunSql(Handle, Path, "BEGIN IMMEDIATE", error) != SQLITE_OK) return false;
    std::vector<std::string> drops;
    {
        // In the order the migrations created them. Automatic indexes (PRIMARY KEY) have no SQL
        // and stay: they cannot be dropped.
        Statement s(Handle, "SELECT type, name, sql FROM main.sqlite_master WHERE type IN ('index', 'trigger') "
                            "AND sql IS NOT NULL ORDER BY rowid");
        int rc = s.PrepareResult();
        while (s.Ok() && (rc = s.Step()) == SQLITE_ROW) {
            bool index = s.Text(0) == "index";
            std::string name = s.Text(1), quoted;
            for (char c : name) quoted += c == '"' ? "\"\"" : std::string(1, c);
            drops.push_back(std::string(index ? "DROP INDEX" : "DROP TRIGGER") + " main.\"" + quoted + "\"");
            (index ? DeferredIndexes : DeferredTriggers).push_back(s.Text(2));
        }
        if (rc != SQLITE_DONE) {
            error = Path + ": cannot read the schema: " + sqlite3_errmsg(Handle);
            Abort();
            return false;
        }
    }
    for (const std::string& drop : drops)
        if (RunSql(Handle, Path, drop.c_str(), error) != SQLITE_OK) {
            Abort();
            return false;
        }
    return true;
}

bool BulkLoad::BuildDeferredIndexes(std::string& error)
{
    for (const std::string& sql : DeferredIndexes)
        if (RunSql(Handle, Path, sql.c_str(), error) != SQLITE_OK) {
            error += " (recreating an index after a bulk load)";
            Abort();
            return false;
        }
    DeferredIndexes.clear();
    return true;
}

bool BulkLoad::Finish(const TallyCounter& added, std::string& error)
{
    auto fail = [&](const std::string& why) {
        error = Path + ": " + why + " (finishing a bulk load)";
        Abort();
        return false;
    };
    if (!Handle || sqlite3_get_autocommit(Handle)) return fail("no bulk load in progress");

    // Days and hours cut as the ballots_count trigger cuts them.
    std::map<std::string, int64_t> days, hours;
    for (const auto& [prefix, ballots] : added.HourPrefixes) {
        std::string day = prefix.substr(0, 10);
        days[day] += ballots;
        hours[day + ' ' + prefix.substr(11, 2)] += ballots;
    }
    if (!added.OtherTimes.empty()) {
        Statement cut(Handle, "SELECT substr(?1, 1, 10), substr(?1, 1, 10) || ' ' || substr(?1, 12, 2)");
        if (!cut.Ok()) return fail(sqlite3_errmsg(Handle));
        for (const auto& [created_utc, ballots] : added.OtherTimes) {
            cut.BindText(1, created_utc);
            if (cut.Step() != SQLITE_ROW) return fail(sqlite3_errmsg(Handle));
            days[cut.Text(0)] += ballots;
            hours[cut.Text(1)] += ballots;
            cut.Reset();
        }
    }
    Statement add(Handle, "INSERT INTO main.tally_counts (kind, key, ballots) VALUES (?1, ?2, ?3) "
                          "ON CONFLICT (kind, key) DO UPDATE SET ballots = ballots + excluded.ballots");
    if (!add.Ok()) return fail(sqlite3_errmsg(Handle));
    auto put = [&](const char* kind, const std::string& key, int64_t ballots) {
        add.BindStatic(1, kind);
        add.BindText(2, key);
        add.BindInt64(3, ballots);
        int rc = add.Step();
        add.Reset();
        return rc == SQLITE_DONE;
    };
    // The triggers create the 'all' and 'flagged' rows with the first ballot, even at 0 flagged.
    bool ok = added.BallotCount == 0 || (put("all", "", added.BallotCount) && put("flagged", "", added.FlaggedCount));
    for (const auto& [kiosk, ballots] : added.Kiosks) ok = ok && put("kiosk", kiosk, ballots);
    for (const auto& [day, ballots] : days) ok = ok && put("day", day, ballots);
    for (const auto& [hour, ballots] : hours) ok = ok && put("hour", hour, ballots);
    for (const auto& [lever, ballots] : added.Levers) ok = ok && put("lever", lever, ballots);
    if (!ok) return fail(std::string("cannot update the tally: ") + sqlite3_errmsg(Handle));

    if (!BuildDeferredIndexes(error)) return false;
    for (const std::string& sql : DeferredTriggers)
        if (sqlite3_exec(Handle, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
            return fail(std::string("cannot recreate a trigger: ") + sqlite3_errmsg(Handle));
    if (sqlite3_exec(Handle, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail(std::string("commit failed: ") + sqlite3_errmsg(Handle));
    DeferredTriggers.clear();
    return true;
}

void BulkLoad::Abort()
{
    RollBackIfOpen(Handle); // on a failing path already: the error to report is the first
    DeferredIndexes.clear();
    DeferredTriggers.clear();
}

} // namespace ess

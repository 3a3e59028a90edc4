// The merge's writing (see exchange.h): the new ballots into an existing OUT in one transaction,
// or a new OUT built whole beside its name, in two halves on two cores, and renamed once on disk.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <system_error>
#include <thread>

#include "storage/ballot_set.h"
#include "storage/bulk_load.h"
#include "core/durable_file.h"
#include "storage/merge_insert.h"
#include "storage/merge_visits.h"
#include "storage/sqlite_statement.h"

namespace fs = std::filesystem;

namespace ess {

namespace {

// Marks the ballots OUT already has, whichever input brought them. Read inside the merge's
// transaction, so that no other writer can add one before the inserts.
bool ReadStoredUuids(Database& out, BallotSet& set, MergeReport& report, int64_t& stored, std::string& error)
{
    stored = 0;
    Statement s(SqliteAccess::Handle(out), "SELECT uuid FROM ballots");
    int rc = SQLITE_ERROR;
    while (s.Ok() && (rc = s.Step()) == SQLITE_ROW) {
        stored++;
        if (s.IsNull(0)) continue;
        int64_t index = set.Find(s.View(0));
        if (index < 0 || set.Ballots[(size_t)index].Source == kStored) continue;
        MergeReport::Input& counts = report.Inputs[set.Ballots[(size_t)index].Source];
        counts.Added--;
        counts.Skipped++;
        set.Ballots[(size_t)index].Source = kStored;
        set.New--;
    }
    if (rc == SQLITE_DONE) return true;
    error = out.Path() + ": cannot read the ballots: " + sqlite3_errmsg(SqliteAccess::Handle(out));
    return false;
}

// The new ballots sorted by uuid as SQLite compares TEXT (bytes, then length), so that the rows and
// every index keyed by uuid only ever grow at their end. The first 8 bytes, big-endian, decide
// nearly every comparison of random UUIDs without touching the text.
std::vector<uint32_t> NewBallotsByUuid(const BallotSet& set)
{
    std::vector<std::pair<uint64_t, uint32_t>> keys;
    keys.reserve((size_t)set.New);
    for (size_t i = 0; i < set.Ballots.size(); i++) {
        if (set.Ballots[i].Source == kStored) continue;
        std::string_view uuid = set.Ballots[i].Uuid;
        uint64_t prefix = 0;
        for (size_t k = 0; k < 8; k++) prefix = prefix << 8 | (k < uuid.size() ? (unsigned char)uuid[k] : 0u);
        keys.push_back({prefix, (uint32_t)i});
    }
    std::sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        return set.Ballots[a.second].Uuid < set.Ballots[b.second].Uuid;
    });
    std::vector<uint32_t> order;
    order.reserve(keys.size());
    for (const auto& key : keys) order.push_back(key.second);
    return order;
}

// In the order the ballots were read (any order will do): walking them by uuid would miss the
// processor's cache at every ballot.
TallyCounter CountTally(const BallotSet& set)
{
    TallyCounter counter;
    for (const MergedBallot& b : set.Ballots) {
        if (b.Source == kStored) continue;
        counter.AddBallot(set.Kiosks[b.KioskId], b.CreatedUtc, b.Flags);
        for (uint32_t k = b.FirstLever; k < b.FirstLever + b.LeverCount; k++) counter.AddLever(set.Levers[set.LeverIds[k]]);
    }
    return counter;
}

// Below this many new ballots for each one already stored, inserting them one by one (each
// costing a few random index updates and the triggers) beats rebuilding every index.
constexpr int64_t kBulkWhenNewPerStored = 16;

// Stores the new ballots of `set` in `out` in one transaction, which also reads OUT's uuids.
// Empties `set` once its rows are in: the indexes are then built with that memory back.
bool StoreNewBallots(Database& out, BallotSet& set, MergeReport& report, std::string& error, bool with_visits)
{
    const auto merge_visits = [&] { return !with_visits || MergeVisits(out, report, error); };
    sqlite3* db = SqliteAccess::Handle(out);
    BulkLoad load(out);
    auto fail = [&](const std::string& why) {
        error = out.Path() + ": " + why;
        load.Abort(); // rolls a plain transaction back just the same
        return false;
    };
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail(std::string("cannot start the merge: ") + sqlite3_errmsg(db));
    int64_t stored = 0;
    if (!ReadStoredUuids(out, set, report, stored, error)) {
        load.Abort();
        return false;
    }
    report.Total = stored + set.New;
    if (set.New == 0) {
        // No new ballot; new visits, perhaps (a kiosk's file merged again after a quiet day).
        if (!merge_visits()) {
            load.Abort();
            return false;
        }
        int64_t visits_added = 0;
        for (const MergeReport::Input& input : report.Inputs) visits_added += input.VisitsAdded;
        if (visits_added == 0) {
            load.Abort(); // nothing new: nothing written
            return true;
        }
        if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
            return fail(std::string("merge not saved: ") + sqlite3_errmsg(db));
        return true;
    }
    bool bulk = set.New * kBulkWhenNewPerStored >= stored;
    if (bulk && !load.Begin(error)) return false;
    std::vector<uint32_t> order = NewBallotsByUuid(set);
    std::string why;
    if (!InsertBallots(db, set, order, why) || !InsertLevers(db, set, order, why))
        return fail("cannot store the ballots: " + why);
    if (!merge_visits()) {
        load.Abort();
        return false;
    }
    TallyCounter counter = bulk ? CountTally(set) : TallyCounter();
    set = BallotSet();
    if (bulk) return load.Finish(counter, error);
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail(std::string("merge not saved: ") + sqlite3_errmsg(db));
    return true;
}

// Runs `store` without foreign key checks: each would look a lever row's ballot up, and the merge
// stores every ballot with its levers. The setting cannot change inside a transaction. Once
// `store` has run, its outcome stands: a setting that cannot be put back is said on stderr.
template <typename Store> bool WithoutForeignKeyChecks(Database& db, std::string& error, Store store)
{
    sqlite3* h = SqliteAccess::Handle(db);
    int foreign_keys = 0;
    if (ReadPragmaInt(h, "PRAGMA foreign_keys", foreign_keys) != SQLITE_OK) {
        error = db.Path() + ": cannot read the foreign key setting: " + sqlite3_errmsg(h);
        return false;
    }
    if (RunSql(h, db.Path(), "PRAGMA foreign_keys=OFF", error) != SQLITE_OK) {
        error += " (turning foreign key checks off for the merge)";
        return false;
    }
    bool ok = store();
    std::string restore_error;
    if (foreign_keys && RunSql(h, db.Path(), "PRAGMA foreign_keys=ON", restore_error) != SQLITE_OK)
        std::fprintf(stderr, "%s (turning foreign key checks back on after the merge: they stay off on this connection)\n",
                     restore_error.c_str());
    return ok;
}

bool MergeIntoOpen(Database& out, BallotSet& set, MergeReport& report, std::string& error, bool with_visits = true)
{
    return WithoutForeignKeyChecks(out, error, [&] { return StoreNewBallots(out, set, report, error, with_visits); });
}

// A database file nobody else knows of yet: no journal, no waiting for the disk. Only an atomic
// rename after an fsync makes it anything.
bool OpenScratch(Database& db, const std::string& path, std::string& error)
{
    if (!db.Open(path, error)) return false;
    if (sqlite3_exec(SqliteAccess::Handle(db), "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF",
                     nullptr, nullptr, nullptr) == SQLITE_OK)
        return true;
    error = path + ": " + sqlite3_errmsg(SqliteAccess::Handle(db));
    return false;
}

// Stores every ballot of `set` in the new, empty `db` (a scratch file), one core building each half:
// a second thread stores the ballots and their indexes in a file of their own (`part_path`) while
// this one stores the levers and indexes them; SQLite then copies the ballots' table and indexes
// in as they are, without sorting again (its transfer optimisation, for INSERT INTO t SELECT * FROM
// u into an empty t with the same indexes). A million ballots take a second less than on one core.
bool StoreInTwoHalves(Database& db, const std::string& part_path, BallotSet& set, MergeReport& report, std::string& error)
{
    sqlite3* h = SqliteAccess::Handle(db);
    report.Total = set.New;
    std::vector<uint32_t> order = NewBallotsByUuid(set);
    Database part;
    if (!OpenScratch(part, part_path, error)) return false;
    {
        Statement attach(h, "ATTACH ?1 AS ballots_part"); // outside any transaction, before the part is written
        if (!attach.Ok() || attach.BindText(1, part_path) != SQLITE_OK || attach.Step() != SQLITE_DONE) {
            error = db.Path() + ": cannot attach " + part_path + ": " + sqlite3_errmsg(h);
            return false;
        }
    }
    std::string part_error;
    bool part_ok = false;
    TallyCounter counter;
    auto build_part = [&] {
        // On its own thread: what it throws must not leave it (that would end the process).
        try {
            BulkLoad part_load(part);
            part_ok = part_load.Begin(part_error);
            std::string why;
            if (part_ok && !InsertBallots(SqliteAccess::Handle(part), set, order, why)) {
                part_error = part_path + ": cannot store the ballots: " + why;
                part_ok = false;
            }
            part_ok = part_ok && part_load.Finish(TallyCounter(), part_error);
            part.Close();
            counter = CountTally(set);
        } catch (const std::exception& e) {
            part.Close(); // rolls back what the part had begun
            part_error = part_path + ": cannot store the ballots: " + e.what();
            part_ok = false;
        }
    };
    std::thread builder;
    try {
        builder = std::thread(build_part);
    } catch (const std::system_error&) {
        build_part(); // no second thread to be had: one half after the other
    }
    // A deferred BEGIN: the part stays unlocked for its builder until the copy.
    BulkLoad load(db);
    bool ok = RunSql(h, db.Path(), "BEGIN", error) == SQLITE_OK && load.Begin(error);
    std::string why;
    if (ok && !InsertLevers(h, set, order, why)) {
        error = db.Path() + ": cannot store the levers: " + why;
        ok = false;
    }
    ok = ok && load.BuildDeferredIndexes(error);
    StartWriteback(db.Path()); // the levers' half, while the ballots' half is copied in
    if (builder.joinable()) builder.join();
    if (ok && !part_ok) {
        error = part_error;
        ok = false;
    }
    if (ok &&
        sqlite3_exec(h, "INSERT INTO main.ballots SELECT * FROM ballots_part.ballots", nullptr, nullptr, nullptr) != SQLITE_OK) {
        error = db.Path() + ": cannot copy the ballots in: " + sqlite3_errmsg(h);
        ok = false;
    }
    ok = ok && load.Finish(counter, error);
    if (!ok) load.Abort();
    // Attached, the part would stay open (and its file in use) as long as `db`. A failure here
    // fails the merge only if nothing else did: the first error is the one to report.
    std::string detach_error;
    if (RunSql(h, db.Path(), "DETACH ballots_part", detach_error) != SQLITE_OK && ok) {
        error = detach_error + " (detaching the ballots' half)";
        ok = false;
    }
    return ok;
}

void RemoveDatabaseFiles(const std::string& path)
{
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
}

// A new OUT is built whole in a temporary file beside it, without a journal (nothing there to
// protect), then flushed and renamed to its name: OUT does not exist until it is complete, even
// if the machine stops midway.
bool MergeIntoNewFile(const std::string& out_path, BallotSet& set, MergeReport& report, std::string& error)
{
    std::string temp = TempPathBeside(ResolvedTarget(out_path), "merging");
    std::string part = temp + "-ballots";
    Database db;
    bool ok = OpenScratch(db, temp, error) && StoreInTwoHalves(db, part, set, report, error);
    RemoveDatabaseFiles(part);
    // The visits into the file that is not yet OUT: no journal, all or nothing by the rename.
    if (ok) {
        ok = RunSql(SqliteAccess::Handle(db), temp, "BEGIN", error) == SQLITE_OK && MergeVisits(db, report, error) &&
             RunSql(SqliteAccess::Handle(db), temp, "COMMIT", error) == SQLITE_OK;
        if (!ok) RollBackIfOpen(SqliteAccess::Handle(db));
    }
    // Back to what Database::Open makes, written into the file's header. The PRAGMA answers with
    // the mode it could set, which need not be the one asked for.
    if (ok) {
        Statement wal(SqliteAccess::Handle(db), "PRAGMA main.journal_mode=WAL");
        const std::string mode = wal.Ok() && wal.Step() == SQLITE_ROW ? wal.Text(0) : "";
        if (mode != "wal") {
            error = temp + ": cannot switch the new database to WAL: " +
                    (mode.empty() ? std::string(sqlite3_errmsg(SqliteAccess::Handle(db))) : "the journal stays " + mode);
            ok = false;
        }
    }
    db.Close();
    if (ok && CommitTempFile(temp, out_path, error)) return true;
    RemoveDatabaseFiles(temp);
    return false;
}

} // namespace

bool MergeInto(Database& out, const std::vector<std::string>& inputs, MergeReport& report, std::string& error, bool with_visits)
{
    report = MergeReport{};
    if (!out.IsOpen()) {
        error = out.Path() + ": the output database is not open";
        return false;
    }
    if (inputs.empty()) {
        error = "merge: no input file";
        return false;
    }
    BallotSet set;
    if (ReadCheckedInputs(inputs, out.Path(), false, set, report, error) && MergeIntoOpen(out, set, report, error, with_visits))
        return true;
    report = MergeReport{}; // nothing merged
    return false;
}

bool MergeDatabases(const std::string& out_path, const std::vector<std::string>& inputs, MergeReport& report, std::string& error)
{
    report = MergeReport{};
    if (inputs.empty()) {
        error = "merge: no input file";
        return false;
    }
    if (out_path == ":memory:") {
        Database memory;
        return memory.Open(out_path, error) && MergeInto(memory, inputs, report, error);
    }
    std::error_code ec;
    bool out_exists = fs::exists(out_path, ec);
    BallotSet set;
    bool ok = ReadCheckedInputs(inputs, out_path, out_exists, set, report, error);
    if (ok && !out_exists) {
        ok = MergeIntoNewFile(out_path, set, report, error);
    } else if (ok) {
        // An existing OUT is merged into in place, in one transaction: SQLite keeps it all or
        // nothing and keeps out any other program using the file meanwhile, which replacing the
        // file could not.
        Database out;
        ok = out.Open(out_path, error) && MergeIntoOpen(out, set, report, error);
    }
    if (!ok) report = MergeReport{}; // nothing merged
    return ok;
}

} // namespace ess

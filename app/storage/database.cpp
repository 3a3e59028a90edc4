// The kiosk's ballot store on SQLite: versioned schema, one transaction per ballot, tallies kept
// by triggers so they stay instant at a million ballots, recovery and archiving (see database.h).
#include "storage/database.h"
#include "storage/identity.h"
#include "storage/sqlite_statement.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

namespace fs = std::filesystem;

namespace ess {

namespace {

// Forward migrations: entry i brings the schema from version i to i+1. Never edit a published
// entry; add a new one.
//
// tally_counts is kept by triggers in the same transaction as the ballot, so LoadTally reads a
// few dozen rows instead of scanning millions (a full scan takes over a second at 1,000,000
// ballots). Ballots are never changed once recorded; the counters rely on it, hence the
// triggers refusing UPDATE. RecountTally recomputes everything from the rows to check them.
const char* const kMigrations[] = {
    R"sql(
    CREATE TABLE ballots (
        uuid            TEXT PRIMARY KEY,
        kiosk_id        TEXT NOT NULL,
        created_utc     TEXT NOT NULL,
        content_version TEXT NOT NULL,
        flags           INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE ballot_levers (
        ballot_uuid TEXT NOT NULL REFERENCES ballots(uuid),
        lever_id    TEXT NOT NULL,
        PRIMARY KEY (ballot_uuid, lever_id)
    ) WITHOUT ROWID;
    CREATE INDEX ballot_levers_by_lever ON ballot_levers(lever_id);
    CREATE INDEX ballots_by_time ON ballots(created_utc);
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE tally_counts (
        kind    TEXT NOT NULL, -- 'all', 'flagged', 'lever', 'kiosk', 'day', 'hour'
        key     TEXT NOT NULL,
        ballots INTEGER NOT NULL,
        PRIMARY KEY (kind, key)
    ) WITHOUT ROWID;
    CREATE TRIGGER ballots_count AFTER INSERT ON ballots BEGIN
        INSERT INTO tally_counts (kind, key, ballots) VALUES
            ('all', '', 1),
            ('flagged', '', NEW.flags != 0),
            ('kiosk', NEW.kiosk_id, 1),
            ('day', substr(NEW.created_utc, 1, 10), 1),
            ('hour', substr(NEW.created_utc, 1, 10) || ' ' || substr(NEW.created_utc, 12, 2), 1)
        ON CONFLICT (kind, key) DO UPDATE SET ballots = ballots + excluded.ballots;
    END;
    CREATE TRIGGER ballots_uncount AFTER DELETE ON ballots BEGIN
        UPDATE tally_counts SET ballots = ballots - 1
        WHERE (kind = 'all' AND key = '') OR (kind = 'kiosk' AND key = OLD.kiosk_id)
           OR (kind = 'day' AND key = substr(OLD.created_utc, 1, 10))
           OR (kind = 'hour' AND key = substr(OLD.created_utc, 1, 10) || ' ' || substr(OLD.created_utc, 12, 2));
        UPDATE tally_counts SET ballots = ballots - (OLD.flags != 0) WHERE kind = 'flagged' AND key = '';
    END;
    CREATE TRIGGER ballots_unchanged BEFORE UPDATE ON ballots BEGIN
        SELECT RAISE(ABORT, 'a recorded ballot is never changed');
    END;
    CREATE TRIGGER ballot_levers_count AFTER INSERT ON ballot_levers BEGIN
        INSERT INTO tally_counts (kind, key, ballots) VALUES ('lever', NEW.lever_id, 1)
        ON CONFLICT (kind, key) DO UPDATE SET ballots = ballots + 1;
    END;
    CREATE TRIGGER ballot_levers_uncount AFTER DELETE ON ballot_levers BEGIN
        UPDATE tally_counts SET ballots = ballots - 1 WHERE kind = 'lever' AND key = OLD.lever_id;
    END;
    CREATE TRIGGER ballot_levers_unchanged BEFORE UPDATE ON ballot_levers BEGIN
        SELECT RAISE(ABORT, 'a recorded ballot is never changed');
    END;
    )sql",
};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == Database::kCurrentSchema);

int64_t FileSize(const std::string& path)
{
    std::error_code ec;
    uintmax_t size = fs::file_size(path, ec);
    return ec ? 0 : (int64_t)size;
}

// The first name of "<base>", "<base>-2", "<base>-3"... (before `extension`) that names no file:
// two archives or recoveries within the same second must never overwrite each other.
std::string FreeName(const std::string& base, const std::string& extension)
{
    std::error_code ec;
    std::string candidate = base + extension;
    for (int n = 2; fs::exists(candidate, ec) || fs::exists(candidate + "-wal", ec); n++)
        candidate = base + "-" + std::to_string(n) + extension;
    return candidate;
}

// Moves a database file and its -wal/-shm companions together (SQLite pairs them by name).
bool MoveDatabaseFiles(const std::string& from, const std::string& to, std::string& error)
{
    std::error_code ec;
    fs::rename(from, to, ec);
    if (ec) {
        error = from + ": cannot move to " + to + ": " + ec.message();
        return false;
    }
    for (const char* suffix : {"-wal", "-shm"}) {
        if (!fs::exists(from + suffix, ec)) continue;
        fs::rename(from + suffix, to + suffix, ec);
        if (ec) {
            error = from + suffix + ": cannot move to " + to + suffix + ": " + ec.message();
            return false;
        }
    }
    return true;
}

bool IsCorruption(int code)
{
    code &= 0xff;
    return code == SQLITE_NOTADB || code == SQLITE_CORRUPT;
}

// "ok", or SQLite's first complaint; `code` is the failing result code when quick_check itself
// could not run (a page too damaged to read).
std::string QuickCheck(sqlite3* db, int& code)
{
    code = SQLITE_OK;
    Statement s(db, "PRAGMA quick_check(1)");
    if (!s.Ok()) {
        code = s.PrepareResult();
        return sqlite3_errmsg(db);
    }
    int rc = s.Step();
    if (rc == SQLITE_ROW) {
        // One line for messages: "*** in database main ***\nPage 15: ..." becomes "Page 15: ...".
        std::string text = s.Text(0);
        const std::string banner = "*** in database main ***\n";
        if (text.compare(0, banner.size(), banner) == 0) text.erase(0, banner.size());
        std::replace(text.begin(), text.end(), '\n', ' ');
        return text;
    }
    code = rc;
    return sqlite3_errmsg(db);
}

std::string ApplicationIdText(int id)
{
    char text[16];
    std::snprintf(text, sizeof text, "0x%08x", (unsigned)id);
    return text;
}

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

std::string FormatUtc(const char* format, bool milliseconds)
{
    auto now = std::chrono::system_clock::now();
    std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[64];
    std::strftime(text, sizeof text, format, &utc);
    std::string result = text;
    if (milliseconds) {
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
        char tail[8];
        std::snprintf(tail, sizeof tail, ".%03dZ", (int)ms);
        result += tail;
    }
    return result;
}

// How long a kiosk waits for another process that has the file locked (creating it, migrating
// it, switching it to WAL) before it reports the file busy.
constexpr int kBusyDeadlineSeconds = 5;

// Checks the file's identity, then creates or migrates its schema (with the application_id on a
// new file), all in one write transaction: another process sees the file before or after, never
// half made. Returns SQLite's result code (busy: try again) or SQLITE_ERROR for a refused file.
int CreateOrMigrate(sqlite3* db, const std::string& path, std::string& error)
{
    int rc = RunSql(db, path, "BEGIN IMMEDIATE", error);
    if (rc != SQLITE_OK) return rc;
    auto fail = [&](int code) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        return code;
    };
    if (!CheckIdentity(db, path, true, error)) return fail(IsBusy(sqlite3_errcode(db)) ? sqlite3_errcode(db) : SQLITE_ERROR);
    int version = 0;
    if ((rc = ReadPragmaInt(db, "PRAGMA user_version", version)) != SQLITE_OK) {
        error = path + ": cannot read the schema version: " + sqlite3_errmsg(db);
        return fail(rc);
    }
    for (; version < Database::kCurrentSchema; version++) {
        std::string sql = kMigrations[version];
        if (version == 0) sql += "PRAGMA application_id=" + std::to_string(Database::kApplicationId) + ";";
        sql += "PRAGMA user_version=" + std::to_string(version + 1) + ";";
        if ((rc = RunSql(db, path, sql.c_str(), error)) != SQLITE_OK) {
            error += " (migrating to schema " + std::to_string(version + 1) + ")";
            return fail(rc);
        }
    }
    if ((rc = RunSql(db, path, "COMMIT", error)) != SQLITE_OK) return fail(rc);
    return SQLITE_OK;
}

} // namespace

// Checks what a file claims to be before anything writes to it: a kiosk database of a schema
// we know, or a brand-new empty file.
bool CheckIdentity(sqlite3* db, const std::string& path, bool allow_new, std::string& error)
{
    int application_id = 0, version = 0, objects = 0;
    // One snapshot for the three reads: apart, they could straddle another process's commit of
    // the schema and see a file with objects but no application_id yet.
    const bool own_transaction = sqlite3_get_autocommit(db) != 0;
    int rc = own_transaction ? sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) : SQLITE_OK;
    if (rc == SQLITE_OK) rc = ReadPragmaInt(db, "PRAGMA application_id", application_id);
    if (rc == SQLITE_OK) rc = ReadPragmaInt(db, "PRAGMA user_version", version);
    if (rc == SQLITE_OK) rc = ReadPragmaInt(db, "SELECT count(*) FROM sqlite_master", objects);
    const std::string complaint = rc == SQLITE_OK ? std::string() : sqlite3_errmsg(db);
    if (own_transaction && !sqlite3_get_autocommit(db)) sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
        error = path + ": cannot read: " + complaint;
        if ((rc & 0xff) == SQLITE_NOTADB)
            error = path + ": not a database (" + complaint + "): give a kiosk's database file (ballots.db)";
        return false;
    }
    if (version > Database::kCurrentSchema) {
        error = path + ": schema version " + std::to_string(version) + " is newer than this software knows (" +
                std::to_string(Database::kCurrentSchema) + "); update the kiosk software";
        return false;
    }
    bool is_new = application_id == 0 && version == 0 && objects == 0;
    if (is_new && allow_new) return true;
    if (is_new) {
        error = path + ": empty database: no kiosk has written to it yet";
        return false;
    }
    if (application_id != Database::kApplicationId) {
        error = path + ": not a kiosk database (application_id " + ApplicationIdText(application_id) + ", expected " +
                ApplicationIdText(Database::kApplicationId) + "): give a file a kiosk wrote (ballots.db)";
        return false;
    }
    if (version < 1) {
        error = path + ": kiosk database without a schema (user_version 0)";
        return false;
    }
    return true;
}

Database::~Database()
{
    Close();
}

void Database::Close()
{
    if (Handle) sqlite3_close(Handle);
    Handle = nullptr;
    Unlocked = false;
    if (!PrivateCopyDir.empty()) {
        std::error_code ec;
        fs::remove_all(PrivateCopyDir, ec);
        PrivateCopyDir.clear();
    }
}

int Database::SchemaVersion() const
{
    int version = -1;
    if (!Handle || ReadPragmaInt(Handle, "PRAGMA user_version", version) != SQLITE_OK) return -1;
    return version;
}

bool Database::Open(const std::string& path, std::string& error)
{
    Close();
    FilePath = path;
    Busy = false;
    if (path != ":memory:") {
        std::error_code ec;
        fs::path parent = fs::path(path).parent_path();
        if (!parent.empty()) fs::create_directories(parent, ec);
        if (ec) {
            error = path + ": cannot create folder " + parent.string() + ": " + ec.message();
            return false;
        }
    }
    if (sqlite3_open_v2(path.c_str(), &Handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        error = path + ": " + (Handle ? sqlite3_errmsg(Handle) : "cannot open");
        Close();
        return false;
    }
    sqlite3_busy_timeout(Handle, 2000);
    // SQLite silently opens a write-protected file read-only; the kiosk must know at start-up,
    // not lose the first visitor's ballot.
    if (sqlite3_db_readonly(Handle, "main") == 1) {
        error = path + ": the file is read-only: ballots could not be stored";
        Close();
        return false;
    }
    if (RunSql(Handle, path, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", error) != SQLITE_OK) {
        Close();
        return false;
    }
    // Another kiosk (or ess-tally) may be creating, migrating or switching the very same file:
    // its locks are waited out, not taken for a failure, up to a deadline.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kBusyDeadlineSeconds);
    auto retry = [&](int rc) {
        Busy = IsBusy(rc);
        if (!Busy || std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5 + std::rand() % 20)); // apart, not in step
        return true;
    };
    int rc;
    while ((rc = CreateOrMigrate(Handle, path, error)) != SQLITE_OK)
        if (!retry(rc)) {
            Close();
            return false;
        }
    // WAL once the file is a kiosk's (switching a stranger's file would already write to it).
    // The switch needs the file to itself and can report busy without calling the busy handler.
    while ((rc = RunSql(Handle, path, "PRAGMA journal_mode=WAL", error)) != SQLITE_OK)
        if (!retry(rc)) {
            Close();
            return false;
        }
    Busy = false;
    return true;
}

bool Database::OpenOrRecover(const std::string& path, std::string& moved_to, std::string& error)
{
    moved_to.clear();
    Close();
    Busy = false;
    std::error_code ec;
    if (path != ":memory:" && fs::exists(path, ec)) {
        // Probe read-write (a read-only connection cannot replay a WAL) but never checkpoint on
        // close: a damaged file must reach its new name exactly as it was found.
        sqlite3* probe = nullptr;
        int rc = sqlite3_open_v2(path.c_str(), &probe, SQLITE_OPEN_READWRITE, nullptr);
        std::string complaint;
        if (rc == SQLITE_OK) {
            sqlite3_db_config(probe, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
            sqlite3_busy_timeout(probe, 2000);
            int objects = 0;
            rc = ReadPragmaInt(probe, "SELECT count(*) FROM sqlite_master", objects);
            if (rc != SQLITE_OK) {
                complaint = sqlite3_errmsg(probe);
            } else {
                std::string result = QuickCheck(probe, rc);
                if (rc == SQLITE_OK && result != "ok") {
                    rc = SQLITE_CORRUPT;
                    complaint = result;
                } else if (rc != SQLITE_OK) {
                    complaint = result;
                }
            }
        } else {
            complaint = probe ? sqlite3_errmsg(probe) : "cannot open";
        }
        sqlite3_close(probe);
        if (rc != SQLITE_OK && !IsCorruption(rc)) {
            // Busy, permissions, I/O: the file may be fine; moving it aside would hide good ballots.
            error = path + ": cannot check the database: " + complaint;
            Busy = IsBusy(rc);
            return false;
        }
        if (IsCorruption(rc)) {
            std::string target = FreeName(path + ".corrupt-" + UtcStampForFileName(), "");
            if (!MoveDatabaseFiles(path, target, error)) {
                error += " (moving aside a damaged database: " + complaint + ")";
                return false;
            }
            moved_to = target;
            std::fprintf(stderr, "%s: damaged (%s); moved to %s, starting a fresh database\n", path.c_str(), complaint.c_str(),
                         target.c_str());
        }
    }
    return Open(path, error);
}

bool Database::RecordBallot(const Ballot& ballot, std::string& error)
{
    std::string where = FilePath + ": ballot " + (ballot.Uuid.empty() ? "(no uuid)" : ballot.Uuid) + ": ";
    if (!Handle) {
        error = where + "the database is not open";
        return false;
    }
    if (ballot.Uuid.empty()) {
        error = where + "empty uuid";
        return false;
    }
    if (ballot.Levers.empty()) {
        error = where + "no lever chosen";
        return false;
    }
    if (!LooksLikeIsoUtc(ballot.CreatedUtc)) {
        error = where + "created_utc \"" + ballot.CreatedUtc + "\" is not ISO 8601 UTC (2026-11-26T13:45:12.345Z)";
        return false;
    }
    std::set<std::string> seen;
    for (const std::string& lever : ballot.Levers) {
        if (lever.empty()) {
            error = where + "empty lever id";
            return false;
        }
        if (!seen.insert(lever).second) {
            error = where + "lever \"" + lever + "\" chosen twice";
            return false;
        }
    }

    // Any failure from here rolls back the whole ballot: never half a ballot on disk.
    auto fail = [&](const std::string& why) {
        error = where + why;
        if (!sqlite3_get_autocommit(Handle)) sqlite3_exec(Handle, "ROLLBACK", nullptr, nullptr, nullptr);
        return false;
    };
    if (sqlite3_exec(Handle, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail(std::string("cannot start a transaction: ") + sqlite3_errmsg(Handle));
    {
        Statement insert(Handle,
                         "INSERT INTO ballots (uuid, kiosk_id, created_utc, content_version, flags) VALUES (?1, ?2, ?3, ?4, ?5)");
        if (!insert.Ok()) return fail(sqlite3_errmsg(Handle));
        insert.BindText(1, ballot.Uuid);
        insert.BindText(2, ballot.KioskId);
        insert.BindText(3, ballot.CreatedUtc);
        insert.BindText(4, ballot.ContentVersion);
        insert.BindInt(5, ballot.Flags);
        int rc = insert.Step();
        if (rc == SQLITE_CONSTRAINT && sqlite3_extended_errcode(Handle) == SQLITE_CONSTRAINT_PRIMARYKEY)
            return fail("already recorded (same uuid)");
        if (rc != SQLITE_DONE) return fail(sqlite3_errmsg(Handle));

        Statement lever(Handle, "INSERT INTO ballot_levers (ballot_uuid, lever_id) VALUES (?1, ?2)");
        if (!lever.Ok()) return fail(sqlite3_errmsg(Handle));
        lever.BindText(1, ballot.Uuid);
        for (const std::string& id : ballot.Levers) {
            lever.BindText(2, id);
            if (lever.Step() != SQLITE_DONE) return fail(sqlite3_errmsg(Handle));
            lever.Reset();
        }
    }
    if (sqlite3_exec(Handle, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail(std::string("commit failed: ") + sqlite3_errmsg(Handle));
    return true;
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
        while (s.Ok() && (rc = s.Step()) == SQLITE_ROW)
            q.Into->push_back({s.Text(0), s.Int64(1)});
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

Health Database::CheckHealth() const
{
    Health health;
    if (!Handle) {
        health.QuickCheck = "not open";
        return health;
    }
    int rc = SQLITE_OK;
    health.QuickCheck = QuickCheck(Handle, rc);
    health.SchemaVersion = SchemaVersion();
    if (FilePath != ":memory:") health.FileBytes = FileSize(FilePath) + FileSize(FilePath + "-wal");
    bool counted = false;
    {
        Statement s(Handle, "SELECT count(*) FROM ballots");
        if (s.Ok() && s.Step() == SQLITE_ROW) {
            health.Ballots = s.Int64(0);
            counted = true;
        }
    }
    health.Ok = rc == SQLITE_OK && health.QuickCheck == "ok" && health.SchemaVersion == kCurrentSchema && counted;
    return health;
}

bool Database::ArchiveAndReset(std::string& archived_to, std::string& error)
{
    archived_to.clear();
    if (!Handle || FilePath == ":memory:") {
        error = FilePath + ": nothing to archive (the database is not open on a file)";
        return false;
    }
    std::string path = FilePath;
    // Everything into the main file first, so the archive is one self-contained file.
    if (RunSql(Handle, FilePath, "PRAGMA wal_checkpoint(TRUNCATE)", error) != SQLITE_OK) {
        error += " (checkpoint before archiving)";
        return false;
    }
    Close();
    fs::path p(path);
    std::string target = FreeName((p.parent_path() / (p.stem().string() + "-archive-" + UtcStampForFileName())).string(), ".db");
    if (!MoveDatabaseFiles(path, target, error)) {
        std::string reopen_error;
        Open(path, reopen_error); // keep the kiosk recording in the old file rather than not at all
        return false;
    }
    archived_to = target;
    return Open(path, error);
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

bool Database::BeginBulkLoad(std::string& error)
{
    DeferredIndexes.clear();
    DeferredTriggers.clear();
    if (!Opened(error)) return false;
    if (sqlite3_get_autocommit(Handle) && RunSql(Handle, FilePath, "BEGIN IMMEDIATE", error) != SQLITE_OK) return false;
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
            error = FilePath + ": cannot read the schema: " + sqlite3_errmsg(Handle);
            AbortBulkLoad();
            return false;
        }
    }
    for (const std::string& drop : drops)
        if (RunSql(Handle, FilePath, drop.c_str(), error) != SQLITE_OK) {
            AbortBulkLoad();
            return false;
        }
    return true;
}

bool Database::BuildDeferredIndexes(std::string& error)
{
    for (const std::string& sql : DeferredIndexes)
        if (RunSql(Handle, FilePath, sql.c_str(), error) != SQLITE_OK) {
            error += " (recreating an index after a bulk load)";
            AbortBulkLoad();
            return false;
        }
    DeferredIndexes.clear();
    return true;
}

bool Database::FinishBulkLoad(const TallyCounter& added, std::string& error)
{
    auto fail = [&](const std::string& why) {
        error = FilePath + ": " + why + " (finishing a bulk load)";
        AbortBulkLoad();
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

void Database::AbortBulkLoad()
{
    if (Handle && !sqlite3_get_autocommit(Handle)) sqlite3_exec(Handle, "ROLLBACK", nullptr, nullptr, nullptr);
    DeferredIndexes.clear();
    DeferredTriggers.clear();
}

std::string DefaultDatabasePath()
{
    const char* xdg = std::getenv("XDG_DATA_HOME");
    const char* home = std::getenv("HOME");
    fs::path base = xdg && *xdg ? fs::path(xdg) : fs::path(home && *home ? home : ".") / ".local" / "share";
    return (base / "ess-kiosk" / "ballots.db").string();
}

std::string UtcNowIso()
{
    return FormatUtc("%Y-%m-%dT%H:%M:%S", true);
}

std::string UtcStampForFileName()
{
    return FormatUtc("%Y%m%dT%H%M%SZ", false);
}

} // namespace ess

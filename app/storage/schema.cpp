// The kiosk database's schema: the migrations that make it, and the check of what a file claims
// to be (a kiosk's database, of a schema this software knows) before anything writes to it.
#include "storage/schema.h"

#include <cstdio>
#include <string>

#include "storage/database.h"
#include "storage/sqlite_statement.h"

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
    // 2: the outbox, the ballots not yet sent to a central server. A row is added in the very
    // transaction that records the ballot (StoreBallots) and removed once the server's COMMIT has
    // returned (MarkSent): a ballot is never lost between the two, at worst sent twice (the server
    // keys ballots by uuid). A kiosk upgraded in the field has never sent anything: every ballot
    // it already holds is pending. The merge writes ballots without outbox rows: a merged file
    // holds other kiosks' ballots, which are theirs to send.
    R"sql(
    CREATE TABLE outbox (
        uuid TEXT PRIMARY KEY REFERENCES ballots(uuid)
    ) WITHOUT ROWID;
    INSERT INTO outbox (uuid) SELECT uuid FROM ballots;
    )sql",
    // 3: the visit log (issue #14, core/visit.h), anonymous by construction: what was seen, not who.
    // A visit is written once, when it ends, with its views in the same transaction, keyed by a
    // UUID so that merging or recording it twice stores it once. Nothing relates it to a ballot
    // but ballot_uuid, and no foreign key: a visit outlives its ballot's file in a merge, and
    // purging old visits must not touch ballots. Files of schema 1 and 2 simply have no visits.
    R"sql(
    CREATE TABLE visits (
        id              TEXT PRIMARY KEY,
        kiosk_id        TEXT NOT NULL,
        started_utc     TEXT NOT NULL,           -- 'YYYY-MM-DDTHH:MMZ'
        seconds         REAL NOT NULL,
        language        TEXT NOT NULL,
        modes           TEXT NOT NULL DEFAULT '', -- comma-separated, sorted
        flips           INTEGER NOT NULL DEFAULT 0,
        comparisons     INTEGER NOT NULL DEFAULT 0,
        qr_shown        INTEGER NOT NULL DEFAULT 0,
        ending          TEXT NOT NULL CHECK (ending IN ('ballot', 'left', 'idle')),
        ballot_uuid     TEXT,                    -- the ballot it produced (ballots.uuid), NULL if none
        content_version TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX visits_by_time ON visits(started_utc);
    CREATE TABLE visit_views (
        visit_id TEXT NOT NULL REFERENCES visits(id),
        seq      INTEGER NOT NULL,
        screen   TEXT NOT NULL,
        mutation INTEGER NOT NULL DEFAULT -1,
        part     TEXT NOT NULL DEFAULT '',
        seconds  REAL NOT NULL,
        PRIMARY KEY (visit_id, seq)
    ) WITHOUT ROWID;
    )sql",
    // 4: the visits' outbox, as 2 is the ballots': a visit is marked not yet sent in the very
    // transaction that records it (RecordVisit) and unmarked once the central server's COMMIT has
    // returned (MarkVisitsSent); the server keys visits by id, so one sent twice is stored once.
    // A kiosk upgraded in the field has sent none of the visits it holds: all pending. The merge
    // writes no outbox rows (a merged file holds other kiosks' visits, theirs to send).
    R"sql(
    CREATE TABLE visit_outbox (
        id TEXT PRIMARY KEY REFERENCES visits(id)
    ) WITHOUT ROWID;
    INSERT INTO visit_outbox (id) SELECT id FROM visits;
    )sql",
};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == Database::kCurrentSchema);

std::string ApplicationIdText(int id)
{
    char text[16];
    std::snprintf(text, sizeof text, "0x%08x", (unsigned)id);
    return text;
}

} // namespace

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
    // CheckIdentity refused any other version already; kMigrations is indexed by it below.
    if (version < 0 || version > Database::kCurrentSchema) {
        error = path + ": schema version " + std::to_string(version) + " is not one this software can migrate from (0 to " +
                std::to_string(Database::kCurrentSchema) + ")";
        return fail(SQLITE_ERROR);
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
        error = path + ": kiosk database without a schema (user_version " + std::to_string(version) + ")";
        return false;
    }
    return true;
}

int Database::SchemaVersion() const
{
    int version = -1;
    if (!Handle || ReadPragmaInt(Handle, "PRAGMA user_version", version) != SQLITE_OK) return -1;
    return version;
}

} // namespace ess

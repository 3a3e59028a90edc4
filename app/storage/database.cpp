// SQLite set-up for the kiosk: WAL, full sync, versioned schema (see database.h).
#include "storage/database.h"

#include <cstdlib>
#include <filesystem>

#include <sqlite3.h>

namespace fs = std::filesystem;

namespace ess {

namespace {
// Forward migrations: entry i brings the schema from version i to i+1. Never edit a
// published entry; add a new one.
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
    );
    CREATE INDEX ballot_levers_by_lever ON ballot_levers(lever_id);
    )sql",
};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == Database::kCurrentSchema);
} // namespace

Database::~Database()
{
    if (Handle) sqlite3_close(Handle);
}

bool Database::Exec(const char* sql, std::string& error)
{
    char* message = nullptr;
    if (sqlite3_exec(Handle, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        error = FilePath + ": " + (message ? message : sqlite3_errmsg(Handle));
        sqlite3_free(message);
        return false;
    }
    return true;
}

int Database::SchemaVersion() const
{
    if (!Handle) return -1;
    sqlite3_stmt* stmt = nullptr;
    int version = -1;
    if (sqlite3_prepare_v2(Handle, "PRAGMA user_version", -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        version = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    return version;
}

bool Database::Open(const std::string& path, std::string& error)
{
    FilePath = path;
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
        sqlite3_close(Handle);
        Handle = nullptr;
        return false;
    }
    sqlite3_busy_timeout(Handle, 2000);
    if (!Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", error)) return false;
    int version = SchemaVersion();
    if (version > kCurrentSchema) {
        error = path + ": schema version " + std::to_string(version) + " is newer than this kiosk knows (" +
                std::to_string(kCurrentSchema) + "); update the kiosk software";
        return false;
    }
    for (int v = version; v < kCurrentSchema; v++) {
        std::string sql = std::string("BEGIN;") + kMigrations[v] + "PRAGMA user_version=" + std::to_string(v + 1) + "; COMMIT;";
        if (!Exec(sql.c_str(), error)) {
            std::string ignored;
            Exec("ROLLBACK;", ignored);
            return false;
        }
    }
    return true;
}

std::string DefaultDatabasePath()
{
    const char* xdg = std::getenv("XDG_DATA_HOME");
    const char* home = std::getenv("HOME");
    fs::path base = xdg && *xdg ? fs::path(xdg) : fs::path(home && *home ? home : ".") / ".local" / "share";
    return (base / "ess-kiosk" / "ballots.db").string();
}

} // namespace ess

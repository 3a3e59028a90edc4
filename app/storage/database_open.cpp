// Opening the kiosk's database: creating and migrating it (waiting out another process that holds
// it), moving a damaged file aside, archiving, and the file's health for the organisers.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <thread>

#include "core/paths.h"
#include "storage/database.h"
#include "core/durable_file.h"
#include "storage/schema.h"
#include "storage/sqlite_statement.h"

namespace fs = std::filesystem;

namespace ess {

namespace {

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

// Moves a database file and its -wal/-shm companions together (SQLite pairs them by name), and
// flushes the folder so that the moves outlast a power cut. Once moved, the files stay moved: a
// folder that cannot be flushed is said on stderr, not reported as a failed move.
bool MoveDatabaseFiles(const std::string& from, const std::string& to, std::string& error)
{
    if (!RenameFile(from, to, error)) return false;
    for (const char* suffix : {"-wal", "-shm"}) {
        std::error_code ec;
        if (fs::exists(from + suffix, ec) && !RenameFile(from + suffix, to + suffix, error)) return false;
    }
    std::string sync_error;
    if (!SyncFolder(FolderOf(to), sync_error)) std::fprintf(stderr, "%s\n", sync_error.c_str());
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

} // namespace

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
    // An earlier schema is healthy: ess-tally reads such files as they are, a kiosk migrates them.
    health.Ok = rc == SQLITE_OK && health.QuickCheck == "ok" && health.SchemaVersion >= 1 &&
                health.SchemaVersion <= kCurrentSchema && counted;
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

std::string DefaultDatabasePath()
{
    const std::string data_home = XdgDataHome();
    // Without even $HOME, beside wherever the kiosk was started rather than nowhere.
    const fs::path base = data_home.empty() ? fs::path(".") / ".local" / "share" : fs::path(data_home);
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

// Opening an organiser's copy of a kiosk database without writing anything beside it: immutable
// when no write-ahead log holds ballots, a private copy when a closed kiosk's log does, SQLite's
// own locking when a kiosk has the file open. See Database::OpenExisting.
#include <chrono>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

#include <sqlite3.h>
#include <sys/stat.h>

#include "storage/database.h"
#include "storage/schema.h"

namespace fs = std::filesystem;

namespace ess {

namespace {

Database::FileStamp Stamp(const std::string& path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return {};
    return {(int64_t)st.st_size, (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec, (uint64_t)st.st_ino};
}

// An SQLite URI for a path: '%', '?' and '#' (and anything unprintable) escaped, or SQLite would
// read them as the URI's own syntax.
std::string FileUri(const std::string& path, const char* query)
{
    std::error_code ec;
    fs::path absolute = fs::absolute(path, ec);
    std::string text = ec ? path : absolute.string(), uri = "file:";
    for (unsigned char c : text) {
        if (c == '%' || c == '?' || c == '#' || c <= 0x20 || c >= 0x7f) {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", c);
            uri += escaped;
        } else {
            uri += (char)c;
        }
    }
    return uri + "?" + query;
}

// A folder only this process uses, under $TMPDIR (else /tmp).
std::string MakePrivateFolder(std::string& error)
{
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/ess-tally-XXXXXX";
    if (!::mkdtemp(pattern.data())) {
        error = pattern + ": cannot create a private folder to read a copy in: " + std::strerror(errno);
        return {};
    }
    return pattern;
}

} // namespace

bool Database::OpenForReading(const std::string& path, ReadMode mode, std::string& error)
{
    std::error_code ec; // the merge opens its inputs on worker threads: nothing here may throw
    const bool wal = Stamp(path + "-wal").Size > 0, shm = fs::exists(path + "-shm", ec);
    const bool journal = Stamp(path + "-journal").Size > 0;
    std::string open_path = path;
    int flags = SQLITE_OPEN_READONLY;
    if (mode == ReadMode::Locking || journal || (wal && shm)) {
        // Probably a kiosk at work (a live WAL connection always has its -shm): SQLite's locks
        // see its commits whole; the -wal and -shm are there already, so nothing new is created.
    } else if (wal) {
        // A log nobody has open (a kiosk stopped or killed): its ballots count, but reading it in
        // place would create a -shm beside it, or fail where the folder is read-only. A private
        // copy of both is read instead.
        PrivateCopyDir = MakePrivateFolder(error);
        if (PrivateCopyDir.empty()) return false;
        open_path = PrivateCopyDir + "/" + fs::path(path).filename().string();
        fs::copy_file(path, open_path, ec); // clears `ec` when it succeeds
        if (!ec) fs::copy_file(path + "-wal", open_path + "-wal", ec);
        if (ec) {
            error = path + ": cannot copy it with its -wal to " + PrivateCopyDir + " to read them: " + ec.message();
            return false;
        }
        if (!(Stamp(path) == MainStamp) || !(Stamp(path + "-wal") == WalStamp)) {
            error = path + ": changed while it was being copied";
            return false;
        }
    } else {
        // No log: the main file is the whole database. Immutable reads only it, creating nothing
        // and taking no lock; ChangedSinceOpened watches for a writer instead.
        open_path = FileUri(path, "immutable=1");
        flags |= SQLITE_OPEN_URI;
        Unlocked = true;
    }
    if (sqlite3_open_v2(open_path.c_str(), &Handle, flags, nullptr) != SQLITE_OK) {
        error = path + ": " + (Handle ? sqlite3_errmsg(Handle) : "cannot open");
        return false;
    }
    sqlite3_busy_timeout(Handle, 2000);
    return CheckIdentity(Handle, path, false, error);
}

bool Database::OpenExisting(const std::string& path, std::string& error, ReadMode mode)
{
    Close();
    FilePath = path;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        error = path + (fs::exists(path, ec) ? ": not a file (a folder?): give a kiosk's database file"
                                             : ": no such file: check the name and the folder");
        return false;
    }
    // A kiosk creating or migrating the file at this moment: wait for it rather than report what
    // a half-written file looks like. Bounded: a file that keeps changing is read with locks.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    for (;;) {
        MainStamp = Stamp(path);
        WalStamp = Stamp(path + "-wal");
        if (OpenForReading(path, mode, error) && !ChangedSinceOpened()) return true;
        const bool changed =
            !(Stamp(path) == MainStamp) || !(Stamp(path + "-wal") == WalStamp) || fs::exists(path + "-journal", ec);
        Close();
        if (!changed || std::chrono::steady_clock::now() > deadline) return false;
        mode = ReadMode::Locking;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

bool Database::ChangedSinceOpened() const
{
    if (!Unlocked) return false;
    std::error_code ec;
    return !(Stamp(FilePath) == MainStamp) || !(Stamp(FilePath + "-wal") == WalStamp) || fs::exists(FilePath + "-journal", ec);
}

} // namespace ess

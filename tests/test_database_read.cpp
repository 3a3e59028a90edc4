// The organisers' read-only opening: nothing created beside the file, a closed kiosk's -wal
// counted, a writer that starts meanwhile noticed; and kiosks creating one file at once.
#include <doctest/doctest.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "storage/database.h"
#include "database_test_access.h"
#include "temp_dir.h"

using namespace ess;
namespace fs = std::filesystem;

namespace {

Ballot NumberedBallot(int n)
{
    Ballot b;
    char uuid[40];
    std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", n);
    b.Uuid = uuid;
    b.KioskId = "hall";
    b.CreatedUtc = "2026-12-01T07:45:44.202Z";
    b.ContentVersion = "v1";
    b.Levers = {"co-construction"};
    return b;
}

std::set<std::string> Listing(const fs::path& dir)
{
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
    return names;
}

// `ballots` ballots all left in the -wal, as by a kiosk killed before any checkpoint: a child
// process records them and is killed.
void WriteAndDie(const std::string& path, int ballots)
{
    pid_t child = ::fork();
    if (child == 0) {
        Database db;
        std::string error;
        if (!db.Open(path, error)) _exit(1);
        sqlite3_exec(DatabaseTestAccess::Handle(db), "PRAGMA wal_autocheckpoint=0", nullptr, nullptr, nullptr);
        for (int i = 0; i < ballots; i++)
            if (!db.RecordBallot(NumberedBallot(i), error)) _exit(1);
        std::raise(SIGKILL);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));
}

int64_t CountBallots(const std::string& path, Database::ReadMode mode = Database::ReadMode::LeaveNoTrace)
{
    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.OpenExisting(path, error, mode), error);
    Tally tally;
    REQUIRE_MESSAGE(db.LoadTally(tally, error), error);
    return tally.Ballots;
}

} // namespace

TEST_CASE("reading a closed kiosk's file creates nothing beside it")
{
    TempDir dir("read-clean");
    const std::string path = dir / "kiosk.db";
    {
        Database db;
        std::string error;
        REQUIRE(db.Open(path, error));
        for (int i = 0; i < 3; i++) REQUIRE(db.RecordBallot(NumberedBallot(i), error));
    }
    const auto before = Listing(dir.Path);
    CHECK(before == std::set<std::string>{"kiosk.db"});
    CHECK(CountBallots(path) == 3);
    CHECK(Listing(dir.Path) == before);
}

TEST_CASE("a killed kiosk's -wal is counted, with or without its -shm, and nothing is left behind")
{
    TempDir dir("read-wal"), tmp("read-wal-tmp");
    const std::string path = dir / "kiosk.db";
    WriteAndDie(path, 7);
    REQUIRE(fs::file_size(path + "-wal") > 0);
    CHECK(CountBallots(path) == 7); // -wal and -shm: SQLite's own locking

    fs::remove(path + "-shm"); // a copy of the .db and its -wal only: read from a private copy
    const auto before = Listing(dir.Path);
    const char* old_tmpdir = std::getenv("TMPDIR");
    const std::string saved = old_tmpdir ? old_tmpdir : "";
    ::setenv("TMPDIR", tmp.Path.c_str(), 1);
    {
        Database db;
        std::string error;
        REQUIRE_MESSAGE(db.OpenExisting(path, error), error);
        Tally tally;
        REQUIRE(db.LoadTally(tally, error));
        CHECK(tally.Ballots == 7);
        CHECK(db.Path() == path); // messages name the organiser's file, not the copy
        CHECK(Listing(tmp.Path).size() == 1);
    }
    if (old_tmpdir)
        ::setenv("TMPDIR", saved.c_str(), 1);
    else
        ::unsetenv("TMPDIR");
    CHECK(Listing(tmp.Path).empty()); // the copy went with the Database
    CHECK(Listing(dir.Path) == before);
}

TEST_CASE("a kiosk that starts writing during a read without locks is noticed")
{
    TempDir dir("read-changed");
    const std::string path = dir / "kiosk.db";
    {
        Database db;
        std::string error;
        REQUIRE(db.Open(path, error));
        REQUIRE(db.RecordBallot(NumberedBallot(1), error));
    }
    Database reader;
    std::string error;
    REQUIRE(reader.OpenExisting(path, error));
    CHECK_FALSE(reader.ChangedSinceOpened());
    Database kiosk;
    REQUIRE(kiosk.Open(path, error));
    REQUIRE(kiosk.RecordBallot(NumberedBallot(2), error));
    CHECK(reader.ChangedSinceOpened());
    CHECK(CountBallots(path, Database::ReadMode::Locking) == 2);
}

TEST_CASE("an empty file is refused as empty, not as a stranger's")
{
    TempDir dir("read-empty");
    const std::string path = dir / "new.db";
    FILE* f = std::fopen(path.c_str(), "w");
    REQUIRE(f);
    std::fclose(f);
    Database db;
    std::string error;
    CHECK_FALSE(db.OpenExisting(path, error));
    CHECK(error == path + ": empty database: no kiosk has written to it yet");
}

namespace {

// Starts `count` child processes that each run `work` as soon as the parent says go (all at
// once, through one pipe), and returns what those that failed said.
std::vector<std::string> RaceChildren(int count, const std::function<std::string(int)>& work)
{
    int go[2], said[2];
    REQUIRE(::pipe(go) == 0);
    REQUIRE(::pipe(said) == 0);
    std::vector<pid_t> children;
    for (int i = 0; i < count; i++) {
        pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            ::close(go[1]);
            ::close(said[0]);
            char byte;
            (void)!::read(go[0], &byte, 1); // returns when the parent closes its end
            std::string complaint = work(i);
            if (!complaint.empty()) {
                complaint += "\n";
                (void)!::write(said[1], complaint.data(), complaint.size());
            }
            _exit(complaint.empty() ? 0 : 1);
        }
        children.push_back(child);
    }
    ::close(go[0]);
    ::close(said[1]);
    ::close(go[1]); // go
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = ::read(said[0], buffer, sizeof buffer)) > 0;) text.append(buffer, (size_t)n);
    ::close(said[0]);
    for (pid_t child : children) ::waitpid(child, nullptr, 0);
    std::vector<std::string> complaints;
    for (size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
        complaints.push_back(text.substr(start, end - start));
    return complaints;
}

// What a kiosk checks after opening: the current schema, and the file marked as a kiosk's.
std::string OpenAsKiosk(const std::string& path)
{
    Database db;
    std::string error;
    if (!db.Open(path, error)) return "Open: " + error;
    if (db.SchemaVersion() != Database::kCurrentSchema) return "schema " + std::to_string(db.SchemaVersion());
    sqlite3_stmt* s = nullptr;
    int id = 0;
    if (sqlite3_prepare_v2(DatabaseTestAccess::Handle(db), "PRAGMA application_id", -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        id = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    if (id != Database::kApplicationId) return "application_id " + std::to_string(id);
    return {};
}

} // namespace

TEST_CASE("kiosks opening one new file at the same moment all succeed, and a reader never sees a stranger")
{
    TempDir dir("open-race");
    const int kRounds = 100, kKiosks = 4;
    int failures = 0;
    for (int round = 0; round < kRounds; round++) {
        const std::string path = dir / ("round-" + std::to_string(round) + ".db");
        // Four kiosks, and in every other round an ess-tally that opens the file as it appears.
        const bool with_reader = round % 2 == 1;
        std::vector<std::string> complaints = RaceChildren(kKiosks + (with_reader ? 1 : 0), [&](int i) -> std::string {
            if (i < kKiosks) return OpenAsKiosk(path);
            std::string error;
            for (int attempt = 0; attempt < 2000; attempt++) {
                Database reader;
                if (reader.OpenExisting(path, error)) return {};
                if (error.find("not a kiosk database") != std::string::npos) return "OpenExisting: " + error;
                ::usleep(500);
            }
            return {}; // "no such file" or "empty" all along is not what this is about
        });
        for (const std::string& c : complaints) MESSAGE("round " << round << ": " << c);
        failures += (int)complaints.size();
    }
    MESSAGE(kRounds << " rounds of " << kKiosks << " kiosks (and a reader every other round): " << failures << " failures");
    CHECK(failures == 0);
}

// The visit writer (issue #14): visits recorded off the UI thread on a connection of its own,
// flushed on destruction, a file that cannot be written never crashing it nor blocking Submit,
// each failure said once, old visits purged at start.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <sqlite3.h>
#include <unistd.h>

#include "session/visit_writer.h"
#include "storage/database.h"

#include "database_test_access.h"
#include "temp_dir.h"

using namespace ess;
using Steady = std::chrono::steady_clock;

namespace {

Visit MakeVisit(int i, const std::string& started = "2026-12-01T13:05Z")
{
    char id[40];
    std::snprintf(id, sizeof id, "33333333-0000-4000-8000-%012d", i);
    Visit v;
    v.Id = id;
    v.KioskId = "hall-a";
    v.StartedAt = started;
    v.Seconds = 42;
    v.Language = "fr";
    v.Ending = "left";
    v.Views = {{"mutations", -1, "", 12}, {"mutation", 0, "findings", 30}};
    return v;
}

// Polls `done` for up to `seconds` (the writer works on its own thread).
template <typename F> bool Within(double seconds, F done)
{
    const auto end = Steady::now() + std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(seconds));
    while (!done()) {
        if (Steady::now() > end) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

std::vector<Visit> VisitsIn(const std::string& path)
{
    Database db;
    std::string error;
    std::vector<Visit> visits;
    REQUIRE_MESSAGE(db.Open(path, error), error);
    REQUIRE_MESSAGE(db.LoadVisits(visits, error), error);
    return visits;
}

// What the code under test writes to stderr while it lives.
class StderrCapture {
public:
    explicit StderrCapture(const std::string& path) : Path(path)
    {
        std::fflush(stderr);
        Saved = dup(2);
        FILE* f = std::fopen(path.c_str(), "w");
        dup2(fileno(f), 2);
        std::fclose(f);
    }
    ~StderrCapture() { Restore(); }
    std::string Text()
    {
        Restore();
        std::ifstream in(Path);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

private:
    void Restore()
    {
        if (Saved < 0) return;
        std::fflush(stderr);
        dup2(Saved, 2);
        close(Saved);
        Saved = -1;
    }
    std::string Path;
    int Saved = -1;
};

size_t Occurrences(const std::string& text, const std::string& part)
{
    size_t n = 0;
    for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) n++;
    return n;
}

} // namespace

TEST_CASE("visit writer: submitted visits are recorded in the kiosk's file, on the writer's own connection")
{
    TempDir dir("visit-writer");
    const std::string path = dir / "ballots.db";
    VisitWriter writer(path, 25);
    for (int i = 1; i <= 5; i++) writer.Submit(MakeVisit(i));
    REQUIRE(Within(10, [&] { return writer.Pending() == 0; }));
    CHECK(writer.Recorded() == 5);
    std::vector<Visit> visits = VisitsIn(path);
    REQUIRE(visits.size() == 5);
    CHECK(visits[0].Views.size() == 2);
    writer.Submit(MakeVisit(1)); // again: stored once
    REQUIRE(Within(10, [&] { return writer.Pending() == 0; }));
    CHECK(VisitsIn(path).size() == 5);
}

TEST_CASE("visit writer: its destructor records what is still queued, then joins")
{
    TempDir dir("visit-writer-flush");
    const std::string path = dir / "ballots.db";
    {
        VisitWriter writer(path, 25);
        for (int i = 1; i <= 20; i++) writer.Submit(MakeVisit(i));
    }
    CHECK(VisitsIn(path).size() == 20);
}

TEST_CASE("visit writer: at start it purges visits older than keep_months")
{
    TempDir dir("visit-writer-purge");
    const std::string path = dir / "ballots.db";
    {
        Database db;
        std::string error;
        REQUIRE(db.Open(path, error));
        REQUIRE(db.RecordVisit(MakeVisit(1, "2024-10-31T23:59Z"), error));
        REQUIRE(db.RecordVisit(MakeVisit(2, "2024-11-01T13:05Z"), error));
    }
    VisitWriter writer(path, 25, [] { return std::string("2026-12-01T13:05Z"); });
    writer.Submit(MakeVisit(3)); // recorded after the purge
    REQUIRE(Within(10, [&] { return writer.Pending() == 0; }));
    std::vector<Visit> visits = VisitsIn(path);
    REQUIRE(visits.size() == 2);
    CHECK(visits[0].StartedAt == "2024-11-01T13:05Z");
}

TEST_CASE("visit writer: a file locked a moment by another connection is waited for")
{
    TempDir dir("visit-writer-busy");
    const std::string path = dir / "ballots.db";
    Database other;
    std::string error;
    REQUIRE(other.Open(path, error));
    VisitWriter writer(path, 25);
    REQUIRE(Within(10, [&] { return writer.Pending() == 0; })); // opened and purged
    REQUIRE(sqlite3_exec(DatabaseTestAccess::Handle(other), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    const auto submitted = Steady::now();
    writer.Submit(MakeVisit(1));
    CHECK(std::chrono::duration<double>(Steady::now() - submitted).count() < 0.1); // Submit never waits for the disk
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(writer.Pending() == 1);
    REQUIRE(sqlite3_exec(DatabaseTestAccess::Handle(other), "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK);
    REQUIRE(Within(10, [&] { return writer.Pending() == 0; }));
    CHECK(other.VisitCount() == 1);
}

TEST_CASE("visit writer: a refused visit is said once per reason and dropped; the next ones are recorded")
{
    TempDir dir("visit-writer-refused");
    const std::string path = dir / "ballots.db";
    std::string said;
    {
        StderrCapture capture(dir / "stderr.txt");
        {
            VisitWriter writer(path, 25);
            for (int i = 1; i <= 3; i++) {
                Visit bad = MakeVisit(i);
                bad.Ending = "fled";
                writer.Submit(bad);
            }
            writer.Submit(MakeVisit(4));
            REQUIRE(Within(10, [&] { return writer.Pending() == 0; }));
            CHECK(writer.Recorded() == 1);
        }
        said = capture.Text();
    }
    CHECK(Occurrences(said, "ess-kiosk: visit not recorded: ending \"fled\" is none of ballot, left, idle (file " + path + ")") ==
          1);
    CHECK(VisitsIn(path).size() == 1);
}

TEST_CASE("visit writer: a file that cannot be opened never blocks Submit nor crashes; the queue is bounded")
{
    TempDir dir("visit-writer-nowhere");
    std::string said;
    double destroyed_in = 0;
    {
        StderrCapture capture(dir / "stderr.txt");
        {
            auto writer = std::make_unique<VisitWriter>("/dev/null/ballots.db", 25); // a folder that cannot be
            for (int i = 0; i < int(VisitWriter::kMaxPending) + 5; i++) writer->Submit(MakeVisit(i));
            CHECK(writer->Pending() == VisitWriter::kMaxPending);
            CHECK(writer->Recorded() == 0);
            const auto start = Steady::now();
            writer.reset();
            destroyed_in = std::chrono::duration<double>(Steady::now() - start).count();
        }
        said = capture.Text();
    }
    CHECK(destroyed_in < VisitWriter::kFlushSeconds + 1);
    CHECK(Occurrences(said, "dropping new ones") == 1);
    CHECK(Occurrences(said, "cannot open the database") == 1);
    CHECK(Occurrences(said, "1000 visit(s) still queued at shutdown (file /dev/null/ballots.db)") == 1);
}

TEST_CASE("visit writer: a retention out of range is said and 25 months used")
{
    TempDir dir("visit-writer-months");
    const std::string path = dir / "ballots.db";
    {
        Database db;
        std::string error;
        REQUIRE(db.Open(path, error));
        REQUIRE(db.RecordVisit(MakeVisit(1, "2024-10-31T23:59Z"), error)); // beyond 25 months
        REQUIRE(db.RecordVisit(MakeVisit(2, "2025-12-01T13:05Z"), error)); // within 25, beyond 0
    }
    std::string said;
    {
        StderrCapture capture(dir / "stderr.txt");
        {
            VisitWriter writer(path, 0, [] { return std::string("2026-12-01T13:05Z"); });
            writer.Submit(MakeVisit(3));
            REQUIRE(Within(10, [&] { return writer.Pending() == 0; }));
        }
        said = capture.Text();
    }
    CHECK(Occurrences(said, "keep_months 0") == 1);
    CHECK(VisitsIn(path).size() == 2);
}

TEST_CASE("visit writer: a visit the disk would not take is held, then written with the next one and at the end")
{
    TempDir dir("visit-writer-held");
    const std::string path = dir / "ballots.db";
    Database other;
    std::string error;
    REQUIRE(other.Open(path, error));
    // As a full disk fails every insert (not busy, not the visit's fault), until space is freed.
    auto disk = [&](bool full) {
        const char* sql = full ? "CREATE TRIGGER full BEFORE INSERT ON visits BEGIN SELECT RAISE(ABORT, 'database or disk "
                                 "is full'); END;"
                               : "DROP TRIGGER full";
        REQUIRE(sqlite3_exec(DatabaseTestAccess::Handle(other), sql, nullptr, nullptr, nullptr) == SQLITE_OK);
    };
    std::string said;
    int recorded = 0;
    {
        StderrCapture capture(dir / "stderr.txt");
        {
            VisitWriter writer(path, 25, nullptr, [&] { recorded++; });
            disk(true);
            writer.Submit(MakeVisit(1));
            writer.Submit(MakeVisit(2));
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            CHECK(writer.Pending() == 2); // held, not lost
            CHECK(other.VisitCount() == 0);
            disk(false);
            writer.Submit(MakeVisit(3)); // the held ones first, then this one
            REQUIRE(Within(10, [&] { return writer.Pending() == 0; }));
            CHECK(other.VisitCount() == 3);
            disk(true);
            writer.Submit(MakeVisit(4));
            REQUIRE(Within(10, [&] { return writer.Pending() == 1; }));
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            disk(false); // freed just before the kiosk stops: the destructor's last try writes it
        }
        said = capture.Text();
    }
    CHECK(other.VisitCount() == 4);
    CHECK(recorded == 4);
    CHECK(other.PendingVisitCount() == 4); // each queued for the central server as it was stored
    CHECK(Occurrences(said, "visit not recorded yet: database or disk is full (file " + path +
                                "); kept in memory and tried again with the next visit and every 5 minutes") >= 1);
    CHECK(Occurrences(said, "still queued at shutdown") == 0);
}

TEST_CASE("visit writer: stopped with visits the disk would not take, it hands them back, oldest first")
{
    TempDir dir("visit-writer-take");
    const std::string path = dir / "ballots.db";
    Database other;
    std::string error;
    REQUIRE(other.Open(path, error));
    REQUIRE(
        sqlite3_exec(DatabaseTestAccess::Handle(other),
                     "CREATE TRIGGER full BEFORE INSERT ON visits BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
                     nullptr, nullptr, nullptr) == SQLITE_OK);
    std::vector<Visit> left;
    {
        StderrCapture capture(dir / "stderr.txt");
        VisitWriter writer(path, 25);
        for (int i = 1; i <= 3; i++) writer.Submit(MakeVisit(i));
        REQUIRE(Within(10, [&] { return writer.Pending() == 3; }));
        left = writer.StopAndTakeUnwritten(); // as the archive does, before the file moves
        CHECK(writer.Pending() == 0);
    }
    REQUIRE(left.size() == 3);
    CHECK(left[0].Id == MakeVisit(1).Id);
    CHECK(left[2].Id == MakeVisit(3).Id);
    CHECK(other.VisitCount() == 0);
}

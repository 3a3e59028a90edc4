// The visit log's storage (schema 3, issue #14; its outbox: test_visit_outbox.cpp): a visit and its views in one transaction,
// stored once however often it is recorded, refused or failed without a trace, purged after the
// retention period; files of schema 1 and 2 migrated and read as they are.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "storage/database.h"
#include "storage/exchange.h"

#include "database_test_access.h"
#include "temp_dir.h"

using namespace ess;
namespace fs = std::filesystem;

namespace {

const std::string kSchema1File = std::string(ESS_SOURCE_DIR) + "/tests/data/kiosk-schema1.db";
// Written by schema 2's migrations (before the visit log): 6 ballots of kiosk-y, 4 not yet sent.
const std::string kSchema2File = std::string(ESS_SOURCE_DIR) + "/tests/data/kiosk-schema2.db";

Visit MakeVisit(int i, const std::string& started = "2026-12-01T13:05Z", const std::string& kiosk = "hall-a")
{
    char id[40];
    std::snprintf(id, sizeof id, "11111111-0000-4000-8000-%012d", i);
    Visit v;
    v.Id = id;
    v.KioskId = kiosk;
    v.StartedAt = started;
    v.Seconds = 95.5;
    v.Language = "fr";
    v.Modes = {"speech", "large_text"};
    v.Flips = 2;
    v.Comparisons = 1;
    v.QrShown = 3;
    v.Ending = "left";
    v.ContentVersion = "c1";
    v.Views = {{"mutations", -1, "", 10.25}, {"mutation", 2, "findings", 30}, {"mutation", 2, "future_dystopian", 12.5}};
    return v;
}

std::vector<Visit> VisitsIn(const std::string& path)
{
    Database db;
    std::string error;
    std::vector<Visit> visits;
    REQUIRE_MESSAGE(db.OpenExisting(path, error), error);
    REQUIRE_MESSAGE(db.LoadVisits(visits, error), error);
    return visits;
}

int64_t CountOf(const Database& db, const char* sql)
{
    sqlite3_stmt* stmt = nullptr;
    int64_t n = -1;
    if (sqlite3_prepare_v2(DatabaseTestAccess::Handle(db), sql, -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        n = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return n;
}

bool Contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("visits: a new kiosk file has the visit log (schema 3) and its outbox (schema 4)")
{
    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.Open(":memory:", error), error);
    CHECK(db.SchemaVersion() == 4);
    CHECK(db.VisitCount() == 0);
    CHECK(db.PendingVisitCount() == 0);
    CHECK(CountOf(db, "SELECT count(*) FROM sqlite_master WHERE name IN ('visits', 'visit_views', 'visits_by_time', "
                      "'visit_outbox')") == 4);
}

TEST_CASE("visits: a visit is stored with its views and read back as recorded")
{
    Database db;
    std::string error;
    REQUIRE(db.Open(":memory:", error));
    Visit voted = MakeVisit(1);
    voted.Ending = "ballot";
    voted.BallotId = "00000000-0000-4000-8000-000000000001";
    REQUIRE_MESSAGE(db.RecordVisit(voted, error), error);
    Visit bare = MakeVisit(2, "2026-12-01T12:00Z");
    bare.Modes.clear();
    bare.Views.clear();
    bare.Ending = "idle";
    REQUIRE_MESSAGE(db.RecordVisit(bare, error), error);

    std::vector<Visit> visits;
    REQUIRE_MESSAGE(db.LoadVisits(visits, error), error);
    REQUIRE(visits.size() == 2);
    CHECK(visits[0].Id == bare.Id); // by start time
    CHECK(visits[0].Views.empty());
    CHECK(visits[0].Modes.empty());
    const Visit& v = visits[1];
    CHECK(v.KioskId == "hall-a");
    CHECK(v.StartedAt == "2026-12-01T13:05Z");
    CHECK(v.Seconds == 95.5);
    CHECK(v.Language == "fr");
    CHECK(v.Modes == std::vector<std::string>{"large_text", "speech"}); // sorted
    CHECK(v.Flips == 2);
    CHECK(v.Comparisons == 1);
    CHECK(v.QrShown == 3);
    CHECK(v.Ending == "ballot");
    CHECK(v.BallotId == voted.BallotId);
    CHECK(v.ContentVersion == "c1");
    REQUIRE(v.Views.size() == 3);
    CHECK(v.Views[1].Screen == "mutation");
    CHECK(v.Views[1].Mutation == 2);
    CHECK(v.Views[1].Part == "findings");
    CHECK(v.Views[2].Seconds == 12.5);
    CHECK(CountOf(db, "SELECT modes FROM visits WHERE ending = 'idle'") == 0);        // '' reads as 0
    CHECK(CountOf(db, "SELECT count(*) FROM visits WHERE ballot_uuid IS NULL") == 1); // no ballot: NULL
    CHECK(CountOf(db, "SELECT count(*) FROM visit_views WHERE visit_id = '11111111-0000-4000-8000-000000000001'") == 3);
}

TEST_CASE("visits: a visit recorded twice is stored once")
{
    Database db;
    std::string error;
    REQUIRE(db.Open(":memory:", error));
    REQUIRE(db.RecordVisit(MakeVisit(1), error));
    Visit again = MakeVisit(1);
    again.Seconds = 1;
    REQUIRE_MESSAGE(db.RecordVisit(again, error), error);
    CHECK(db.VisitCount() == 1);
    CHECK(CountOf(db, "SELECT count(*) FROM visit_views") == 3);
    std::vector<Visit> visits;
    REQUIRE(db.LoadVisits(visits, error));
    CHECK(visits[0].Seconds == 95.5); // as first recorded
}

TEST_CASE("visits: a visit that cannot be stored as it is leaves nothing")
{
    Database db;
    std::string error;
    REQUIRE(db.Open(":memory:", error));
    Visit no_id = MakeVisit(1);
    no_id.Id.clear();
    CHECK_FALSE(db.RecordVisit(no_id, error));
    CHECK(Contains(error, ":memory:: visit (no id): empty id"));
    Visit bad_time = MakeVisit(2, "yesterday");
    CHECK_FALSE(db.RecordVisit(bad_time, error));
    CHECK(Contains(error, "started_utc \"yesterday\""));
    Visit bad_ending = MakeVisit(3);
    bad_ending.Ending = "fled";
    CHECK_FALSE(db.RecordVisit(bad_ending, error));
    CHECK(Contains(error, "ending \"fled\""));
    // A view refused by SQLite itself (NOT NULL screen is checked first; a failing view rolls
    // the visit back too): simulated by a view table that refuses the insert.
    REQUIRE(sqlite3_exec(DatabaseTestAccess::Handle(db),
                         "CREATE TRIGGER refuse BEFORE INSERT ON visit_views WHEN NEW.seq = 2 "
                         "BEGIN SELECT RAISE(ABORT, 'no third view'); END",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    CHECK_FALSE(db.RecordVisit(MakeVisit(4), error));
    CHECK(Contains(error, "no third view"));
    CHECK(db.VisitCount() == 0);
    CHECK(CountOf(db, "SELECT count(*) FROM visit_views") == 0);
    CHECK_FALSE(db.WriteFailedBusy());
}

TEST_CASE("visits: a read-only database refuses the visit without crashing, naming the file")
{
    TempDir dir("visits-ro");
    Database db;
    std::string error;
    REQUIRE(db.Open(dir / "ballots.db", error));
    REQUIRE(db.RefuseWrites(error));
    CHECK_FALSE(db.RecordVisit(MakeVisit(1), error));
    CHECK(Contains(error, dir / "ballots.db"));
    CHECK(Contains(error, "visit 11111111-0000-4000-8000-000000000001"));
    CHECK_FALSE(db.WriteFailedBusy());
    CHECK(db.VisitCount() == 0);
}

TEST_CASE("visits: a file another connection keeps locked fails busy, and records once it is free")
{
    TempDir dir("visits-busy");
    const std::string path = dir / "ballots.db";
    Database db, other;
    std::string error;
    REQUIRE(db.Open(path, error));
    REQUIRE(other.Open(path, error));
    sqlite3_busy_timeout(DatabaseTestAccess::Handle(db), 50); // not the kiosk's 2 s: the test would wait
    REQUIRE(sqlite3_exec(DatabaseTestAccess::Handle(other), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    CHECK_FALSE(db.RecordVisit(MakeVisit(1), error));
    CHECK(db.WriteFailedBusy());
    CHECK(Contains(error, path));
    REQUIRE(sqlite3_exec(DatabaseTestAccess::Handle(other), "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK);
    REQUIRE_MESSAGE(db.RecordVisit(MakeVisit(1), error), error);
    CHECK_FALSE(db.WriteFailedBusy());
    CHECK(other.VisitCount() == 1);
}

TEST_CASE("visits: the purge deletes visits older than the retention period, with their views, and no ballot")
{
    Database db;
    std::string error;
    REQUIRE(db.Open(":memory:", error));
    Ballot ballot;
    ballot.Uuid = "00000000-0000-4000-8000-000000000001";
    ballot.KioskId = "hall-a";
    ballot.CreatedUtc = "2024-01-01T10:00:00.000Z";
    ballot.ContentVersion = "c1";
    ballot.Levers = {"co-construction"};
    REQUIRE(db.RecordBallot(ballot, error));
    REQUIRE(db.RecordVisit(MakeVisit(1, "2024-01-01T10:00Z"), error));
    REQUIRE(db.RecordVisit(MakeVisit(2, "2024-11-01T13:04Z"), error)); // 25 months and a minute before
    REQUIRE(db.RecordVisit(MakeVisit(3, "2024-11-01T13:05Z"), error)); // exactly 25 months: kept
    REQUIRE(db.RecordVisit(MakeVisit(4, "2026-11-30T09:00Z"), error));
    long long purged = -1;
    REQUIRE_MESSAGE(db.PurgeVisits(25, "2026-12-01T13:05Z", error, purged), error);
    CHECK(purged == 2);
    std::vector<Visit> visits;
    REQUIRE(db.LoadVisits(visits, error));
    REQUIRE(visits.size() == 2);
    CHECK(visits[0].StartedAt == "2024-11-01T13:05Z");
    CHECK(CountOf(db, "SELECT count(*) FROM visit_views") == 6);
    CHECK(CountOf(db, "SELECT count(*) FROM ballots") == 1);
    // Again: nothing more to purge. A time with seconds is as good.
    REQUIRE(db.PurgeVisits(25, "2026-12-01T13:05:59.123Z", error, purged));
    CHECK(purged == 0);
    REQUIRE(db.PurgeVisits(1, "2026-12-01T13:05Z", error, purged));
    CHECK(purged == 1);
    CHECK(db.VisitCount() == 1);
}

TEST_CASE("visits: the purge refuses a retention out of range or a time it cannot read, deleting nothing")
{
    Database db;
    std::string error;
    REQUIRE(db.Open(":memory:", error));
    REQUIRE(db.RecordVisit(MakeVisit(1, "2020-01-01T10:00Z"), error));
    long long purged = -1;
    CHECK_FALSE(db.PurgeVisits(0, "2026-12-01T13:05Z", error, purged));
    CHECK(Contains(error, "keep_months 0 is out of range (1 to 120 months)"));
    CHECK_FALSE(db.PurgeVisits(121, "2026-12-01T13:05Z", error, purged));
    CHECK_FALSE(db.PurgeVisits(25, "tomorrow", error, purged));
    CHECK(Contains(error, "\"tomorrow\" is not a UTC time"));
    CHECK(purged == 0);
    CHECK(db.VisitCount() == 1);
}

TEST_CASE("visits: a read-only database refuses the purge without crashing")
{
    Database db;
    std::string error;
    REQUIRE(db.Open(":memory:", error));
    REQUIRE(db.RecordVisit(MakeVisit(1, "2020-01-01T10:00Z"), error));
    REQUIRE(db.RefuseWrites(error));
    long long purged = -1;
    CHECK_FALSE(db.PurgeVisits(25, "2026-12-01T13:05Z", error, purged));
    CHECK(Contains(error, "cannot purge the visits before 2024-11-01T13:05Z"));
    CHECK(purged == 0);
    CHECK(db.VisitCount() == 1);
}

TEST_CASE("visits: files of schema 1 and 2 are read as they are (no visits) and migrated to the current schema")
{
    for (const std::string& source : {kSchema1File, kSchema2File}) {
        CAPTURE(source);
        const int version = source == kSchema1File ? 1 : 2;
        TempDir dir("visits-old");
        const std::string copy = dir / "ballots.db";
        fs::copy_file(source, copy);
        {
            Database reader;
            std::string error;
            REQUIRE_MESSAGE(reader.OpenExisting(copy, error), error);
            CHECK(reader.SchemaVersion() == version);
            CHECK(reader.VisitCount() == 0);
            std::vector<Visit> visits{MakeVisit(9)};
            REQUIRE(reader.LoadVisits(visits, error));
            CHECK(visits.empty());
            CHECK(reader.CheckHealth().Ok);
        }
        Database db;
        std::string error;
        REQUIRE_MESSAGE(db.Open(copy, error), error);
        CHECK(db.SchemaVersion() == Database::kCurrentSchema);
        CHECK(db.PendingCount() == (version == 1 ? 7 : 4)); // the outbox as it was (all, for schema 1)
        Tally tally;
        REQUIRE(db.LoadTally(tally, error));
        CHECK(tally.Ballots == (version == 1 ? 7 : 6));
        REQUIRE_MESSAGE(db.RecordVisit(MakeVisit(1), error), error);
        CHECK(db.VisitCount() == 1);
    }
}

namespace {

// A kiosk file of `kiosk` with one ballot and the visits numbered `from` to `to`.
std::string KioskWithVisits(const TempDir& dir, const std::string& name, const std::string& kiosk, int from, int to)
{
    const std::string path = dir / name;
    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.Open(path, error), error);
    Ballot b;
    b.Uuid = "44444444-0000-4000-8000-" + std::string(12 - kiosk.size(), '0') + kiosk;
    b.KioskId = kiosk;
    b.CreatedUtc = "2026-12-01T13:06:00.000Z";
    b.ContentVersion = "c1";
    b.Levers = {"co-construction"};
    REQUIRE_MESSAGE(db.RecordBallot(b, error), error);
    for (int i = from; i <= to; i++) {
        Visit v = MakeVisit(i, "2026-12-01T13:05Z", kiosk);
        REQUIRE_MESSAGE(db.RecordVisit(v, error), error);
    }
    return path;
}

} // namespace

TEST_CASE("visits: a merge takes every kiosk's visits with their views, each once")
{
    TempDir dir("visits-merge");
    const std::string a = KioskWithVisits(dir, "a.db", "a", 1, 5), b = KioskWithVisits(dir, "b.db", "b", 4, 9);
    const std::string out = dir / "merged.db";
    MergeReport report;
    std::string error;
    REQUIRE_MESSAGE(MergeDatabases(out, {a, b}, report, error), error);
    REQUIRE(report.Inputs.size() == 2);
    CHECK(report.Inputs[0].VisitsAdded == 5);
    CHECK(report.Inputs[1].VisitsAdded == 4); // 4 and 5 came from a already (same id, same visit)
    CHECK(report.Inputs[1].VisitsSkipped == 2);
    CHECK(report.TotalVisits == 9);
    CHECK(report.Total == 2);
    std::vector<Visit> visits = VisitsIn(out);
    REQUIRE(visits.size() == 9);
    for (const Visit& v : visits) CHECK(v.Views.size() == 3);
    CHECK(visits[0].Modes == std::vector<std::string>{"large_text", "speech"});
    CHECK(visits[0].Seconds == 95.5);
    Database merged;
    REQUIRE(merged.Open(out, error));
    CHECK(CountOf(merged, "SELECT count(*) FROM visits WHERE ballot_uuid IS NULL") == 9); // NULL stays NULL

    // Merged again into OUT as it is now: nothing new, nothing written.
    REQUIRE_MESSAGE(MergeDatabases(out, {b, a}, report, error), error);
    CHECK(report.Inputs[0].VisitsAdded == 0);
    CHECK(report.Inputs[0].VisitsSkipped == 6);
    CHECK(report.Inputs[1].VisitsSkipped == 5);
    CHECK(report.TotalVisits == 9);
    CHECK(merged.VisitCount() == 9);
    CHECK(CountOf(merged, "SELECT count(*) FROM visit_views") == 27);
}

TEST_CASE("visits: the same file twice in one merge gives each visit once")
{
    TempDir dir("visits-twice");
    const std::string a = KioskWithVisits(dir, "a.db", "a", 1, 3);
    MergeReport report;
    std::string error;
    REQUIRE_MESSAGE(MergeDatabases(dir / "merged.db", {a, a}, report, error), error);
    CHECK(report.Inputs[0].VisitsAdded == 3);
    CHECK(report.Inputs[1].VisitsAdded == 0);
    CHECK(report.Inputs[1].VisitsSkipped == 3);
    CHECK(VisitsIn(dir / "merged.db").size() == 3);
}

TEST_CASE("visits: new visits alone are merged into an existing OUT (no new ballot)")
{
    TempDir dir("visits-only");
    const std::string a = KioskWithVisits(dir, "a.db", "a", 1, 2);
    const std::string out = dir / "merged.db";
    MergeReport report;
    std::string error;
    REQUIRE_MESSAGE(MergeDatabases(out, {a}, report, error), error);
    {
        Database kiosk; // the kiosk carries on: visits, no ballot
        REQUIRE(kiosk.Open(a, error));
        REQUIRE(kiosk.RecordVisit(MakeVisit(3, "2026-12-01T14:00Z", "a"), error));
    }
    REQUIRE_MESSAGE(MergeDatabases(out, {a}, report, error), error);
    CHECK(report.Inputs[0].Added == 0);
    CHECK(report.Inputs[0].VisitsAdded == 1);
    CHECK(report.Inputs[0].VisitsSkipped == 2);
    CHECK(VisitsIn(out).size() == 3);
    // ... and into a database open in memory, as `ess-tally summary` combines files.
    Database memory;
    REQUIRE(memory.Open(":memory:", error));
    REQUIRE_MESSAGE(MergeInto(memory, {a, out}, report, error), error);
    CHECK(memory.VisitCount() == 3);
}

TEST_CASE("visits: schema 1 and 2 files merge with schema 3 ones, into a current OUT that queues nothing")
{
    TempDir dir("visits-mixed");
    const std::string v3 = KioskWithVisits(dir, "v3.db", "c", 1, 4);
    MergeReport report;
    std::string error;
    const std::string out = dir / "merged.db";
    REQUIRE_MESSAGE(MergeDatabases(out, {kSchema2File, v3, kSchema1File}, report, error), error);
    CHECK(report.Total == 6 + 1 + 7);
    CHECK(report.Inputs[0].VisitsAdded + report.Inputs[0].VisitsSkipped == 0);
    CHECK(report.Inputs[1].VisitsAdded == 4);
    CHECK(report.TotalVisits == 4);
    Database merged;
    REQUIRE(merged.Open(out, error));
    CHECK(merged.SchemaVersion() == Database::kCurrentSchema);
    CHECK(merged.VisitCount() == 4);
    CHECK(merged.PendingCount() == 0);
    CHECK(merged.PendingVisitCount() == 0); // other kiosks' visits: theirs to send
    // Into an existing OUT too, in place (the bulk path: OUT had nothing).
    Database existing;
    REQUIRE(existing.Open(dir / "existing.db", error));
    REQUIRE_MESSAGE(MergeInto(existing, {kSchema1File, v3, kSchema2File}, report, error), error);
    CHECK(existing.VisitCount() == 4);
    CHECK(existing.CheckHealth().Ok);
    CHECK(CountOf(existing, "SELECT count(*) FROM sqlite_master WHERE name = 'visits_by_time'") == 1);
}

TEST_CASE("visits: merged with a few new ballots into a large OUT (ballots inserted one by one)")
{
    TempDir dir("visits-few");
    const std::string out = dir / "merged.db";
    std::string error;
    {
        Database db;
        REQUIRE(db.Open(out, error));
        std::vector<Ballot> many;
        for (int i = 0; i < 40; i++) {
            Ballot b;
            char uuid[40];
            std::snprintf(uuid, sizeof uuid, "55555555-0000-4000-8000-%012d", i);
            b.Uuid = uuid;
            b.KioskId = "z";
            b.CreatedUtc = "2026-11-30T10:00:00.000Z";
            b.Levers = {"co-construction"};
            many.push_back(b);
        }
        REQUIRE(db.RecordBallots(many, error));
    }
    const std::string a = KioskWithVisits(dir, "a.db", "a", 1, 3);
    MergeReport report;
    REQUIRE_MESSAGE(MergeDatabases(out, {a}, report, error), error);
    CHECK(report.Total == 41);
    CHECK(report.TotalVisits == 3);
    CHECK(VisitsIn(out).size() == 3);
}

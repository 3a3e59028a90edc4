// The outbox (schema 2): every ballot queued for the central server in the transaction that
// records it, emptied only by MarkSent; a schema 1 file migrated with all its ballots pending,
// still read and merged as it is; merged files queue nothing.
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

Ballot MakeBallot(int i, const std::string& kiosk = "hall-a")
{
    char uuid[40];
    std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", i);
    Ballot b;
    b.Uuid = uuid;
    b.KioskId = kiosk;
    b.CreatedUtc = "2026-11-26T10:00:00.000Z";
    b.ContentVersion = "v1";
    b.Levers = {"co-construction", "lacher-prise"};
    return b;
}

// The schema 1 file kept in the test data (written by the kiosk before the outbox existed).
const std::string kSchema1File = std::string(ESS_SOURCE_DIR) + "/tests/data/kiosk-schema1.db";

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

} // namespace

TEST_CASE("outbox: a recorded ballot is pending until MarkSent, which stamps last_sent_at")
{
    TempDir dir("outbox");
    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.Open(dir / "ballots.db", error), error);
    CHECK(db.PendingCount() == 0);
    CHECK(db.LastSentAt().empty());
    REQUIRE_MESSAGE(db.RecordBallot(MakeBallot(1), error), error);
    REQUIRE_MESSAGE(db.RecordBallots({MakeBallot(2), MakeBallot(3), MakeBallot(4)}, error), error);
    CHECK(db.PendingCount() == 4);

    std::vector<Ballot> batch;
    REQUIRE_MESSAGE(db.PendingBallots(3, batch, error), error);
    REQUIRE(batch.size() == 3);
    CHECK(batch[0].Uuid == MakeBallot(1).Uuid);
    CHECK(batch[0].Levers == std::vector<std::string>{"co-construction", "lacher-prise"});
    CHECK(batch[0].KioskId == "hall-a");
    CHECK(batch[0].CreatedUtc == "2026-11-26T10:00:00.000Z");

    std::vector<std::string> sent;
    for (const Ballot& b : batch) sent.push_back(b.Uuid);
    sent.push_back("not-a-pending-uuid"); // ignored
    REQUIRE_MESSAGE(db.MarkSent(sent, error), error);
    CHECK(db.PendingCount() == 1);
    CHECK(db.LastSentAt().size() == 24);
    REQUIRE_MESSAGE(db.PendingBallots(100, batch, error), error);
    REQUIRE(batch.size() == 1);
    CHECK(batch[0].Uuid == MakeBallot(4).Uuid);

    // Sent or not, a ballot stays in the tallies.
    Tally tally;
    REQUIRE(db.LoadTally(tally, error));
    CHECK(tally.Ballots == 4);
}

TEST_CASE("outbox: a ballot that fails to record leaves no outbox row either")
{
    TempDir dir("outbox-fail");
    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.Open(dir / "ballots.db", error), error);
    REQUIRE_MESSAGE(db.RecordBallot(MakeBallot(1), error), error);
    CHECK_FALSE(db.RecordBallots({MakeBallot(2), MakeBallot(1)}, error)); // the second is a duplicate: none stored
    CHECK(db.PendingCount() == 1);
    CHECK(CountOf(db, "SELECT count(*) FROM ballots") == 1);
}

TEST_CASE("outbox: ballots read back from the server are recorded as already sent")
{
    Database db;
    std::string error;
    REQUIRE(db.Open(":memory:", error));
    REQUIRE_MESSAGE(db.RecordBallots({MakeBallot(1), MakeBallot(2)}, error, Database::Upload::AlreadySent), error);
    CHECK(db.PendingCount() == 0);
}

TEST_CASE("outbox: a schema 1 kiosk file is migrated with every ballot pending, and read as it is without writing")
{
    TempDir dir("outbox-v1");
    const std::string copy = dir / "ballots.db";
    fs::copy_file(kSchema1File, copy);
    {
        Database reader; // the organisers' opening: no migration, the pending count as it would be
        std::string error;
        REQUIRE_MESSAGE(reader.OpenExisting(copy, error), error);
        CHECK(reader.SchemaVersion() == 1);
        CHECK(reader.PendingCount() == 7);
        Tally tally;
        REQUIRE(reader.LoadTally(tally, error));
        CHECK(tally.Ballots == 7);
    }
    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.Open(copy, error), error);
    CHECK(db.SchemaVersion() == Database::kCurrentSchema);
    CHECK(db.PendingCount() == 7);
    std::vector<Ballot> batch;
    REQUIRE(db.PendingBallots(100, batch, error));
    CHECK(batch.size() == 7);
    CHECK(batch[0].KioskId == "kiosk-x");
}

TEST_CASE("outbox: a merge queues nothing, from schema 1 and schema 2 inputs alike")
{
    TempDir dir("outbox-merge");
    const std::string v2 = dir / "v2.db";
    {
        Database db;
        std::string error;
        REQUIRE(db.Open(v2, error));
        REQUIRE_MESSAGE(db.RecordBallots({MakeBallot(1, "hall-b"), MakeBallot(2, "hall-b")}, error), error);
    }
    MergeReport report;
    std::string error;
    const std::string out = dir / "merged.db";
    REQUIRE_MESSAGE(MergeDatabases(out, {kSchema1File, v2}, report, error), error);
    CHECK(report.Total == 9);
    Database merged;
    REQUIRE(merged.Open(out, error));
    CHECK(merged.SchemaVersion() == Database::kCurrentSchema);
    CHECK(merged.PendingCount() == 0);
    // ... and into an existing OUT, in place.
    Database existing;
    REQUIRE(existing.Open(dir / "existing.db", error));
    REQUIRE_MESSAGE(MergeInto(existing, {kSchema1File, v2}, report, error), error);
    CHECK(existing.PendingCount() == 0);
    Tally tally;
    REQUIRE(existing.LoadTally(tally, error));
    CHECK(tally.Ballots == 9);
}

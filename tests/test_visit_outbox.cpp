// The visits' outbox (schema 4): a visit is queued for the central server in the transaction
// that records it, read back whole in batches, unqueued only by MarkVisitsSent; a kiosk file of
// schema 3 is migrated with every visit pending; the purge and the merge keep it consistent; a
// write that failed for a reason other than the visit itself is told apart from a refusal.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "storage/database.h"
#include "storage/exchange.h"

#include "database_test_access.h"
#include "temp_dir.h"

using namespace ess;

namespace {

Visit MakeVisit(int i, const std::string& started = "2026-12-01T13:05Z")
{
    char id[40];
    std::snprintf(id, sizeof id, "22222222-0000-4000-8000-%012d", i);
    Visit v;
    v.Id = id;
    v.KioskId = "hall-a";
    v.StartedAt = started;
    v.Seconds = 60 + i + 0.1; // not a round number: read back exactly
    v.Language = i % 2 ? "fr" : "en";
    if (i % 3 == 0) v.Modes = {"contrast", "speech"};
    v.Flips = i % 4;
    v.Ending = i % 2 ? "ballot" : "idle";
    if (v.Ending == "ballot") v.BallotId = "33333333-0000-4000-8000-000000000001";
    v.ContentVersion = "c1";
    for (int k = 0; k < 1 + i % 5; k++) v.Views.push_back({"mutation", k % 4, k % 2 ? "future" : "findings", 1.0 / 3 + k});
    return v;
}

void Exec(const Database& db, const char* sql)
{
    char* message = nullptr;
    const int rc = sqlite3_exec(DatabaseTestAccess::Handle(db), sql, nullptr, nullptr, &message);
    const std::string said = message ? message : "";
    sqlite3_free(message);
    REQUIRE_MESSAGE(rc == SQLITE_OK, said);
}

void CheckSame(const Visit& a, const Visit& b)
{
    CHECK(a.Id == b.Id);
    CHECK(a.KioskId == b.KioskId);
    CHECK(a.StartedAt == b.StartedAt);
    CHECK(a.Seconds == b.Seconds);
    CHECK(a.Language == b.Language);
    CHECK(a.Modes == b.Modes);
    CHECK(a.Flips == b.Flips);
    CHECK(a.Ending == b.Ending);
    CHECK(a.BallotId == b.BallotId);
    CHECK(a.ContentVersion == b.ContentVersion);
    REQUIRE(a.Views.size() == b.Views.size());
    for (size_t k = 0; k < a.Views.size(); k++) {
        CHECK(a.Views[k].Screen == b.Views[k].Screen);
        CHECK(a.Views[k].Mutation == b.Views[k].Mutation);
        CHECK(a.Views[k].Part == b.Views[k].Part);
        CHECK(a.Views[k].Seconds == b.Views[k].Seconds);
    }
}

} // namespace

TEST_CASE("visit outbox: a recorded visit is pending, whole, until MarkVisitsSent; recorded again it is not queued again")
{
    Database db;
    std::string error;
    REQUIRE(db.Open(":memory:", error));
    const Visit v = MakeVisit(3);
    REQUIRE_MESSAGE(db.RecordVisit(v, error), error);
    CHECK(db.PendingVisitCount() == 1);
    std::vector<Visit> pending;
    REQUIRE_MESSAGE(db.PendingVisits(10, pending, error), error);
    REQUIRE(pending.size() == 1);
    CheckSame(pending[0], v);

    REQUIRE_MESSAGE(db.MarkVisitsSent({v.Id, "not-a-pending-id"}, error), error);
    CHECK(db.PendingVisitCount() == 0);
    CHECK(!db.LastSentAt().empty());
    REQUIRE_MESSAGE(db.RecordVisit(v, error), error); // the writer's retry after a lost answer
    CHECK(db.PendingVisitCount() == 0);
    CHECK(db.VisitCount() == 1);
}

TEST_CASE("visit outbox: batches are cut between visits, never inside one, in id order")
{
    Database db;
    std::string error;
    REQUIRE(db.Open(":memory:", error));
    std::vector<Visit> all;
    for (int i = 1; i <= 12; i++) all.push_back(MakeVisit(i));
    REQUIRE_MESSAGE(db.RecordVisits(all, error), error);
    CHECK(db.PendingVisitCount() == 12);
    size_t seen = 0;
    for (;;) {
        std::vector<Visit> batch;
        REQUIRE_MESSAGE(db.PendingVisits(5, batch, error), error);
        if (batch.empty()) break;
        CHECK(batch.size() <= 5);
        std::vector<std::string> ids;
        for (const Visit& v : batch) {
            CheckSame(v, all[seen++]); // ids of MakeVisit sort as their numbers
            ids.push_back(v.Id);
        }
        REQUIRE_MESSAGE(db.MarkVisitsSent(ids, error), error);
    }
    CHECK(seen == 12);
}

TEST_CASE("visit outbox: visits read back from the server are recorded as already sent, all or none")
{
    Database db;
    std::string error;
    REQUIRE(db.Open(":memory:", error));
    REQUIRE_MESSAGE(db.RecordVisits({MakeVisit(1), MakeVisit(2)}, error, Database::Upload::AlreadySent), error);
    CHECK(db.VisitCount() == 2);
    CHECK(db.PendingVisitCount() == 0);
    Visit bad = MakeVisit(4);
    bad.Ending = "fled";
    CHECK(!db.RecordVisits({MakeVisit(3), bad}, error));
    CHECK(error.find("visit 22222222-0000-4000-8000-000000000004: ending \"fled\"") != std::string::npos);
    CHECK(db.WriteFailedRefused());
    CHECK(db.VisitCount() == 2); // nothing of the batch
}

TEST_CASE("visit outbox: a kiosk file of schema 3 is migrated with every visit it holds pending")
{
    TempDir dir("visit-outbox-schema3");
    const std::string path = dir / "ballots.db";
    {
        Database db;
        std::string error;
        REQUIRE(db.Open(path, error));
        REQUIRE_MESSAGE(db.RecordVisits({MakeVisit(1), MakeVisit(2), MakeVisit(3)}, error), error);
        // What a schema 3 kiosk wrote: the same tables, no outbox.
        Exec(db, "DROP TABLE visit_outbox; PRAGMA user_version=3;");
    }
    {
        Database reader; // ess-tally reads it as it is: every visit counts as not yet sent
        std::string error;
        REQUIRE_MESSAGE(reader.OpenExisting(path, error), error);
        CHECK(reader.SchemaVersion() == 3);
        CHECK(reader.PendingVisitCount() == 3);
        std::vector<Visit> pending;
        REQUIRE(reader.PendingVisits(10, pending, error));
        CHECK(pending.empty()); // never sent from a file opened read-only
    }
    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.Open(path, error), error);
    CHECK(db.SchemaVersion() == 4);
    CHECK(db.PendingVisitCount() == 3);
    std::vector<Visit> pending;
    REQUIRE(db.PendingVisits(10, pending, error));
    CHECK(pending.size() == 3);
}

TEST_CASE("visit outbox: the purge takes purged visits out of the outbox too (they are past their time)")
{
    Database db;
    std::string error;
    REQUIRE(db.Open(":memory:", error));
    REQUIRE(db.RecordVisit(MakeVisit(1, "2024-10-31T23:59Z"), error));
    REQUIRE(db.RecordVisit(MakeVisit(2, "2026-11-30T10:00Z"), error));
    long long purged = 0;
    REQUIRE_MESSAGE(db.PurgeVisits(25, "2026-12-01T13:05Z", error, purged), error);
    CHECK(purged == 1);
    CHECK(db.PendingVisitCount() == 1);
    std::vector<Visit> pending;
    REQUIRE(db.PendingVisits(10, pending, error));
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].StartedAt == "2026-11-30T10:00Z");
}

TEST_CASE("visit outbox: a write the disk refuses is not a refusal of the visit, and leaves nothing queued")
{
    Database db;
    std::string error;
    REQUIRE(db.Open(":memory:", error));
    // As a full disk fails an insert: not busy, not the visit's fault.
    Exec(db, "CREATE TRIGGER full BEFORE INSERT ON visit_views BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;");
    CHECK(!db.RecordVisit(MakeVisit(1), error));
    CHECK(!db.WriteFailedRefused());
    CHECK(!db.WriteFailedBusy());
    CHECK(db.VisitCount() == 0);
    CHECK(db.PendingVisitCount() == 0);
    Exec(db, "DROP TRIGGER full");
    REQUIRE_MESSAGE(db.RecordVisit(MakeVisit(1), error), error);
    CHECK(db.PendingVisitCount() == 1);
}

TEST_CASE("visit outbox: the kiosk refuses to store what the central server would refuse, so nothing stored blocks the upload")
{
    const Visit good = MakeVisit(1);
    CHECK(VisitRefusal(good).empty());
    auto refused = [&](const std::function<void(Visit&)>& spoil) {
        Visit v = good;
        spoil(v);
        return VisitRefusal(v);
    };
    CHECK(refused([](Visit& v) { v.StartedAt = "2026-02-30T10:00Z"; }).find("not a real ISO 8601 UTC time") != std::string::npos);
    CHECK(!refused([](Visit& v) { v.StartedAt = "2025-02-29T10:00Z"; }).empty()); // not a leap year
    CHECK(refused([](Visit& v) { v.StartedAt = "2028-02-29T23:59Z"; }).empty());
    CHECK(!refused([](Visit& v) { v.StartedAt = "2026-12-01T24:00Z"; }).empty());
    CHECK(!refused([](Visit& v) { v.StartedAt = "2026-12-01T10:00"; }).empty()); // no zone: a server would read local time
    CHECK(!refused([](Visit& v) { v.StartedAt = "2026-12-01T10:00+01:00"; }).empty());
    CHECK(refused([](Visit& v) { v.StartedAt = "2026-12-01T10:00:59.123Z"; }).empty());
    CHECK(!refused([](Visit& v) { v.StartedAt = "2026-12-01T10:00:60Z"; }).empty());
    CHECK(refused([](Visit& v) { v.Id = std::string(65, 'a'); }).find("is not 1 to 64") != std::string::npos);
    CHECK(refused([](Visit& v) { v.Id = std::string(64, 'a'); }).empty());
    CHECK(!refused([](Visit& v) { v.Id = "a'b"; }).empty());
    CHECK(!refused([](Visit& v) { v.BallotId = "x y"; }).empty());
    CHECK(!refused([](Visit& v) { v.ContentVersion = std::string("v\0", 2); }).empty());
    CHECK(!refused([](Visit& v) { v.Language = "\xff"; }).empty()); // not UTF-8
    CHECK(refused([](Visit& v) { v.ContentVersion = "été \"2\""; }).empty());
    CHECK(!refused([](Visit& v) { v.Seconds = std::nan(""); }).empty());
    CHECK(!refused([](Visit& v) { v.Seconds = -1; }).empty());
    CHECK(!refused([](Visit& v) { v.Views[0].Seconds = INFINITY; }).empty());
    CHECK(!refused([](Visit& v) { v.Views[0].Screen = "mut\x1f"; }).empty());
    CHECK(!refused([](Visit& v) { v.Views[0].Part = "Future"; }).empty());
    CHECK(!refused([](Visit& v) { v.Modes = {"a,b"}; }).empty());
}

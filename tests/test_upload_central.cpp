// The kiosk's upload worker against the suite's real server (the central_server fixture): the
// visit log must never hold the ballots back. A server still at schema 2 takes the ballots and
// the heartbeats while the visits wait, said on the organiser screen; a file archived while its
// visits cannot go is left for the new one; a visit the server refuses as it is is set aside
// and the others go.
#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include <sqlite3.h>

#include "central/central_api.h"
#include "central/pg.h"
#include "session/upload_worker.h"
#include "storage/database.h"

#include "central_server.h"
#include "database_test_access.h"
#include "temp_dir.h"

using namespace ess;

namespace {

pg::Clock::time_point In(double s)
{
    return pg::Clock::now() + std::chrono::duration_cast<pg::Clock::duration>(std::chrono::duration<double>(s));
}

// A kiosk's role made by SQL (add-kiosk refuses a server below this software's schema): the
// socket trusts it, so its connection string is the administrator's with its user.
std::string KioskUrl(const std::string& admin_url, const std::string& kiosk_id)
{
    pg::Connection admin;
    pg::ConnectOptions options;
    options.Url = admin_url;
    std::string error;
    REQUIRE_MESSAGE(admin.Open(options, error) == pg::Outcome::Ok, error);
    std::string role = "ess_kiosk_";
    for (char c : kiosk_id) role += std::isalnum((unsigned char)c) ? c : '_';
    const std::string sql = "DO $r$ BEGIN CREATE ROLE " + role +
                            " LOGIN IN ROLE ess_kiosk; EXCEPTION WHEN duplicate_object THEN NULL; END $r$; "
                            "INSERT INTO ess.kiosks (kiosk_id, role_name) VALUES ('" +
                            kiosk_id + "', '" + role + "')";
    REQUIRE_MESSAGE(admin.ExecScript(sql, In(10), error) == pg::Outcome::Ok, error);
    return admin_url + " user=" + role;
}

int64_t ServerCount(const std::string& admin_url, const std::string& sql)
{
    pg::Connection admin;
    pg::ConnectOptions options;
    options.Url = admin_url;
    std::string error;
    REQUIRE_MESSAGE(admin.Open(options, error) == pg::Outcome::Ok, error);
    pg::Result r;
    REQUIRE_MESSAGE(admin.Exec(sql, {}, r, In(10), error) == pg::Outcome::Ok, error);
    return r.Int64(0, 0);
}

bool Within(double seconds, const std::function<bool()>& done)
{
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < end) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return done();
}

Ballot MakeBallot(int i, const std::string& kiosk)
{
    char uuid[40];
    std::snprintf(uuid, sizeof uuid, "99999999-0000-4000-8000-%012d", i);
    Ballot b;
    b.Uuid = uuid;
    b.KioskId = kiosk;
    b.CreatedUtc = "2026-12-01T10:00:00.000Z";
    b.ContentVersion = "c1";
    b.Levers = {"co-construction"};
    return b;
}

Visit MakeVisit(int i, const std::string& kiosk)
{
    char id[40];
    std::snprintf(id, sizeof id, "99999999-1111-4000-8000-%012d", i);
    Visit v;
    v.Id = id;
    v.KioskId = kiosk;
    v.StartedAt = "2026-12-01T10:00Z";
    v.Seconds = 42;
    v.Language = "fr";
    v.Ending = "left";
    v.Views = {{"mutations", -1, "", 42}};
    return v;
}

UploadSettings Quick(const std::string& url, const std::string& path, const std::string& kiosk)
{
    UploadSettings s{url, path, kiosk, "test", "c1"};
    s.HeartbeatSeconds = 0.5;
    s.FirstRetrySeconds = 0.2;
    s.MaxRetrySeconds = 1;
    return s;
}

} // namespace

TEST_CASE("upload worker: a server still at schema 2 takes ballots and heartbeats while the visits wait, said")
{
    const std::string admin = FreshDatabase("ess_unit_worker_old", 2);
    const std::string url = KioskUrl(admin, "old-a");
    TempDir dir("upload-old");
    const std::string path = dir / "ballots.db";
    Database db;
    std::string error;
    REQUIRE(db.Open(path, error));
    REQUIRE(db.RecordVisit(MakeVisit(1, "old-a"), error));
    REQUIRE(db.RecordBallot(MakeBallot(1, "old-a"), error));
    UploadWorker worker(Quick(url, path, "old-a"));
    REQUIRE(Within(10, [&] { return ServerCount(admin, "SELECT count(*) FROM ess.heartbeats") == 1; }));
    CHECK(ServerCount(admin, "SELECT count(*) FROM ess.ballots") == 1);
    CHECK(db.PendingCount() == 0);
    CHECK(db.PendingVisitCount() == 1);
    const UploadState state = worker.State();
    CHECK(state.Reachable);
    CHECK(state.LastError.empty());
    CHECK(state.VisitsHeld.find("predates the visit log") != std::string::npos);
    CHECK(state.VisitsOutdated); // the organiser screen says it in the interface's words
}

TEST_CASE("upload worker: a file archived while its visits cannot go is left for the new file's ballots")
{
    const std::string admin = FreshDatabase("ess_unit_worker_archive", 2);
    const std::string url = KioskUrl(admin, "arch-a");
    TempDir dir("upload-archive");
    const std::string path = dir / "ballots.db";
    Database db;
    std::string error;
    REQUIRE(db.Open(path, error));
    REQUIRE(db.RecordVisit(MakeVisit(1, "arch-a"), error));
    REQUIRE(db.RecordBallot(MakeBallot(1, "arch-a"), error));
    UploadWorker worker(Quick(url, path, "arch-a"));
    REQUIRE(Within(10, [&] { return db.PendingCount() == 0; }));
    std::string archived;
    REQUIRE_MESSAGE(db.ArchiveAndReset(archived, error), error);
    REQUIRE(db.RecordBallot(MakeBallot(2, "arch-a"), error));
    worker.Nudge();
    CHECK(Within(10, [&] { return ServerCount(admin, "SELECT count(*) FROM ess.ballots") == 2; }));
    CHECK(db.PendingCount() == 0);
    Database old;
    REQUIRE(old.OpenExisting(archived, error));
    CHECK(old.PendingVisitCount() == 1); // kept in the archive, for --sync
}

TEST_CASE("upload worker: a visit the server refuses as it is is set aside and the ballots, visits and heartbeats go")
{
    const std::string admin = FreshDatabase("ess_unit_worker_poison");
    const std::string url = KioskUrl(admin, "poison-a");
    TempDir dir("upload-poison");
    const std::string path = dir / "ballots.db";
    Database db;
    std::string error;
    REQUIRE(db.Open(path, error));
    for (int i = 1; i <= 5; i++) REQUIRE(db.RecordVisit(MakeVisit(i, "poison-a"), error));
    // What an older kiosk with looser checks could have stored: a day that does not exist.
    REQUIRE(sqlite3_exec(DatabaseTestAccess::Handle(db),
                         "UPDATE visits SET started_utc = '2026-02-30T10:00Z' WHERE id LIKE '%000000000003'", nullptr, nullptr,
                         nullptr) == SQLITE_OK);
    REQUIRE(db.RecordBallot(MakeBallot(1, "poison-a"), error));
    UploadWorker worker(Quick(url, path, "poison-a"));
    REQUIRE(Within(10, [&] { return db.PendingVisitCount() == 0; }));
    CHECK(ServerCount(admin, "SELECT count(*) FROM ess.visits") == 4);
    CHECK(ServerCount(admin, "SELECT count(*) FROM ess.ballots") == 1);
    CHECK(Within(10, [&] { return ServerCount(admin, "SELECT count(*) FROM ess.heartbeats") == 1; }));
    CHECK(db.VisitCount() == 5); // the refused one stays in the file
    const UploadState state = worker.State();
    CHECK(state.Reachable);
    CHECK(state.VisitsHeld.empty());
    CHECK_FALSE(state.VisitsOutdated);
}

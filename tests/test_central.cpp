// ess_central against a real server (the suite's throwaway cluster, tests/central/cluster.sh):
// deadlines on a frozen backend, the stop descriptor, LISTEN/NOTIFY from the insert trigger,
// the counters against a recount, a ballot sent twice counted once, the upload contract, visits
// sent and read back exactly.
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <thread>

#include <unistd.h>

#include "central/central_api.h"
#include "central/pg.h"

#include "central_server.h"

using namespace ess;
using namespace std::chrono;

namespace {

pg::Clock::time_point In(double s)
{
    return pg::Clock::now() + duration_cast<pg::Clock::duration>(duration<double>(s));
}

void Open(pg::Connection& conn, const std::string& url, int stop_fd = -1)
{
    pg::ConnectOptions options;
    options.Url = url;
    options.StopFd = stop_fd;
    std::string error;
    REQUIRE_MESSAGE(conn.Open(options, error) == pg::Outcome::Ok, error);
}

Ballot MakeBallot(int i, const std::string& kiosk, const char* day = "26")
{
    char uuid[40];
    std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", i);
    Ballot b;
    b.Uuid = uuid;
    b.KioskId = kiosk;
    b.CreatedUtc = std::string("2026-11-") + day + "T10:0" + std::to_string(i % 10) + ":00.125Z";
    b.ContentVersion = "v1";
    b.Levers = {"lacher-prise", "co-construction"};
    b.Flags = i % 3 == 0 ? kBallotFlagFastRate : 0;
    return b;
}

// Ballots stored straight into the table by its owner (the tests' administrator), as
// add_ballots stores them: the trigger counts and notifies the same.
std::string InsertSql(const std::vector<int>& ids, const std::string& kiosk)
{
    std::string sql = "INSERT INTO ess.ballots (uuid, kiosk_id, created_utc, content_version, flags, levers) VALUES ";
    for (size_t i = 0; i < ids.size(); i++) {
        Ballot b = MakeBallot(ids[i], kiosk);
        sql += (i ? "," : "") + std::string("('") + b.Uuid + "','" + kiosk + "','" + b.CreatedUtc + "','v1'," +
               std::to_string(b.Flags) + ",'{lacher-prise,co-construction}')";
    }
    return sql + " ON CONFLICT (uuid) DO NOTHING";
}

} // namespace

TEST_CASE("a statement on a frozen backend ends at its deadline, and the connection is closed")
{
    const std::string url = FreshDatabase("ess_unit_frozen");
    pg::Connection conn;
    Open(conn, url);
    pg::Result r;
    std::string error;
    REQUIRE(conn.Exec("SELECT pg_backend_pid()", {}, r, In(10), error) == pg::Outcome::Ok);
    const pid_t backend = (pid_t)r.Int64(0, 0);
    REQUIRE(::kill(backend, SIGSTOP) == 0);
    const auto start = steady_clock::now();
    pg::Outcome outcome = conn.Exec("SELECT 1", {}, r, In(1.0), error);
    const double waited = duration<double>(steady_clock::now() - start).count();
    ::kill(backend, SIGCONT);
    CHECK(outcome == pg::Outcome::TimedOut);
    CHECK(waited >= 0.9);
    CHECK(waited < 3.0);
    CHECK(error.find("no answer in time") != std::string::npos);
    CHECK_FALSE(conn.IsOpen());
    // Whatever the server did meanwhile, a new connection works.
    Open(conn, url);
    CHECK(conn.Exec("SELECT 1", {}, r, In(10), error) == pg::Outcome::Ok);
}

TEST_CASE("the stop descriptor ends a wait at once, and the cancel stops the server's work")
{
    const std::string url = FreshDatabase("ess_unit_stop");
    int stop[2];
    REQUIRE(::pipe(stop) == 0);
    pg::Connection conn;
    Open(conn, url, stop[0]);
    std::thread stopper([&] {
        std::this_thread::sleep_for(milliseconds(200));
        CHECK(::write(stop[1], "x", 1) == 1);
    });
    pg::Result r;
    std::string error;
    const auto start = steady_clock::now();
    pg::Outcome outcome = conn.Exec("SELECT pg_sleep(20)", {}, r, In(30), error);
    const double waited = duration<double>(steady_clock::now() - start).count();
    stopper.join();
    CHECK(outcome == pg::Outcome::Stopped);
    CHECK(waited < 2.0);
    CHECK_FALSE(conn.IsOpen());
    // The cancel request reached the server: no backend is left sleeping on it.
    pg::Connection admin;
    Open(admin, url);
    bool gone = false;
    for (int i = 0; i < 50 && !gone; i++) {
        REQUIRE(admin.Exec("SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(20)' AND state = 'active'", {},
                           r, In(10), error) == pg::Outcome::Ok);
        gone = r.Int64(0, 0) == 0;
        if (!gone) std::this_thread::sleep_for(milliseconds(50));
    }
    CHECK(gone);
    ::close(stop[0]);
    ::close(stop[1]);
}

TEST_CASE("an insert notifies ess_ballots once a statement; ON CONFLICT skips are neither counted nor notified")
{
    const std::string url = FreshDatabase("ess_unit_notify");
    pg::Connection listener, writer;
    Open(listener, url);
    Open(writer, url);
    pg::Result r;
    std::string error;
    REQUIRE(listener.Exec("LISTEN ess_ballots", {}, r, In(10), error) == pg::Outcome::Ok);
    REQUIRE(writer.ExecScript("INSERT INTO ess.kiosks (kiosk_id, role_name) VALUES ('k1', 'nobody1'), ('k2', 'nobody2')", In(10),
                              error) == pg::Outcome::Ok);
    pg::Notification n;
    CHECK(listener.WaitForNotification(In(0.2), n, error) == pg::Outcome::TimedOut);
    CHECK(error.empty());

    REQUIRE_MESSAGE(writer.ExecScript(InsertSql({1, 2, 3}, "k1"), In(10), error) == pg::Outcome::Ok, error);
    const auto start = steady_clock::now();
    REQUIRE(listener.WaitForNotification(In(2), n, error) == pg::Outcome::Ok);
    CHECK(duration<double>(steady_clock::now() - start).count() < 1.0);
    CHECK(n.Channel == "ess_ballots");
    CHECK(n.Payload == "{\"kiosk_id\" : \"k1\", \"ballots\" : 3}");
    // The same three again and one new: one notification for the one.
    REQUIRE(writer.ExecScript(InsertSql({1, 2, 3, 4}, "k1"), In(10), error) == pg::Outcome::Ok);
    REQUIRE(listener.WaitForNotification(In(2), n, error) == pg::Outcome::Ok);
    CHECK(n.Payload == "{\"kiosk_id\" : \"k1\", \"ballots\" : 1}");
    REQUIRE(writer.ExecScript(InsertSql({1, 2}, "k1"), In(10), error) == pg::Outcome::Ok);
    CHECK(listener.WaitForNotification(In(0.3), n, error) == pg::Outcome::TimedOut);
    REQUIRE(writer.ExecScript(InsertSql({10, 11}, "k2"), In(10), error) == pg::Outcome::Ok);

    Tally counters, recount;
    REQUIRE_MESSAGE(LoadCentralTally(writer, counters, error, In(10)), error);
    REQUIRE_MESSAGE(RecountCentralTally(writer, recount, error, In(10)), error);
    CHECK(counters.Ballots == 6);
    CHECK(recount.Ballots == 6);
    CHECK(counters.Flagged == recount.Flagged);
    REQUIRE(counters.PerKiosk.size() == 2);
    CHECK(counters.PerKiosk[0].Key == "k1");
    CHECK(counters.PerKiosk[0].Ballots == 4);
    REQUIRE(counters.PerLever.size() == 2);
    CHECK(counters.PerLever[0].Key == "co-construction"); // a tie: by id
    CHECK(counters.PerLever[0].Ballots == 6);
    REQUIRE(counters.PerDay.size() == 1);
    CHECK(counters.PerDay[0].Key == "2026-11-26");
    CHECK(counters.PerHour.size() == 1);
    CHECK(recount.PerHour.size() == 1);

    // Ballots come back as the kiosk wrote them: times to the millisecond, levers sorted.
    std::vector<Ballot> back;
    REQUIRE(ForEachCentralBallot(
        writer,
        [&](const Ballot& b) {
            back.push_back(b);
            return true;
        },
        error, 10, 4));
    REQUIRE(back.size() == 6);
    CHECK(back[0].Uuid == MakeBallot(1, "k1").Uuid);
    CHECK(back[0].CreatedUtc == MakeBallot(1, "k1").CreatedUtc);
    CHECK(back[0].Levers == std::vector<std::string>{"co-construction", "lacher-prise"});
    CHECK(back[2].Flags == kBallotFlagFastRate);
}

TEST_CASE("a connection string that is not one, and nothing listening, fail at once with the reason")
{
    pg::Connection conn;
    pg::ConnectOptions options;
    std::string error;
    options.Url = "this is not a connection string";
    CHECK(conn.Open(options, error) == pg::Outcome::Failed);
    CHECK(error.find("not a connection string") != std::string::npos);
    options.Url = "host=127.0.0.1 port=1 dbname=ess connect_timeout=5";
    const auto start = steady_clock::now();
    CHECK(conn.Open(options, error) == pg::Outcome::Failed);
    CHECK(duration<double>(steady_clock::now() - start).count() < 1.0);
    CHECK(error.find("central server 127.0.0.1:1, database ess: nothing listens there") == 0);
    CHECK(pg::DescribeUrl("host=a password=secret dbname=b").find("secret") == std::string::npos);
}

TEST_CASE("an upload of nothing makes no round trip; a refused batch says so and stores nothing")
{
    const std::string url = FreshDatabase("ess_unit_upload");
    pg::Connection conn; // the administrator is no kiosk: add_ballots refuses it
    Open(conn, url);
    int64_t inserted = -1, there = -1;
    std::string error;
    CHECK(UploadBallots(conn, {}, inserted, there, error, In(10)));
    CHECK(inserted == 0);
    CHECK_FALSE(UploadBallots(conn, {MakeBallot(1, "k1")}, inserted, there, error, In(10)));
    CHECK(error.find("role postgres is not a kiosk's") != std::string::npos);
    CHECK(conn.IsOpen()); // a refusal leaves the connection usable
    Tally tally;
    REQUIRE(LoadCentralTally(conn, tally, error, In(10)));
    CHECK(tally.Ballots == 0);
}

TEST_CASE("visits go up through a kiosk's role and come back as they were sent, views in order, once each")
{
    const std::string url = FreshDatabase("ess_unit_visits");
    pg::Connection admin;
    Open(admin, url);
    NewKiosk made;
    std::string error;
    // Roles outlive a database: a run again on the same server gives the kiosk a new password.
    if (!AddKiosk(admin, "unit-v", "host=x", false, made, error, In(10)))
        REQUIRE_MESSAGE(AddKiosk(admin, "unit-v", "host=x", true, made, error, In(10)), error);
    pg::Connection kiosk; // the socket trusts any role: the role alone is what the server checks
    Open(kiosk, url + " user=" + made.Role);

    Visit v;
    v.Id = "77777777-0000-4000-8000-000000000001";
    v.KioskId = "unit-v";
    v.StartedAt = "2026-11-30T23:59Z";
    v.Seconds = 0.1 + 0.2; // 0.30000000000000004: read back exactly, not rounded
    v.Language = "en";
    v.Modes = {"contrast", "large_text", "speech"};
    v.Flips = 7;
    v.Comparisons = 2;
    v.QrShown = 4;
    v.Ending = "ballot";
    v.BallotId = "00000000-0000-4000-8000-000000000009";
    v.ContentVersion = "v\"1\\ é";
    v.Views = {{"mutations", -1, "", 1e-9}, {"mutation", 3, "future_compare", 123456.789}, {"vote", -1, "", 2.5}};
    Visit bare = v; // no views, no modes, no ballot
    bare.Id = "77777777-0000-4000-8000-000000000002";
    bare.Modes.clear();
    bare.Views.clear();
    bare.BallotId.clear();
    bare.Ending = "idle";

    VisitUpload up;
    REQUIRE_MESSAGE(UploadVisits(kiosk, {v, bare}, 25, up, error, In(10)), error);
    CHECK(up.Inserted == 2);
    CHECK(up.AlreadyThere == 0);
    CHECK(up.Taken == 0);
    CHECK(up.Purged == 0);
    CHECK_FALSE(up.Outdated);
    REQUIRE(UploadVisits(kiosk, {v}, 25, up, error, In(10)));
    CHECK(up.Inserted == 0);
    CHECK(up.AlreadyThere == 1);

    std::vector<Visit> back;
    REQUIRE_MESSAGE(ForEachCentralVisit(
                        admin,
                        [&](const Visit& got) {
                            back.push_back(got);
                            return true;
                        },
                        error, 10, 1), // pages of one: the paging itself is exercised
                    error);
    REQUIRE(back.size() == 2);
    for (size_t i = 0; i < 2; i++) {
        const Visit& sent = i == 0 ? v : bare;
        CAPTURE(i);
        CHECK(back[i].Id == sent.Id);
        CHECK(back[i].KioskId == sent.KioskId);
        CHECK(back[i].StartedAt == sent.StartedAt);
        CHECK(back[i].Seconds == sent.Seconds);
        CHECK(back[i].Modes == sent.Modes);
        CHECK(back[i].Flips == sent.Flips);
        CHECK(back[i].Comparisons == sent.Comparisons);
        CHECK(back[i].QrShown == sent.QrShown);
        CHECK(back[i].Ending == sent.Ending);
        CHECK(back[i].BallotId == sent.BallotId);
        CHECK(back[i].ContentVersion == sent.ContentVersion);
        REQUIRE(back[i].Views.size() == sent.Views.size());
        for (size_t k = 0; k < sent.Views.size(); k++) {
            CHECK(back[i].Views[k].Screen == sent.Views[k].Screen);
            CHECK(back[i].Views[k].Mutation == sent.Views[k].Mutation);
            CHECK(back[i].Views[k].Part == sent.Views[k].Part);
            CHECK(back[i].Views[k].Seconds == sent.Views[k].Seconds);
        }
    }
    // The administrator is no kiosk: refused, and the connection still usable.
    CHECK_FALSE(UploadVisits(admin, {v}, 25, up, error, In(10)));
    CHECK(error.find("role postgres is not a kiosk's") != std::string::npos);
    CHECK(admin.LastSqlState() == "42501");
    CHECK_FALSE(up.Outdated);
    CHECK_FALSE(up.Refused);
    CHECK(admin.IsOpen());

    // Data the server cannot take (a date that does not exist; a screen named with a separator),
    // as an older kiosk may have stored: refused as data, by SQLSTATE, not by words.
    Visit bad = v;
    bad.Id = "77777777-0000-4000-8000-000000000003";
    bad.StartedAt = "2026-02-30T10:00Z";
    CHECK_FALSE(UploadVisits(kiosk, {bad}, 25, up, error, In(10)));
    CHECK(up.Refused);
    CHECK(kiosk.IsOpen());
    bad.StartedAt = v.StartedAt;
    bad.Views[0].Screen = "mut\x1f";
    CHECK_FALSE(UploadVisits(kiosk, {bad}, 25, up, error, In(10)));
    CHECK(up.Refused);
}

TEST_CASE("a server before the visit log is told apart by SQLSTATE 42883, not by its words (it may speak French)")
{
    const std::string url = FreshDatabase("ess_unit_old_visits");
    pg::Connection admin;
    Open(admin, url);
    std::string error;
    REQUIRE_MESSAGE(admin.ExecScript("DROP FUNCTION ess.add_visits(jsonb, integer)", In(10), error) == pg::Outcome::Ok, error);
    Visit v;
    v.Id = "88888888-0000-4000-8000-000000000001";
    v.KioskId = "k";
    v.StartedAt = "2026-11-30T10:00Z";
    v.Language = "fr";
    v.Ending = "left";
    VisitUpload up;
    CHECK_FALSE(UploadVisits(admin, {v}, 25, up, error, In(10)));
    CHECK(up.Outdated);
    CHECK(error.find("predates the visit log") != std::string::npos);
}

// The kiosk's upload worker without a server: its back-off, what it says when nothing answers,
// and that it never holds up the kiosk's exit. (With a real server: tests/central/kiosk_worker.sh.)
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "session/upload_worker.h"
#include "storage/database.h"

#include "temp_dir.h"

using namespace ess;

TEST_CASE("upload back-off: doubles from the first wait, stops at the longest, jittered by half either way")
{
    UploadSettings s;
    s.FirstRetrySeconds = 2;
    s.MaxRetrySeconds = 300;
    CHECK(RetryDelay(s, 1, 1.0) == doctest::Approx(2));
    CHECK(RetryDelay(s, 2, 1.0) == doctest::Approx(4));
    CHECK(RetryDelay(s, 5, 1.0) == doctest::Approx(32));
    CHECK(RetryDelay(s, 30, 1.0) == doctest::Approx(300));
    CHECK(RetryDelay(s, 3, 0.5) == doctest::Approx(4));
    CHECK(RetryDelay(s, 3, 1.49) == doctest::Approx(8 * 1.49));
    CHECK(RetryDelay(s, 3, 7.0) == doctest::Approx(12)); // a jitter out of range is held to ±50 %
}

TEST_CASE("upload worker: a server that is not there is said in words, and the worker stops at once")
{
    TempDir dir("upload-none");
    {
        Database db;
        std::string error;
        REQUIRE(db.Open(dir / "ballots.db", error));
    }
    UploadSettings s;
    s.Url = "host=127.0.0.1 port=1 dbname=ess user=nobody connect_timeout=2";
    s.DatabasePath = dir / "ballots.db";
    s.KioskId = "test";
    auto worker = std::make_unique<UploadWorker>(s);
    UploadState state;
    for (int i = 0; i < 200 && state.LastError.empty(); i++) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        state = worker->State();
    }
    CHECK_FALSE(state.Reachable);
    CHECK(state.Attempts >= 1);
    CHECK(state.LastError.find("nothing listens there") != std::string::npos);
    CHECK(state.LastErrorAt.time_since_epoch().count() != 0);
    // Waiting out its back-off: the destructor ends that wait at once.
    const auto start = std::chrono::steady_clock::now();
    worker.reset();
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(500));
}

// kiosk/bench's central figures: the wall's tally read (LoadCentralTally) on a server holding
// BALLOTS ballots from 20 kiosks, and the same figures recounted from the rows, for scale.
// Usage: ess-bench-central ADMIN_URL BALLOTS [RUNS]   (the database gets the central schema)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "central/central_api.h"

namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double, std::milli>(b - a).count();
}

void Print(const char* name, std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const auto at = [&](double q) { return v[std::min(v.size() - 1, size_t(q * (v.size() - 1) + 0.5))]; };
    std::printf("bench %s median=%.3f p99=%.3f min=%.3f max=%.3f n=%zu\n", name, at(0.5), at(0.99), v.front(), v.back(),
                v.size());
    std::fflush(stdout);
}

int Fail(const std::string& error)
{
    std::fprintf(stderr, "ess-bench-central: %s\n", error.c_str());
    return 1;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: ess-bench-central ADMIN_URL BALLOTS [RUNS]\n");
        return 2;
    }
    const long long ballots = std::atoll(argv[2]);
    const int runs = argc > 3 ? std::atoi(argv[3]) : 9;
    ess::pg::Connection conn;
    ess::pg::ConnectOptions options;
    options.Url = argv[1];
    options.StatementTimeoutMs = 0;
    std::string error, report;
    const auto far = [] { return Clock::now() + std::chrono::minutes(30); };
    if (conn.Open(options, error) != ess::pg::Outcome::Ok) return Fail(error);
    if (!ess::InitCentral(conn, report, error, far())) return Fail(error);
    // Ballots made by the server itself, as its owner (the insert trigger counts them as it
    // counts uploads): 20 kiosks, three days, one to four of ten levers each.
    const std::string fill =
        "INSERT INTO ess.kiosks (kiosk_id, role_name) SELECT 'bench-' || k, 'ess_bench_' || k FROM generate_series(1, 20) k "
        "ON CONFLICT DO NOTHING;"
        "INSERT INTO ess.ballots (uuid, kiosk_id, created_utc, content_version, flags, levers) "
        "SELECT gen_random_uuid(), 'bench-' || (1 + i % 20), timestamptz '2026-11-26 08:00Z' + (i % 259200) * interval '1 "
        "second', "
        "'bench', (i % 10 = 0)::int, "
        "(SELECT array_agg('lever-' || l) FROM generate_series(0, 9) l WHERE l = i % 10 OR (l * 7 + i) % 5 = 0) "
        "FROM generate_series(1, " +
        std::to_string(ballots) + ") i;";
    ess::pg::Result r;
    if (conn.Exec("SELECT count(*) FROM ess.ballots", {}, r, far(), error) != ess::pg::Outcome::Ok) return Fail(error);
    if (r.Int64(0, 0) < ballots) {
        auto start = Clock::now();
        if (conn.ExecScript(fill, far(), error) != ess::pg::Outcome::Ok) return Fail(error);
        if (conn.ExecScript("VACUUM ANALYZE ess.tally_counts", far(), error) != ess::pg::Outcome::Ok) return Fail(error);
        std::printf("bench central_fill_ms value=%.0f\n", Ms(start, Clock::now()));
    }
    std::vector<double> tally, recount;
    ess::Tally t;
    for (int i = 0; i < runs; i++) {
        auto start = Clock::now();
        if (!ess::LoadCentralTally(conn, t, error, far())) return Fail(error);
        tally.push_back(Ms(start, Clock::now()));
    }
    std::printf("bench central_tally_ballots value=%lld\n", (long long)t.Ballots);
    Print("central_tally_ms", tally);
    for (int i = 0; i < 3; i++) {
        auto start = Clock::now();
        if (!ess::RecountCentralTally(conn, t, error, far())) return Fail(error);
        recount.push_back(Ms(start, Clock::now()));
    }
    Print("central_recount_ms", recount);
    return 0;
}

// ess-bench-storage: the storage figures of kiosk/bench. Ballot commit latency with
// synchronous=FULL, the tally of a million ballots, the merge of 100 kiosks' files, and the
// report (ess-tally report) on a million visits and a hundred thousand ballots.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "core/ballot.h"
#include "storage/database.h"
#include "storage/exchange.h"

namespace fs = std::filesystem;

namespace {

const char* const kLevers[] = {"portage-politique",
                               "transversalite-mode-projet",
                               "co-construction",
                               "lacher-prise",
                               "rencontres-acteurs-elus",
                               "diagnostics-territoriaux",
                               "former-services-juridiques",
                               "vision-partagee",
                               "transcender-competences",
                               "approche-par-enjeux"};

double Ms(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b)
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

ess::Ballot RandomBallot(std::mt19937& rng, const std::string& kiosk, int i)
{
    ess::Ballot b;
    b.Uuid = ess::NewUuid();
    b.KioskId = kiosk;
    char when[32];
    std::snprintf(when, sizeof when, "2026-11-%02dT%02d:%02d:%02d.000Z", 20 + i % 7, 9 + i % 9, i % 60, (i / 60) % 60);
    b.CreatedUtc = when;
    b.ContentVersion = "bench";
    std::vector<int> order(10);
    for (int k = 0; k < 10; k++) order[k] = k;
    std::shuffle(order.begin(), order.end(), rng);
    for (int k = 0; k < 1 + int(rng() % 3); k++) b.Levers.push_back(kLevers[order[k]]);
    return b;
}

// Fills a new kiosk database with `count` ballots, a batch at a time in one transaction each
// (the kiosk's own triggers keep the tallies, as they do for ballots recorded one by one). The
// batches keep a million ballots from having to be in memory at once.
bool Fill(const std::string& path, const std::string& kiosk, int count, unsigned seed)
{
    fs::remove(path);
    ess::Database db;
    std::string error;
    if (!db.Open(path, error)) {
        std::fprintf(stderr, "%s\n", error.c_str());
        return false;
    }
    std::mt19937 rng(seed);
    const int kBatch = 100000;
    std::vector<ess::Ballot> batch;
    for (int i = 0; i < count; i++) {
        batch.push_back(RandomBallot(rng, kiosk, i));
        if ((int)batch.size() < kBatch && i + 1 < count) continue;
        if (!db.RecordBallots(batch, error)) {
            std::fprintf(stderr, "%s\n", error.c_str());
            return false;
        }
        batch.clear();
    }
    return true;
}

// A kiosk database with `visits` visits (about 8 views each) and one ballot every tenth visit,
// the views in one transaction in the visits' id order, into the tables storage's own schema made
// (Database::Open: migration 3). A bulk insert rather than Database::RecordVisit, whose
// transaction a visit would make the million take minutes. For the report's benchmark and its
// browser test; the days, hours, lengths and paths vary as a day of visitors would.
bool MakeVisitDb(const std::string& path, int visits, unsigned seed)
{
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
    std::mt19937 rng(seed);
    std::vector<std::string> ballots;
    {
        ess::Database db;
        std::string error;
        if (!db.Open(path, error)) return std::fprintf(stderr, "%s\n", error.c_str()), false;
        std::vector<ess::Ballot> batch;
        for (int i = 0; i < visits / 10; i++) {
            batch.push_back(RandomBallot(rng, i % 3 ? "borne-mediatheque" : "borne-hotel-de-ville", i));
            if (i % 97 == 0) batch.back().Flags = ess::kBallotFlagFastRate;
            ballots.push_back(batch.back().Uuid);
        }
        if (!db.RecordBallots(batch, error)) return std::fprintf(stderr, "%s\n", error.c_str()), false;
    }
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return std::fprintf(stderr, "%s: cannot open\n", path.c_str()), false;
    auto run = [&](const char* sql) {
        if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK) return true;
        std::fprintf(stderr, "%s: %s\n", path.c_str(), sqlite3_errmsg(db));
        return false;
    };
    bool ok = run("PRAGMA synchronous=OFF") && run("PRAGMA cache_size=-262144") && run("BEGIN");
    std::vector<std::string> ids((size_t)visits);
    for (std::string& id : ids) id = ess::NewUuid();
    std::sort(ids.begin(), ids.end());
    sqlite3_stmt *visit = nullptr, *view = nullptr;
    ok = ok && sqlite3_prepare_v2(db,
                                  "INSERT INTO visits (id, kiosk_id, started_utc, seconds, language, ending, ballot_uuid, "
                                  "content_version) VALUES (?, ?, ?, ?, ?, ?, ?, 'bench')",
                                  -1, &visit, nullptr) == SQLITE_OK;
    ok = ok && sqlite3_prepare_v2(db,
                                  "INSERT INTO visit_views (visit_id, seq, screen, mutation, part, seconds) "
                                  "VALUES (?, ?, ?, ?, ?, ?)",
                                  -1, &view, nullptr) == SQLITE_OK;
    const char* const parts[] = {"findings", "signals", "future", "initiatives"};
    size_t next_ballot = 0;
    for (int i = 0; ok && i < visits; i++) {
        const std::string& id = ids[(size_t)i];
        int seq = 0;
        double total = 0;
        auto add = [&](const char* screen, int mutation, const char* part, double seconds) {
            sqlite3_bind_text(view, 1, id.c_str(), -1, SQLITE_STATIC);
            sqlite3_bind_int(view, 2, seq++);
            sqlite3_bind_text(view, 3, screen, -1, SQLITE_STATIC);
            sqlite3_bind_int(view, 4, mutation);
            sqlite3_bind_text(view, 5, part, -1, SQLITE_STATIC);
            sqlite3_bind_double(view, 6, seconds);
            total += seconds;
            ok = ok && sqlite3_step(view) == SQLITE_DONE;
            sqlite3_reset(view);
        };
        add("mutations", -1, "", 3 + rng() % 20);
        const int opened = (int)(rng() % 3);
        for (int m = 0; m < opened; m++) {
            const int mutation = (int)(rng() % 4);
            const int seen = 1 + (int)(rng() % 4);
            for (int p = 0; p < seen; p++) {
                add("mutation", mutation, parts[p], 5 + rng() % 80);
                if (p == 2 && rng() % 10 < 4)
                    add("mutation", mutation, rng() % 4 ? "future_dystopian" : "future_compare", 5 + rng() % 60);
            }
        }
        const bool ballot = i % 10 == 0 && next_ballot < ballots.size();
        if (ballot || rng() % 10 < 3) add("vote", -1, "", 10 + rng() % 60);
        if (rng() % 5 == 0) add("about", -1, "", 5 + rng() % 30);
        char started[32];
        std::snprintf(started, sizeof started, "2026-11-%02dT%02d:%02dZ", 16 + (int)(rng() % 14), 8 + (int)(rng() % 10),
                      (int)(rng() % 60));
        const std::string kiosk = i % 3 ? "borne-mediatheque" : "borne-hotel-de-ville";
        sqlite3_bind_text(visit, 1, id.c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_text(visit, 2, kiosk.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(visit, 3, started, -1, SQLITE_TRANSIENT);
        sqlite3_bind_double(visit, 4, total + 2);
        sqlite3_bind_text(visit, 5, rng() % 8 ? "fr" : "en", -1, SQLITE_STATIC);
        sqlite3_bind_text(visit, 6, ballot ? "ballot" : rng() % 2 ? "left" : "idle", -1, SQLITE_STATIC);
        if (ballot)
            sqlite3_bind_text(visit, 7, ballots[next_ballot++].c_str(), -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(visit, 7);
        ok = ok && sqlite3_step(visit) == SQLITE_DONE;
        sqlite3_reset(visit);
    }
    if (!ok) std::fprintf(stderr, "%s: %s\n", path.c_str(), sqlite3_errmsg(db));
    sqlite3_finalize(visit);
    sqlite3_finalize(view);
    ok = ok && run("COMMIT");
    sqlite3_close(db);
    return ok;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: ess-bench-storage WORK_DIR [commit|tally|merge]...\n");
        return 2;
    }
    const fs::path work = argv[1];
    fs::create_directories(work);
    std::vector<std::string> what(argv + 2, argv + argc);
    if (what.empty()) what = {"commit", "tally", "merge"};
    std::string error;
    for (const std::string& w : what) {
        if (w == "commit") {
            // One ballot at a time, as visitors vote: each is durable when RecordBallot returns.
            const std::string path = (work / "commit.db").string();
            fs::remove(path);
            ess::Database db;
            if (!db.Open(path, error)) return std::fprintf(stderr, "%s\n", error.c_str()), 1;
            std::mt19937 rng(1);
            std::vector<double> latency;
            const auto start = std::chrono::steady_clock::now();
            for (int i = 0; i < 1000; i++) {
                ess::Ballot b = RandomBallot(rng, "bench", i);
                const auto a = std::chrono::steady_clock::now();
                if (!db.RecordBallot(b, error)) return std::fprintf(stderr, "%s\n", error.c_str()), 1;
                latency.push_back(Ms(a, std::chrono::steady_clock::now()));
            }
            const double total = Ms(start, std::chrono::steady_clock::now());
            Print("ballot_commit_ms", latency);
            std::printf("bench ballots_per_second value=%.0f\n", 1000 / (total / 1000));
        } else if (w == "tally") {
            const std::string path = (work / "million.db").string();
            if (!fs::exists(path) && !Fill(path, "bench", 1000000, 7)) return 1;
            ess::Database db;
            if (!db.OpenExisting(path, error)) return std::fprintf(stderr, "%s\n", error.c_str()), 1;
            std::vector<double> times;
            ess::Tally tally;
            for (int i = 0; i < 7; i++) {
                const auto a = std::chrono::steady_clock::now();
                if (!db.LoadTally(tally, error)) return std::fprintf(stderr, "%s\n", error.c_str()), 1;
                times.push_back(Ms(a, std::chrono::steady_clock::now()));
            }
            std::printf("bench tally_ballots value=%lld\n", (long long)tally.Ballots);
            Print("tally_1m_ms", times);
        } else if (w == "merge") {
            const fs::path kiosks = work / "kiosks";
            fs::create_directories(kiosks);
            std::vector<std::string> inputs;
            for (int k = 0; k < 100; k++) {
                const std::string path = (kiosks / ("kiosk-" + std::to_string(k) + ".db")).string();
                if (!fs::exists(path) && !Fill(path, "kiosk-" + std::to_string(k), 10000, 100 + k)) return 1;
                inputs.push_back(path);
            }
            std::vector<double> times;
            for (int run = 0; run < 3; run++) {
                const std::string out = (work / "merged.db").string();
                for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(out + suffix);
                ess::MergeReport report;
                const auto a = std::chrono::steady_clock::now();
                if (!ess::MergeDatabases(out, inputs, report, error)) return std::fprintf(stderr, "%s\n", error.c_str()), 1;
                times.push_back(Ms(a, std::chrono::steady_clock::now()));
                if (run == 0) std::printf("bench merge_ballots value=%lld\n", (long long)report.Total);
            }
            Print("merge_100x10k_ms", times);
        } else if (w == "visit-db") {
            // A database for the report's browser test: ess-bench-storage DIR visit-db (2000 visits).
            if (!MakeVisitDb((work / "visits.db").string(), 2000, 14)) return 1;
            std::printf("%s\n", (work / "visits.db").string().c_str());
        } else if (w == "report") {
            // ess-tally report, as organisers run it, on a million visits and 100,000 ballots.
            const std::string path = (work / "report-1m.db").string();
            if (!fs::exists(path) && !MakeVisitDb(path, 1000000, 7)) return 1;
            const std::string tally = (fs::absolute(argv[0]).parent_path() / "ess-tally").string();
            const std::string command =
                "'" + tally + "' report '" + path + "' -o '" + (work / "report-1m.html").string() + "' >/dev/null";
            std::vector<double> times;
            for (int run = 0; run < 3; run++) {
                const auto a = std::chrono::steady_clock::now();
                if (std::system(command.c_str()) != 0) return std::fprintf(stderr, "failed: %s\n", command.c_str()), 1;
                times.push_back(Ms(a, std::chrono::steady_clock::now()));
            }
            Print("report_1m_visits_ms", times);
        } else {
            std::fprintf(stderr, "ess-bench-storage: unknown benchmark \"%s\" (commit, tally, merge, visit-db, report)\n",
                         w.c_str());
            return 2;
        }
    }
    return 0;
}

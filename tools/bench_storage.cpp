// ess-bench-storage: the storage figures of kiosk/bench. Ballot commit latency with
// synchronous=FULL, the tally of a million ballots, and the merge of 100 kiosks' files.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

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
        } else {
            std::fprintf(stderr, "ess-bench-storage: unknown benchmark \"%s\" (commit, tally, merge)\n", w.c_str());
            return 2;
        }
    }
    return 0;
}

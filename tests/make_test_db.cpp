// Writes the databases the ess-tally end-to-end tests work on: three kiosks' files with known
// counts (fixed seed), two with visits, and the bad files a merge or verify must refuse; or one kiosk's file of
// any size (--kiosk).
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "storage/database.h"

namespace fs = std::filesystem;

namespace {

// The content's lever ids, and one it no longer has: ess-tally must still count it, by its id.
const char* const kLevers[] = {"portage-politique",
                               "transversalite-mode-projet",
                               "co-construction",
                               "lacher-prise",
                               "rencontres-acteurs-elus",
                               "diagnostics-territoriaux",
                               "former-services-juridiques",
                               "vision-partagee",
                               "transcender-competences",
                               "approche-par-enjeux",
                               "retired-lever"};
const int kLeverCount = sizeof(kLevers) / sizeof(kLevers[0]);

std::string RandomUuid(std::mt19937_64& rng)
{
    uint64_t hi = rng(), lo = rng();
    hi = (hi & ~0xf000ull) | 0x4000ull;       // version 4
    lo = (lo & ~(3ull << 62)) | (2ull << 62); // RFC 4122 variant
    char text[40];
    std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", (unsigned)(hi >> 32), (unsigned)(hi >> 16) & 0xffff,
                  (unsigned)hi & 0xffff, (unsigned)(lo >> 48), (unsigned long long)(lo & 0xffffffffffffull));
    return text;
}

bool MakeKiosk(const std::string& path, const std::string& kiosk, int ballots, uint64_t seed, bool killed = false)
{
    ess::Database db;
    std::string error;
    if (!db.Open(path, error)) {
        std::fprintf(stderr, "make-test-db: %s\n", error.c_str());
        return false;
    }
    std::mt19937_64 rng(seed);
    std::vector<ess::Ballot> generated;
    for (int i = 0; i < ballots; i++) {
        ess::Ballot b;
        b.Uuid = RandomUuid(rng);
        b.KioskId = kiosk;
        int minutes = (int)(rng() % (3 * 24 * 60));
        char when[40];
        std::snprintf(when, sizeof when, "2026-11-%02dT%02d:%02d:%02d.%03dZ", 26 + minutes / (24 * 60), minutes / 60 % 24,
                      minutes % 60, (int)(rng() % 60), (int)(rng() % 1000));
        b.CreatedUtc = when;
        b.ContentVersion = "e2e";
        b.Flags = rng() % 10 == 0 ? ess::kBallotFlagFastRate : ess::kBallotFlagNone;
        for (const char* lever : kLevers)
            if (rng() % 4 == 0) b.Levers.push_back(lever);
        if (b.Levers.empty()) b.Levers.push_back(kLevers[rng() % kLeverCount]);
        generated.push_back(std::move(b));
    }
    // One transaction, as a kiosk's own ballots are stored (its triggers keep the tallies): only
    // the test's time differs from a transaction a ballot.
    const uintmax_t schema_only = fs::file_size(path);
    if (!db.RecordBallots(generated, error)) {
        std::fprintf(stderr, "make-test-db: %s\n", error.c_str());
        return false;
    }
    if (killed) {
        // The ballots must be in the -wal alone, as a kiosk killed before any checkpoint leaves
        // them: one small transaction stays far below SQLite's automatic checkpoint (1000 pages).
        if (fs::file_size(path) != schema_only) {
            std::fprintf(stderr, "make-test-db: %s: a checkpoint wrote the ballots into the file itself\n", path.c_str());
            return false;
        }
        std::raise(SIGKILL); // in a child process: no close, no checkpoint, -wal and -shm stay
    }
    return true;
}

// A kiosk killed after `ballots` ballots, all of them in its -wal (which keeps its -shm).
bool MakeKilledKiosk(const std::string& path, const std::string& kiosk, int ballots, uint64_t seed)
{
    pid_t child = ::fork();
    if (child == 0) _exit(MakeKiosk(path, kiosk, ballots, seed, true) ? 0 : 1);
    int status = 0;
    if (child < 0 || ::waitpid(child, &status, 0) != child || !WIFSIGNALED(status)) {
        std::fprintf(stderr, "make-test-db: %s: the killed kiosk did not die as planned\n", path.c_str());
        return false;
    }
    return fs::file_size(path + "-wal") > 0 && fs::exists(path + "-shm");
}

// `count` visits of `kiosk` added to its file (the visit log), in one transaction: a visit in
// three voted; each pending for the central server, as the kiosk's own.
bool AddVisits(const std::string& path, const std::string& kiosk, int count, uint64_t seed)
{
    ess::Database db;
    std::string error;
    if (!db.Open(path, error)) {
        std::fprintf(stderr, "make-test-db: %s\n", error.c_str());
        return false;
    }
    std::mt19937_64 rng(seed + 100);
    std::vector<ess::Visit> visits;
    for (int i = 0; i < count; i++) {
        ess::Visit v;
        v.Id = RandomUuid(rng);
        v.KioskId = kiosk;
        const int minutes = (int)(rng() % (3 * 24 * 60));
        char started[24];
        std::snprintf(started, sizeof started, "2026-11-%02dT%02d:%02dZ", 26 + minutes / (24 * 60), minutes / 60 % 24,
                      minutes % 60);
        v.StartedAt = started;
        v.Seconds = 20 + (double)(rng() % 600000) / 1000;
        v.Language = i % 5 == 0 ? "en" : "fr";
        if (i % 6 == 0) v.Modes = {"large_text", "speech"};
        v.Flips = (int)(rng() % 4);
        v.Comparisons = (int)(rng() % 2);
        v.QrShown = (int)(rng() % 3);
        v.Ending = i % 3 == 0 ? "ballot" : i % 3 == 1 ? "left" : "idle";
        v.ContentVersion = "e2e";
        v.Views.push_back({"mutations", -1, "", (double)(rng() % 20000) / 1000});
        const char* parts[] = {"findings", "signals", "future", "future_dystopian", "future_compare", "initiatives"};
        for (int k = 0, n = (int)(rng() % 6); k < n; k++)
            v.Views.push_back({"mutation", (int)(rng() % 4), parts[rng() % 6], (double)(rng() % 90000) / 1000});
        if (v.Ending == "ballot") v.Views.push_back({"vote", -1, "", (double)(rng() % 60000) / 1000});
        visits.push_back(std::move(v));
    }
    if (!db.RecordVisits(visits, error)) {
        std::fprintf(stderr, "make-test-db: %s\n", error.c_str());
        return false;
    }
    return true;
}

// A kiosk of schema 3 with 12 ballots and 30 visits (the visit log): a visit in three voted.
bool MakeKioskWithVisits(const std::string& path, const std::string& kiosk, uint64_t seed)
{
    if (!MakeKiosk(path, kiosk, 12, seed)) return false;
    ess::Database db;
    std::string error;
    if (!db.Open(path, error)) {
        std::fprintf(stderr, "make-test-db: %s\n", error.c_str());
        return false;
    }
    std::mt19937_64 rng(seed + 100);
    for (int i = 0; i < 30; i++) {
        ess::Visit v;
        v.Id = RandomUuid(rng);
        v.KioskId = kiosk;
        char started[24];
        std::snprintf(started, sizeof started, "2026-11-26T%02d:%02dZ", 9 + i / 4, (i * 7) % 60);
        v.StartedAt = started;
        v.Seconds = 30 + i * 5;
        v.Language = i % 5 == 0 ? "en" : "fr";
        if (i % 6 == 0) v.Modes = {"large_text"};
        v.Ending = i % 3 == 0 ? "ballot" : i % 3 == 1 ? "left" : "idle";
        v.ContentVersion = "c1";
        v.Views = {{"mutations", -1, "", 8}, {"mutation", i % 4, "findings", 20 + double(i)}};
        if (!db.RecordVisit(v, error)) {
            std::fprintf(stderr, "make-test-db: %s\n", error.c_str());
            return false;
        }
    }
    return true;
}

// For the files a merge or verify must refuse (a newer schema, a database no kiosk wrote): storage
// would never make them, so they are forged here with SQLite itself.
bool RawSql(const std::string& path, const char* sql)
{
    sqlite3* db = nullptr;
    bool ok = sqlite3_open(path.c_str(), &db) == SQLITE_OK && sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    if (!ok) std::fprintf(stderr, "make-test-db: %s: %s\n", path.c_str(), sqlite3_errmsg(db));
    sqlite3_close(db);
    return ok;
}

} // namespace

int main(int argc, char** argv)
{
    // One kiosk's file of any size, for the central server's tests and benchmarks; with VISITS, its
    // visit log too.
    if ((argc == 6 || argc == 7) && std::string(argv[1]) == "--kiosk") {
        fs::remove(argv[2]);
        const uint64_t seed = std::strtoull(argv[5], nullptr, 10);
        return MakeKiosk(argv[2], argv[3], std::atoi(argv[4]), seed) &&
                       (argc == 6 || AddVisits(argv[2], argv[3], std::atoi(argv[6]), seed))
                   ? 0
                   : 1;
    }
    if (argc != 2) {
        std::fprintf(stderr, "usage: make-test-db DIR | make-test-db --kiosk FILE KIOSK_ID BALLOTS SEED [VISITS]\n");
        return 2;
    }
    fs::path dir = argv[1];
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto at = [&](const char* name) { return (dir / name).string(); };

    bool ok = MakeKiosk(at("kiosk-a.db"), "kiosk-a", 120, 1) && MakeKiosk(at("kiosk-b.db"), "kiosk-b", 80, 2) &&
              MakeKiosk(at("kiosk-c.db"), "kiosk-c", 50, 3) && MakeKiosk(at("newer.db"), "kiosk-n", 5, 4) &&
              MakeKiosk(at("existing-out.db"), "kiosk-x", 7, 5) && MakeKioskWithVisits(at("kiosk-v.db"), "kiosk-v", 7) &&
              MakeKioskWithVisits(at("kiosk-w.db"), "kiosk-w", 8) && RawSql(at("newer.db"), "PRAGMA user_version=99") &&
              RawSql(at("plain.db"), "CREATE TABLE ballots (uuid TEXT PRIMARY KEY); INSERT INTO ballots VALUES ('x');");
    // Ballots only in a -wal: a killed kiosk's (with its -shm), and the same copied without the
    // -shm (what a copy of only the .db and its -wal looks like).
    ok = ok && MakeKilledKiosk(at("killed.db"), "kiosk-k", 40, 6);
    if (!ok) return 1;
    fs::copy_file(at("killed.db"), at("wal-only.db"));
    fs::copy_file(at("killed.db-wal"), at("wal-only.db-wal"));
    std::ofstream(at("not-a-db.txt")) << "uuid,kiosk_id\nthis is a spreadsheet, not a database\n";

    // A kiosk file with pages in the middle overwritten: the header still says "kiosk database",
    // only the integrity check can tell.
    fs::copy_file(at("kiosk-a.db"), at("corrupt.db"));
    std::fstream f(at("corrupt.db"), std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(0, std::ios::end);
    std::streamoff size = f.tellg();
    std::string garbage(4096 * 3, '\x5a');
    f.seekp(size / 2 / 4096 * 4096);
    f.write(garbage.data(), (std::streamsize)garbage.size());
    return f.good() ? 0 : 1;
}

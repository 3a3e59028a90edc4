// libFuzzer target for merging kiosk databases (ess::MergeDatabases) and for the read-only checks
// ess-tally runs on a file it is handed: the input is written as one kiosk's database file.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <signal.h>
#include <unistd.h>

#include "storage/database.h"
#include "storage/exchange.h"
#include "storage/export_csv.h"
#include "scratch.h"

namespace fs = std::filesystem;

namespace {

// Files of this process's own: the input as a database, a sound kiosk database merged with it,
// and OUT, made afresh for every input.
struct Scratch {
    fs::path Dir;
    std::string Input, Valid, Out;
};
Scratch Work;

void RemoveScratch()
{
    std::error_code ec;
    fs::remove_all(Work.Dir, ec);
}

// A database is its file plus the -wal/-shm beside it; stale ones from the previous input would
// be read as part of this one.
void RemoveDatabase(const std::string& path)
{
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
}

void Require(bool condition, const char* promise, const std::string& detail = {})
{
    if (condition) return;
    std::fprintf(stderr, "fuzz_merge: broken promise: %s %s\n", promise, detail.c_str());
    std::abort();
}

void Fail(const std::string& what)
{
    std::fprintf(stderr, "fuzz_merge: %s\n", what.c_str());
    std::exit(1);
}

// A small, sound kiosk database written by the kiosk's own code, merged beside every input so
// that a merge always has a second file (ballots shared by two inputs come from merging twice).
void MakeValidDatabase(const std::string& path)
{
    ess::Database db;
    std::string error;
    if (!db.Open(path, error)) Fail(error);
    const char* const uuids[] = {"0b7c2a4e-5f1d-4c3e-9a8b-1d2e3f4a5b6c", "6f1e2d3c-4b5a-4978-8665-544332211000"};
    const char* const levers[] = {"co-construction", "lacher-prise", "vision-partagee"};
    for (int i = 0; i < 2; i++) {
        ess::Ballot b;
        b.Uuid = uuids[i];
        b.KioskId = "fuzz-valid";
        b.CreatedUtc = i ? "2026-11-27T09:05:00.250Z" : "2026-11-26T13:45:12.345Z";
        b.ContentVersion = "fuzz";
        b.Flags = i;
        b.Levers = {levers[i], levers[i + 1]};
        if (!db.RecordBallot(b, error)) Fail(error);
    }
}

bool SameCounts(const std::vector<ess::Count>& a, const std::vector<ess::Count>& b)
{
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++)
        if (a[i].Key != b[i].Key || a[i].Ballots != b[i].Ballots) return false;
    return true;
}

// After a successful merge OUT must be sound, and the counters its triggers keep must match a
// recount of its rows: ess-tally summary trusts the former, verify compares them.
void CheckMergedOut(int64_t total)
{
    ess::Database out;
    std::string error;
    Require(out.OpenExisting(Work.Out, error), "a merged OUT opens as a kiosk database:", error);
    ess::Health health = out.CheckHealth();
    Require(health.Ok, "a merged OUT is healthy:", health.QuickCheck);
    Require(health.Ballots == total, "the merge report's total is OUT's ballot count");
    ess::Tally kept, recounted;
    Require(out.LoadTally(kept, error), "a merged OUT's tally reads:", error);
    Require(out.RecountTally(recounted, error), "a merged OUT recounts:", error);
    Require(kept.Ballots == recounted.Ballots && kept.Flagged == recounted.Flagged &&
                SameCounts(kept.PerLever, recounted.PerLever) && SameCounts(kept.PerKiosk, recounted.PerKiosk) &&
                SameCounts(kept.PerDay, recounted.PerDay) && SameCounts(kept.PerHour, recounted.PerHour),
            "a merged OUT's kept tally equals its recount");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    Work.Dir = fuzz::MakeScratchDir("merge");
    std::atexit(RemoveScratch);
    Work.Input = (Work.Dir / "input.db").string();
    Work.Valid = (Work.Dir / "valid.db").string();
    Work.Out = (Work.Dir / "out.db").string();
    MakeValidDatabase(Work.Valid);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    RemoveDatabase(Work.Input);
    RemoveDatabase(Work.Out);
    {
        std::ofstream out(Work.Input, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }

    ess::MergeReport report;
    std::string error;
    if (ess::MergeDatabases(Work.Out, {Work.Input, Work.Valid}, report, error)) {
        Require(report.Inputs.size() == 2, "the report lists every input");
        Require(report.Inputs[0].Added + report.Inputs[1].Added == report.Total, "into a new OUT, added ballots are all of it");
        CheckMergedOut(report.Total);
        // Idempotent (exchange.h): the same file again adds nothing.
        ess::MergeReport again;
        Require(ess::MergeDatabases(Work.Out, {Work.Input}, again, error), "merging the same file twice succeeds:", error);
        Require(again.Inputs.size() == 1 && again.Inputs[0].Added == 0 && again.Total == report.Total,
                "merging the same file twice adds nothing");
    } else {
        Require(!error.empty(), "a refused merge says why");
        // A refusal leaves OUT untouched: here, not created at all.
        Require(!fs::exists(Work.Out), "a refused merge leaves no OUT behind");
    }

    // What ess-tally summary and verify do with a file, whether or not a merge took it.
    ess::Database db;
    if (db.OpenExisting(Work.Input, error)) {
        ess::Tally tally;
        db.LoadTally(tally, error);
        ess::Health health = db.CheckHealth();
        (void)health;
        std::ostringstream csv;
        ess::ExportCsv(db, {{"co-construction", "La co-construction"}}, ess::ExportTable::Ballots, csv, error);
    }
    return 0;
}

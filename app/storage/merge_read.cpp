// The merge's reading (see ballot_set.h): every input checked before anything is written, then
// read on worker threads into its own BallotSet, and added to the merge's in the inputs' order.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include "storage/ballot_set.h"
#include "storage/sqlite_statement.h"

namespace fs = std::filesystem;

namespace ess {

namespace {

// A read-only look at a file, memory-mapped: a page read is then not a system call.
bool MapForReading(const Database& db, std::string& error)
{
    return RunSql(SqliteAccess::Handle(db), db.Path(), "PRAGMA mmap_size=1073741824", error) == SQLITE_OK;
}

// Refuses anything that is not a sound kiosk database, before OUT is touched; `db` is then open on it.
bool CheckInput(const std::string& input, const std::string& out_path, Database& db, std::string& error,
                Database::ReadMode mode = Database::ReadMode::LeaveNoTrace)
{
    std::error_code ec;
    if (!fs::exists(input, ec)) {
        error = input + ": no such file";
        return false;
    }
    if (out_path != ":memory:" && fs::exists(out_path, ec) && fs::equivalent(input, out_path, ec)) {
        error = input + ": is the output file itself; merge it into another file";
        return false;
    }
    if (!db.OpenExisting(input, error, mode)) return false;
    if (!MapForReading(db, error)) return false;
    Health health = db.CheckHealth();
    if (health.QuickCheck != "ok") {
        error = input + ": damaged (quick_check: " + health.QuickCheck + "); run ess-tally verify on it";
        return false;
    }
    return true;
}

// OUT must be sound too: merging into a damaged file would only spread the damage. (Not mapped:
// its pages would count in the process's memory, up to the whole file.)
bool CheckExistingOut(const std::string& out_path, std::string& error)
{
    Database probe;
    if (!probe.OpenExisting(out_path, error)) return false;
    Health health = probe.CheckHealth();
    if (health.QuickCheck == "ok") return true;
    error = out_path + ": damaged (quick_check: " + health.QuickCheck + "); choose another output file";
    return false;
}

// Reads one input's ballots into `set` (its own: inputs are read side by side); `duplicates`
// counts rows of a uuid already read from the same file.
bool ReadInput(const Database& in, BallotSet& set, int64_t& duplicates, std::string& error)
{
    auto failed = [&] {
        error = in.Path() + ": cannot read the ballots: " + sqlite3_errmsg(SqliteAccess::Handle(in));
        return false;
    };
    // Two plain scans joined here through the uuids in `set`: a join in SQL would search
    // ballot_levers from its root for every ballot, and sorting every file by time as
    // Database::ForEachBallot does would cost more than all the rest of the reading.
    {
        Statement s(SqliteAccess::Handle(in), "SELECT uuid, kiosk_id, created_utc, content_version, flags FROM ballots");
        if (!s.Ok()) return failed();
        int rc;
        while ((rc = s.Step()) == SQLITE_ROW) {
            int64_t index = set.Add(s.View(0));
            if (index < 0) {
                duplicates++;
                continue;
            }
            set.New++;
            MergedBallot& b = set.Ballots[(size_t)index];
            b.KioskId = set.Kiosks.Id(s.View(1), set.Text);
            b.CreatedUtc = set.Text.Store(s.View(2));
            b.ContentVersion = set.Contents.Id(s.View(3), set.Text);
            b.Flags = s.Int(4);
        }
        if (rc != SQLITE_DONE) return failed();
    }
    // In primary key order (no sorting): each ballot's levers in one run, by id.
    Statement s(SqliteAccess::Handle(in), "SELECT ballot_uuid, lever_id FROM ballot_levers ORDER BY ballot_uuid, lever_id");
    if (!s.Ok()) return failed();
    std::string previous_uuid;
    bool first = true;
    int64_t current = -1; // the ballot whose levers these are, -1 for lever rows without a ballot
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
        std::string_view uuid = s.View(0);
        if (first || uuid != previous_uuid) {
            first = false;
            previous_uuid.assign(uuid.data(), uuid.size());
            current = set.Find(uuid);
            if (current >= 0 && set.Ballots[(size_t)current].LeverCount != 0) current = -1; // never twice
            if (current >= 0) set.Ballots[(size_t)current].FirstLever = (uint32_t)set.LeverIds.size();
        }
        if (current < 0 || s.IsNull(1)) continue;
        set.LeverIds.push_back(set.Levers.Id(s.View(1), set.Text));
        set.Ballots[(size_t)current].LeverCount++;
    }
    return rc == SQLITE_DONE || failed();
}

// Adds the ballots of one input's `read` that no earlier input had to `set`, as from input `source`.
void AddInput(BallotSet& set, const BallotSet& read, uint32_t source, MergeReport::Input& counts)
{
    auto ids = [&](const Names& from, Names& to) {
        std::vector<uint32_t> map;
        for (uint32_t id = 0; id < from.Size(); id++) map.push_back(to.Id(from[id], set.Text));
        return map;
    };
    std::vector<uint32_t> kiosks = ids(read.Kiosks, set.Kiosks), contents = ids(read.Contents, set.Contents),
                          levers = ids(read.Levers, set.Levers);
    for (const MergedBallot& b : read.Ballots) {
        int64_t index = set.Add(b.Uuid);
        if (index < 0) {
            counts.Skipped++; // same UUID, same ballot (UUID v4): its levers came with it
            continue;
        }
        counts.Added++;
        set.New++;
        MergedBallot& added = set.Ballots[(size_t)index];
        added.Source = source;
        added.KioskId = kiosks[b.KioskId];
        added.CreatedUtc = set.Text.Store(b.CreatedUtc);
        added.ContentVersion = contents[b.ContentVersion];
        added.Flags = b.Flags;
        added.FirstLever = (uint32_t)set.LeverIds.size();
        added.LeverCount = b.LeverCount;
        for (uint32_t k = b.FirstLever; k < b.FirstLever + b.LeverCount; k++) set.LeverIds.push_back(levers[read.LeverIds[k]]);
    }
}

// Has the kernel read a whole file in, in file order, without waiting: when the files are not in
// memory already, SQLite reading them page by page in their B-trees' order takes several times longer.
void ReadAhead(const std::string& path)
{
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED);
    ::close(fd);
}

// What a worker thread found in one input.
struct InputRead {
    BallotSet Ballots;
    int64_t Duplicates = 0;
    std::string CheckError, ReadError;
    bool Done = false;
};

} // namespace

bool ReadCheckedInputs(const std::vector<std::string>& inputs, const std::string& out_path, bool check_out, BallotSet& set,
                       MergeReport& report, std::string& error)
{
    for (const std::string& input : inputs) ReadAhead(input);
    if (check_out) ReadAhead(out_path);
    std::vector<InputRead> reads(inputs.size());
    std::string out_error;
    const size_t tasks = inputs.size() + (check_out ? 1 : 0);
    std::atomic<size_t> next_task{0};
    std::mutex mutex;
    std::condition_variable read_done;
    auto work = [&] {
        for (size_t i; (i = next_task++) < tasks;) {
            if (i == inputs.size()) {
                CheckExistingOut(out_path, out_error);
                continue;
            }
            InputRead& r = reads[i];
            // An exception leaving a thread would end the process (a million ballots may not fit
            // in memory): it fails this input instead, and the waiting below still ends.
            try {
                Database in;
                if (CheckInput(inputs[i], out_path, in, r.CheckError)) ReadInput(in, r.Ballots, r.Duplicates, r.ReadError);
                if (in.ChangedSinceOpened()) {
                    // A kiosk wrote to it while it was read without locks: once more, with them.
                    r = InputRead{};
                    if (CheckInput(inputs[i], out_path, in, r.CheckError, Database::ReadMode::Locking))
                        ReadInput(in, r.Ballots, r.Duplicates, r.ReadError);
                }
            } catch (const std::exception& e) {
                r.Ballots = BallotSet();
                r.ReadError = inputs[i] + ": cannot read the ballots: " + e.what();
            }
            std::lock_guard<std::mutex> lock(mutex);
            r.Done = true;
            read_done.notify_all();
        }
    };
    std::vector<std::thread> workers;
    unsigned cores = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
    try {
        while (workers.size() < std::min<size_t>(cores, tasks)) workers.emplace_back(work);
    } catch (const std::system_error&) {
        if (workers.empty()) work(); // no thread to be had: all of it on this one
    }
    bool failed = false;
    for (size_t i = 0; i < inputs.size(); i++) {
        {
            std::unique_lock<std::mutex> lock(mutex);
            read_done.wait(lock, [&] { return reads[i].Done; });
        }
        InputRead& r = reads[i];
        failed = failed || !r.CheckError.empty() || !r.ReadError.empty();
        report.Inputs.push_back({inputs[i]});
        if (!failed) {
            report.Inputs.back().Skipped += r.Duplicates;
            AddInput(set, r.Ballots, (uint32_t)i, report.Inputs.back());
        }
        r.Ballots = BallotSet(); // memory back as soon as it is added
    }
    for (std::thread& worker : workers) worker.join();
    error.clear();
    for (const InputRead& r : reads)
        if (error.empty()) error = r.CheckError;
    if (error.empty()) error = out_error;
    for (const InputRead& r : reads)
        if (error.empty()) error = r.ReadError;
    return error.empty();
}

} // namespace ess

// The visit log's writer (see visit_writer.h).
#include "session/visit_writer.h"

#include <algorithm>
#include <cstdio>
#include <system_error>

#include "core/settings.h"
#include "session/clock.h"
#include "storage/database.h"

namespace ess {

namespace {

using Steady = std::chrono::steady_clock;

constexpr int kDefaultMonths = 25;
constexpr double kFirstBusyWait = 0.1; // doubles at each try: 0.1 + 0.2 + 0.4 + 0.8 s on top of SQLite's own 2 s waits
constexpr double kReopenMaxWait = 60;  // a file that would not open is tried again, backing off to this
constexpr double kPurgeRetrySeconds = 3600;

// What a failure says without the visit's own place ("<file>: visit <id>: "), so that a disk
// full for an hour is one line, not one a visit.
std::string Reason(const std::string& error, const std::string& path)
{
    std::string why = error;
    if (why.rfind(path + ": ", 0) == 0) why.erase(0, path.size() + 2);
    if (why.rfind("visit ", 0) == 0) {
        const size_t colon = why.find(": ");
        if (colon != std::string::npos) why.erase(0, colon + 2);
    }
    return why;
}

} // namespace

VisitWriter::VisitWriter(std::string database_path, int keep_months, std::function<std::string()> utc_now,
                         std::function<void()> recorded)
    : Path(std::move(database_path)), KeepMonths(keep_months), UtcNow(std::move(utc_now)), OnRecorded(std::move(recorded))
{
    if (!UtcNow) UtcNow = [] { return UtcNowIso(); };
    if (!CheckNumber(settings::kVisitMonths, KeepMonths).empty()) {
        std::fprintf(stderr, "ess-kiosk: visit log: keep_months %d %s; visits are kept %d months\n", KeepMonths,
                     CheckNumber(settings::kVisitMonths, KeepMonths).c_str(), kDefaultMonths);
        KeepMonths = kDefaultMonths;
    }
    try {
        Worker = std::thread([this] { Run(); });
    } catch (const std::system_error& e) {
        std::fprintf(stderr, "ess-kiosk: visit log: cannot start its writer (%s); visits are not recorded\n", e.what());
    }
}

VisitWriter::~VisitWriter()
{
    const std::vector<Visit> left = StopAndTakeUnwritten();
    if (!left.empty())
        std::fprintf(stderr, "ess-kiosk: visit not recorded: %zu visit(s) still queued at shutdown (file %s)\n", left.size(),
                     Path.c_str());
}

std::vector<Visit> VisitWriter::StopAndTakeUnwritten()
{
    std::vector<Visit> left;
    if (!Worker.joinable()) return left;
    {
        std::unique_lock<std::mutex> guard(Lock);
        RetryNow = true; // held visits get a last try
        Wake.notify_all();
        Drained.wait_for(guard, std::chrono::duration<double>(kFlushSeconds),
                         [this] { return Queue.empty() && !Writing && Held.empty(); });
        Stop = true;
    }
    Wake.notify_all();
    Worker.join();
    // The worker is gone: what it held, oldest first, then what was still queued.
    for (Visit& v : Held) left.push_back(std::move(v));
    for (Visit& v : Queue) left.push_back(std::move(v));
    Held.clear();
    Queue.clear();
    return left;
}

void VisitWriter::Submit(Visit visit)
{
    {
        std::lock_guard<std::mutex> guard(Lock);
        if (Stop || !Worker.joinable()) return;
        if (Queue.size() + Held.size() >= kMaxPending) {
            if (!Overflowing)
                std::fprintf(stderr,
                             "ess-kiosk: visit not recorded: %zu visits already wait for the disk (file %s); dropping new ones\n",
                             Queue.size(), Path.c_str());
            Overflowing = true;
            return;
        }
        Overflowing = false;
        Queue.push_back(std::move(visit));
    }
    Wake.notify_all();
}

size_t VisitWriter::Pending() const
{
    std::lock_guard<std::mutex> guard(Lock);
    return Queue.size() + (Writing ? 1 : 0) + Held.size();
}

size_t VisitWriter::Recorded() const
{
    std::lock_guard<std::mutex> guard(Lock);
    return Stored;
}

bool VisitWriter::Wait(double seconds, bool wake_on_submit)
{
    std::unique_lock<std::mutex> guard(Lock);
    Wake.wait_for(guard, std::chrono::duration<double>(seconds), [&] { return Stop || (wake_on_submit && !Queue.empty()); });
    return !Stop;
}

void VisitWriter::SayOnce(const std::string& line)
{
    if (line == LastSaid) return;
    std::fprintf(stderr, "%s\n", line.c_str());
    LastSaid = line;
}

bool VisitWriter::OpenDatabase(Database& db)
{
    double wait = 1;
    for (;;) {
        std::string error;
        if (db.Open(Path, error)) return true;
        SayOnce("ess-kiosk: visit not recorded: cannot open the database: " + Reason(error, Path) + " (file " + Path +
                "); trying again");
        if (!Wait(wait, false)) return false;
        wait = std::min(kReopenMaxWait, wait * 2);
    }
}

void VisitWriter::Purge(Database& db)
{
    long long purged = 0;
    std::string error;
    const std::string now = UtcNow();
    if (db.PurgeVisits(KeepMonths, now, error, purged)) {
        if (purged > 0)
            std::fprintf(stderr, "ess-kiosk: visit log: %lld visit(s) older than %d months purged (file %s)\n", purged,
                         KeepMonths, Path.c_str());
        NextPurge = SteadySecondsFromNow(kPurgeEverySeconds);
        return;
    }
    SayOnce("ess-kiosk: visit log: old visits not purged: " + Reason(error, Path) + " (file " + Path +
            "); trying again in an hour");
    NextPurge = SteadySecondsFromNow(kPurgeRetrySeconds);
}

bool VisitWriter::Write(Database& db, const Visit& visit)
{
    std::string error;
    double wait = kFirstBusyWait;
    for (int attempt = 1;; attempt++) {
        if (db.RecordVisit(visit, error)) {
            {
                std::lock_guard<std::mutex> guard(Lock);
                Stored++;
            }
            LastSaid.clear(); // working again: the next failure is said anew
            if (OnRecorded) OnRecorded();
            return true;
        }
        if (!db.WriteFailedBusy() || attempt >= kBusyTries) break;
        if (!Wait(wait, false)) break;
        wait *= 2;
    }
    if (db.WriteFailedRefused()) {
        SayOnce("ess-kiosk: visit not recorded: " + Reason(error, Path) + " (file " + Path + ")");
        return true;
    }
    SayOnce("ess-kiosk: visit not recorded yet: " + Reason(error, Path) + " (file " + Path +
            "); kept in memory and tried again with the next visit and every 5 minutes");
    return false;
}

void VisitWriter::Hold(Visit visit)
{
    std::lock_guard<std::mutex> guard(Lock);
    // Held and queued within kMaxPending: the oldest held goes first (said once per overflow).
    if (!Held.empty() && Held.size() + Queue.size() >= kMaxPending) {
        if (!Overflowing)
            std::fprintf(stderr,
                         "ess-kiosk: visit not recorded: %zu visits already wait for the disk (file %s); dropping the oldest\n",
                         Held.size() + Queue.size(), Path.c_str());
        Overflowing = true;
        Held.pop_front();
    }
    Held.push_back(std::move(visit));
    NextRetry = SteadySecondsFromNow(kHeldRetrySeconds);
}

void VisitWriter::RetryHeld(Database& db)
{
    for (;;) {
        Visit visit;
        {
            std::lock_guard<std::mutex> guard(Lock);
            if (Held.empty() || Stop) return;
            visit = Held.front();
        }
        if (!Write(db, visit)) {
            std::lock_guard<std::mutex> guard(Lock);
            NextRetry = SteadySecondsFromNow(kHeldRetrySeconds);
            return;
        }
        std::lock_guard<std::mutex> guard(Lock);
        Held.pop_front();
    }
}

void VisitWriter::Run()
{
    Database db;
    if (!OpenDatabase(db)) return;
    Purge(db);
    for (;;) {
        Visit visit;
        {
            std::unique_lock<std::mutex> guard(Lock);
            Writing = false;
            if (Queue.empty() && Held.empty()) Drained.notify_all();
            const auto due = !Held.empty() ? std::min(NextPurge, NextRetry) : NextPurge;
            Wake.wait_until(guard, due, [this] { return Stop || !Queue.empty() || RetryNow; });
            if (Stop) return;
            if (Queue.empty()) {
                const bool purge = Steady::now() >= NextPurge;
                RetryNow = false;
                guard.unlock();
                if (purge) Purge(db);
                RetryHeld(db);
                continue;
            }
            visit = std::move(Queue.front());
            Queue.pop_front();
            Writing = true;
        }
        RetryHeld(db); // the oldest first
        if (!Write(db, visit)) Hold(std::move(visit));
    }
}

} // namespace ess

// The visit log's writer (issue #14): finished visits go into the kiosk's SQLite file on a thread
// of its own, so that recording one never costs a frame. It owns its own connection to the file
// (the session's is the UI thread's), waits out a busy file a little, says each kind of failure
// once, and purges visits older than the retention period at start-up and once a day.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/visit.h"

namespace ess {

class Database;

class VisitWriter {
public:
    // `keep_months`: [visit] keep_months (1 to 120; anything else is said and 25 used).
    // `utc_now`: the wall clock as ISO 8601 UTC, for the purge (tests inject one); empty: the
    // system's.
    // `recorded`, when given, is called on the writer's thread after each visit it stores (the
    // session nudges the upload to the central server).
    VisitWriter(std::string database_path, int keep_months, std::function<std::string()> utc_now = {},
                std::function<void()> recorded = {});
    // Records what is queued (and held) for at most kFlushSeconds, then stops and joins; what is
    // left is dropped, said in one line.
    ~VisitWriter();
    VisitWriter(const VisitWriter&) = delete;
    VisitWriter& operator=(const VisitWriter&) = delete;

    static constexpr size_t kMaxPending = 1000; // beyond: the newest visit is dropped (said once per overflow)
    static constexpr double kFlushSeconds = 1.0;
    static constexpr int kBusyTries = 5; // then the visit is dropped: the file stayed locked ~10 s
    static constexpr double kPurgeEverySeconds = 24 * 3600;
    // A visit the disk would not take (full, read-only, an I/O error) is held in memory and tried
    // again before the next visit, and this often; held and queued visits together stay within
    // kMaxPending (beyond, the oldest held goes). A visit refused as it is never becomes
    // storable: dropped at once.
    static constexpr double kHeldRetrySeconds = 300;

    // As the destructor, but hands back what could not be written (held, then queued, oldest
    // first) instead of dropping it: the session gives them to the writer of a new file.
    std::vector<Visit> StopAndTakeUnwritten();
    // Queues a finished visit; takes only a mutex, never waits for the disk.
    void Submit(Visit visit);
    // Visits queued, being written or held for another try (tests; organiser figures).
    size_t Pending() const;
    // Visits stored since start (a visit already there counts too: it is stored).
    size_t Recorded() const;

private:
    void Run();
    bool OpenDatabase(Database& db);
    void Purge(Database& db);
    // True: stored, or dropped for good (refused as it is). False: worth another try later.
    bool Write(Database& db, const Visit& visit);
    void Hold(Visit visit);
    void RetryHeld(Database& db);
    void SayOnce(const std::string& line); // a failure's line, once per reason
    // Waits `seconds` or until stopped (or, if `wake_on_submit`, a visit arrives); false once stopped.
    bool Wait(double seconds, bool wake_on_submit);

    const std::string Path;
    int KeepMonths;
    std::function<std::string()> UtcNow;
    std::function<void()> OnRecorded;
    mutable std::mutex Lock;
    std::condition_variable Wake;    // a visit queued, or Stop
    std::condition_variable Drained; // the queue emptied
    std::deque<Visit> Queue;         // under Lock
    bool Writing = false;            // the worker holds a visit out of Queue, under Lock
    bool Stop = false;               // under Lock
    bool RetryNow = false;           // the destructor asks for a last try of the held visits, under Lock
    bool Overflowing = false;        // the overflow was said, under Lock
    size_t Stored = 0;               // under Lock
    std::deque<Visit> Held;          // not taken by the disk yet, oldest first, under Lock
    std::chrono::steady_clock::time_point NextRetry{};
    std::string LastSaid; // the worker's only
    std::chrono::steady_clock::time_point NextPurge{};
    std::thread Worker;
};

} // namespace ess

// The kiosk's upload to the central server, on a thread of its own: whenever the server can be
// reached it empties the outboxes (the ballots, then the visits, not yet sent, each marked in the
// transaction that recorded it) and, every minute, sends a heartbeat. Nothing a visitor does waits for it: it
// has its own SQLite connection and its own libpq connection, every network wait has a
// deadline, failures back off with jitter, and the destructor cancels whatever it waits for.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <sys/types.h>
#include <thread>

namespace ess {

struct UploadCounts;

struct UploadSettings {
    std::string Url;            // libpq connection string, as [central] url or --central gives it
    std::string DatabasePath;   // the kiosk's ballots (its outbox)
    std::string KioskId;        // for messages: the server takes the kiosk from the role
    std::string AppVersion;     // for the heartbeat
    std::string ContentVersion; // for the heartbeat (SetContentVersion changes it)
    double HeartbeatSeconds = 60;
    double FirstRetrySeconds = 2, MaxRetrySeconds = 300; // back-off: doubles from first to max, ±50 % jitter
    int ConnectTimeoutSeconds = 10;
    int StatementTimeoutMs = 30000;
    int BatchSeconds = 30; // one batch's deadline (kUploadBatch ballots)
    int VisitMonths = 25;  // [visit] keep_months: the server keeps this kiosk's visits no longer
};

// What the organiser screen says of it.
struct UploadState {
    bool Reachable = false;                           // the last attempt reached the server and did what it came for
    std::string Server;                               // where it connects, never with the password
    std::chrono::system_clock::time_point LastSent{}; // the last batch the server confirmed; epoch: none yet
    std::chrono::system_clock::time_point LastErrorAt{};
    std::string LastError;       // the last failure; cleared by a success
    int64_t SentThisRun = 0;     // ballots new on the server, since the kiosk started
    std::string VisitsHeld;      // why the visits wait though the ballots go (a server to upgrade); empty: they go
    bool VisitsOutdated = false; // they wait for the server's upgrade (ess-tally central init)
    int Attempts = 0;            // failed in a row
};

class UploadWorker {
public:
    explicit UploadWorker(UploadSettings settings);
    // Tries once more to send what is pending, for at most kFinishSeconds, unless the server
    // did not answer last time; then cancels a connection or a statement under way, and joins.
    ~UploadWorker();
    static constexpr double kFinishSeconds = 0.5;
    UploadWorker(const UploadWorker&) = delete;
    UploadWorker& operator=(const UploadWorker&) = delete;

    // A ballot or a visit was just recorded: upload it soon (not sooner than a back-off allows).
    // Any thread may call it.
    void Nudge();
    // The content the kiosk shows, for the next heartbeats (it may load after the database).
    void SetContentVersion(const std::string& version);
    UploadState State() const;

private:
    void Run();   // Cycle(), then says it has ended
    void Cycle(); // until told to stop, or finishing with nothing left to send
    bool IsFinishing() const;
    // Sleeps `seconds`, or until Nudge() when `nudgeable`; false once the worker must stop.
    bool Sleep(double seconds, bool nudgeable);
    bool Stopping() const;
    void Failed(const std::string& error);
    void Succeeded(const UploadCounts& counts);

    const UploadSettings Settings;
    std::string ContentVersion; // under Lock
    const std::chrono::steady_clock::time_point Started = std::chrono::steady_clock::now();
    std::mt19937 Random{std::random_device{}()};
    mutable std::mutex Lock;
    std::condition_variable Done; // Exited, under Lock
    bool Finishing = false, Exited = false;
    UploadState Shared;
    std::string HeldSaid;                                  // the worker's only: why visits were last held back, said once
    bool TriedArchive = false;                             // the worker's only: the archived file's visits had their last try
    bool HeldOutdated = false;                             // the worker's only: the visits wait for the server's upgrade
    std::chrono::steady_clock::time_point VisitsRetryAt{}; // the worker's only: when to ask again
    static constexpr double kVisitsRetrySeconds = 600;
    int StopPipe[2] = {-1, -1};  // written once by the destructor: every wait ends
    int NudgePipe[2] = {-1, -1}; // a byte per Nudge()
    std::thread Worker;
};

// The wait before attempt `failures` + 1 (failures ≥ 1): first · 2^(failures − 1), at most max,
// times a factor from `jitter` in [0.5, 1.5) so that kiosks cut off together do not call back
// together.
double RetryDelay(const UploadSettings& settings, int failures, double jitter);

} // namespace ess

// The results wall's figures, kept fresh from their source: a kiosk's (or a merge's) SQLite file,
// or the central server. Interactive, a worker thread owns the source and reads it (the frames
// never wait on it); scripted, the wall reads it on the virtual clock. The screens only see the
// snapshot (core/figures.h: WallFigures).
#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/figures.h"
#include "session/clock.h"

namespace ess {

// Where the figures come from. Read() fills the ballots, the kiosks and the levers' counts, or
// says why it could not; WaitForChange() returns early when the source says something changed
// (the central server's notifications), else at `seconds`.
class TallySource {
public:
    virtual ~TallySource() = default;
    virtual std::string Name() const = 0; // for the log: the file, or the server without its password
    virtual bool Read(WallFigures& into, std::string& error) = 0;
    virtual void WaitForChange(double seconds, int stop_fd);
    // Interactive, a descriptor that becomes readable at shutdown: a reading under way ends then.
    virtual void SetStopFd(int) {}
};

// A kiosk's ballots file (or a merge of several), opened read-only at each reading.
std::unique_ptr<TallySource> FileTallySource(const std::string& path);
// The central server, through an organiser's connection string: the tallies it keeps (a few
// hundred rows whatever the ballots), read again as soon as it notifies an upload (LISTEN
// ess_ballots), and every kCentralWallPeriod seconds anyway, to notice a server gone.
std::unique_ptr<TallySource> CentralTallySource(const std::string& url);
constexpr double kCentralWallPeriod = 5;

class WallFeed {
public:
    // `threaded`: a worker reads the source every `period` seconds (sooner when it says it
    // changed); otherwise Latest() reads it when `period` has passed on `clock`.
    WallFeed(std::unique_ptr<TallySource> source, Clock& clock, bool threaded, double period = 1.0);
    ~WallFeed(); // stops the worker
    WallFeed(const WallFeed&) = delete;
    WallFeed& operator=(const WallFeed&) = delete;

    // The latest figures; `changed` says whether they differ from the previous call's.
    WallFigures Latest(bool& changed);

private:
    void ReadOnce(); // one reading, published under the lock
    std::unique_ptr<TallySource> Source;
    Clock& Time;
    const double Period;
    std::mutex Lock;
    WallFigures Current;
    long long Version = 0, Taken = -1; // bumped at each published change
    double NextRead = -1e9;
    int Stop[2] = {-1, -1}; // wakes the worker at shutdown
    std::thread Worker;
};

} // namespace ess

// Reading the wall's figures from their source (see wall_feed.h).
#include "session/wall_feed.h"

#include <algorithm>
#include <cstdio>

#include <poll.h>
#include <unistd.h>

#include "storage/database.h"

namespace ess {

namespace {

class FileSource : public TallySource {
public:
    explicit FileSource(std::string path) : Path(std::move(path)) {}
    std::string Name() const override { return Path; }
    bool Read(WallFigures& into, std::string& error) override
    {
        // Opened and closed at each reading: a kiosk may be writing it, archiving it, or the
        // organiser may put a new merge in its place.
        Database db;
        Tally tally;
        if (!db.OpenExisting(Path, error) || !db.LoadTally(tally, error)) return false;
        into.Ballots = tally.Ballots;
        into.Kiosks = int(tally.PerKiosk.size());
        into.PerLever.clear();
        for (const Count& c : tally.PerLever) into.PerLever.push_back({c.Key, c.Ballots});
        return true;
    }

private:
    std::string Path;
};

bool SameCounts(const WallFigures& a, const WallFigures& b)
{
    if (a.Ballots != b.Ballots || a.Kiosks != b.Kiosks || a.PerLever.size() != b.PerLever.size()) return false;
    for (size_t i = 0; i < a.PerLever.size(); i++)
        if (a.PerLever[i].Key != b.PerLever[i].Key || a.PerLever[i].Ballots != b.PerLever[i].Ballots) return false;
    return true;
}

} // namespace

void TallySource::WaitForChange(double seconds, int stop_fd)
{
    pollfd p{stop_fd, POLLIN, 0};
    poll(&p, 1, int(seconds * 1000));
}

std::unique_ptr<TallySource> FileTallySource(const std::string& path)
{
    return std::make_unique<FileSource>(path);
}

WallFeed::WallFeed(std::unique_ptr<TallySource> source, Clock& clock, bool threaded, double period)
    : Source(std::move(source)), Time(clock), Period(period)
{
    if (!threaded) return;
    if (pipe(Stop) != 0) return;
    Source->SetStopFd(Stop[0]);
    Worker = std::thread([this] {
        for (;;) {
            ReadOnce();
            Source->WaitForChange(Period, Stop[0]);
            pollfd p{Stop[0], POLLIN, 0};
            if (poll(&p, 1, 0) > 0) return;
        }
    });
}

WallFeed::~WallFeed()
{
    if (Worker.joinable()) {
        [[maybe_unused]] ssize_t ignored = write(Stop[1], "x", 1);
        Worker.join();
    }
    for (int fd : Stop)
        if (fd >= 0) close(fd);
}

void WallFeed::ReadOnce()
{
    WallFigures read;
    std::string error;
    const bool ok = Source->Read(read, error);
    const double now = Time.Now();
    const std::string at = FormatLocalHourMinute(Time.Wall(now));
    std::lock_guard<std::mutex> guard(Lock);
    if (!ok) {
        // The last figures stay, with a calm "offline since"; the log hears of each new problem once.
        const bool news = Current.Online || Current.Problem != error;
        if (Current.Online || Current.OfflineSince.empty()) Current.OfflineSince = at;
        if (Current.Problem != error) {
            const std::string name = Source->Name();
            const std::string what = error.find(name) == std::string::npos ? "cannot read " + name + ": " + error : error;
            std::fprintf(stderr, "ess-kiosk: wall: %s (the wall keeps its last figures and tries again every %g s)\n",
                         what.c_str(), Period);
        }
        Current.Online = false;
        Current.Problem = error;
        if (news) Version++;
        return;
    }
    const bool was_online = Current.Online;
    if (!was_online && Current.Loaded) std::fprintf(stderr, "ess-kiosk: wall: %s readable again\n", Source->Name().c_str());
    const bool changed = !Current.Loaded || !SameCounts(read, Current);
    if (changed) {
        read.Before = Current.PerLever;
        read.BallotsBefore = Current.Ballots;
        read.ChangedAt = now;
    } else {
        read.Before = Current.Before;
        read.BallotsBefore = Current.BallotsBefore;
        read.ChangedAt = Current.ChangedAt;
    }
    read.Loaded = true;
    read.Online = true;
    read.UpdatedAt = at;
    if (changed || !was_online || read.UpdatedAt != Current.UpdatedAt) Version++;
    Current = std::move(read);
}

WallFigures WallFeed::Latest(bool& changed)
{
    if (!Worker.joinable() && Time.Now() >= NextRead) {
        NextRead = Time.Now() + Period;
        ReadOnce();
    }
    std::lock_guard<std::mutex> guard(Lock);
    changed = Version != Taken;
    Taken = Version;
    return Current;
}

} // namespace ess

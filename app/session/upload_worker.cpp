// The kiosk's upload worker (see upload_worker.h).
#include "session/upload_worker.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include "central/outbox_upload.h"
#include "session/clock.h"

namespace ess {

namespace {

using Steady = std::chrono::steady_clock;

ino_t InodeOf(const std::string& path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

} // namespace

double RetryDelay(const UploadSettings& settings, int failures, double jitter)
{
    const double base = settings.FirstRetrySeconds * std::pow(2.0, std::max(0, failures - 1));
    return std::min(settings.MaxRetrySeconds, base) * std::clamp(jitter, 0.5, 1.5);
}

UploadWorker::UploadWorker(UploadSettings settings) : Settings(std::move(settings)), ContentVersion(Settings.ContentVersion)
{
    if (pipe2(StopPipe, O_CLOEXEC) != 0 || pipe2(NudgePipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        std::fprintf(stderr, "ess-kiosk: central: cannot start the upload worker; ballots stay pending until a restart\n");
        return;
    }
    Worker = std::thread([this] { Run(); });
}

UploadWorker::~UploadWorker()
{
    if (Worker.joinable()) {
        // A last try for what is pending (the visitor who voted just before the kiosk was
        // switched off), within kFinishSeconds, when the server answered last time; then
        // whatever it waits for is cancelled.
        {
            std::unique_lock<std::mutex> guard(Lock);
            Finishing = true;
            if (Shared.Attempts == 0) {
                Nudge();
                Done.wait_for(guard, std::chrono::duration<double>(kFinishSeconds), [this] { return Exited; });
            }
        }
        [[maybe_unused]] ssize_t ignored = write(StopPipe[1], "x", 1);
        Worker.join();
    }
    for (int fd : {StopPipe[0], StopPipe[1], NudgePipe[0], NudgePipe[1]})
        if (fd >= 0) close(fd);
}

void UploadWorker::Nudge()
{
    if (NudgePipe[1] >= 0) [[maybe_unused]]
        ssize_t ignored = write(NudgePipe[1], "n", 1); // full: a nudge is already there
}

void UploadWorker::SetContentVersion(const std::string& version)
{
    std::lock_guard<std::mutex> guard(Lock);
    ContentVersion = version;
}

UploadState UploadWorker::State() const
{
    std::lock_guard<std::mutex> guard(Lock);
    return Shared;
}

bool UploadWorker::Stopping() const
{
    pollfd p{StopPipe[0], POLLIN, 0};
    return poll(&p, 1, 0) > 0;
}

bool UploadWorker::Sleep(double seconds, bool nudgeable)
{
    const Steady::time_point end = SteadySecondsFromNow(seconds);
    for (;;) {
        const double left = std::chrono::duration<double>(end - Steady::now()).count();
        if (left <= 0) return !Stopping();
        pollfd p[2] = {{StopPipe[0], POLLIN, 0}, {NudgePipe[0], POLLIN, 0}};
        const int n = poll(p, nudgeable ? 2 : 1, int(std::ceil(left * 1000)));
        if (n < 0 && errno != EINTR) return !Stopping();
        if (p[0].revents) return false;
        if (nudgeable && p[1].revents) {
            char drain[64];
            while (read(NudgePipe[0], drain, sizeof drain) > 0) {}
            return true;
        }
    }
}

void UploadWorker::Failed(const std::string& error)
{
    std::lock_guard<std::mutex> guard(Lock);
    Shared.Attempts++;
    Shared.Reachable = false;
    // Said once per new reason; a server down for the night is one line, not one a minute.
    if (error != Shared.LastError)
        std::fprintf(stderr, "ess-kiosk: central: %s; the ballots stay on this kiosk, pending, and are sent once it answers\n",
                     error.c_str());
    Shared.LastError = error;
    Shared.LastErrorAt = std::chrono::system_clock::now();
}

void UploadWorker::Succeeded(const UploadCounts& counts)
{
    const int64_t sent = counts.Sent, already_there = counts.AlreadyThere;
    std::lock_guard<std::mutex> guard(Lock);
    if (!Shared.LastError.empty() || !Shared.Reachable)
        std::fprintf(stderr, "ess-kiosk: central: %s %s\n",
                     Shared.LastError.empty() ? "connected to" : "reachable again:", Shared.Server.c_str());
    if (sent + already_there > 1)
        std::fprintf(stderr, "ess-kiosk: central: sent %lld, already there %lld\n", (long long)sent, (long long)already_there);
    if (counts.VisitsSent + counts.VisitsAlreadyThere > 1)
        std::fprintf(stderr, "ess-kiosk: central: visits sent %lld, already there %lld\n", (long long)counts.VisitsSent,
                     (long long)counts.VisitsAlreadyThere);
    if (counts.VisitsPurged > 0)
        std::fprintf(stderr, "ess-kiosk: central: the server purged %lld visit(s) older than their kiosk keeps them\n",
                     (long long)counts.VisitsPurged);
    if (counts.VisitsTaken > 0)
        std::fprintf(stderr,
                     "ess-kiosk: central: %lld visit id(s) are another kiosk's on the server: not stored there (they stay "
                     "in this kiosk's file)\n",
                     (long long)counts.VisitsTaken);
    Shared.Reachable = true;
    Shared.LastError.clear();
    Shared.Attempts = 0;
    if (sent + already_there + counts.VisitsSent + counts.VisitsAlreadyThere > 0)
        Shared.LastSent = std::chrono::system_clock::now();
    Shared.SentThisRun += sent;
    Shared.VisitsHeld = counts.VisitsHeld;
    Shared.VisitsOutdated = counts.VisitsOutdated;
}

void UploadWorker::Run()
{
    Cycle();
    std::lock_guard<std::mutex> guard(Lock);
    Exited = true;
    Done.notify_all();
}

bool UploadWorker::IsFinishing() const
{
    std::lock_guard<std::mutex> guard(Lock);
    return Finishing;
}

void UploadWorker::Cycle()
{
    Database db;
    pg::Connection conn;
    ino_t opened = 0;
    Steady::time_point next_beat = Steady::now();
    const auto back_off = [&](const std::string& error) {
        Failed(error);
        int attempts;
        {
            std::lock_guard<std::mutex> guard(Lock);
            attempts = Shared.Attempts;
        }
        if (IsFinishing()) return false; // the last try failed: nothing more before the exit
        return Sleep(RetryDelay(Settings, attempts, std::uniform_real_distribution<double>(0.5, 1.5)(Random)), false);
    };
    for (;;) {
        if (Stopping()) return;
        std::string error;
        // Its own connection to the kiosk's file. A file archived and replaced (organiser mode)
        // is followed, once everything the old one held is on the server.
        // The old file's visits get one more try first (the writer flushed its last ones into it
        // just before the archive); any the server could not take then stay in the archive,
        // said, for `ess-kiosk --sync --db ARCHIVE`: new ballots must not wait for them.
        if (db.IsOpen() && InodeOf(Settings.DatabasePath) != opened && db.PendingCount() == 0) {
            const int64_t left = db.PendingVisitCount();
            if (left > 0 && !TriedArchive) {
                TriedArchive = true;
            } else {
                if (left > 0)
                    std::fprintf(stderr,
                                 "ess-kiosk: central: %lld visit(s) of the archived file %s not sent yet; now uploading %s "
                                 "(ess-kiosk --sync --db with the archive sends them)\n",
                                 (long long)left, db.Path().c_str(), Settings.DatabasePath.c_str());
                db.Close();
                TriedArchive = false;
            }
        }
        if (!db.IsOpen()) {
            if (!db.Open(Settings.DatabasePath, error)) {
                if (!back_off(error)) return;
                continue;
            }
            opened = InodeOf(Settings.DatabasePath);
        }
        if (!conn.IsOpen()) {
            pg::ConnectOptions options;
            options.Url = Settings.Url;
            options.ConnectTimeoutSeconds = Settings.ConnectTimeoutSeconds;
            options.StatementTimeoutMs = Settings.StatementTimeoutMs;
            options.StopFd = StopPipe[0];
            options.ApplicationName = "ess-kiosk " + Settings.KioskId;
            if (conn.Open(options, error) != pg::Outcome::Ok) {
                if (Stopping() || !back_off(WithConnectHint(error))) return;
                continue;
            }
            std::lock_guard<std::mutex> guard(Lock);
            Shared.Server = conn.Where();
        }
        UploadCounts counts;
        // A server that held the visits back is asked again in a while, not at every ballot.
        const bool with_visits = HeldSaid.empty() || Steady::now() >= VisitsRetryAt;
        if (!UploadPending(db, conn, Settings.KioskId, Settings.VisitMonths, counts, error, Settings.BatchSeconds, with_visits)) {
            if (Stopping() || !back_off(error)) return;
            continue;
        }
        if (!with_visits) {
            counts.VisitsHeld = HeldSaid; // as last time
            counts.VisitsOutdated = HeldOutdated;
        } else if (!counts.VisitsHeld.empty()) {
            VisitsRetryAt = SteadySecondsFromNow(kVisitsRetrySeconds);
        }
        HeldOutdated = counts.VisitsOutdated;
        // The ballots went; the visits wait (the server's upgrade, say). Said once, not a failure.
        if (counts.VisitsHeld != HeldSaid && !counts.VisitsHeld.empty())
            std::fprintf(stderr, "ess-kiosk: central: visits held back: %s\n", counts.VisitsHeld.c_str());
        HeldSaid = counts.VisitsHeld;
        if (Steady::now() >= next_beat) {
            const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(Steady::now() - Started).count();
            std::string content;
            {
                std::lock_guard<std::mutex> guard(Lock);
                content = ContentVersion;
            }
            Heartbeat beat = KioskHeartbeat(db, Settings.AppVersion, content, int64_t(uptime));
            beat.VisitKeepMonths = Settings.VisitMonths;
            if (!SendHeartbeat(conn, beat, error, Steady::now() + std::chrono::seconds(10))) {
                if (Stopping() || !back_off("heartbeat: " + error)) return;
                continue;
            }
            next_beat = SteadySecondsFromNow(Settings.HeartbeatSeconds);
        }
        Succeeded(counts);
        if (IsFinishing()) return;  // everything is on the server
        if (TriedArchive) continue; // the archived file had its last try: on to the new one now
        // Until the next heartbeat, or sooner when a ballot is recorded.
        if (!Sleep(std::chrono::duration<double>(next_beat - Steady::now()).count(), true)) return;
    }
}

} // namespace ess

// Emptying a kiosk's outbox (see outbox_upload.h).
#include "central/outbox_upload.h"

#include <filesystem>
#include <vector>

#include <sys/statvfs.h>

namespace ess {

namespace {

int64_t FreeDiskBytes(const std::string& db_path)
{
    struct statvfs fs {};
    std::error_code ec;
    const std::string dir = std::filesystem::absolute(db_path, ec).parent_path().string();
    if (ec || ::statvfs(dir.c_str(), &fs) != 0) return -1;
    return int64_t(fs.f_bavail) * int64_t(fs.f_frsize);
}

} // namespace

std::string WithConnectHint(const std::string& error)
{
    if (error.find("wrong password") != std::string::npos)
        return error + " (check the [central] url lines: ess-tally central add-kiosk --new-password prints new ones)";
    return error;
}

namespace {

std::string WithUploadHint(std::string error, const std::string& kiosk_id)
{
    if (error.find("ess.add_ballots(jsonb) does not exist") != std::string::npos ||
        error.find("schema \"ess\" does not exist") != std::string::npos)
        error += " (no central schema on this database: ess-tally central init makes it)";
    if (error.find("may only add ballots of kiosk") != std::string::npos ||
        error.find("may only add visits of kiosk") != std::string::npos)
        error += " (is --db this kiosk's own database, and its kiosk_id \"" + kiosk_id +
                 "\" the one ess-tally central add-kiosk was given?)";
    return error;
}

bool UploadVisitsPending(Database& db, pg::Connection& conn, const std::string& kiosk_id, int visit_months, UploadCounts& counts,
                         std::string& error, int batch_seconds)
{
    std::vector<Visit> batch;
    std::vector<std::string> ids;
    for (;;) {
        if (!db.PendingVisits(kVisitUploadBatch, batch, error)) return false;
        if (batch.empty()) return true;
        int64_t inserted = 0, there = 0, purged = 0;
        bool outdated = false;
        if (!UploadVisits(conn, batch, visit_months, inserted, there, purged, outdated, error,
                          pg::Clock::now() + std::chrono::seconds(batch_seconds))) {
            if (!outdated) {
                error = WithUploadHint(error, kiosk_id);
                return false;
            }
            counts.VisitsHeld = error;
            error.clear();
            return true;
        }
        ids.clear();
        for (const Visit& v : batch) ids.push_back(v.Id);
        if (!db.MarkVisitsSent(ids, error)) return false;
        counts.VisitsSent += inserted;
        counts.VisitsAlreadyThere += there;
        counts.VisitsPurged += purged;
    }
}

} // namespace

bool UploadPending(Database& db, pg::Connection& conn, const std::string& kiosk_id, int visit_months, UploadCounts& counts,
                   std::string& error, int batch_seconds)
{
    std::vector<Ballot> batch;
    std::vector<std::string> uuids;
    for (;;) {
        if (!db.PendingBallots(kUploadBatch, batch, error)) return false;
        if (batch.empty()) return UploadVisitsPending(db, conn, kiosk_id, visit_months, counts, error, batch_seconds);
        int64_t inserted = 0, there = 0;
        if (!UploadBallots(conn, batch, inserted, there, error, pg::Clock::now() + std::chrono::seconds(batch_seconds))) {
            error = WithUploadHint(error, kiosk_id);
            return false;
        }
        // Only now: the server's COMMIT has returned.
        uuids.clear();
        for (const Ballot& b : batch) uuids.push_back(b.Uuid);
        if (!db.MarkSent(uuids, error)) return false;
        counts.Sent += inserted;
        counts.AlreadyThere += there;
    }
}

Heartbeat KioskHeartbeat(const Database& db, const std::string& app_version, const std::string& content_version,
                         int64_t uptime_seconds)
{
    Heartbeat beat;
    const Health health = db.CheckHealth();
    beat.AppVersion = app_version;
    beat.ContentVersion = content_version;
    beat.BallotsTotal = health.Ballots;
    beat.BallotsPending = db.PendingCount();
    beat.LastBallotUtc = db.LastBallotUtc();
    beat.DatabaseHealth = health.Ok ? "ok" : health.QuickCheck;
    beat.FreeDiskBytes = FreeDiskBytes(db.Path());
    beat.UptimeSeconds = uptime_seconds;
    beat.VisitsPending = db.PendingVisitCount();
    return beat;
}

} // namespace ess

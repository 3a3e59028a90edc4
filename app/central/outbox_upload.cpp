// Emptying a kiosk's outbox (see outbox_upload.h).
#include "central/outbox_upload.h"

#include <cstdio>
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

// The server's refusal with what to do about it. By SQLSTATE where the server's words would
// do (they may be French): no such function or schema is no central schema; the kiosk-id
// refusal is this software's own message.
std::string WithUploadHint(std::string error, const std::string& kiosk_id, const std::string& sql_state)
{
    if (sql_state == "42883" || sql_state == "3F000")
        error += " (no central schema on this database: ess-tally central init makes it)";
    if (error.find("may only add ballots of kiosk") != std::string::npos ||
        error.find("may only add visits of kiosk") != std::string::npos)
        error += " (is --db this kiosk's own database, and its kiosk_id \"" + kiosk_id +
                 "\" the one ess-tally central add-kiosk was given?)";
    return error;
}

// The server refused a batch's data (a visit it cannot take: one stored by an older kiosk with
// looser checks, a file edited by hand): each visit alone, to find those it refuses; they are
// set aside (they stay in the kiosk's file, out of the outbox, each said), the others go.
void Add(UploadCounts& counts, const VisitUpload& up)
{
    counts.VisitsSent += up.Inserted;
    counts.VisitsAlreadyThere += up.AlreadyThere;
    counts.VisitsTaken += up.Taken;
    counts.VisitsPurged += up.Purged;
}

bool IsolateRefused(Database& db, pg::Connection& conn, const std::vector<Visit>& batch, int visit_months, UploadCounts& counts,
                    std::string& error, int batch_seconds)
{
    for (const Visit& visit : batch) {
        VisitUpload one;
        std::string why;
        if (UploadVisits(conn, {visit}, visit_months, one, why, pg::Clock::now() + std::chrono::seconds(batch_seconds))) {
            if (!db.MarkVisitsSent({visit.Id}, error)) return false;
            Add(counts, one);
            continue;
        }
        if (!conn.IsOpen() || !one.Refused) {
            error = why;
            return false;
        }
        if (!db.SetVisitsAside({visit.Id}, error)) return false;
        counts.VisitsSetAside++;
        std::fprintf(stderr,
                     "ess-kiosk: central: visit %s not sent: the server refuses it (%s); it stays in %s, out of the upload\n",
                     visit.Id.c_str(), why.c_str(), db.Path().c_str());
    }
    return true;
}

// After the ballots: the visits, batch by batch. Only a lost connection fails (the ballots'
// back-off then applies); a server that cannot take visits yet holds them back, said, and the
// heartbeat still goes.
bool UploadVisitsPending(Database& db, pg::Connection& conn, const std::string& kiosk_id, int visit_months, UploadCounts& counts,
                         std::string& error, int batch_seconds)
{
    std::vector<Visit> batch;
    std::vector<std::string> ids;
    for (;;) {
        if (!db.PendingVisits(kVisitUploadBatch, batch, error)) return false;
        if (batch.empty()) return true;
        VisitUpload up;
        if (!UploadVisits(conn, batch, visit_months, up, error, pg::Clock::now() + std::chrono::seconds(batch_seconds))) {
            if (!conn.IsOpen()) return false;
            if (up.Refused) {
                std::string why;
                if (!IsolateRefused(db, conn, batch, visit_months, counts, why, batch_seconds)) {
                    if (!conn.IsOpen()) {
                        error = why;
                        return false;
                    }
                    counts.VisitsHeld = WithUploadHint(why, kiosk_id, conn.LastSqlState());
                    error.clear();
                    return true;
                }
                continue;
            }
            counts.VisitsHeld = WithUploadHint(error, kiosk_id, conn.LastSqlState());
            counts.VisitsOutdated = up.Outdated;
            error.clear();
            return true;
        }
        ids.clear();
        for (const Visit& v : batch) ids.push_back(v.Id);
        if (!db.MarkVisitsSent(ids, error)) return false;
        Add(counts, up);
    }
}

} // namespace

bool UploadPending(Database& db, pg::Connection& conn, const std::string& kiosk_id, int visit_months, UploadCounts& counts,
                   std::string& error, int batch_seconds, bool with_visits)
{
    std::vector<Ballot> batch;
    std::vector<std::string> uuids;
    for (;;) {
        if (!db.PendingBallots(kUploadBatch, batch, error)) return false;
        if (batch.empty())
            return !with_visits || UploadVisitsPending(db, conn, kiosk_id, visit_months, counts, error, batch_seconds);
        int64_t inserted = 0, there = 0;
        if (!UploadBallots(conn, batch, inserted, there, error, pg::Clock::now() + std::chrono::seconds(batch_seconds))) {
            error = WithUploadHint(error, kiosk_id, conn.LastSqlState());
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

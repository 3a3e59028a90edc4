// Emptying a kiosk's outbox into the central server, and the heartbeat's figures: what
// `ess-kiosk --sync` and the kiosk's upload worker (session/upload_worker.h) both do.
#pragma once
#include <cstdint>
#include <string>

#include "central/central_api.h"
#include "central/pg.h"
#include "storage/database.h"

namespace ess {

struct UploadCounts {
    int64_t Sent = 0;         // ballots new on the server
    int64_t AlreadyThere = 0; // stored before (a batch sent again after a lost answer)
    int64_t VisitsSent = 0, VisitsAlreadyThere = 0;
    int64_t VisitsPurged = 0;   // visits the server deleted, older than their kiosk keeps them
    int64_t VisitsTaken = 0;    // ids another kiosk's visits have on the server: never stored there
    int64_t VisitsSetAside = 0; // refused by the server as they are: kept in the file, out of the outbox (each said)
    // Why the visits were held back though the ballots went (a server whose schema predates the
    // visit log, a file holding another kiosk's visits); empty when they went too.
    std::string VisitsHeld;
    bool VisitsOutdated = false; // held because the server's schema predates the visit log
};

// A batch of visits (with about four views each) weighs about what a batch of ballots does.
constexpr size_t kVisitUploadBatch = 2000;

// Sends every ballot `db` has pending, kUploadBatch at a time, then every visit (the visit log),
// kVisitUploadBatch at a time, each batch within `batch_seconds`, and marks a batch sent only
// once the server's COMMIT has returned. `visit_months`: the kiosk's [visit] keep_months (the
// server keeps its visits no longer). True when the ballots' outbox is empty and the visits' too,
// or when the visits were held back by the server (counts.VisitsHeld says why: a schema too old
// for them, visits of another kiosk in the file): the ballots and the heartbeat must not wait
// for them. A visit the server refuses as it is is set aside (counts.VisitsSetAside, said on
// stderr), the rest go. False: `error` says why, with a hint where one helps (a kiosk id that is
// not the role's, no central schema); what was not confirmed stays pending. The connection may be
// closed afterwards (a timeout, a lost connection): check IsOpen() before using it again.
// `with_visits` false: the ballots only (the worker waits a while before asking a server that held
// the visits back again).
bool UploadPending(Database& db, pg::Connection& conn, const std::string& kiosk_id, int visit_months, UploadCounts& counts,
                   std::string& error, int batch_seconds = 60, bool with_visits = true);

// This kiosk's heartbeat from its database (ballots, pending, newest ballot, health, free disk,
// visits pending).
Heartbeat KioskHeartbeat(const Database& db, const std::string& app_version, const std::string& content_version,
                         int64_t uptime_seconds);

// "wrong password" and the like, with what the kiosk's installer can do about it.
std::string WithConnectHint(const std::string& error);

} // namespace ess

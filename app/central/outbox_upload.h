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
    int64_t Sent = 0;         // new on the server
    int64_t AlreadyThere = 0; // stored before (a batch sent again after a lost answer)
};

// Sends every ballot `db` has pending, kUploadBatch at a time, each batch within
// `batch_seconds`, and marks a batch sent only once the server's COMMIT has returned. True when
// the outbox is empty. False: `error` says why, with a hint where one helps (a kiosk id that is
// not the role's, no central schema); what was not confirmed stays pending. The connection may
// be closed afterwards (a timeout, a lost connection): check IsOpen() before using it again.
bool UploadPending(Database& db, pg::Connection& conn, const std::string& kiosk_id, UploadCounts& counts, std::string& error,
                   int batch_seconds = 60);

// This kiosk's heartbeat from its database (ballots, pending, newest ballot, health, free disk).
Heartbeat KioskHeartbeat(const Database& db, const std::string& app_version, const std::string& content_version,
                         int64_t uptime_seconds);

// "wrong password" and the like, with what the kiosk's installer can do about it.
std::string WithConnectHint(const std::string& error);

} // namespace ess

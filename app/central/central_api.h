// What the kiosk (its upload worker, ess-kiosk --sync) and ess-tally ask of the central
// PostgreSQL server: its schema, kiosks' roles, uploads, heartbeats, tallies and ballots.
// Every call takes an open pg::Connection and a deadline; none blocks past it.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "central/pg.h"
#include "storage/database.h"

namespace ess {

// The central schema this software makes and reads (ess.schema_version).
constexpr int kCentralSchema = 3;
// A sensible upload batch: one round trip and one transaction each (about 1 MB of JSON).
constexpr size_t kUploadBatch = 5000;

// A kiosk's state as it tells the server every minute (one row per kiosk, replaced each time).
struct Heartbeat {
    std::string AppVersion;     // the kiosk software's version
    std::string ContentVersion; // hash of the content it shows
    int64_t BallotsTotal = 0;   // ballots in its own database
    int64_t BallotsPending = 0; // of which not yet uploaded
    std::string LastBallotUtc;  // ISO 8601 UTC of its newest ballot; empty: none yet
    std::string DatabaseHealth; // "ok", or what the kiosk's health check found
    int64_t FreeDiskBytes = -1; // on the database's file system; -1: unknown
    int64_t UptimeSeconds = 0;  // since the kiosk started
    int64_t VisitsPending = -1; // visits not yet uploaded; -1: unknown (a server before schema 3 keeps none)
    int VisitKeepMonths = 0;    // [visit] keep_months, by which the server purges its visits; 0: not said
};

// One kiosk as the server knows it (ess-tally central status).
struct KioskStatus {
    std::string KioskId, Role;
    int64_t BallotsOnServer = 0;
    int64_t VisitsOnServer = 0;
    bool HasHeartbeat = false;    // false: it never sent one
    Heartbeat Last;               // its last heartbeat, when HasHeartbeat
    std::string LastHeartbeatUtc; // the server's time when it arrived (ISO 8601 UTC)
    int64_t SecondsSinceHeartbeat = -1;
    bool Silent = false; // no heartbeat for more than a day (or never)
};

// What AddKiosk made.
struct NewKiosk {
    std::string Role;        // e.g. ess_kiosk_hall_a
    std::string Password;    // random (libsodium), 32 characters; stored on the server only as a SCRAM verifier
    std::string ConfigLines; // kiosk_id and [central] url lines for the kiosk's configuration (holds the password)
};

// Creates the central schema, or brings it up to kCentralSchema: each step in its own
// transaction (an advisory lock keeps two inits apart), idempotent. Needs a role that may create
// schemas and roles (the server's postgres, or an owner with CREATEROLE). True: the schema is at
// kCentralSchema and `report` says what was done ("created at version 2", "already at version 2",
// "upgraded from 1 to 2"). False: `error` says why; a step that failed left nothing of itself;
// a server schema newer than this software is refused as it is. `up_to` (tests only) stops
// earlier, to make an older schema to upgrade.
bool InitCentral(pg::Connection& conn, std::string& report, std::string& error, pg::Clock::time_point deadline,
                 int up_to = kCentralSchema);
// The server's central schema version: 0 when there is none; -1 with `error` when unreadable.
int CentralSchemaVersion(pg::Connection& conn, std::string& error, pg::Clock::time_point deadline);

// Creates kiosk `kiosk_id`'s LOGIN role (a member of ess_kiosk: no table privileges, EXECUTE on
// ess.add_ballots and ess.heartbeat only) with a random password, and registers it. `kiosk_url`
// is the connection string the kiosk is to use without user and password (host, port, dbname,
// sslmode, sslrootcert); ConfigLines adds them. `new_password`: the kiosk exists already and
// gets a new password (its old configuration stops working). True: made and committed. False:
// `error` says why (a bad name, exists already, no privilege), nothing changed.
bool AddKiosk(pg::Connection& conn, const std::string& kiosk_id, const std::string& kiosk_url, bool new_password, NewKiosk& out,
              std::string& error, pg::Clock::time_point deadline);
// Letters, digits, '.', '_' and '-', 1 to 40 of them: a kiosk id that can name a role.
bool IsValidKioskId(const std::string& kiosk_id, std::string& why);

// Uploads `ballots` (any number, one statement and one transaction: call it per batch, e.g.
// kUploadBatch; an empty batch makes no round trip) through ess.add_ballots. True: the server's
// COMMIT has returned, every ballot is stored there once, `inserted` were new and
// `already_there` were stored before (a ballot sent twice is stored once): mark them sent now.
// False: nothing of the batch is stored (the server refused it, e.g. a ballot of another kiosk
// than the role's: `error` says so), or nothing is known (a timeout, a lost connection: it may
// or may not have been stored); either way, keep them pending and send them again later. The
// connection may be closed afterwards (check IsOpen, reopen it).
bool UploadBallots(pg::Connection& conn, const std::vector<Ballot>& ballots, int64_t& inserted, int64_t& already_there,
                   std::string& error, pg::Clock::time_point deadline);

// What one call of ess.add_visits did, or why it did nothing.
struct VisitUpload {
    int64_t Inserted = 0;     // new on the server
    int64_t AlreadyThere = 0; // this kiosk's, stored before (sent again after a lost answer)
    int64_t Taken = 0;        // ids another kiosk's visits have already: not stored under this one
    int64_t Purged = 0;       // visits past their kiosk's retention, deleted by the same call
    bool Outdated = false;    // the server's schema predates the visit log (no ess.add_visits)
    bool Refused = false;     // the server refused the batch's data (SQLSTATE class 22 or 23)
};

// Uploads `visits` through ess.add_visits, as UploadBallots does ballots (same promise: true
// only once the server's COMMIT has returned; a visit sent twice is stored once, views and all).
// `keep_months`: this kiosk's [visit] keep_months, which the server keeps for it and purges by
// (ess.purge_visits). False: `error` says why; `out` tells an outdated server (its schema
// before 3: run ess-tally central init) and data the server refused from other failures.
bool UploadVisits(pg::Connection& conn, const std::vector<Visit>& visits, int keep_months, VisitUpload& out, std::string& error,
                  pg::Clock::time_point deadline);

// Replaces this kiosk's heartbeat row (the role's kiosk; the server stamps the time). True:
// committed. False: `error` says why.
bool SendHeartbeat(pg::Connection& conn, const Heartbeat& beat, std::string& error, pg::Clock::time_point deadline);

// The tallies the server keeps (counters, per kiosk, updated with each insert): a few hundred
// rows whatever the number of ballots. Same shape and order as Database::LoadTally. Needs an
// organiser's role (ess_organiser). False: `error` says why, `tally` empty.
bool LoadCentralTally(pg::Connection& conn, Tally& tally, std::string& error, pg::Clock::time_point deadline);
// The same figures recounted from every ballot row (a full scan: for ess-tally verify).
bool RecountCentralTally(pg::Connection& conn, Tally& tally, std::string& error, pg::Clock::time_point deadline);

// Every ballot on the server, in pages of `page` ordered by uuid (memory stays flat), levers
// sorted by id, created_utc as the kiosk wrote it (ISO 8601 UTC, milliseconds). `visit` returns
// false to stop. Each page has its own deadline of `page_seconds`. False: `error` says why;
// the ballots visited so far were complete.
bool ForEachCentralBallot(pg::Connection& conn, const std::function<bool(const Ballot&)>& visit, std::string& error,
                          int page_seconds = 60, size_t page = 20000);

// Every visit on the server with its views, in pages as ForEachCentralBallot, ordered by id,
// started_utc as the kiosk wrote it ("2026-12-01T13:05Z"). A server before schema 3 has none.
bool ForEachCentralVisit(pg::Connection& conn, const std::function<bool(const Visit&)>& visit, std::string& error,
                         int page_seconds = 60, size_t page = 20000);

// Every registered kiosk with its last heartbeat, ordered by kiosk id. Organiser's role.
bool ListKiosks(pg::Connection& conn, std::vector<KioskStatus>& kiosks, std::string& error, pg::Clock::time_point deadline);

// "postgresql://..." or "postgres://...": a central server rather than a file, for ess-tally.
bool IsCentralUrl(const std::string& text);

} // namespace ess

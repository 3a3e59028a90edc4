// The kiosk's local SQLite database: schema migrations, ballots, tallies, recovery, archive.
// Only this module (and the export/merge code beside it) talks to SQLite.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/figures.h"
#include "core/visit.h"

struct sqlite3;

namespace ess {

enum BallotFlag : int {
    kBallotFlagNone = 0,
    kBallotFlagFastRate = 1, // arrived faster than the configured rate: counted, but for organisers to judge
};

struct Ballot {
    std::string Uuid; // random UUID v4, lower-case, 36 characters
    std::string KioskId;
    std::string CreatedUtc;     // ISO 8601 UTC with milliseconds: 2026-11-26T13:45:12.345Z
    std::string ContentVersion; // hash of the content files the visitor saw
    std::vector<std::string> Levers;
    int Flags = kBallotFlagNone;
};

struct Count {
    std::string Key; // lever id, kiosk id, day (YYYY-MM-DD) or hour (YYYY-MM-DD HH)
    int64_t Ballots = 0;
};

struct Tally {
    int64_t Ballots = 0;         // all ballots
    int64_t Flagged = 0;         // of which flagged
    std::vector<Count> PerLever; // ballots choosing each lever, most chosen first, then by id
    std::vector<Count> PerKiosk; // by kiosk id
    std::vector<Count> PerDay;   // chronological, UTC
    std::vector<Count> PerHour;  // chronological, UTC
};

struct Health {
    bool Ok = false;
    std::string QuickCheck; // "ok" or SQLite's first complaint
    int SchemaVersion = -1;
    int64_t FileBytes = 0; // main file + WAL
    int64_t Ballots = 0;
};

// Why `visit` cannot be stored (and sent to a central server) as it is, or "" when it can: an id
// of 1 to 64 letters, digits, '.', '_', '-'; a real UTC time ending in Z; a known ending; lengths
// that are numbers of seconds; clean UTF-8 text; screens and parts named as the recorder names
// them. The central server's checks are the same, so no stored visit blocks the upload.
std::string VisitRefusal(const Visit& visit);

class Database {
public:
    Database() = default;
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Opens (creating the file and its folder on first run) and migrates to the current schema.
    // WAL, synchronous=FULL. On failure returns false with `error` saying what and where.
    bool Open(const std::string& path, std::string& error);
    // As Open, but a file that fails PRAGMA quick_check (or is not a database at all) is moved
    // aside to "<path>.corrupt-<UTC timestamp>" (never deleted, with its -wal/-shm) and a fresh
    // database is created; `moved_to` then names the moved file (empty otherwise).
    bool OpenOrRecover(const std::string& path, std::string& moved_to, std::string& error);
    // Opens an existing file read-only, refusing one that is not a kiosk database (wrong
    // application_id), an empty one, or one with a newer schema. For the organisers' tool, whose
    // files may be on a read-only stick: LeaveNoTrace writes nothing beside the file (no -wal, no
    // -shm) and needs no write access to its folder; see ChangedSinceOpened. Locking reads as
    // SQLite usually does, seeing a live kiosk's writes safely (it may create -wal and -shm).
    enum class ReadMode { LeaveNoTrace, Locking };
    bool OpenExisting(const std::string& path, std::string& error, ReadMode mode = ReadMode::LeaveNoTrace);
    // After reading through OpenExisting(LeaveNoTrace): true when the file may have changed
    // while it was read without locks (a kiosk started writing to it). What was read may then be
    // torn: read again with ReadMode::Locking.
    bool ChangedSinceOpened() const;
    void Close();

    int SchemaVersion() const; // PRAGMA user_version; -1 when not open or unreadable
    bool IsOpen() const { return Handle != nullptr; }
    // The last Open/OpenOrRecover failed only because another process held the file locked past
    // the deadline (creating, migrating or checking it): worth trying again, unlike a refusal.
    bool OpenFailedBusy() const { return Busy; }
    const std::string& Path() const { return FilePath; }

    // Stores one ballot in one transaction. Returns true only once COMMIT has returned OK;
    // on any failure (disk full, read-only, I/O) the transaction is rolled back and `error` says why.
    // The ballot is also marked not yet sent (the outbox) in that same transaction.
    bool RecordBallot(const Ballot& ballot, std::string& error);
    // Stores every ballot in one transaction, each checked as RecordBallot checks one: all of them,
    // or none on any refusal or failure (`error` names the ballot). For many ballots at once (the
    // storage benchmark, test databases), where a transaction each would wait for the disk each time.
    // `upload` Pending marks them not yet sent, as RecordBallot does; AlreadySent does not (ballots
    // read back from the central server into a database in memory, for ess-tally).
    enum class Upload { Pending, AlreadySent };
    bool RecordBallots(const std::vector<Ballot>& ballots, std::string& error, Upload upload = Upload::Pending);

    // The outbox, for the upload to a central server. Up to `limit` ballots not yet sent (levers
    // sorted by id), ordered by uuid; false with `error` when they cannot be read.
    bool PendingBallots(size_t limit, std::vector<Ballot>& ballots, std::string& error) const;
    // Marks these ballots sent, in one transaction, and stores the time in meta "last_sent_at".
    // Call it only once the server's COMMIT has returned. Uuids not pending are ignored.
    bool MarkSent(const std::vector<std::string>& uuids, std::string& error);
    // Ballots not yet sent; -1 when not open or unreadable. A schema 1 file (no outbox: opened
    // read-only by ess-tally) counts every ballot, as its migration would mark them all pending.
    int64_t PendingCount() const;
    // When MarkSent last ran (ISO 8601 UTC), empty if never.
    std::string LastSentAt() const { return GetMeta("last_sent_at"); }
    // The newest ballot's created_utc, empty when there is none (for the heartbeat).
    std::string LastBallotUtc() const;
    bool LoadTally(Tally& tally, std::string& error) const;
    // Every ballot, ordered by time then UUID (for export and tests).
    bool LoadBallots(std::vector<Ballot>& ballots, std::string& error) const;
    // As LoadBallots, one ballot at a time so a million need not fit in memory; each ballot's
    // levers come sorted by id. `visit` returns false to stop early.
    bool ForEachBallot(const std::function<bool(const Ballot&)>& visit, std::string& error) const;
    // The same figures as LoadTally, recounted from every ballot row (slow: a full scan). LoadTally
    // reads counters kept up to date by the schema; this checks them (ess-tally verify).
    bool RecountTally(Tally& tally, std::string& error) const;
    Health CheckHealth() const;

    // Moves the current file aside to "<dir>/<stem>-archive-<UTC timestamp>.db" (kept, never
    // deleted) and starts a fresh empty database at the same path. `archived_to` names the archive.
    bool ArchiveAndReset(std::string& archived_to, std::string& error);

    // The visit log (issue #14, schema 3). Stores one visit and its views in one transaction,
    // durable as a ballot is: true only once COMMIT has returned OK; on any failure (busy past
    // the connection's timeout, disk full, read-only, I/O) it is rolled back and `error` names
    // the file and the visit. Idempotent by id: a visit recorded twice is stored once, as first
    // recorded (true both times). Modes are stored sorted and comma-separated.
    // The visit is also marked not yet sent (the visits' outbox, schema 4) in that transaction.
    bool RecordVisit(const Visit& visit, std::string& error);
    // Many visits in one transaction, each checked as RecordVisit checks one: all or none (`error`
    // names the visit). `upload` as for RecordBallots: AlreadySent for visits read back from the
    // central server into memory (ess-tally).
    bool RecordVisits(const std::vector<Visit>& visits, std::string& error, Upload upload = Upload::Pending);
    // The visits' outbox, as the ballots' above: up to `limit` visits not yet sent, with their
    // views, ordered by id; MarkVisitsSent once the server's COMMIT has returned (ids not pending
    // are ignored); PendingVisitCount: 0 for a file before schema 3, every visit for one of schema
    // 3 (its migration marks them all), -1 when not open or unreadable.
    bool PendingVisits(size_t limit, std::vector<Visit>& visits, std::string& error) const;
    bool MarkVisitsSent(const std::vector<std::string>& ids, std::string& error);
    // Takes visits the central server refuses as they are out of the outbox (kept in the file,
    // never sent), without stamping last_sent_at.
    bool SetVisitsAside(const std::vector<std::string>& ids, std::string& error);
    int64_t PendingVisitCount() const;
    // The last RecordVisit or PurgeVisits failed only because another connection held the file
    // locked: worth trying again, unlike a full disk or a refused visit.
    bool WriteFailedBusy() const { return WriteBusy; }
    // The last RecordVisit(s) refused a visit as it is (no id, an unknown ending...): it will
    // never be storable, unlike one that met a full or read-only disk.
    bool WriteFailedRefused() const { return WriteRefused; }
    // Deletes, in one transaction, the visits (and their views) that started more than
    // `keep_months` (1 to 120) calendar months before `now_utc` (ISO 8601 UTC, e.g.
    // "2026-12-01T13:05Z" or with seconds); `purged` says how many visits went. Ballots are
    // never touched. A file before schema 3 has no visits: nothing to do.
    bool PurgeVisits(int keep_months, const std::string& now_utc, std::string& error, long long& purged);
    // Every visit with its views in order, ordered by start then id (tests, merge checks).
    bool LoadVisits(std::vector<Visit>& visits, std::string& error) const;
    // Visits recorded; 0 for a file before schema 3, -1 when not open or unreadable.
    int64_t VisitCount() const;
    // The visits that started at or after `since_utc` ("2026-12-01T00:00Z"), briefly, for
    // organiser mode: how many, their median length, how far they went. Known is false for a
    // file before schema 3.
    bool LoadVisitFigures(const std::string& since_utc, VisitFigures& figures, std::string& error) const;

    // Small key/value facts about this database (e.g. "last_export").
    bool SetMeta(const std::string& key, const std::string& value, std::string& error);
    std::string GetMeta(const std::string& key) const;

    // Tests only: makes every later write fail as on a read-only medium (PRAGMA query_only).
    bool RefuseWrites(std::string& error);

    static constexpr int kCurrentSchema = 4;
    static constexpr int kApplicationId = 0x45535334; // "ESS4": marks a kiosk database

    // A file's size, time and inode as seen before a read without locks (size -1: no file).
    struct FileStamp {
        int64_t Size = -1;
        int64_t ModifiedNs = 0;
        uint64_t Inode = 0;
        bool operator==(const FileStamp& o) const { return Size == o.Size && ModifiedNs == o.ModifiedNs && Inode == o.Inode; }
    };

private:
    friend struct SqliteAccess;       // storage's own files (sqlite_statement.h)
    friend struct DatabaseTestAccess; // tests only (tests/database_test_access.h)
    bool OpenForReading(const std::string& path, ReadMode mode, std::string& error);
    bool Opened(std::string& error) const; // false, with the reason, when no file is open
    sqlite3* Handle = nullptr;
    std::string FilePath;
    bool Busy = false;
    bool WriteBusy = false;
    bool WriteRefused = false;
    bool Unlocked = false;         // opened immutable: SQLite takes no lock, so changes are watched
    FileStamp MainStamp, WalStamp; // of FilePath and its -wal, before an unlocked read
    std::string PrivateCopyDir;    // a copy of the file and its -wal read instead of it; removed on Close
};

// Default database path: $XDG_DATA_HOME/ess-kiosk/ballots.db, else ~/.local/share/ess-kiosk/ballots.db.
std::string DefaultDatabasePath();
// Current time as ISO 8601 UTC with milliseconds, and as a file-name-safe stamp (20261126T134512Z).
std::string UtcNowIso();
std::string UtcStampForFileName();

} // namespace ess

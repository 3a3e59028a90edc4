// Inside storage only: storing very many ballots at once (the organisers' merge), where the
// per-row triggers and inserts all over the secondary indexes cost ~50 us a ballot.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;

namespace ess {

class Database;

// tally_counts rows for ballots stored in bulk, keyed exactly as the schema's triggers key them,
// so the counters still match RecountTally afterwards.
class TallyCounter {
public:
    void AddBallot(std::string_view kiosk_id, std::string_view created_utc, int flags);
    void AddLever(std::string_view lever_id);

private:
    friend class BulkLoad;
    int64_t BallotCount = 0;
    int64_t FlaggedCount = 0;
    std::unordered_map<std::string, int64_t> Kiosks, Levers;
    // created_utc by its first 13 bytes when they are plain ASCII: the triggers' substr() then cuts
    // those very bytes. Any other value is kept whole and cut by SQLite itself (UTF-8, NULs).
    std::unordered_map<std::string, int64_t> HourPrefixes, OtherTimes;
    std::string Scratch; // reused lookup key: no allocation per ballot
};

// Begin starts a transaction on `db` (unless one is open) and drops every trigger and secondary
// index, keeping their SQL; the caller inserts rows (sorted by uuid: then every B-tree only grows
// at its end) and counts them in a TallyCounter; Finish adds those counts to tally_counts,
// recreates the indexes and triggers from the kept SQL (so the schema is exactly what the
// migrations made) and commits. BuildDeferredIndexes recreates the indexes earlier, e.g. before
// copying in rows that bring their index entries along. A failure rolls everything back (unless
// the caller turned the journal off); so does Abort, which also rolls back a plain transaction.
// The inserts must keep what the dropped objects would have: ballots counted, never changed.
// `db` must stay open while the load is in progress.
class BulkLoad {
public:
    explicit BulkLoad(Database& db);
    bool Begin(std::string& error);
    bool BuildDeferredIndexes(std::string& error);
    bool Finish(const TallyCounter& added, std::string& error);
    void Abort();

private:
    sqlite3* Handle;
    std::string Path;
    std::vector<std::string> DeferredIndexes, DeferredTriggers; // their CREATE statements, while loading
};

} // namespace ess

// Getting figures out of kiosk databases: JSON export and merging several kiosks' files (CSV:
// export_csv.h, XLSX: export_xlsx.h).
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "storage/database.h"

namespace ess {

// JSON (UTF-8, no BOM): {"ballots":[{uuid,kiosk_id,created_utc,content_version,flags,levers:[...]}...],
// "tally":{"ballots":N,"flagged":N,"per_lever":[{"lever_id","label","ballots"}...],"per_kiosk":[...],"per_day":[...]}}
bool ExportJson(const Database& db, const std::vector<std::pair<std::string, std::string>>& labels, std::ostream& out,
                std::string& error);

struct MergeReport {
    struct Input {
        std::string Path;
        int64_t Added = 0;                          // ballots new to OUT
        int64_t Skipped = 0;                        // already in OUT (same UUID)
        int64_t VisitsAdded = 0, VisitsSkipped = 0; // the visit log, by visit id (none before schema 3)
    };
    std::vector<Input> Inputs;
    int64_t Total = 0;       // ballots in OUT afterwards
    int64_t TotalVisits = 0; // visits in OUT afterwards
};

// Merges every input into `out_path` (created if missing), idempotent and order-independent
// (ballots are keyed by UUID). Every input is checked first (a kiosk database, schema not
// newer, integrity ok); if any is refused, OUT is left untouched and `error` says which and why.
// All or nothing, even if the machine stops midway: a new OUT is built in a temporary file
// beside it and renamed into place once flushed to disk; an existing OUT takes the new ballots
// in one transaction (none when nothing is new). The inputs are read into memory, about 150
// bytes a ballot: a million ballots are merged in a few seconds. Visits (schema 3) are merged in
// that same transaction, by visit id, streamed from each input in turn (see merge_visits.h).
bool MergeDatabases(const std::string& out_path, const std::vector<std::string>& inputs, MergeReport& report, std::string& error);
// As MergeDatabases, into a database already open read-write (e.g. ":memory:", to combine several
// kiosks' files for a summary without writing any file). Same checks, same single transaction.
// `with_visits` false: the ballots only (an export or a chart, which show no visit).
bool MergeInto(Database& out, const std::vector<std::string>& inputs, MergeReport& report, std::string& error,
               bool with_visits = true);

} // namespace ess

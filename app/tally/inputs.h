// What ess-tally's commands share: the folders of the content they name levers and mutations
// with, and reading one database, several, or a central server as one (a ballot or a visit in
// two inputs counted once).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "storage/database.h"
#include "storage/export_tables.h"
#include "tally/report.h"

namespace ess::tally {

// "ess-tally: MESSAGE" on stderr; returns 1, the exit status of a command that failed.
int Fail(const std::string& message);

struct Folders {
    std::string Content, Assets; // empty: the bundled content/ and assets/
};
void AddFolderOptions(CLI::App* command, Folders& folders, bool assets);

struct Levers {
    LeverLabels Labels; // id → plain text, in the content's order
    std::string Title;  // "Comment agir ?", empty without content
};
// Lever wording from the content; without usable content the tool still works, showing ids
// (said once, on stderr, so stdout stays clean for exports).
Levers LoadLevers(const Folders& folders);
// The report's content: lever wording, mutation titles, colours and word counts. Without usable
// content the report still comes out, levers by id and mutations by number (said once on stderr).
ReportContent LoadReportContent(const Folders& folders);

// Whether a command reads the visit log too: the report and the summary do; an export or a chart
// shows ballots only, and need not copy a server's or several files' visits into memory.
enum class Visits { Skip, Read };

// Runs `read` on `path` opened read-only, leaving nothing beside it; if a kiosk wrote to the file
// meanwhile (the read took no lock), reads it once more with SQLite's locks. A central server's
// URL is read into memory instead, by the same code paths from then on.
bool ReadDatabase(const std::string& path, Visits visits, Database& db, const std::function<bool(std::string&)>& read,
                  std::string& error);
// One input is read as it is; several are merged into memory first, so that a ballot found in
// two (a kiosk's own file and an earlier merge) is counted once; `duplicates` says how many were.
bool ReadCombined(const std::vector<std::string>& paths, Visits visits, const std::function<bool(Database&, std::string&)>& read,
                  int64_t& duplicates, std::string& error);
// The tally of one database, or of several counted as one (no visit read).
bool CombinedTally(const std::vector<std::string>& paths, Tally& tally, int64_t& duplicates, std::string& error);

} // namespace ess::tally

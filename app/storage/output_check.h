// Refusing outputs that would destroy what the organisers' tool reads or keeps: an input (by any
// path to it), an SQLite database or its journal. Checked before anything is written.
#pragma once
#include <string>
#include <vector>

namespace ess {

enum class OutputKind {
    Report,   // a CSV, JSON, XLSX or PNG: may replace an old report, never a database
    Database, // merge's -o: a kiosk database by design, checked as such by the merge itself
};

// False, with `error` naming the file and saying what to do, when `output` is one of `inputs`
// (compared by device and inode once links are followed: a symbolic link, a hard link and
// "./x.db" are all the same file), one of their -wal, -shm or -journal files, a folder, or
// (for a report) an existing SQLite database or write-ahead log. An output that does not exist
// yet is fine.
bool CheckOutputPath(const std::string& output, const std::vector<std::string>& inputs, OutputKind kind, std::string& error);

// The file starts as an SQLite database does ("SQLite format 3\0") or as its write-ahead log.
bool LooksLikeSqliteFile(const std::string& path);

} // namespace ess

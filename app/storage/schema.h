// Inside storage only: what a file claims to be, and making it a kiosk database. Shared by the
// kiosk's opening (database_open.cpp) and the organisers' read-only opening (database_read.cpp).
#pragma once
#include <string>

struct sqlite3;

namespace ess {

// A kiosk database of a schema this software knows, or (with `allow_new`) a brand-new empty
// file. Reads application_id, user_version and the schema in one read transaction (or in the
// caller's), so that it never sees a file half created by another process.
bool CheckIdentity(sqlite3* db, const std::string& path, bool allow_new, std::string& error);

// Checks the file's identity, then creates or migrates its schema (with the application_id on a
// new file), all in one write transaction: another process sees the file before or after, never
// half made. Returns SQLite's result code (busy: try again) or SQLITE_ERROR for a refused file.
int CreateOrMigrate(sqlite3* db, const std::string& path, std::string& error);

} // namespace ess

// Inside storage only: what a file claims to be, shared by the kiosk's opening (database.cpp) and
// the organisers' read-only opening (database_read.cpp).
#pragma once
#include <string>

struct sqlite3;

namespace ess {

// A kiosk database of a schema this software knows, or (with `allow_new`) a brand-new empty
// file. Reads application_id, user_version and the schema in one read transaction (or in the
// caller's), so that it never sees a file half created by another process.
bool CheckIdentity(sqlite3* db, const std::string& path, bool allow_new, std::string& error);

} // namespace ess

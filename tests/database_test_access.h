// Tests only: the SQLite connection of a Database, for what a test does that a kiosk never does
// (a PRAGMA that makes test data quick to write, an UPDATE proved refused, a header field read).
// Storage has no public raw handle: reaching it takes this header, which only tests include.
#pragma once
#include "storage/database.h"

struct sqlite3;

namespace ess {

struct DatabaseTestAccess {
    static sqlite3* Handle(const Database& db) { return db.Handle; }
};

} // namespace ess

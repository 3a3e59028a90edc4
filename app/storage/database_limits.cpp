// Test support: a database that refuses writes, as a read-only medium would, through SQLite itself.
#include <sqlite3.h>

#include "storage/database.h"

namespace ess {

bool Database::RefuseWrites(std::string& error)
{
    if (!Handle) {
        error = "database not open";
        return false;
    }
    const std::string sql = "PRAGMA query_only=ON";
    char* message = nullptr;
    if (sqlite3_exec(Handle, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        error = FilePath + ": " + (message ? message : "cannot refuse writes");
        sqlite3_free(message);
        return false;
    }
    return true;
}

} // namespace ess

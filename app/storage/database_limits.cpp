// Test support: a database that refuses writes, as a read-only medium would, through SQLite itself.
#include "storage/database.h"
#include "storage/sqlite_statement.h"

namespace ess {

bool Database::RefuseWrites(std::string& error)
{
    return Opened(error) && RunSql(Handle, FilePath, "PRAGMA query_only=ON", error) == SQLITE_OK;
}

} // namespace ess

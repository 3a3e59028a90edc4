// The SQLite helpers every storage file shares (see sqlite_statement.h).
#include "storage/sqlite_statement.h"

#include "storage/database.h"

namespace ess {

int RunSql(sqlite3* db, const std::string& path, const char* sql, std::string& error)
{
    char* message = nullptr;
    int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) error = path + ": " + (message ? message : sqlite3_errmsg(db));
    sqlite3_free(message);
    return rc;
}

int ReadPragmaInt(sqlite3* db, const char* sql, int& value)
{
    Statement s(db, sql);
    if (!s.Ok()) return s.PrepareResult();
    int rc = s.Step();
    if (rc == SQLITE_ROW) {
        value = s.Int(0);
        return SQLITE_OK;
    }
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

sqlite3* SqliteAccess::Handle(const Database& db)
{
    return db.Handle;
}

} // namespace ess

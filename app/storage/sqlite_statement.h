// Inside storage only: the thin RAII layer over SQLite's C API that every storage file shares (a
// prepared statement, running SQL with an error that names the file, one-integer PRAGMAs).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include <sqlite3.h>

namespace ess {

class Database;

// A prepared statement that finalizes itself, so no early return can leave one behind (an
// unfinalized statement would make sqlite3_close fail and keep the file open).
class Statement {
public:
    Statement(sqlite3* db, const char* sql) { PrepareCode = sqlite3_prepare_v2(db, sql, -1, &Stmt, nullptr); }
    ~Statement() { sqlite3_finalize(Stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool Ok() const { return PrepareCode == SQLITE_OK; }
    int PrepareResult() const { return PrepareCode; }
    int Step() { return sqlite3_step(Stmt); }
    void Reset() { sqlite3_reset(Stmt); }

    // A copy of the text: the string may go before the statement runs.
    int BindText(int index, const std::string& text)
    {
        return sqlite3_bind_text(Stmt, index, text.data(), (int)text.size(), SQLITE_TRANSIENT);
    }
    // No copy: the text must stay valid until the statement has run (the merge binds views into
    // its arena). A view without data binds NULL.
    int BindView(int index, std::string_view text)
    {
        return sqlite3_bind_text(Stmt, index, text.data(), (int)text.size(), SQLITE_STATIC);
    }
    int BindStatic(int index, const char* text) { return sqlite3_bind_text(Stmt, index, text, -1, SQLITE_STATIC); }
    int BindNull(int index) { return sqlite3_bind_null(Stmt, index); }
    int BindInt(int index, int value) { return sqlite3_bind_int(Stmt, index, value); }
    int BindInt64(int index, int64_t value) { return sqlite3_bind_int64(Stmt, index, value); }
    int BindDouble(int index, double value) { return sqlite3_bind_double(Stmt, index, value); }
    // A column of another statement as it is (type and all); valid until that one steps.
    int BindValue(int index, const sqlite3_value* value) { return sqlite3_bind_value(Stmt, index, value); }

    // A column's text; NULL reads as "". View is valid until the next Step.
    std::string Text(int column) const
    {
        std::string_view text = View(column);
        return std::string(text.data() ? text.data() : "", text.size());
    }
    std::string_view View(int column) const
    {
        const char* text = (const char*)sqlite3_column_text(Stmt, column);
        return text ? std::string_view(text, (size_t)sqlite3_column_bytes(Stmt, column)) : std::string_view();
    }
    int Int(int column) const { return sqlite3_column_int(Stmt, column); }
    int64_t Int64(int column) const { return sqlite3_column_int64(Stmt, column); }
    double Double(int column) const { return sqlite3_column_double(Stmt, column); }
    sqlite3_value* Value(int column) const { return sqlite3_column_value(Stmt, column); }
    bool IsNull(int column) const { return sqlite3_column_type(Stmt, column) == SQLITE_NULL; }

private:
    sqlite3_stmt* Stmt = nullptr;
    int PrepareCode = SQLITE_ERROR;
};

// Runs SQL; returns SQLite's result code, with `error` saying what and where (`path`) when it is
// not OK.
int RunSql(sqlite3* db, const std::string& path, const char* sql, std::string& error);

// Reads a one-integer PRAGMA (or query); returns the SQLite result code so callers can tell "not
// a database" from other failures. `value` is left as it was when there is no row.
int ReadPragmaInt(sqlite3* db, const char* sql, int& value);

// Another connection holds the lock: worth waiting for, unlike any other failure.
inline bool IsBusy(int rc)
{
    return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
}

// Rolls back the transaction in progress, if any: on a path that is failing already, whose error
// is the one to report.
inline void RollBackIfOpen(sqlite3* db)
{
    if (db && !sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
}

// The connection of a Database, for storage's own files (the merge, the bulk load): Database has
// no public handle, so that only storage runs SQL.
struct SqliteAccess {
    static sqlite3* Handle(const Database& db);
};

} // namespace ess

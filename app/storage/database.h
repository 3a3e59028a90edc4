// The kiosk's local SQLite database: opening, schema migrations. Only this module talks to SQLite.
#pragma once
#include <string>

struct sqlite3;

namespace ess {

class Database {
public:
    Database() = default;
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Opens (creating the file and its folder on first run) and migrates to the current schema.
    // On failure returns false and `error` says what and where; the kiosk keeps running.
    bool Open(const std::string& path, std::string& error);
    int SchemaVersion() const;
    bool IsOpen() const { return Handle != nullptr; }
    const std::string& Path() const { return FilePath; }

    static constexpr int kCurrentSchema = 1;

private:
    bool Exec(const char* sql, std::string& error);
    sqlite3* Handle = nullptr;
    std::string FilePath;
};

// Default database path: $XDG_DATA_HOME/ess-kiosk/ballots.db, else ~/.local/share/ess-kiosk/ballots.db.
std::string DefaultDatabasePath();

} // namespace ess

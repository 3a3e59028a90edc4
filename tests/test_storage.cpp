// Database creation and schema versioning.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <sqlite3.h>

#include "core/paths.h"
#include "storage/database.h"

#include "saved_env.h"

using namespace ess;
namespace fs = std::filesystem;

TEST_CASE("a new database is created, with its folder, at the current schema")
{
    fs::path dir = fs::temp_directory_path() / "ess-test-db" / "nested";
    fs::remove_all(dir.parent_path());
    std::string error;
    {
        Database db;
        REQUIRE(db.Open((dir / "ballots.db").string(), error));
        CHECK(db.SchemaVersion() == Database::kCurrentSchema);
    }
    CHECK(fs::exists(dir / "ballots.db"));
    Database again; // reopening migrates nothing and loses nothing
    REQUIRE(again.Open((dir / "ballots.db").string(), error));
    CHECK(again.SchemaVersion() == Database::kCurrentSchema);
    fs::remove_all(dir.parent_path());
}

TEST_CASE("a database from a newer kiosk is refused with a clear message")
{
    fs::path file = fs::temp_directory_path() / "ess-test-newer.db";
    fs::remove(file);
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(file.string().c_str(), &raw) == SQLITE_OK);
    sqlite3_exec(raw, "PRAGMA user_version=99", nullptr, nullptr, nullptr);
    sqlite3_close(raw);
    Database db;
    std::string error;
    CHECK_FALSE(db.Open(file.string(), error));
    CHECK(error.find("newer") != std::string::npos);
    fs::remove(file);
}

TEST_CASE("a path that cannot be created is reported, not fatal")
{
    Database db;
    std::string error;
    CHECK_FALSE(db.Open("/proc/ess-kiosk/ballots.db", error));
    CHECK(error.find("/proc/ess-kiosk") != std::string::npos);
}

TEST_CASE("the default database follows the XDG base directories")
{
    // Restored afterwards: the other test cases of this process read the same environment.
    SavedVariable data("XDG_DATA_HOME"), cache("XDG_CACHE_HOME"), home("HOME");

    setenv("XDG_DATA_HOME", "/srv/data", 1);
    setenv("XDG_CACHE_HOME", "/srv/cache", 1);
    setenv("HOME", "/home/kiosk", 1);
    CHECK(DefaultDatabasePath() == "/srv/data/ess-kiosk/ballots.db");

    setenv("XDG_DATA_HOME", "", 1); // empty counts as unset
    unsetenv("XDG_CACHE_HOME");
    CHECK(XdgDataHome() == "/home/kiosk/.local/share");
    CHECK(DefaultDatabasePath() == "/home/kiosk/.local/share/ess-kiosk/ballots.db");

    unsetenv("HOME");
    CHECK(XdgDataHome().empty());
    CHECK(DefaultDatabasePath() == "./.local/share/ess-kiosk/ballots.db");
}

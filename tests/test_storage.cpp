// Database creation and schema versioning.
#include <doctest/doctest.h>

#include <filesystem>

#include <sqlite3.h>

#include "storage/database.h"

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

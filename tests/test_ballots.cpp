// Ballot storage: recording, tallies, and what happens when the disk, the file or the schema is
// not what the kiosk expects (full, read-only, damaged, newer, archived).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "storage/database.h"

#include "database_test_access.h"
#include "temp_dir.h"

using namespace ess;
namespace fs = std::filesystem;

namespace {

const char* const kLeverIds[] = {"portage-politique", "co-construction", "lacher-prise", "vision-partagee",
                                 "approche-par-enjeux"};

std::string RandomUuid(std::mt19937& rng)
{
    char text[40];
    std::snprintf(text, sizeof text, "%08x-%04x-4%03x-%04x-%08x%04x", (unsigned)rng(), (unsigned)rng() & 0xffff,
                  (unsigned)rng() & 0xfff, 0x8000 | ((unsigned)rng() & 0x3fff), (unsigned)rng(), (unsigned)rng() & 0xffff);
    return text;
}

Ballot MakeBallot(const std::string& uuid, const std::string& kiosk, const std::string& created, std::vector<std::string> levers,
                  int flags = kBallotFlagNone)
{
    Ballot b;
    b.Uuid = uuid;
    b.KioskId = kiosk;
    b.CreatedUtc = created;
    b.ContentVersion = "content-v1";
    b.Levers = std::move(levers);
    b.Flags = flags;
    return b;
}

// Random ballots over several kiosks, three days and every hour, with a fixed seed.
std::vector<Ballot> GenerateBallots(int count, unsigned seed)
{
    std::mt19937 rng(seed);
    const char* kiosks[] = {"hall-a", "hall-b", "entrance"};
    std::vector<Ballot> ballots;
    for (int i = 0; i < count; i++) {
        char created[40];
        std::snprintf(created, sizeof created, "2026-11-%02dT%02d:%02d:%02d.%03dZ", 26 + (int)(rng() % 3), (int)(rng() % 24),
                      (int)(rng() % 60), (int)(rng() % 60), (int)(rng() % 1000));
        std::vector<std::string> levers;
        for (const char* id : kLeverIds)
            if (rng() % 3 == 0) levers.push_back(id);
        if (levers.empty()) levers.push_back(kLeverIds[rng() % 5]);
        ballots.push_back(MakeBallot(RandomUuid(rng), kiosks[rng() % 3], created, levers,
                                     rng() % 7 == 0 ? kBallotFlagFastRate : kBallotFlagNone));
    }
    return ballots;
}

// Test data only: without this every ballot waits for an fsync and the suite gets slow.
void RecordAll(Database& db, const std::vector<Ballot>& ballots)
{
    sqlite3_exec(DatabaseTestAccess::Handle(db), "PRAGMA synchronous=OFF", nullptr, nullptr, nullptr);
    std::string error;
    for (const Ballot& b : ballots) REQUIRE_MESSAGE(db.RecordBallot(b, error), error);
    sqlite3_exec(DatabaseTestAccess::Handle(db), "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
}

// A closed database file at `path` holding `count` generated ballots.
void WriteDatabase(const std::string& path, int count, unsigned seed)
{
    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.Open(path, error), error);
    RecordAll(db, GenerateBallots(count, seed));
}

// A kiosk database with three ballots whose user_version then says `version`.
void WriteDatabaseOfSchema(const std::string& path, int version)
{
    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.Open(path, error), error);
    RecordAll(db, GenerateBallots(3, 4));
    CHECK(sqlite3_exec(DatabaseTestAccess::Handle(db), ("PRAGMA user_version=" + std::to_string(version)).c_str(), nullptr,
                       nullptr, nullptr) == SQLITE_OK);
}

std::string ReadBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int64_t CountRows(Database& db, const std::string& sql)
{
    sqlite3_stmt* stmt = nullptr;
    int64_t n = -1;
    if (sqlite3_prepare_v2(DatabaseTestAccess::Handle(db), sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        n = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return n;
}

std::map<std::string, int64_t> AsMap(const std::vector<Count>& counts)
{
    std::map<std::string, int64_t> map;
    for (const Count& c : counts) map[c.Key] = c.Ballots;
    return map;
}

bool Contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

std::vector<fs::path> FilesStartingWith(const fs::path& dir, const std::string& prefix)
{
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().filename().string().rfind(prefix, 0) == 0) found.push_back(entry.path());
    return found;
}

} // namespace

TEST_CASE("ballots: a recorded ballot loads back as it was, ordered by time then uuid")
{
    TempDir dir("round-trip");
    std::string error;
    std::vector<Ballot> recorded = {
        MakeBallot("cccccccc-0000-4000-8000-000000000003", "hall-a", "2026-11-26T14:00:00.000Z", {"lacher-prise"}),
        MakeBallot("bbbbbbbb-0000-4000-8000-000000000002", "hall-b", "2026-11-26T13:45:12.345Z",
                   {"vision-partagee", "co-construction", "portage-politique"}, kBallotFlagFastRate),
        MakeBallot("aaaaaaaa-0000-4000-8000-000000000001", "hall-a", "2026-11-26T14:00:00.000Z", {"co-construction"}),
    };
    {
        Database db;
        REQUIRE_MESSAGE(db.Open(dir / "ballots.db", error), error);
        for (const Ballot& b : recorded) REQUIRE_MESSAGE(db.RecordBallot(b, error), error);
    }
    Database db; // a new connection: what was committed is on disk, not only in a cache
    REQUIRE_MESSAGE(db.Open(dir / "ballots.db", error), error);
    std::vector<Ballot> loaded;
    REQUIRE_MESSAGE(db.LoadBallots(loaded, error), error);
    REQUIRE(loaded.size() == 3);
    CHECK(loaded[0].Uuid == recorded[1].Uuid); // 13:45 first, then the two at 14:00 by uuid
    CHECK(loaded[1].Uuid == recorded[2].Uuid);
    CHECK(loaded[2].Uuid == recorded[0].Uuid);
    const Ballot& b = loaded[0];
    CHECK(b.KioskId == "hall-b");
    CHECK(b.CreatedUtc == "2026-11-26T13:45:12.345Z");
    CHECK(b.ContentVersion == "content-v1");
    CHECK(b.Flags == kBallotFlagFastRate);
    CHECK(b.Levers == std::vector<std::string>{"co-construction", "portage-politique", "vision-partagee"}); // sorted by id
}

TEST_CASE("ballots: tallies per lever, kiosk, day and hour match a generated set")
{
    TempDir dir("tally");
    std::vector<Ballot> ballots = GenerateBallots(600, 2040);
    std::map<std::string, int64_t> per_lever, per_kiosk, per_day, per_hour;
    int64_t flagged = 0;
    for (const Ballot& b : ballots) {
        for (const std::string& lever : b.Levers) per_lever[lever]++;
        per_kiosk[b.KioskId]++;
        per_day[b.CreatedUtc.substr(0, 10)]++;
        per_hour[b.CreatedUtc.substr(0, 10) + " " + b.CreatedUtc.substr(11, 2)]++;
        flagged += b.Flags != 0;
    }
    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.Open(dir / "ballots.db", error), error);
    RecordAll(db, ballots);

    Tally tally;
    REQUIRE_MESSAGE(db.LoadTally(tally, error), error);
    CHECK(tally.Ballots == 600);
    CHECK(tally.Flagged == flagged);
    CHECK(AsMap(tally.PerLever) == per_lever);
    CHECK(AsMap(tally.PerKiosk) == per_kiosk);
    CHECK(AsMap(tally.PerDay) == per_day);
    CHECK(AsMap(tally.PerHour) == per_hour);
    CHECK(tally.PerDay.size() == 3);
    CHECK(tally.PerHour.size() == 72);
    // Most chosen first, ties by id; days and hours in time order.
    CHECK(std::is_sorted(tally.PerLever.begin(), tally.PerLever.end(), [](const Count& a, const Count& b) {
        return a.Ballots != b.Ballots ? a.Ballots > b.Ballots : a.Key < b.Key;
    }));
    CHECK(tally.PerDay.front().Key == "2026-11-26");
    CHECK(tally.PerHour.front().Key == "2026-11-26 00");
    CHECK(tally.PerHour.back().Key == "2026-11-28 23");

    // The counters LoadTally reads agree with a recount from the rows.
    Tally recount;
    REQUIRE_MESSAGE(db.RecountTally(recount, error), error);
    CHECK(recount.Ballots == tally.Ballots);
    CHECK(recount.Flagged == tally.Flagged);
    CHECK(AsMap(recount.PerLever) == per_lever);
    CHECK(AsMap(recount.PerKiosk) == per_kiosk);
    CHECK(AsMap(recount.PerHour) == per_hour);
}

TEST_CASE("ballots: an invalid ballot is refused and nothing of it is stored")
{
    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.Open(":memory:", error), error);
    const std::string t = "2026-11-26T13:45:12.345Z";
    CHECK_FALSE(db.RecordBallot(MakeBallot("", "k", t, {"lacher-prise"}), error));
    CHECK(Contains(error, "empty uuid"));
    CHECK_FALSE(db.RecordBallot(MakeBallot("u-1", "k", t, {}), error));
    CHECK(Contains(error, "no lever"));
    CHECK_FALSE(db.RecordBallot(MakeBallot("u-2", "k", t, {"lacher-prise", "co-construction", "lacher-prise"}), error));
    CHECK(Contains(error, "\"lacher-prise\" chosen twice"));
    CHECK(Contains(error, "u-2"));
    CHECK_FALSE(db.RecordBallot(MakeBallot("u-3", "k", t, {""}), error));
    CHECK_FALSE(db.RecordBallot(MakeBallot("u-4", "k", "26/11/2026 13:45", {"lacher-prise"}), error));
    CHECK(Contains(error, "not ISO 8601"));
    CHECK(CountRows(db, "SELECT count(*) FROM ballots") == 0);
    CHECK(CountRows(db, "SELECT count(*) FROM ballot_levers") == 0);
}

TEST_CASE("ballots: a second ballot with the same uuid is refused, the first kept as it was")
{
    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.Open(":memory:", error), error);
    REQUIRE(db.RecordBallot(MakeBallot("same-uuid", "hall-a", "2026-11-26T10:00:00.000Z", {"lacher-prise"}), error));
    CHECK_FALSE(db.RecordBallot(MakeBallot("same-uuid", "hall-b", "2026-11-26T11:00:00.000Z", {"co-construction"}), error));
    CHECK(Contains(error, "same-uuid"));
    CHECK(Contains(error, "already recorded"));
    std::vector<Ballot> loaded;
    REQUIRE(db.LoadBallots(loaded, error));
    REQUIRE(loaded.size() == 1);
    CHECK(loaded[0].KioskId == "hall-a");
    CHECK(loaded[0].Levers == std::vector<std::string>{"lacher-prise"});
    Tally tally;
    REQUIRE(db.LoadTally(tally, error));
    CHECK(tally.Ballots == 1);
    CHECK(AsMap(tally.PerLever) == std::map<std::string, int64_t>{{"lacher-prise", 1}});
}

TEST_CASE("ballots: a batch is stored whole, with the same tallies as one ballot at a time")
{
    const std::vector<Ballot> ballots = GenerateBallots(300, 5);
    Database one_by_one, batched;
    std::string error;
    REQUIRE_MESSAGE(one_by_one.Open(":memory:", error), error);
    REQUIRE_MESSAGE(batched.Open(":memory:", error), error);
    RecordAll(one_by_one, ballots);
    REQUIRE_MESSAGE(batched.RecordBallots(ballots, error), error);
    REQUIRE_MESSAGE(batched.RecordBallots({}, error), error); // an empty batch stores nothing, and is no error
    Tally expected, tally, recount;
    REQUIRE(one_by_one.LoadTally(expected, error));
    REQUIRE(batched.LoadTally(tally, error));
    REQUIRE(batched.RecountTally(recount, error));
    CHECK(tally.Ballots == 300);
    CHECK(tally.Flagged == expected.Flagged);
    CHECK(AsMap(tally.PerLever) == AsMap(expected.PerLever));
    CHECK(AsMap(tally.PerHour) == AsMap(expected.PerHour));
    CHECK(AsMap(recount.PerLever) == AsMap(tally.PerLever));
    std::vector<Ballot> a, b;
    REQUIRE(one_by_one.LoadBallots(a, error));
    REQUIRE(batched.LoadBallots(b, error));
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); i++) CHECK(a[i].Uuid == b[i].Uuid);
}

TEST_CASE("ballots: a batch with one bad ballot stores none of them, naming the bad one")
{
    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.Open(":memory:", error), error);
    const std::string t = "2026-11-26T13:45:12.345Z";
    std::vector<Ballot> batch = {MakeBallot("u-1", "k", t, {"lacher-prise"}), MakeBallot("u-2", "k", t, {})};
    CHECK_FALSE(db.RecordBallots(batch, error));
    CHECK(Contains(error, "ballot u-2: no lever"));
    // A refusal only SQLite can tell (the same uuid twice) rolls back the ballots already inserted.
    batch = {MakeBallot("u-1", "k", t, {"lacher-prise"}), MakeBallot("u-1", "k", t, {"co-construction"})};
    CHECK_FALSE(db.RecordBallots(batch, error));
    CHECK(Contains(error, "ballot u-1: already recorded"));
    CHECK(CountRows(db, "SELECT count(*) FROM ballots") == 0);
    CHECK(CountRows(db, "SELECT count(*) FROM ballot_levers") == 0);
    Tally tally;
    REQUIRE(db.LoadTally(tally, error));
    CHECK(tally.Ballots == 0);
    Database closed;
    CHECK_FALSE(closed.RecordBallots(batch, error));
    CHECK(Contains(error, "not open"));
}

TEST_CASE("ballots: a full disk refuses the whole ballot and the database stays usable")
{
    TempDir dir("disk-full");
    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.Open(dir / "ballots.db", error), error);
    RecordAll(db, GenerateBallots(5, 1));
    // The disk is "full" at the current size: any new page fails with SQLITE_FULL.
    int64_t pages = CountRows(db, "PRAGMA page_count");
    REQUIRE(CountRows(db, "PRAGMA max_page_count=" + std::to_string(pages)) == pages);
    Ballot big = MakeBallot("big-ballot", "hall-a", "2026-11-26T10:00:00.000Z", {"lacher-prise", "co-construction"});
    big.ContentVersion = std::string(64 * 1024, 'v'); // needs overflow pages
    CHECK_FALSE(db.RecordBallot(big, error));
    CHECK(Contains(error, "big-ballot"));
    CHECK(Contains(error, "full"));
    CHECK(CountRows(db, "SELECT count(*) FROM ballots") == 5);
    CHECK(CountRows(db, "SELECT count(*) FROM ballot_levers WHERE ballot_uuid = 'big-ballot'") == 0);
    Tally tally;
    REQUIRE(db.LoadTally(tally, error));
    CHECK(tally.Ballots == 5);

    // Space again: the same ballot goes in (no half-written row left in its way).
    CountRows(db, "PRAGMA max_page_count=1000000");
    CHECK_MESSAGE(db.RecordBallot(big, error), error);
    CHECK(CountRows(db, "SELECT count(*) FROM ballot_levers WHERE ballot_uuid = 'big-ballot'") == 2);
    REQUIRE(db.LoadTally(tally, error));
    CHECK(tally.Ballots == 6);
}

TEST_CASE("ballots: a read-only database refuses the ballot and says why")
{
    TempDir dir("read-only");
    std::string path = dir / "ballots.db";
    std::string error;
    {
        Database db;
        REQUIRE_MESSAGE(db.Open(path, error), error);
        REQUIRE(db.RecordBallot(MakeBallot("first", "hall-a", "2026-11-26T10:00:00.000Z", {"lacher-prise"}), error));
    }
    Ballot second = MakeBallot("second", "hall-a", "2026-11-26T10:01:00.000Z", {"co-construction"});
    fs::permissions(path, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read); // chmod 0444
    if (geteuid() != 0) {
        // A real write-protected file: the kiosk hears it at start-up, not at the first ballot.
        Database db;
        CHECK_FALSE(db.Open(path, error));
        CHECK(Contains(error, "read-only"));
    }
    // As root (CI) chmod does not stop writes, so open the file the way SQLite treats a
    // write-protected one: read-only. The same must happen in both cases.
    {
        Database db;
        REQUIRE_MESSAGE(db.OpenExisting(path, error), error);
        CHECK_FALSE(db.RecordBallot(second, error));
        CHECK(Contains(error, "readonly"));
        CHECK(Contains(error, "second"));
        std::vector<Ballot> loaded;
        REQUIRE(db.LoadBallots(loaded, error));
        CHECK(loaded.size() == 1);
    }
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
    // A connection turned read-only after opening (PRAGMA query_only): refused, then fine again.
    Database db;
    REQUIRE_MESSAGE(db.Open(path, error), error);
    CountRows(db, "PRAGMA query_only=1");
    CHECK_FALSE(db.RecordBallot(second, error));
    CHECK(Contains(error, "readonly"));
    CHECK(CountRows(db, "SELECT count(*) FROM ballots") == 1);
    CountRows(db, "PRAGMA query_only=0");
    CHECK_MESSAGE(db.RecordBallot(second, error), error);
    CHECK(CountRows(db, "SELECT count(*) FROM ballots") == 2);
}

TEST_CASE("ballots: a file that is not a database is moved aside, with its -wal, and a fresh one started")
{
    TempDir dir("garbage");
    std::string path = dir / "ballots.db";
    std::string garbage;
    for (int i = 0; i < 300; i++) garbage += "this is a note, not a database " + std::to_string(i) + "\n";
    std::ofstream(path, std::ios::binary) << garbage;
    std::ofstream(path + "-wal", std::ios::binary) << "leftover";

    Database db;
    std::string moved_to, error;
    REQUIRE_MESSAGE(db.OpenOrRecover(path, moved_to, error), error);
    REQUIRE_FALSE(moved_to.empty());
    CHECK(moved_to.rfind(path + ".corrupt-", 0) == 0);
    CHECK(ReadBytes(moved_to) == garbage);
    CHECK(ReadBytes(moved_to + "-wal") == "leftover");
    CHECK(db.SchemaVersion() == Database::kCurrentSchema);
    std::vector<Ballot> loaded;
    REQUIRE(db.LoadBallots(loaded, error));
    CHECK(loaded.empty());
    CHECK_MESSAGE(db.RecordBallot(MakeBallot("after", "hall-a", "2026-11-26T10:00:00.000Z", {"lacher-prise"}), error), error);
}

TEST_CASE("ballots: a database with damaged pages is moved aside byte for byte and a fresh one started")
{
    TempDir dir("damaged");
    std::string path = dir / "ballots.db";
    std::string error;
    WriteDatabase(path, 2000, 7);
    std::string bytes = ReadBytes(path);
    REQUIRE(bytes.size() > 40 * 4096);
    size_t middle = bytes.size() / 2 / 4096 * 4096;
    for (size_t i = middle; i < middle + 4 * 4096; i++) bytes[i] = (char)(i * 131 % 251);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;

    Database db;
    std::string moved_to;
    REQUIRE_MESSAGE(db.OpenOrRecover(path, moved_to, error), error);
    REQUIRE_FALSE(moved_to.empty());
    CHECK(ReadBytes(moved_to) == bytes);
    std::vector<Ballot> loaded;
    REQUIRE(db.LoadBallots(loaded, error));
    CHECK(loaded.empty());
    CHECK(db.CheckHealth().Ok);
}

TEST_CASE("ballots: a truncated database is moved aside and a fresh one started")
{
    TempDir dir("truncated");
    std::string path = dir / "ballots.db";
    std::string error;
    WriteDatabase(path, 2000, 8);
    std::string bytes = ReadBytes(path);
    bytes.resize(bytes.size() * 6 / 10 / 4096 * 4096); // a copy cut short
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;

    Database db;
    std::string moved_to;
    REQUIRE_MESSAGE(db.OpenOrRecover(path, moved_to, error), error);
    REQUIRE_FALSE(moved_to.empty());
    CHECK(ReadBytes(moved_to) == bytes);
    CHECK(db.CheckHealth().Ballots == 0);
}

TEST_CASE("ballots: OpenOrRecover keeps a sound database where it is")
{
    TempDir dir("sound");
    std::string path = dir / "ballots.db";
    std::string error, moved_to;
    WriteDatabase(path, 20, 3);
    Database db;
    REQUIRE_MESSAGE(db.OpenOrRecover(path, moved_to, error), error);
    CHECK(moved_to.empty());
    CHECK(db.CheckHealth().Ballots == 20);
    CHECK(FilesStartingWith(dir.Path, "ballots.db.corrupt").empty());
}

TEST_CASE("ballots: a database from a newer schema is refused everywhere and never moved aside")
{
    TempDir dir("newer");
    std::string path = dir / "ballots.db";
    std::string error, moved_to;
    WriteDatabaseOfSchema(path, 99);
    Database db;
    CHECK_FALSE(db.Open(path, error));
    CHECK(Contains(error, path + ": schema version 99 is newer"));
    CHECK_FALSE(db.IsOpen());
    CHECK_FALSE(db.OpenOrRecover(path, moved_to, error));
    CHECK(Contains(error, "newer"));
    CHECK(moved_to.empty());
    CHECK(fs::exists(path));
    CHECK(FilesStartingWith(dir.Path, "ballots.db.corrupt").empty());
    CHECK_FALSE(db.OpenExisting(path, error));
    CHECK(Contains(error, "newer"));
}

TEST_CASE("ballots: a negative schema version is refused, naming the file, and never migrated from")
{
    TempDir dir("negative-schema");
    std::string path = dir / "ballots.db";
    std::string error, moved_to;
    WriteDatabaseOfSchema(path, -1);
    Database db;
    CHECK_FALSE(db.Open(path, error));
    CHECK(Contains(error, path + ": kiosk database without a schema (user_version -1)"));
    CHECK_FALSE(db.IsOpen());
    CHECK(db.SchemaVersion() == -1); // not open
    CHECK_FALSE(db.OpenOrRecover(path, moved_to, error));
    CHECK(moved_to.empty());
    CHECK_FALSE(db.OpenExisting(path, error));
    CHECK(Contains(error, "user_version -1"));
}

TEST_CASE("ballots: OpenExisting refuses what is not a kiosk database, naming the file")
{
    TempDir dir("not-kiosk");
    std::string error;
    std::string plain = dir / "plain.db";
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(plain.c_str(), &raw) == SQLITE_OK);
    sqlite3_exec(raw, "CREATE TABLE ballots (uuid TEXT)", nullptr, nullptr, nullptr);
    sqlite3_close(raw);
    std::ofstream(dir / "notes.txt") << std::string(5000, 'x');

    Database db;
    CHECK_FALSE(db.OpenExisting(plain, error));
    CHECK(Contains(error, plain + ": not a kiosk database"));
    CHECK_FALSE(db.OpenExisting(dir / "notes.txt", error));
    CHECK(Contains(error, "notes.txt: not a database"));
    CHECK_FALSE(db.OpenExisting(dir / "missing.db", error));
    CHECK(Contains(error, "missing.db: no such file"));
    CHECK_FALSE(db.IsOpen());
    // The kiosk does not take over another program's database either.
    CHECK_FALSE(db.Open(plain, error));
    CHECK(Contains(error, "not a kiosk database"));
}

TEST_CASE("ballots: ArchiveAndReset keeps the old file with its ballots and starts afresh")
{
    TempDir dir("archive");
    std::string path = dir / "ballots.db";
    Database db;
    std::string error, archived_to, second_archive;
    REQUIRE_MESSAGE(db.Open(path, error), error);
    RecordAll(db, GenerateBallots(3, 5));
    REQUIRE_MESSAGE(db.ArchiveAndReset(archived_to, error), error);
    CHECK(archived_to.rfind(dir / "ballots-archive-", 0) == 0);
    CHECK(archived_to.size() > 3);
    CHECK(archived_to.substr(archived_to.size() - 3) == ".db");
    CHECK(db.IsOpen());
    CHECK(db.Path() == path);
    CHECK(db.CheckHealth().Ballots == 0);
    CHECK(db.RecordBallot(MakeBallot("new", "hall-a", "2026-11-27T10:00:00.000Z", {"lacher-prise"}), error));

    // Twice within the same second: a second archive, the first one untouched.
    REQUIRE_MESSAGE(db.ArchiveAndReset(second_archive, error), error);
    CHECK(second_archive != archived_to);
    Database archive;
    REQUIRE_MESSAGE(archive.OpenExisting(archived_to, error), error);
    CHECK(archive.CheckHealth().Ballots == 3);
    Database archive2;
    REQUIRE_MESSAGE(archive2.OpenExisting(second_archive, error), error);
    CHECK(archive2.CheckHealth().Ballots == 1);
}

TEST_CASE("ballots: health reports the check, the schema, the size and the count")
{
    TempDir dir("health");
    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.Open(dir / "ballots.db", error), error);
    RecordAll(db, GenerateBallots(10, 6));
    Health health = db.CheckHealth();
    CHECK(health.Ok);
    CHECK(health.QuickCheck == "ok");
    CHECK(health.SchemaVersion == Database::kCurrentSchema);
    CHECK(health.Ballots == 10);
    CHECK(health.FileBytes >= 4096);
    CHECK(CountRows(db, "PRAGMA application_id") == Database::kApplicationId);
}

TEST_CASE("ballots: a recorded ballot cannot be changed, so the tally stays right")
{
    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.Open(":memory:", error), error);
    REQUIRE(db.RecordBallot(MakeBallot("u", "hall-a", "2026-11-26T10:00:00.000Z", {"lacher-prise"}), error));
    CHECK(sqlite3_exec(DatabaseTestAccess::Handle(db), "UPDATE ballots SET kiosk_id = 'hall-b'", nullptr, nullptr, nullptr) !=
          SQLITE_OK);
    CHECK(sqlite3_exec(DatabaseTestAccess::Handle(db), "UPDATE ballot_levers SET lever_id = 'co-construction'", nullptr, nullptr,
                       nullptr) != SQLITE_OK);
    // Deleting (by hand, never by the kiosk) keeps the counters in step. A ballot still waiting
    // to be sent cannot go first (the outbox refers to it).
    CHECK(sqlite3_exec(DatabaseTestAccess::Handle(db), "DELETE FROM ballots", nullptr, nullptr, nullptr) != SQLITE_OK);
    CHECK(sqlite3_exec(DatabaseTestAccess::Handle(db), "DELETE FROM outbox; DELETE FROM ballot_levers; DELETE FROM ballots;",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
    Tally tally;
    REQUIRE(db.LoadTally(tally, error));
    CHECK(tally.Ballots == 0);
    CHECK(tally.PerLever.empty());
    CHECK(tally.PerKiosk.empty());
}

TEST_CASE("ballots: meta values are stored and replaced")
{
    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.Open(":memory:", error), error);
    CHECK(db.GetMeta("last_export").empty());
    REQUIRE(db.SetMeta("last_export", "2026-11-26T18:00:00.000Z", error));
    REQUIRE(db.SetMeta("last_export", "2026-11-27T18:00:00.000Z", error));
    CHECK(db.GetMeta("last_export") == "2026-11-27T18:00:00.000Z");
}

TEST_CASE("ballots: UTC timestamps have the documented shapes")
{
    auto shape = [](const std::string& text) {
        std::string s = text;
        for (char& c : s)
            if (c >= '0' && c <= '9') c = 'd';
        return s;
    };
    CHECK(shape(UtcNowIso()) == "dddd-dd-ddTdd:dd:dd.dddZ");
    CHECK(shape(UtcStampForFileName()) == "ddddddddTddddddZ");
}

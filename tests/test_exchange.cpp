// Export and merge: the exact CSV and JSON an organiser gets, and merges that are idempotent,
// order-independent and all-or-nothing on generated kiosk databases.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <sqlite3.h>
#include <unistd.h>

#include "storage/database.h"
#include "storage/exchange.h"
#include "storage/export_csv.h"

#include "database_test_access.h"
#include "temp_dir.h"

using namespace ess;
namespace fs = std::filesystem;

namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

std::vector<Ballot> GenerateBallots(const std::string& kiosk, int count, unsigned seed)
{
    const char* levers[] = {"portage-politique", "co-construction", "lacher-prise", "vision-partagee", "approche-par-enjeux"};
    std::mt19937 rng(seed);
    std::vector<Ballot> ballots;
    for (int i = 0; i < count; i++) {
        Ballot b;
        char text[48];
        std::snprintf(text, sizeof text, "%08x-%04x-4%03x-%04x-%08x%04x", (unsigned)rng(), (unsigned)rng() & 0xffff,
                      (unsigned)rng() & 0xfff, 0x8000 | ((unsigned)rng() & 0x3fff), (unsigned)rng(), (unsigned)rng() & 0xffff);
        b.Uuid = text;
        b.KioskId = kiosk;
        std::snprintf(text, sizeof text, "2026-11-%02dT%02d:%02d:%02d.%03dZ", 26 + (int)(rng() % 3), (int)(rng() % 24),
                      (int)(rng() % 60), (int)(rng() % 60), (int)(rng() % 1000));
        b.CreatedUtc = text;
        b.ContentVersion = "content-v1";
        b.Flags = rng() % 9 == 0 ? kBallotFlagFastRate : kBallotFlagNone;
        for (const char* id : levers)
            if (rng() % 3 == 0) b.Levers.push_back(id);
        if (b.Levers.empty()) b.Levers.push_back(levers[rng() % 5]);
        ballots.push_back(b);
    }
    return ballots;
}

void WriteKioskDb(const std::string& path, const std::vector<Ballot>& ballots)
{
    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.Open(path, error), error);
    sqlite3_exec(DatabaseTestAccess::Handle(db), "PRAGMA synchronous=OFF", nullptr, nullptr,
                 nullptr); // test data: no fsync per ballot
    for (const Ballot& b : ballots) REQUIRE_MESSAGE(db.RecordBallot(b, error), error);
}

// Every ballot of a file as one line of text: equal vectors mean the same rows.
std::vector<std::string> Rows(const std::string& path)
{
    Database db;
    std::string error;
    std::vector<Ballot> ballots;
    REQUIRE_MESSAGE(db.OpenExisting(path, error), error);
    REQUIRE_MESSAGE(db.LoadBallots(ballots, error), error);
    std::vector<std::string> rows;
    for (const Ballot& b : ballots) {
        std::string row =
            b.Uuid + "|" + b.KioskId + "|" + b.CreatedUtc + "|" + b.ContentVersion + "|" + std::to_string(b.Flags) + "|";
        for (const std::string& lever : b.Levers) row += lever + ",";
        rows.push_back(row);
    }
    return rows;
}

// The tally as text, from the counters and from a recount: they must agree, and equal files
// must have equal tallies.
std::string TallyText(const std::string& path)
{
    Database db;
    std::string error;
    Tally counters, recount;
    REQUIRE_MESSAGE(db.OpenExisting(path, error), error);
    REQUIRE_MESSAGE(db.LoadTally(counters, error), error);
    REQUIRE_MESSAGE(db.RecountTally(recount, error), error);
    auto text = [](const Tally& t) {
        std::string s = std::to_string(t.Ballots) + " " + std::to_string(t.Flagged) + "\n";
        for (const auto* list : {&t.PerLever, &t.PerKiosk, &t.PerDay, &t.PerHour}) {
            for (const Count& c : *list) s += c.Key + "=" + std::to_string(c.Ballots) + " ";
            s += "\n";
        }
        return s;
    };
    CHECK(text(counters) == text(recount));
    return text(counters);
}

MergeReport Merge(const std::string& out, const std::vector<std::string>& inputs)
{
    MergeReport report;
    std::string error;
    REQUIRE_MESSAGE(MergeDatabases(out, inputs, report, error), error);
    return report;
}

std::string ReadBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Three kiosks' files that overlap: B holds 50 of A's ballots, C holds 30 of B's own.
struct ThreeKiosks {
    TempDir Dir;
    std::string A, B, C;
    explicit ThreeKiosks(const std::string& name) : Dir(name), A(Dir / "a.db"), B(Dir / "b.db"), C(Dir / "c.db")
    {
        std::vector<Ballot> a = GenerateBallots("kiosk-a", 300, 11);
        std::vector<Ballot> b = GenerateBallots("kiosk-b", 200, 12);
        std::vector<Ballot> c = GenerateBallots("kiosk-c", 150, 13);
        std::vector<Ballot> b_file = b, c_file = c;
        b_file.insert(b_file.end(), a.begin(), a.begin() + 50);
        c_file.insert(c_file.end(), b.begin() + 100, b.begin() + 130);
        WriteKioskDb(A, a);
        WriteKioskDb(B, b_file);
        WriteKioskDb(C, c_file);
    }
};

Ballot OneBallot(const std::string& uuid, const std::string& kiosk, std::vector<std::string> levers)
{
    Ballot b;
    b.Uuid = uuid;
    b.KioskId = kiosk;
    b.CreatedUtc = "2026-11-26T13:45:12.345Z";
    b.ContentVersion = "v1";
    b.Levers = std::move(levers);
    return b;
}

// The same keys with the same counts, in the same order.
void CheckSameCounts(const std::vector<Count>& a, const std::vector<Count>& b)
{
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); i++) {
        CHECK(a[i].Key == b[i].Key);
        CHECK(a[i].Ballots == b[i].Ballots);
    }
}

} // namespace

namespace {

// The machine's time zone for one test, as a POSIX rule (no tzdata needed): Paris's.
struct ScopedTimeZone {
    std::string Old;
    bool Had = false;
    explicit ScopedTimeZone(const char* tz)
    {
        const char* old = std::getenv("TZ");
        Had = old != nullptr;
        if (Had) Old = old;
        ::setenv("TZ", tz, 1);
        ::tzset();
    }
    ~ScopedTimeZone()
    {
        if (Had)
            ::setenv("TZ", Old.c_str(), 1);
        else
            ::unsetenv("TZ");
        ::tzset();
    }
};
const char* const kParis = "CET-1CEST,M3.5.0,M10.5.0/3";

std::string Csv(const Database& db, const Labels& labels, ExportTable table)
{
    std::ostringstream out;
    std::string error;
    REQUIRE_MESSAGE(ExportCsv(db, labels, table, out, error), error);
    return out.str();
}

} // namespace

TEST_CASE("exchange: CSV tables, one a file, with a BOM, CRLF line ends, RFC 4180 quoting and local times")
{
    ScopedTimeZone paris(kParis);
    TempDir dir("csv");
    WriteKioskDb(dir / "k.db", {OneBallot("u-1", "hall \"B\", north", {"co-construction", "lacher-prise"})});
    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.OpenExisting(dir / "k.db", error), error);
    Labels labels = {{"lacher-prise", "Le développement de la culture du \"lâcher prise\", et de la prise de risque."},
                     {"co-construction", "La co-construction"},
                     {"vision-partagee", "Une vision partagée"}};
    // 13:45:12 UTC on 26 November is 14:45:12 in Paris (UTC+1 in winter).
    CHECK(Csv(db, labels, ExportTable::Ballots) ==
          "\xEF\xBB\xBF"
          "uuid,kiosk_id,local_date,local_time (UTC+01:00),created_utc,content_version,flags,lever_id,lever_label\r\n"
          "u-1,\"hall \"\"B\"\", north\",2026-11-26,14:45:12,2026-11-26T13:45:12.345Z,v1,0,co-construction,La co-construction\r\n"
          "u-1,\"hall \"\"B\"\", north\",2026-11-26,14:45:12,2026-11-26T13:45:12.345Z,v1,0,lacher-prise,"
          "\"Le développement de la culture du \"\"lâcher prise\"\", et de la prise de risque.\"\r\n");
    CHECK(Csv(db, labels, ExportTable::Levers) ==
          "\xEF\xBB\xBF"
          "lever_id,lever_label,ballots\r\n"
          "co-construction,La co-construction,1\r\n"
          "lacher-prise,\"Le développement de la culture du \"\"lâcher prise\"\", et de la prise de risque.\",1\r\n"
          "vision-partagee,Une vision partagée,0\r\n");
    CHECK(Csv(db, labels, ExportTable::Days) == "\xEF\xBB\xBF"
                                                "day_utc,ballots\r\n2026-11-26,1\r\n");
    CHECK(Csv(db, labels, ExportTable::Kiosks) == "\xEF\xBB\xBF"
                                                  "kiosk_id,ballots\r\n\"hall \"\"B\"\", north\",1\r\n");
}

TEST_CASE("exchange: CSV ballots across a change of summer time say each row's offset")
{
    ScopedTimeZone paris(kParis);
    TempDir dir("csv-dst");
    // Summer time in Paris ends on 25 October 2026 at 01:00 UTC (03:00 CEST becomes 02:00 CET).
    Ballot before = OneBallot("u-1", "hall", {"co-construction"}), after = OneBallot("u-2", "hall", {"co-construction"});
    before.CreatedUtc = "2026-10-25T00:30:00.000Z";
    after.CreatedUtc = "2026-10-25T01:30:00.000Z";
    WriteKioskDb(dir / "k.db", {before, after});
    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.OpenExisting(dir / "k.db", error), error);
    CHECK(Csv(db, {}, ExportTable::Ballots) ==
          "\xEF\xBB\xBF"
          "uuid,kiosk_id,local_date,local_time (UTC+01:00 or UTC+02:00: see utc_offset),utc_offset,created_utc,content_version,"
          "flags,lever_id,lever_label\r\n"
          "u-1,hall,2026-10-25,02:30:00,UTC+02:00,2026-10-25T00:30:00.000Z,v1,0,co-construction,\r\n"
          "u-2,hall,2026-10-25,02:30:00,UTC+01:00,2026-10-25T01:30:00.000Z,v1,0,co-construction,\r\n");
}

TEST_CASE("exchange: local times are spreadsheet serials of the local date and time")
{
    ScopedTimeZone paris(kParis);
    LocalTime t = ToLocalTime("2026-12-01T07:45:44.202Z");
    REQUIRE(t.Ok);
    CHECK(t.Date == "2026-12-01");
    CHECK(t.Time == "08:45:44");
    CHECK(t.OffsetMinutes == 60);
    // 2026-12-01 is day 46357 after 1899-12-30; 08:45:44.202 is 0.36509... of a day.
    CHECK(t.Serial == doctest::Approx(46357 + (8 * 3600 + 45 * 60 + 44.202) / 86400.0).epsilon(1e-12));
    CHECK_FALSE(ToLocalTime("yesterday").Ok);
    CHECK(UtcOffsetText(-270) == "UTC-04:30");
}

TEST_CASE("exchange: JSON escapes quotes, backslashes and control characters and keeps UTF-8")
{
    TempDir dir("json");
    Ballot b = OneBallot("u-1", "hall \"B\" \\ north\n\x01", {"lacher-prise"});
    b.Flags = kBallotFlagFastRate;
    b.ContentVersion = "é-œ";
    WriteKioskDb(dir / "k.db", {b});
    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.OpenExisting(dir / "k.db", error), error);
    std::ostringstream out;
    REQUIRE_MESSAGE(ExportJson(db, {{"lacher-prise", "Le \"lâcher prise\""}}, out, error), error);
    const std::string expected =
        "{\"ballots\":[\n"
        "{\"uuid\":\"u-1\",\"kiosk_id\":\"hall \\\"B\\\" \\\\ north\\u000a\\u0001\",\"created_utc\":\"2026-11-26T13:45:12.345Z\","
        "\"content_version\":\"é-œ\",\"flags\":1,\"levers\":[\"lacher-prise\"]}\n"
        "],\n"
        "\"tally\":{\"ballots\":1,\"flagged\":1,\n"
        "\"per_lever\":[\n"
        "{\"lever_id\":\"lacher-prise\",\"label\":\"Le \\\"lâcher prise\\\"\",\"ballots\":1}],\n"
        "\"per_kiosk\":[\n"
        "{\"kiosk_id\":\"hall \\\"B\\\" \\\\ north\\u000a\\u0001\",\"ballots\":1}],\n"
        "\"per_day\":[\n"
        "{\"day\":\"2026-11-26\",\"ballots\":1}]}}\n";
    CHECK(out.str() == expected);
}

TEST_CASE("exchange: a merge reports what each input added and skipped")
{
    ThreeKiosks k("report");
    std::string out = k.Dir / "out.db";
    MergeReport report = Merge(out, {k.A, k.B, k.C});
    REQUIRE(report.Inputs.size() == 3);
    CHECK(report.Inputs[0].Path == k.A);
    CHECK(report.Inputs[0].Added == 300);
    CHECK(report.Inputs[0].Skipped == 0);
    CHECK(report.Inputs[1].Added == 200);
    CHECK(report.Inputs[1].Skipped == 50);
    CHECK(report.Inputs[2].Added == 150);
    CHECK(report.Inputs[2].Skipped == 30);
    CHECK(report.Total == 650);
    Database db;
    std::string error;
    REQUIRE(db.OpenExisting(out, error));
    Tally tally;
    REQUIRE(db.LoadTally(tally, error));
    CHECK(tally.Ballots == 650);
    REQUIRE(tally.PerKiosk.size() == 3);
    CHECK(tally.PerKiosk[0].Ballots == 300);
    CHECK(tally.PerKiosk[1].Ballots == 200);
    CHECK(tally.PerKiosk[2].Ballots == 150);
    TallyText(out); // counters agree with the rows after a merge too
}

TEST_CASE("exchange: merging the same file twice is the same as once (idempotent)")
{
    ThreeKiosks k("idempotent");
    std::string out = k.Dir / "out.db";
    Merge(out, {k.A});
    std::vector<std::string> once = Rows(out);
    std::string tally_once = TallyText(out);
    MergeReport again = Merge(out, {k.A});
    CHECK(again.Inputs[0].Added == 0);
    CHECK(again.Inputs[0].Skipped == 300);
    CHECK(Rows(out) == once);
    CHECK(TallyText(out) == tally_once);
    CHECK(once == Rows(k.A));

    // The same file twice in one call, too.
    std::string out2 = k.Dir / "out2.db";
    MergeReport twice = Merge(out2, {k.B, k.B});
    CHECK(twice.Inputs[1].Added == 0);
    CHECK(twice.Inputs[1].Skipped == 250);
    CHECK(Rows(out2) == Rows(k.B));
}

TEST_CASE("exchange: the order of the inputs does not matter (commutative)")
{
    ThreeKiosks k("commutative");
    std::string ab = k.Dir / "ab.db", ba = k.Dir / "ba.db", a_then_b = k.Dir / "a-then-b.db";
    Merge(ab, {k.A, k.B});
    Merge(ba, {k.B, k.A});
    Merge(a_then_b, {k.A});
    Merge(a_then_b, {k.B});
    std::vector<std::string> rows = Rows(ab);
    CHECK(rows.size() == 500);
    CHECK(Rows(ba) == rows);
    CHECK(Rows(a_then_b) == rows);
    CHECK(TallyText(ba) == TallyText(ab));
}

TEST_CASE("exchange: the grouping of the inputs does not matter (associative)")
{
    ThreeKiosks k("associative");
    std::string ab = k.Dir / "ab.db", bc = k.Dir / "bc.db", ab_c = k.Dir / "ab-c.db", a_bc = k.Dir / "a-bc.db",
                abc = k.Dir / "abc.db";
    Merge(ab, {k.A, k.B});
    Merge(ab_c, {ab, k.C});
    Merge(bc, {k.B, k.C});
    Merge(a_bc, {k.A, bc});
    Merge(abc, {k.C, k.A, k.B});
    std::vector<std::string> rows = Rows(abc);
    CHECK(rows.size() == 650);
    CHECK(Rows(ab_c) == rows);
    CHECK(Rows(a_bc) == rows);
    CHECK(TallyText(ab_c) == TallyText(abc));
    CHECK(TallyText(a_bc) == TallyText(abc));
}

TEST_CASE("exchange: a refused merge leaves OUT untouched, absent or existing")
{
    ThreeKiosks k("refused");
    std::string error;
    std::string plain = k.Dir / "plain.db", text = k.Dir / "notes.txt", newer = k.Dir / "newer.db",
                damaged = k.Dir / "damaged.db";
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(plain.c_str(), &raw) == SQLITE_OK); // SQLite, but no kiosk application_id
    sqlite3_exec(raw, "CREATE TABLE ballots (uuid TEXT PRIMARY KEY); INSERT INTO ballots VALUES ('x');", nullptr, nullptr,
                 nullptr);
    sqlite3_close(raw);
    std::ofstream(text) << "uuid,kiosk_id\n" << std::string(4000, 'x');
    WriteKioskDb(newer, GenerateBallots("kiosk-n", 5, 14));
    REQUIRE(sqlite3_open(newer.c_str(), &raw) == SQLITE_OK);
    sqlite3_exec(raw, "PRAGMA user_version=99", nullptr, nullptr, nullptr);
    sqlite3_close(raw);
    WriteKioskDb(damaged, GenerateBallots("kiosk-d", 2000, 15));
    {
        std::string bytes = ReadBytes(damaged);
        size_t middle = bytes.size() / 2 / 4096 * 4096;
        for (size_t i = middle; i < middle + 3 * 4096; i++) bytes[i] = (char)0x5a;
        std::ofstream(damaged, std::ios::binary | std::ios::trunc) << bytes;
    }

    struct Case {
        std::string Bad, Why;
    };
    const Case cases[] = {
        {plain, plain + ": not a kiosk database"},          {text, text + ": not a database"},
        {newer, newer + ": schema version 99 is newer"},    {damaged, damaged + ": damaged"},
        {k.Dir / "missing.db", "missing.db: no such file"},
    };
    std::string existing = k.Dir / "existing.db";
    Merge(existing, {k.C});
    const std::string existing_bytes = ReadBytes(existing);
    for (const Case& c : cases) {
        CAPTURE(c.Bad);
        std::string fresh = k.Dir / "fresh.db";
        MergeReport report;
        CHECK_FALSE(MergeDatabases(fresh, {k.A, c.Bad}, report, error));
        CHECK(error.find(c.Why) != std::string::npos);
        CHECK_FALSE(fs::exists(fresh)); // not even created
        CHECK_FALSE(fs::exists(fresh + "-wal"));
        CHECK_FALSE(MergeDatabases(existing, {c.Bad, k.A}, report, error));
        CHECK(ReadBytes(existing) == existing_bytes);
        CHECK(report.Inputs.empty());
    }
    MergeReport report;
    CHECK_FALSE(MergeDatabases(existing, {k.A, existing}, report, error));
    CHECK(error.find("is the output file itself") != std::string::npos);
    CHECK(ReadBytes(existing) == existing_bytes);
    CHECK_FALSE(MergeDatabases(plain, {k.A}, report, error)); // OUT itself not a kiosk database
    CHECK(error.find("not a kiosk database") != std::string::npos);
    CHECK(Rows(existing) == Rows(k.C));
}

TEST_CASE("exchange: merging into memory gives the same tally as merging into a file")
{
    ThreeKiosks k("memory");
    std::string out = k.Dir / "out.db";
    Merge(out, {k.A, k.B, k.C});
    Database memory;
    std::string error;
    REQUIRE_MESSAGE(memory.Open(":memory:", error), error);
    MergeReport report;
    REQUIRE_MESSAGE(MergeInto(memory, {k.A, k.B, k.C}, report, error), error);
    CHECK(report.Total == 650);
    Tally in_memory, in_file;
    REQUIRE(memory.LoadTally(in_memory, error));
    Database file;
    REQUIRE(file.OpenExisting(out, error));
    REQUIRE(file.LoadTally(in_file, error));
    CHECK(in_memory.Ballots == in_file.Ballots);
    CHECK(in_memory.Flagged == in_file.Flagged);
    CheckSameCounts(in_memory.PerLever, in_file.PerLever);
}

namespace {

// What makes a file a kiosk database besides its rows: the schema as the migrations write it
// (tables, indexes, triggers), the identity pragmas and WAL.
std::string DatabaseShape(const std::string& path)
{
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    std::string shape;
    const char* queries[] = {"SELECT type || ' ' || name || ' ON ' || tbl_name || ': ' || coalesce(sql, '') FROM sqlite_master "
                             "ORDER BY type, name",
                             "PRAGMA application_id", "PRAGMA user_version", "PRAGMA journal_mode", "PRAGMA page_size"};
    for (const char* sql : queries) {
        sqlite3_stmt* stmt = nullptr;
        REQUIRE(sqlite3_prepare_v2(raw, sql, -1, &stmt, nullptr) == SQLITE_OK);
        while (sqlite3_step(stmt) == SQLITE_ROW) shape += std::string((const char*)sqlite3_column_text(stmt, 0)) + "\n";
        sqlite3_finalize(stmt);
    }
    sqlite3_close(raw);
    return shape;
}

void RawSql(const std::string& path, const std::string& sql)
{
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    char* message = nullptr;
    int rc = sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, &message);
    std::string why = message ? message : "";
    sqlite3_free(message);
    sqlite3_close(raw);
    REQUIRE_MESSAGE(rc == SQLITE_OK, why);
}

// The files of a folder but the -wal/-shm that reading a WAL database leaves beside it.
std::vector<std::string> FileNames(const fs::path& dir)
{
    std::vector<std::string> names;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
        std::string name = entry.path().filename().string();
        std::string tail = name.size() > 4 ? name.substr(name.size() - 4) : "";
        if (tail != "-wal" && tail != "-shm") names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace

TEST_CASE("exchange: a merged OUT is a kiosk database like any other, and takes new ballots")
{
    ThreeKiosks k("shape");
    std::string fresh = k.Dir / "fresh.db", merged = k.Dir / "merged.db", grown = k.Dir / "grown.db";
    {
        Database db;
        std::string error;
        REQUIRE_MESSAGE(db.Open(fresh, error), error);
    }
    Merge(merged, {k.A, k.B, k.C}); // a new OUT, built beside it and renamed
    Merge(grown, {k.A});
    Merge(grown, {k.B, k.C}); // an existing OUT, its indexes and triggers rebuilt
    CHECK(DatabaseShape(merged) == DatabaseShape(fresh));
    CHECK(DatabaseShape(grown) == DatabaseShape(fresh));
    CHECK(DatabaseShape(merged).find("\nwal\n") != std::string::npos);
    for (const std::string& name : FileNames(k.Dir.Path)) CHECK(name.find("merging") == std::string::npos);
    CHECK(Rows(grown) == Rows(merged));
    CHECK(TallyText(grown) == TallyText(merged));

    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.Open(merged, error), error);
    REQUIRE_MESSAGE(db.RecordBallot(OneBallot("after-the-merge", "kiosk-d", {"co-construction"}), error), error);
    CHECK_FALSE(db.RecordBallot(OneBallot(GenerateBallots("kiosk-a", 1, 11)[0].Uuid, "kiosk-a", {"lacher-prise"}), error));
    CHECK(error.find("already recorded") != std::string::npos);
    CHECK(sqlite3_exec(DatabaseTestAccess::Handle(db), "UPDATE ballots SET kiosk_id = 'x'", nullptr, nullptr, nullptr) !=
          SQLITE_OK);
    Tally tally;
    REQUIRE(db.LoadTally(tally, error));
    CHECK(tally.Ballots == 651);
    db.Close();
    TallyText(merged); // the triggers counted the new ballot on top of the merged counters
}

TEST_CASE("exchange: ballots OUT already has count as skipped, whichever input brings them")
{
    ThreeKiosks k("stored");
    std::string out = k.Dir / "out.db";
    Merge(out, {k.A});
    MergeReport report = Merge(out, {k.C, k.B});
    REQUIRE(report.Inputs.size() == 2);
    CHECK(report.Inputs[0].Added == 180); // C: its own 150 and 30 of B's
    CHECK(report.Inputs[0].Skipped == 0);
    CHECK(report.Inputs[1].Added == 170); // B: 200 of its own, 30 of them already from C; 50 of A's
    CHECK(report.Inputs[1].Skipped == 80);
    CHECK(report.Total == 650);
    std::string all = k.Dir / "all.db";
    Merge(all, {k.A, k.B, k.C});
    CHECK(Rows(out) == Rows(all));
    CHECK(TallyText(out) == TallyText(all));
}

TEST_CASE("exchange: a few new ballots join a large OUT one by one, counted by the triggers")
{
    ThreeKiosks k("few");
    std::string out = k.Dir / "out.db", few = k.Dir / "few.db", all = k.Dir / "all.db";
    std::vector<Ballot> a = GenerateBallots("kiosk-a", 300, 11);
    std::vector<Ballot> few_ballots = GenerateBallots("kiosk-e", 20, 16);
    few_ballots.insert(few_ballots.end(), a.begin(), a.begin() + 10);
    WriteKioskDb(few, few_ballots);
    Merge(out, {k.A, k.B, k.C});
    MergeReport report = Merge(out, {few}); // 20 new for 650 stored
    CHECK(report.Inputs[0].Added == 20);
    CHECK(report.Inputs[0].Skipped == 10);
    CHECK(report.Total == 670);
    Merge(all, {few, k.C, k.B, k.A});
    CHECK(Rows(out) == Rows(all));
    CHECK(TallyText(out) == TallyText(all));
}

TEST_CASE("exchange: a merge that fails midway leaves OUT as it was")
{
    ThreeKiosks k("midway");
    std::string error;
    MergeReport report;

    SUBCASE("an input that passes the checks but cannot be read")
    {
        // A kiosk database, sound page by page, that lost a table: refused only when read.
        std::string broken = k.Dir / "broken.db";
        WriteKioskDb(broken, GenerateBallots("kiosk-x", 50, 17));
        RawSql(broken, "DROP TABLE ballot_levers");
        std::vector<std::string> files_before = FileNames(k.Dir.Path);
        std::string fresh = k.Dir / "fresh.db";
        CHECK_FALSE(MergeDatabases(fresh, {k.A, k.B, broken, k.C}, report, error));
        CHECK(error.find("broken.db: cannot read the ballots") != std::string::npos);
        CHECK(report.Inputs.empty());
        CHECK(FileNames(k.Dir.Path) == files_before); // no OUT, no temporary file left behind

        std::string existing = k.Dir / "existing.db";
        Merge(existing, {k.C});
        const std::string bytes = ReadBytes(existing);
        CHECK_FALSE(MergeDatabases(existing, {k.A, broken}, report, error));
        CHECK(ReadBytes(existing) == bytes);
    }

    // An index someone added to OUT that the new ballots break: the merge fails while writing.
    auto one_ballot_a_moment = [&](const std::string& out) {
        RawSql(out, "CREATE UNIQUE INDEX one_ballot_a_moment ON ballots(kiosk_id, created_utc)");
    };
    std::vector<Ballot> c = GenerateBallots("kiosk-c", 150, 13);
    Ballot clash = c[0];
    clash.Uuid = "clash-0000-4000-8000-000000000000"; // another ballot, same kiosk, same moment

    SUBCASE("while rebuilding the indexes after many new ballots")
    {
        std::string out = k.Dir / "out.db", many = k.Dir / "many.db";
        std::vector<Ballot> ballots = GenerateBallots("kiosk-m", 100, 18);
        ballots.push_back(clash);
        WriteKioskDb(many, ballots);
        Merge(out, {k.C});
        one_ballot_a_moment(out);
        const std::string bytes = ReadBytes(out);
        CHECK_FALSE(MergeDatabases(out, {k.A, many}, report, error));
        CHECK(error.find("UNIQUE") != std::string::npos);
        CHECK(ReadBytes(out) == bytes);
        CHECK(Rows(out) == Rows(k.C));
        TallyText(out);
    }

    SUBCASE("while inserting a few new ballots one by one")
    {
        std::string out = k.Dir / "out.db", few = k.Dir / "few.db";
        std::vector<Ballot> ballots = GenerateBallots("kiosk-f", 3, 19);
        ballots.push_back(clash);
        WriteKioskDb(few, ballots);
        Merge(out, {k.A, k.B, k.C});
        one_ballot_a_moment(out);
        const std::string bytes = ReadBytes(out);
        CHECK_FALSE(MergeDatabases(out, {few}, report, error));
        CHECK(error.find("UNIQUE") != std::string::npos);
        CHECK(ReadBytes(out) == bytes);
        TallyText(out);
    }
}

TEST_CASE("exchange: merged tallies cut times as the triggers do, even odd ones")
{
    TempDir dir("odd-times");
    std::string odd = dir / "odd.db", out = dir / "out.db";
    {
        Database db;
        std::string error;
        REQUIRE_MESSAGE(db.Open(odd, error), error);
    }
    // RecordBallot refuses these; a file from elsewhere may hold them. SQLite's substr() counts
    // characters, not bytes, and stops at a NUL.
    RawSql(odd, "INSERT INTO ballots (uuid, kiosk_id, created_utc, content_version, flags) VALUES "
                "('u1', 'k', '2026-11-26T13:45:12.345Z', 'v', 0), "
                "('u2', 'k', 'é026-11-26T13:45', 'v', 1), "
                "('u3', 'k', '2026-11-2', 'v', 0), "
                "('u4', 'k', '', 'v', 0), "
                "('u5', 'kiosk é', '2026-11-26Tàb:00', 'v', 2), "
                "('u6', 'k', '2026-11-26' || char(0) || 'T13:45', 'v', 0);"
                "INSERT INTO ballot_levers VALUES ('u1', 'l1'), ('u2', 'l1'), ('u2', 'l2'), ('u5', 'lever é');");
    const std::string expected = TallyText(odd);
    Merge(out, {odd});
    CHECK(TallyText(out) == expected);
    Database memory;
    std::string error;
    MergeReport report;
    REQUIRE_MESSAGE(memory.Open(":memory:", error), error);
    REQUIRE_MESSAGE(MergeInto(memory, {odd, out}, report, error), error);
    Tally counters, recount;
    REQUIRE(memory.LoadTally(counters, error));
    REQUIRE(memory.RecountTally(recount, error));
    CHECK(counters.Ballots == 6);
    CHECK(counters.Ballots == recount.Ballots);
    CHECK(counters.Flagged == recount.Flagged);
    CheckSameCounts(counters.PerHour, recount.PerHour);
}

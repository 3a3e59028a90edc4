// The organisers' report: a small database with known ballots, visits and views gives exactly
// the expected figures in the HTML; a new database (no visit yet) and a schema 2 file (no visit
// log) each give a calm report of their own; the HTML refers to nothing outside itself.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <ctime>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "storage/database.h"
#include "storage/report_figures.h"
#include "tally/report.h"
#include "tally/report_html.h"

#include "temp_dir.h"

using namespace ess;

namespace {

const std::string kNbsp = "\u00A0";

// Days and hours in UTC, whatever the machine's zone: the expected hours are written in UTC.
struct UtcZone {
    UtcZone()
    {
        setenv("TZ", "UTC", 1);
        tzset();
    }
};

Ballot MakeBallot(const std::string& uuid, const std::string& created, std::vector<std::string> levers, int flags = 0)
{
    Ballot b;
    b.Uuid = uuid;
    b.KioskId = "borne-gare";
    b.CreatedUtc = created;
    b.ContentVersion = "content-v1";
    b.Levers = std::move(levers);
    b.Flags = flags;
    return b;
}

const char* const kB1 = "11111111-1111-4111-8111-111111111111";
const char* const kB2 = "22222222-2222-4222-8222-222222222222";
const char* const kB3 = "33333333-3333-4333-8333-333333333333";

// Four visits whose figures are worked out by hand in the test below.
void FillKnownDatabase(Database& db)
{
    std::string error;
    REQUIRE_MESSAGE(db.RecordBallots({MakeBallot(kB1, "2026-12-01T10:07:00.000Z", {"a", "b"}),
                                      MakeBallot(kB2, "2026-12-02T15:14:00.000Z", {"a"}),
                                      MakeBallot(kB3, "2026-12-02T15:15:00.000Z", {"a", "c"}, kBallotFlagFastRate)},
                                     error),
                    error);
    auto visit = [&](const char* id, const char* started, double seconds, const char* language, const char* ending,
                     const char* ballot, std::vector<VisitView> views) {
        Visit v;
        v.Id = id;
        v.KioskId = "borne-gare";
        v.StartedAt = started;
        v.Seconds = seconds;
        v.Language = language;
        v.Ending = ending;
        v.BallotId = ballot;
        v.ContentVersion = "content-v1";
        v.Views = std::move(views);
        REQUIRE_MESSAGE(db.RecordVisit(v, error), error);
    };
    visit("v1", "2026-12-01T10:05Z", 120, "fr", "ballot", kB1,
          {{"mutations", -1, "", 10},
           {"mutation", 0, "findings", 30},
           {"mutation", 0, "future", 20},
           {"mutation", 0, "future_dystopian", 10},
           {"vote", -1, "", 50}});
    visit("v2", "2026-12-01T10:40Z", 60, "fr", "left", "", {{"mutation", 1, "signals", 40}, {"mutation", 0, "findings", 20}});
    visit("v3", "2026-12-02T14:00Z", 30, "en", "idle", "", {{"mutations", -1, "", 30}});
    visit("v4", "2026-12-02T15:10Z", 240, "fr", "ballot", kB2,
          {{"mutation", 0, "future", 60},
           {"mutation", 0, "future_compare", 30},
           {"vote", -1, "", 100},
           {"mutation", 2, "initiatives", 50}});
}

ReportContent KnownContent()
{
    ReportContent c;
    c.Levers = {{"a", "Levier A"}, {"b", "Levier B"}, {"c", "Levier C"}};
    for (int k = 0; k < 4; k++) c.Mutations.push_back({"Mutation n° " + std::to_string(k + 1), 0x4C5FD5, 200});
    return c;
}

void CheckSelfContained(const std::string& html)
{
    for (const char* outside : {"http", "src=", "<link", "<script", "url(", "@import", "href="})
        CHECK_MESSAGE(html.find(outside) == std::string::npos, "the report refers to something outside: " << outside);
    // A figure of nothing would print as "nan" or "inf" (words like "retournant" hold the letters).
    CHECK_FALSE(std::regex_search(html, std::regex("\\b(nan|inf|NaN)\\b")));
}

} // namespace

TEST_CASE("report: French numbers")
{
    CHECK(report::Integer(1234567) == "1\u202F234\u202F567");
    CHECK(report::Integer(999) == "999");
    CHECK(report::Percent(1, 3) == "33,3" + kNbsp + "%");
    CHECK(report::Percent(0, 0) == "—");
    CHECK(report::Duration(90) == "1" + kNbsp + "min" + kNbsp + "30" + kNbsp + "s");
    CHECK(report::Duration(52.5) == "53" + kNbsp + "s");
    CHECK(report::Decimal(12345.67, 1) == "12\u202F345,7");
    CHECK(report::LongDate("2026-12-01") == "1er" + kNbsp + "décembre 2026");
    CHECK(CountWords("L’eau, c’est la vie : 2040 !") == 7);
}

TEST_CASE("report: a small database gives exactly the figures worked out by hand")
{
    UtcZone utc;
    TempDir dir("report-known");
    Database db;
    std::string error;
    REQUIRE_MESSAGE(db.Open(dir / "kiosk.db", error), error);
    FillKnownDatabase(db);

    ReportFigures f;
    REQUIRE_MESSAGE(LoadReportFigures(db, 4, f, error), error);
    CHECK(f.Ballots == 3);
    CHECK(f.Flagged == 1);
    REQUIRE(f.PerLever.size() == 3);
    CHECK(f.PerLever[0].Key == "a");
    CHECK(f.PerLever[0].Count == 2); // the flagged ballot's "a" is apart
    CHECK(f.PerLever[0].Flagged == 1);
    CHECK(f.HasVisitLog);
    CHECK(f.Visits == 4);
    CHECK(f.VisitsPerHour[10] == 2);
    CHECK(f.VisitsPerHour[14] == 1);
    CHECK(f.VisitsPerHour[15] == 1);
    REQUIRE(f.VisitsPerDay.size() == 2);
    CHECK(f.VisitsPerDay[0].Key == "2026-12-01");
    CHECK(f.VisitsPerDay[0].Count == 2);
    // Lengths 30, 60, 120, 240: median 90, quartiles 52.5 and 150 (interpolated).
    CHECK(f.VisitSeconds.Median == doctest::Approx(90));
    CHECK(f.VisitSeconds.Q1 == doctest::Approx(52.5));
    CHECK(f.VisitSeconds.Q3 == doctest::Approx(150));
    CHECK(f.OpenedMutation == 3);
    CHECK(f.SawFuture == 2);
    CHECK(f.OpenedVote == 2);
    CHECK(f.Confirmed == 2);
    REQUIRE(f.Mutations.size() == 4);
    CHECK(f.Mutations[0].Opened == 3);
    CHECK(f.Mutations[0].Seconds.Median == doctest::Approx(60)); // 20, 60, 90
    CHECK(f.Mutations[0].PartSeconds[0].Count == 2);             // findings: 20, 30
    CHECK(f.Mutations[0].PartSeconds[0].Median == doctest::Approx(25));
    CHECK(f.Mutations[0].PartSeconds[2].Median == doctest::Approx(60)); // 2040: 30 and 90
    CHECK(f.Mutations[0].SawFuture == 2);
    CHECK(f.Mutations[0].SawDystopia == 2);
    CHECK(f.Mutations[1].Opened == 1);
    CHECK(f.Mutations[3].Opened == 0);
    CHECK(f.Diligent == 0);
    CHECK(f.Voted.Visits == 2);
    CHECK(f.Voted.MeanParts == doctest::Approx(2));
    CHECK(f.Voted.Seconds.Median == doctest::Approx(180));
    CHECK(f.Voted.SawDystopia == 2);
    CHECK(f.NotVoted.Visits == 2);
    CHECK(f.NotVoted.MeanParts == doctest::Approx(1));
    CHECK(f.NotVoted.Seconds.Median == doctest::Approx(45));
    CHECK(f.NotVoted.SawDystopia == 0);
    CHECK(f.FirstDay == "2026-12-01");
    CHECK(f.LastDay == "2026-12-02");

    ReportOptions options;
    options.GeneratedAt = "2 décembre 2026";
    const std::string path = dir / "report.html";
    REQUIRE_MESSAGE(WriteReport(db, KnownContent(), path, options, error), error);
    std::ifstream in(path);
    std::stringstream read;
    read << in.rdbuf();
    const std::string html = read.str();
    const std::string dot = " · ";
    CHECK(html.find("Levier A</div><svg") != std::string::npos);
    CHECK(html.find(">2" + dot + "100,0" + kNbsp + "%<") != std::string::npos); // lever A: 2 of the 2 counted ballots
    CHECK(html.find(">1" + dot + "50,0" + kNbsp + "%<") != std::string::npos);  // lever B
    CHECK(html.find(">3" + dot + "75,0" + kNbsp + "%<") != std::string::npos);  // opened a mutation; mutation 1's attraction
    CHECK(html.find(">2" + dot + "50,0" + kNbsp + "%<") != std::string::npos);  // saw a 2040, opened the vote, confirmed
    CHECK(html.find("1" + kNbsp + "min" + kNbsp + "30" + kNbsp + "s") != std::string::npos); // median visit
    CHECK(html.find("53" + kNbsp + "s à 2" + kNbsp + "min" + kNbsp + "30" + kNbsp + "s") != std::string::npos);
    CHECK(html.find(">100" + kNbsp + "%<") != std::string::npos); // holding power of mutation 1: 60 s of 60 s
    CHECK(html.find("Méthode :") != std::string::npos);
    CHECK(html.find("@page { size: A4") != std::string::npos);
    CheckSelfContained(html);
    if (const char* keep = std::getenv("ESS_REPORT_KEEP")) std::ofstream(keep) << html; // to look at it
}

TEST_CASE("report: a new database without visits, and one without the visit log, say so calmly")
{
    UtcZone utc;
    TempDir dir("report-empty");
    std::string error;
    {
        // A real kiosk file of schema 2 (six ballots, before the visit log), read as ess-tally reads it.
        const std::string schema2 = dir / "schema2.db";
        std::filesystem::copy_file(std::string(ESS_SOURCE_DIR) + "/tests/data/kiosk-schema2.db", schema2);
        Database db;
        REQUIRE_MESSAGE(db.OpenExisting(schema2, error), error);
        ReportFigures f;
        REQUIRE_MESSAGE(LoadReportFigures(db, 4, f, error), error);
        CHECK_FALSE(f.HasVisitLog);
        CHECK(f.Ballots == 6);
        const std::string html = ReportHtml(f, KnownContent(), {});
        CHECK(html.find("Aucune visite n’est encore enregistrée.") == std::string::npos);
        CHECK(html.find("Aucune visite enregistrée : ces données viennent d’une version") != std::string::npos);
        CheckSelfContained(html);
    }
    {
        Database db;
        REQUIRE_MESSAGE(db.Open(dir / "installed.db", error), error); // a new kiosk: schema 3, no visit yet
        ReportFigures f;
        REQUIRE_MESSAGE(LoadReportFigures(db, 4, f, error), error);
        CHECK(f.HasVisitLog);
        CHECK(f.Visits == 0);
        CHECK(f.VisitSeconds.Count == 0);
        const std::string html = ReportHtml(f, {}, {});
        CHECK(html.find("Aucun vote n’a encore été confirmé.") != std::string::npos);
        CHECK(html.find("Aucune visite n’est encore enregistrée.") != std::string::npos);
        CHECK(html.find("ces données viennent d’une version") == std::string::npos);
        CheckSelfContained(html);
    }
}

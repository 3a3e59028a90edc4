// The configuration file: a bad value is said as the command line says it (settings.h's range),
// with its position, and keeps its default; --set-pin's rewrite keeps everything else.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include <unistd.h>

#include "content/config.h"
#include "core/settings.h"

using namespace ess;

TEST_CASE("the configuration file says the same of a bad value as the command line")
{
    char path[] = "/tmp/ess-settings-XXXXXX.toml";
    int fd = mkstemps(path, 5);
    REQUIRE(fd >= 0);
    close(fd);
    {
        std::ofstream out(path);
        out << "[visit]\nidle_seconds = 5\ncountdown_seconds = 1\n[ballot]\nmax_levers = 2.5\n";
    }
    KioskConfig config;
    std::vector<ContentProblem> problems;
    LoadConfig(path, config, problems);
    std::remove(path);
    REQUIRE(problems.size() == 3);
    std::string why;
    double value = 0;
    ParseNumber(settings::kCountdownSeconds, "1", value, why);
    CHECK(problems[1].Line == 3);
    CHECK(problems[1].Column == 21);
    CHECK(problems[1].Message == "\"countdown_seconds\" " + why + "; the default is used");
    CHECK(problems[0].Message ==
          "\"idle_seconds\" must be a number of seconds between 10 and 86400 (got 5); the default is used");
    CHECK(problems[2].Message == "\"max_levers\" must be a whole number between 1 and 10 (got 2.5); the default is used");
    // Bad values keep their defaults.
    CHECK(config.IdleSeconds == 90);
    CHECK(config.CountdownSeconds == 10);
    CHECK(config.Rules.MaxLevers == 3);
}

TEST_CASE("--set-pin rewrites only the configuration's pin_hash, keeping comments and the rest")
{
    const std::string hash = "$argon2id$v=19$m=65536,t=2,p=1$abc$def";
    const std::string with =
        "# kiosk\nkiosk_id = \"mairie\"\n[organiser]\n# the PIN's hash\npin_hash = \"old\"\n[display]\ndpi = 133\n";
    CHECK(WithPinHash(with, hash) ==
          "# kiosk\nkiosk_id = \"mairie\"\n[organiser]\n# the PIN's hash\npin_hash = \"" + hash + "\"\n[display]\ndpi = 133\n");
    // An [organiser] table without the key gets it; a file without the table gets both.
    CHECK(WithPinHash("[organiser]\n[display]\ndpi = 133\n", hash) ==
          "[organiser]\npin_hash = \"" + hash + "\"\n[display]\ndpi = 133\n");
    CHECK(WithPinHash("kiosk_id = \"x\"\n", hash) == "kiosk_id = \"x\"\n\n[organiser]\npin_hash = \"" + hash + "\"\n");
}

TEST_CASE("[central] url is read as written, and a url that is not text is a problem with its place")
{
    char path[] = "/tmp/ess-central-config-XXXXXX.toml";
    int fd = mkstemps(path, 5);
    REQUIRE(fd >= 0);
    close(fd);
    {
        std::ofstream out(path);
        out << "kiosk_id = \"hall-a\"\n[central]\nurl = \"host='central.lan' dbname='ess' user='ess_kiosk_hall_a' "
               "password='x\\\\y'\"\n";
    }
    KioskConfig config;
    std::vector<ContentProblem> problems;
    LoadConfig(path, config, problems);
    CHECK(problems.empty());
    CHECK(config.CentralUrl == "host='central.lan' dbname='ess' user='ess_kiosk_hall_a' password='x\\y'");
    {
        std::ofstream out(path);
        out << "[central]\nurl = 5432\nserver = \"x\"\n";
    }
    config = KioskConfig{};
    problems.clear();
    LoadConfig(path, config, problems);
    std::remove(path);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].Line == 2);
    CHECK(problems[0].Message == "\"url\" must be text (in quotes); the default is used");
    CHECK(problems[1].Message == "unknown key \"server\"; the default is used");
    CHECK(config.CentralUrl.empty());
}

TEST_CASE("[visit] keep_months: the visit log's retention, 25 months unless set, 1 to 120")
{
    char path[] = "/tmp/ess-settings-XXXXXX.toml";
    int fd = mkstemps(path, 5);
    REQUIRE(fd >= 0);
    close(fd);
    auto load = [&](const std::string& text, std::vector<ContentProblem>& problems) {
        std::ofstream(path) << text;
        KioskConfig config;
        LoadConfig(path, config, problems);
        return config;
    };
    std::vector<ContentProblem> problems;
    CHECK(load("[visit]\nidle_seconds = 90\n", problems).VisitMonths == 25);
    CHECK(problems.empty());
    CHECK(load("[visit]\nkeep_months = 13\n", problems).VisitMonths == 13);
    CHECK(problems.empty());
    CHECK(load("[visit]\nkeep_months = 0\n", problems).VisitMonths == 25);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].Message ==
          "\"keep_months\" must be a whole number of months between 1 and 120 (got 0); the default is used");
    problems.clear();
    CHECK(load("[visit]\nkeep_months = 6.5\n", problems).VisitMonths == 25);
    CHECK(problems.size() == 1);
    std::remove(path);
}

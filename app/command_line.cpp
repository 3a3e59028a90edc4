// Parsing ess-kiosk's command line with CLI11 and merging it over the configuration file (see
// command_line.h). Every number's range comes from core/settings.h.
#ifndef ESS_APP_VERSION
#define ESS_APP_VERSION "unknown"
#endif
#include "command_line.h"

#include <cstdio>
#include <filesystem>

#include <unistd.h>

#include <CLI/CLI.hpp>

#include "content/bundled.h"
#include "content/config.h"
#include "core/settings.h"
#include "storage/database.h"

namespace fs = std::filesystem;

namespace ess {

namespace {

// The range check of settings.h, so the command line says what the configuration file says.
CLI::Validator InRange(const NumberSetting& setting)
{
    return CLI::Validator(
        [setting](std::string& text) {
            double value = 0;
            std::string why;
            return ParseNumber(setting, text, value, why) ? std::string() : why;
        },
        DescribeRange(setting));
}

std::string HostName()
{
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0 || !*name) return "borne";
    return name;
}

} // namespace

bool ParseCommandLine(int argc, char** argv, Invocation& out, int& exit_status)
{
    CLI::App cli{"ESS 2040 kiosk: the RTES foresight study, for visitors to browse and vote."};
    RunOptions& o = out.Options;
    std::string check_dir, dump_dir, size, config_file, check_config_file;
    bool set_pin = false, sync = false;
    cli.add_option("--config", config_file, "configuration file (see kiosk/ess-kiosk.toml); options given here win over it")
        ->check(CLI::ExistingFile);
    cli.add_option("--check-config", check_config_file, "validate a configuration file; exit 1 on any problem");
    o.AppVersion = ESS_APP_VERSION;
    cli.add_option("--content", o.ContentDir, "content folder (default: the bundled content/)");
    cli.add_option("--assets", o.AssetsDir, "assets folder (default: the bundled assets/)");
    auto* db_opt = cli.add_option("--db", o.DatabasePath, "ballot database (default: " + DefaultDatabasePath() + ")");
    cli.add_flag("--kiosk", o.Kiosk, "fullscreen and locked down: quit keys ignored, only organiser mode quits");
    cli.add_flag("--wall", o.Wall,
                 "the results wall: the levers' figures of --db (a kiosk's file or a merge), read-only, for a big screen");
    cli.add_flag("--headless", o.Headless, "no window: SDL dummy driver and virtual clock; needs --script");
    cli.add_option("--script", o.ScriptFile, "script of taps, drags, shots and expectations (with --headless)")
        ->check(CLI::ExistingFile);
    cli.add_option("--screenshots", o.ScreenshotDir, "folder for the script's shot PNGs (with --bench-frames: one per screen)");
    cli.add_option("--size", size, "window size WxH (default 1920x1080)");
    auto* dpi_opt = cli.add_option("--dpi", o.Dpi, "screen density, for sizes in millimetres (default 92: a 24\" full-HD panel)")
                        ->check(InRange(settings::kDpi));
    auto* check_opt =
        cli.add_option("--check-content", check_dir, "validate content (default folder: the bundled one); exit 1 on any problem")
            ->expected(0, 1);
    auto* dump_opt =
        cli.add_option("--dump-content", dump_dir, "print every text of the content, for proofreading")->expected(0, 1);
    auto* central_opt = cli.add_option("--central", o.CentralUrl,
                                       "central server (libpq connection string; default: the configuration's [central] url)");
    cli.add_flag("--sync", sync,
                 "upload every ballot not yet sent to the central server, then exit: 0 when none is left pending, 1 otherwise");
    cli.add_flag("--set-pin", set_pin, "set the organiser PIN (asked on standard input; only its salted hash is stored)");
    auto* id_opt = cli.add_option("--kiosk-id", o.KioskId, "this kiosk's name in ballots and exports (default: the host name)");
    auto* levers_opt = cli.add_option("--max-levers", o.Rules.MaxLevers, "levers a visitor may choose per ballot (default 3)")
                           ->check(InRange(settings::kMaxLevers));
    auto* cooldown_opt = cli.add_option("--cooldown", o.Rules.Cooldown, "seconds after a ballot before the next (default 5)")
                             ->check(InRange(settings::kCooldownSeconds));
    auto* rate_opt =
        cli.add_option("--rate", o.Rules.RatePerMinute, "ballots per minute above which they are flagged (default 4)")
            ->check(InRange(settings::kRatePerMinute));
    auto* idle_opt =
        cli.add_option("--idle", o.IdleSeconds, "seconds without a touch before \"Vous êtes toujours là ?\" (default 90)")
            ->check(InRange(settings::kIdleSeconds));
    auto* countdown_opt = cli.add_option("--countdown", o.CountdownSeconds, "seconds that question counts down (default 10)")
                              ->check(InRange(settings::kCountdownSeconds));
    auto* visit_months_opt =
        cli.add_option("--visit-months", o.VisitMonths, "months the visit log keeps a visit before purging it (default 25)")
            ->check(InRange(settings::kVisitMonths));
    auto* export_opt =
        cli.add_option("--export-dir", o.ExportDir, "where organisers export results (default: <data folder>/exports)");
    cli.add_option("--pin-file", o.PinFile,
                   "organiser PIN hash file, when the configuration has none (default: <data folder>/organiser.pin)");
    auto* display_opt = cli.add_option("--display", o.Display, "screen index for fullscreen (default 0)")
                            ->check(InRange(settings::kDisplayIndex));
    cli.add_flag("--test-refuse-writes", o.TestRefuseWrites, "tests only: the database refuses every write")->group("");
    cli.add_option("--monkey", o.MonkeyEvents,
                   "tests: N seeded random touches, drags, swipes, long presses and keys (headless, locked down)")
        ->check(CLI::Range(1LL, 1000000000LL));
    cli.add_option("--seed", o.MonkeySeed, "tests: the monkey's random seed (default 1)");
    cli.add_option("--speech-log", o.SpeechLog,
                   "tests: write each utterance read aloud to FILE, one \"LANG<TAB>TEXT\" line each");
    cli.add_option("--speech-wav", o.SpeechWav, "tests: write every sample read aloud to FILE (WAV, 16-bit mono)");
    cli.add_option("--bench-frames", o.BenchFrames,
                   "benchmark: time N frames of every screen (with --headless: software renderer)")
        ->group("Benchmarks");
    cli.add_option("--bench-input", o.BenchInput, "benchmark: time N taps from event to presented frame")->group("Benchmarks");
    cli.add_option("--simulate-hours", o.MonkeyHours, "tests: spread the monkey's events over this many simulated hours (soak)")
        ->check(CLI::Range(0.0, 1000.0));
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help, or a wrong value: the same words as the configuration file's check, status 2.
        exit_status = e.get_exit_code() == 0 ? cli.exit(e) : 2;
        if (exit_status) std::fprintf(stderr, "ess-kiosk: %s\nRun with --help for the options.\n", e.what());
        return false;
    }

    out.ConfigFile = config_file;
    if (!check_config_file.empty()) {
        out.Do = Invocation::Command::CheckConfig;
        out.File = check_config_file;
        return true;
    }

    // Defaults, then the configuration file, then the command line.
    KioskConfig config;
    if (!config_file.empty()) {
        std::vector<ContentProblem> problems;
        LoadConfig(config_file, config, problems);
        for (const ContentProblem& p : problems) std::fprintf(stderr, "%s\n", p.Format().c_str());
        if (!id_opt->count() && !config.KioskId.empty()) o.KioskId = config.KioskId;
        if (!levers_opt->count()) o.Rules.MaxLevers = config.Rules.MaxLevers;
        if (!cooldown_opt->count()) o.Rules.Cooldown = config.Rules.Cooldown;
        if (!rate_opt->count()) o.Rules.RatePerMinute = config.Rules.RatePerMinute;
        if (!idle_opt->count()) o.IdleSeconds = config.IdleSeconds;
        if (!countdown_opt->count()) o.CountdownSeconds = config.CountdownSeconds;
        if (!visit_months_opt->count()) o.VisitMonths = config.VisitMonths;
        if (!export_opt->count() && !config.ExportDir.empty()) o.ExportDir = config.ExportDir;
        if (!dpi_opt->count()) o.Dpi = config.Dpi;
        if (!db_opt->count() && !config.DataDir.empty()) o.DatabasePath = (fs::path(config.DataDir) / "ballots.db").string();
        o.PinHash = config.PinHash;
        if (!display_opt->count()) o.Display = config.Display;
        if (!central_opt->count()) o.CentralUrl = config.CentralUrl;
        o.AccessDefaults = config.AccessDefaults;
        o.Language = config.Language;
    }

    // The bundled folders, saying where they were looked for when they are nowhere.
    for (auto [folder, name] : {std::pair<std::string*, const char*>{&o.AssetsDir, "assets"}, {&o.ContentDir, "content"}}) {
        if (!folder->empty()) continue;
        const BundledFolder found = FindBundledFolder(name, argv[0]);
        if (!found.Found) std::fprintf(stderr, "ess-kiosk: no %s folder found; looked in %s\n", name, found.TriedList().c_str());
        *folder = found.Path;
    }
    if (o.DatabasePath.empty()) o.DatabasePath = DefaultDatabasePath();
    const fs::path data_dir = fs::absolute(o.DatabasePath).parent_path();
    if (o.PinFile.empty()) o.PinFile = (data_dir / "organiser.pin").string();
    if (o.ExportDir.empty()) o.ExportDir = (data_dir / "exports").string();
    if (o.KioskId.empty()) o.KioskId = HostName();
    if (set_pin) {
        out.Do = Invocation::Command::SetPin;
        return true;
    }
    if (sync) {
        out.Do = Invocation::Command::Sync;
        return true;
    }
    if (check_opt->count() || dump_opt->count()) {
        out.Do = check_opt->count() ? Invocation::Command::CheckContent : Invocation::Command::DumpContent;
        const std::string& dir = check_opt->count() ? check_dir : dump_dir;
        out.File = dir.empty() ? o.ContentDir : dir;
        return true;
    }

    if (!size.empty()) {
        std::string why;
        if (!ParseScreenSize(size, o.Width, o.Height, why) || !(why = CheckScreenSize(o.Width, o.Height, o.Dpi)).empty()) {
            std::fprintf(stderr, "ess-kiosk: --size %s\n", why.c_str());
            exit_status = 2;
            return false;
        }
    }
    if (o.MonkeyEvents > 0) o.Headless = true;
    if (o.Headless && o.ScriptFile.empty() && o.MonkeyEvents == 0 && o.BenchFrames == 0) {
        std::fprintf(stderr, "ess-kiosk: --headless needs --script FILE or --monkey N\n");
        exit_status = 2;
        return false;
    }
    return true;
}

} // namespace ess

// ess-kiosk: arguments, then either a content check/dump or the kiosk itself.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "content/config.h"
#include "content/glyphs.h"
#include "content/loader.h"
#include "core/ballot.h"
#include "core/settings.h"
#include "platform/platform.h"
#include "storage/database.h"

namespace fs = std::filesystem;

namespace {

// Bundled folders: next to the build folder in a checkout, else the installed copy.
std::string FindBundled(const std::string& name, const char* argv0, std::string& tried)
{
    std::error_code ec;
    fs::path exe = fs::canonical("/proc/self/exe", ec);
    if (ec) exe = fs::absolute(argv0);
    // build/ beside the sources, then the installed copy (any prefix), then the source tree.
    const fs::path places[] = {exe.parent_path().parent_path() / name,
                               exe.parent_path().parent_path() / "share" / "ess-kiosk" / name, fs::path(ESS_SOURCE_DIR) / name,
                               fs::path("/usr/share/ess-kiosk") / name};
    for (const fs::path& p : places) {
        tried += (tried.empty() ? "" : ", ") + p.string();
        if (fs::is_directory(p)) return p.lexically_normal().string();
    }
    return places[0].lexically_normal().string();
}

int CheckContent(const std::string& dir, const std::string& assets)
{
    ess::ContentLoad load = ess::LoadContent(dir, assets);
    if (load.Usable()) ess::CheckGlyphCoverage(load.Data, dir, assets, load.Problems);
    for (const ess::ContentProblem& p : load.Problems) std::printf("%s\n", p.Format().c_str());
    if (!load.Problems.empty()) {
        std::printf("%zu problem(s) in %s\n", load.Problems.size(), dir.c_str());
        return 1;
    }
    size_t levers = 0;
    for (const ess::Axis& a : load.Data.Act.Axes) levers += a.Levers.size();
    std::printf("%s: OK, %zu mutations, %zu axes, %zu levers, content version %s\n", dir.c_str(), load.Data.Mutations.size(),
                load.Data.Act.Axes.size(), levers, load.Data.Version.c_str());
    return 0;
}

int DumpContent(const std::string& dir, const std::string& assets)
{
    ess::ContentLoad load = ess::LoadContent(dir, assets);
    for (const ess::ContentProblem& p : load.Problems) std::fprintf(stderr, "%s\n", p.Format().c_str());
    if (!load.Usable()) return 1;
    std::fputs(ess::DumpContent(load.Data).c_str(), stdout);
    return 0;
}

// Reads a line from standard input without echo when it is a terminal.
std::string ReadSecret(const char* prompt)
{
    const bool tty = isatty(STDIN_FILENO);
    termios saved{};
    if (tty) {
        std::fprintf(stderr, "%s", prompt);
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    std::getline(std::cin, line);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fprintf(stderr, "\n");
    }
    return line;
}

// Replaces `path` atomically with `text`, readable by its owner only (it holds a PIN hash).
bool WriteFileAtomically(const std::string& path, const std::string& text)
{
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    const std::string temp = path + ".new";
    {
        std::ofstream out(temp, std::ios::trunc);
        out << text;
        if (!out.flush()) return false;
    }
    // An existing file keeps its owner, group and mode (the service's group must still read
    // /etc/ess-kiosk/ess-kiosk.toml after `sudo ess-kiosk --set-pin`); a new one is private.
    struct stat existing {};
    if (stat(path.c_str(), &existing) == 0) {
        if (chown(temp.c_str(), existing.st_uid, existing.st_gid) != 0) return false;
        chmod(temp.c_str(), existing.st_mode & 07777);
    } else {
        chmod(temp.c_str(), 0600);
    }
    return std::rename(temp.c_str(), path.c_str()) == 0;
}

// The config file with its `pin_hash` line set, comments and everything else kept as written.
std::string WithPinHash(const std::string& config_text, const std::string& hash)
{
    std::istringstream in(config_text);
    std::string line, out, section;
    bool done = false;
    const std::string entry = "pin_hash = \"" + hash + "\"";
    while (std::getline(in, line)) {
        std::string trimmed = line.substr(std::min(line.size(), line.find_first_not_of(" \t")));
        if (!trimmed.empty() && trimmed[0] == '[') {
            if (section == "[organiser]" && !done) {
                out += entry + "\n";
                done = true;
            }
            section = trimmed.substr(0, trimmed.find(']') + 1);
        }
        if (section == "[organiser]" && !done && trimmed.rfind("pin_hash", 0) == 0) {
            out += entry + "\n";
            done = true;
            continue;
        }
        out += line + "\n";
    }
    if (!done) out += (section == "[organiser]" ? "" : "\n[organiser]\n") + entry + "\n";
    return out;
}

// Asks for the organiser PIN (twice on a terminal) and stores only its salted hash: in the
// config file's [organiser] pin_hash when there is one, else in the PIN file.
int SetPin(const std::string& config_file, const std::string& pin_file)
{
    std::string pin = ReadSecret("New organiser PIN (4 to 8 digits): ");
    if (!ess::IsValidPin(pin)) {
        std::fprintf(stderr, "ess-kiosk: a PIN is 4 to 8 digits; nothing changed\n");
        return 1;
    }
    if (isatty(STDIN_FILENO) && ReadSecret("Again: ") != pin) {
        std::fprintf(stderr, "ess-kiosk: the two PINs differ; nothing changed\n");
        return 1;
    }
    const std::string hash = ess::HashPin(pin);
    if (hash.empty()) {
        std::fprintf(stderr, "ess-kiosk: cannot hash the PIN; nothing changed\n");
        return 1;
    }
    std::string target = pin_file, text = hash + "\n";
    if (!config_file.empty()) {
        std::ifstream in(config_file, std::ios::binary);
        std::stringstream current;
        current << in.rdbuf();
        target = config_file;
        text = WithPinHash(current.str(), hash);
    }
    if (!WriteFileAtomically(target, text)) {
        std::fprintf(stderr, "ess-kiosk: cannot write %s (run with sudo for a system configuration)\n", target.c_str());
        return 1;
    }
    std::printf("organiser PIN set (salted hash in %s)\n", target.c_str());
    return 0;
}

int CheckConfig(const std::string& file)
{
    ess::KioskConfig config;
    std::vector<ess::ContentProblem> problems;
    ess::LoadConfig(file, config, problems);
    for (const ess::ContentProblem& p : problems) std::printf("%s\n", p.Format().c_str());
    if (!problems.empty()) {
        std::printf("%zu problem(s) in %s\n", problems.size(), file.c_str());
        return 1;
    }
    std::printf("%s: OK\n", file.c_str());
    return 0;
}

// The range check of settings.h, so the command line says what the configuration file says.
CLI::Validator InRange(const ess::NumberSetting& setting)
{
    return CLI::Validator(
        [setting](std::string& text) {
            double value = 0;
            std::string why;
            return ess::ParseNumber(setting, text, value, why) ? std::string() : why;
        },
        ess::DescribeRange(setting));
}

std::string HostName()
{
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0 || !*name) return "borne";
    return name;
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App cli{"ESS 2040 kiosk: the RTES foresight study, for visitors to browse and vote."};
    ess::RunOptions o;
    std::string check_dir, dump_dir, size, config_file, check_config_file;
    bool set_pin = false;
    cli.add_option("--config", config_file, "configuration file (see kiosk/ess-kiosk.toml); options given here win over it")
        ->check(CLI::ExistingFile);
    cli.add_option("--check-config", check_config_file, "validate a configuration file; exit 1 on any problem");
    cli.add_option("--content", o.ContentDir, "content folder (default: the bundled content/)");
    cli.add_option("--assets", o.AssetsDir, "assets folder (default: the bundled assets/)");
    auto* db_opt = cli.add_option("--db", o.DatabasePath, "ballot database (default: " + ess::DefaultDatabasePath() + ")");
    cli.add_flag("--kiosk", o.Kiosk, "fullscreen and locked down: quit keys ignored, only organiser mode quits");
    cli.add_flag("--headless", o.Headless, "no window: SDL dummy driver and virtual clock; needs --script");
    cli.add_option("--script", o.ScriptFile, "script of taps, drags, shots and expectations (with --headless)")
        ->check(CLI::ExistingFile);
    cli.add_option("--screenshots", o.ScreenshotDir, "folder for the script's shot PNGs (with --bench-frames: one per screen)");
    cli.add_option("--size", size, "window size WxH (default 1920x1080)");
    auto* dpi_opt = cli.add_option("--dpi", o.Dpi, "screen density, for sizes in millimetres (default 92: a 24\" full-HD panel)")
                        ->check(InRange(ess::settings::kDpi));
    auto* check_opt =
        cli.add_option("--check-content", check_dir, "validate content (default folder: the bundled one); exit 1 on any problem")
            ->expected(0, 1);
    auto* dump_opt =
        cli.add_option("--dump-content", dump_dir, "print every text of the content, for proofreading")->expected(0, 1);
    cli.add_flag("--set-pin", set_pin, "set the organiser PIN (asked on standard input; only its salted hash is stored)");
    auto* id_opt = cli.add_option("--kiosk-id", o.KioskId, "this kiosk's name in ballots and exports (default: the host name)");
    auto* levers_opt = cli.add_option("--max-levers", o.Rules.MaxLevers, "levers a visitor may choose per ballot (default 3)")
                           ->check(InRange(ess::settings::kMaxLevers));
    auto* cooldown_opt = cli.add_option("--cooldown", o.Rules.Cooldown, "seconds after a ballot before the next (default 5)")
                             ->check(InRange(ess::settings::kCooldownSeconds));
    auto* rate_opt =
        cli.add_option("--rate", o.Rules.RatePerMinute, "ballots per minute above which they are flagged (default 4)")
            ->check(InRange(ess::settings::kRatePerMinute));
    auto* idle_opt =
        cli.add_option("--idle", o.IdleSeconds, "seconds without a touch before \"Vous êtes toujours là ?\" (default 90)")
            ->check(InRange(ess::settings::kIdleSeconds));
    auto* countdown_opt = cli.add_option("--countdown", o.CountdownSeconds, "seconds that question counts down (default 10)")
                              ->check(InRange(ess::settings::kCountdownSeconds));
    auto* export_opt =
        cli.add_option("--export-dir", o.ExportDir, "where organisers export results (default: <data folder>/exports)");
    cli.add_option("--pin-file", o.PinFile,
                   "organiser PIN hash file, when the configuration has none (default: <data folder>/organiser.pin)");
    auto* display_opt = cli.add_option("--display", o.Display, "screen index for fullscreen (default 0)")
                            ->check(InRange(ess::settings::kDisplayIndex));
    cli.add_flag("--test-refuse-writes", o.TestRefuseWrites, "tests only: the database refuses every write")->group("");
    cli.add_option("--monkey", o.MonkeyEvents,
                   "tests: N seeded random touches, drags, swipes, long presses and keys (headless, locked down)")
        ->check(CLI::Range(1LL, 1000000000LL));
    cli.add_option("--seed", o.MonkeySeed, "tests: the monkey's random seed (default 1)");
    cli.add_option("--bench-frames", o.BenchFrames,
                   "benchmark: time N frames of every screen (with --headless: software renderer)")
        ->group("Benchmarks");
    cli.add_option("--bench-input", o.BenchInput, "benchmark: time N taps from event to presented frame")->group("Benchmarks");
    cli.add_option("--simulate-hours", o.MonkeyHours, "tests: spread the monkey's events over this many simulated hours (soak)")
        ->check(CLI::Range(0.0, 1000.0));
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return cli.exit(e); // --help
        // A wrong value: the same words as the configuration file's check, and usage status 2.
        std::fprintf(stderr, "ess-kiosk: %s\nRun with --help for the options.\n", e.what());
        return 2;
    }

    if (!check_config_file.empty()) return CheckConfig(check_config_file);

    // Defaults, then the configuration file, then the command line.
    ess::KioskConfig config;
    if (!config_file.empty()) {
        std::vector<ess::ContentProblem> problems;
        ess::LoadConfig(config_file, config, problems);
        for (const ess::ContentProblem& p : problems) std::fprintf(stderr, "%s\n", p.Format().c_str());
        if (!id_opt->count() && !config.KioskId.empty()) o.KioskId = config.KioskId;
        if (!levers_opt->count()) o.Rules.MaxLevers = config.Rules.MaxLevers;
        if (!cooldown_opt->count()) o.Rules.Cooldown = config.Rules.Cooldown;
        if (!rate_opt->count()) o.Rules.RatePerMinute = config.Rules.RatePerMinute;
        if (!idle_opt->count()) o.IdleSeconds = config.IdleSeconds;
        if (!countdown_opt->count()) o.CountdownSeconds = config.CountdownSeconds;
        if (!export_opt->count() && !config.ExportDir.empty()) o.ExportDir = config.ExportDir;
        if (!dpi_opt->count()) o.Dpi = config.Dpi;
        if (!db_opt->count() && !config.DataDir.empty()) o.DatabasePath = (fs::path(config.DataDir) / "ballots.db").string();
        o.PinHash = config.PinHash;
        if (!display_opt->count()) o.Display = config.Display;
    }

    std::string tried;
    if (o.AssetsDir.empty()) o.AssetsDir = FindBundled("assets", argv[0], tried);
    tried.clear();
    if (o.ContentDir.empty()) o.ContentDir = FindBundled("content", argv[0], tried);
    if (o.DatabasePath.empty()) o.DatabasePath = ess::DefaultDatabasePath();
    const fs::path data_dir = fs::absolute(o.DatabasePath).parent_path();
    if (o.PinFile.empty()) o.PinFile = (data_dir / "organiser.pin").string();
    if (o.ExportDir.empty()) o.ExportDir = (data_dir / "exports").string();
    if (o.KioskId.empty()) o.KioskId = HostName();
    if (set_pin) return SetPin(config_file, o.PinFile);
    if (check_opt->count()) return CheckContent(check_dir.empty() ? o.ContentDir : check_dir, o.AssetsDir);
    if (dump_opt->count()) return DumpContent(dump_dir.empty() ? o.ContentDir : dump_dir, o.AssetsDir);

    if (!size.empty()) {
        std::string why;
        if (!ess::ParseScreenSize(size, o.Width, o.Height, why) ||
            !(why = ess::CheckScreenSize(o.Width, o.Height, o.Dpi)).empty()) {
            std::fprintf(stderr, "ess-kiosk: --size %s\n", why.c_str());
            return 2;
        }
    }
    if (o.MonkeyEvents > 0) o.Headless = true;
    if (o.Headless && o.ScriptFile.empty() && o.MonkeyEvents == 0 && o.BenchFrames == 0) {
        std::fprintf(stderr, "ess-kiosk: --headless needs --script FILE or --monkey N\n");
        return 2;
    }
    return ess::RunKiosk(o);
}

// ess-kiosk's commands besides the kiosk itself (see commands.h).
#ifndef ESS_APP_VERSION
#define ESS_APP_VERSION "unknown"
#endif
#include "commands.h"

#include <cstdio>
#include <filesystem>
#include <iostream>

#include <termios.h>
#include <unistd.h>

#include "central/outbox_upload.h"
#include "storage/database.h"

#include "content/config.h"
#include "content/glyphs.h"
#include "content/loader.h"
#include "core/ballot.h"

namespace ess {

namespace {
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

} // namespace

int CheckContent(const std::string& dir, const std::string& assets)
{
    ContentLoad load = LoadContent(dir, assets);
    if (load.Usable()) CheckGlyphCoverage(ContentCodepoints(load), dir, assets, load.Problems);
    for (const ContentProblem& p : load.Problems) std::printf("%s\n", p.Format().c_str());
    if (!load.Problems.empty()) {
        std::printf("%zu problem(s) in %s\n", load.Problems.size(), dir.c_str());
        return 1;
    }
    size_t levers = 0;
    for (const Axis& a : load.Data.Act.Axes) levers += a.Levers.size();
    std::string languages = load.Data.Language;
    for (const Content& t : load.Translations) languages += " " + t.Language;
    std::printf("%s: OK, %zu mutations, %zu axes, %zu levers, languages %s, content version %s\n", dir.c_str(),
                load.Data.Mutations.size(), load.Data.Act.Axes.size(), levers, languages.c_str(), load.Data.Version.c_str());
    return 0;
}

int DumpContent(const std::string& dir, const std::string& assets)
{
    ContentLoad load = LoadContent(dir, assets);
    for (const ContentProblem& p : load.Problems) std::fprintf(stderr, "%s\n", p.Format().c_str());
    if (!load.Usable()) return 1;
    // The French, then each translation, for their proofreaders.
    std::fputs(DumpContent(load.Data).c_str(), stdout);
    for (const Content& translation : load.Translations)
        std::printf("\n\n# ======== %s (%s) ========\n\n%s", translation.LanguageName.c_str(), translation.Language.c_str(),
                    DumpContent(translation).c_str());
    return 0;
}

int CheckConfig(const std::string& file)
{
    KioskConfig config;
    std::vector<ContentProblem> problems;
    LoadConfig(file, config, problems);
    for (const ContentProblem& p : problems) std::printf("%s\n", p.Format().c_str());
    if (!problems.empty()) {
        std::printf("%zu problem(s) in %s\n", problems.size(), file.c_str());
        return 1;
    }
    std::printf("%s: OK\n", file.c_str());
    return 0;
}

// Asks for the organiser PIN (twice on a terminal) and stores only its salted hash: in the
// config file's [organiser] pin_hash when there is one, else in the PIN file.
int SetPin(const std::string& config_file, const std::string& pin_file)
{
    std::string pin = ReadSecret("New organiser PIN (4 to 8 digits): ");
    if (!IsValidPin(pin)) {
        std::fprintf(stderr, "ess-kiosk: a PIN is 4 to 8 digits; nothing changed\n");
        return 1;
    }
    if (isatty(STDIN_FILENO) && ReadSecret("Again: ") != pin) {
        std::fprintf(stderr, "ess-kiosk: the two PINs differ; nothing changed\n");
        return 1;
    }
    const std::string hash = HashPin(pin);
    if (hash.empty()) {
        std::fprintf(stderr, "ess-kiosk: cannot hash the PIN; nothing changed\n");
        return 1;
    }
    std::string target, error;
    if (!StorePinHash(config_file, pin_file, hash, target, error)) {
        std::fprintf(stderr, "ess-kiosk: %s (run with sudo for a system configuration); nothing changed\n", error.c_str());
        return 1;
    }
    std::printf("organiser PIN set (salted hash in %s)\n", target.c_str());
    return 0;
}

int Sync(const std::string& central_url, const std::string& db_path, const std::string& kiosk_id, int visit_months)
{
    if (central_url.empty()) {
        std::fprintf(stderr, "ess-kiosk: --sync: no central server: give --central URL, or [central] url in the configuration "
                             "(ess-tally central add-kiosk prints it)\n");
        return 2;
    }
    Database db;
    std::string error;
    if (!db.Open(db_path, error)) {
        std::fprintf(stderr, "ess-kiosk: --sync: %s\n", error.c_str());
        return 1;
    }
    UploadCounts counts;
    auto report = [&](const std::string& why) {
        const int64_t pending = db.PendingCount(), visits_pending = db.PendingVisitCount();
        std::printf("sent %lld, already there %lld, still pending %lld\n", (long long)counts.Sent, (long long)counts.AlreadyThere,
                    (long long)pending);
        std::printf("visits: sent %lld, already there %lld, still pending %lld", (long long)counts.VisitsSent,
                    (long long)counts.VisitsAlreadyThere, (long long)visits_pending);
        if (counts.VisitsPurged > 0)
            std::printf("; %lld past their kiosk's retention purged on the server", (long long)counts.VisitsPurged);
        if (counts.VisitsTaken > 0)
            std::printf("; %lld with an id another kiosk's visit has (not stored there)", (long long)counts.VisitsTaken);
        if (counts.VisitsSetAside > 0) std::printf("; %lld refused by the server, set aside", (long long)counts.VisitsSetAside);
        std::printf("\n");
        if (!why.empty())
            std::fprintf(stderr, "ess-kiosk: --sync: %s; nothing is lost: the ballots and visits stay pending\n", why.c_str());
        if (!counts.VisitsHeld.empty())
            std::fprintf(stderr, "ess-kiosk: --sync: visits held back: %s\n", counts.VisitsHeld.c_str());
        std::fflush(stdout);
        return why.empty() && pending == 0 && visits_pending == 0 ? 0 : 1;
    };
    pg::Connection conn;
    pg::ConnectOptions options;
    options.Url = central_url;
    options.ApplicationName = "ess-kiosk --sync";
    if (conn.Open(options, error) != pg::Outcome::Ok) return report(WithConnectHint(error));
    std::printf("central server: %s\n", conn.Where().c_str());
    if (!UploadPending(db, conn, kiosk_id, visit_months, counts, error)) return report(error);
    // A one-off command: no content shown, no uptime to speak of.
    Heartbeat beat = KioskHeartbeat(db, ESS_APP_VERSION, "", 0);
    beat.VisitKeepMonths = visit_months;
    if (!SendHeartbeat(conn, beat, error, pg::Clock::now() + std::chrono::seconds(10)))
        std::fprintf(stderr, "ess-kiosk: --sync: warning: no heartbeat sent: %s\n", error.c_str());
    return report({});
}

} // namespace ess

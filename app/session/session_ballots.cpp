// The ballot path and what the screens show of the database: opening it (a busy one is tried
// again), storing a visitor's ballot, the tallies and the database's health (see session.h).
#include <cstdio>
#include <fstream>

#include "session/session.h"

namespace ess {

// Seconds between two attempts at a database another process keeps busy: it is waited for a
// few seconds at each attempt already, so the kiosk stays responsive in between.
constexpr double kDatabaseRetrySeconds = 5;

void Session::OpenDatabase()
{
    const double now = Time.Now();
    std::string error, moved;
    // A busy file (another kiosk or ess-tally creating or checking it) is tried again, on a timer
    // and before each ballot, rather than given up on for the rest of the run.
    DbRetryAt = -1;
    if (!Db.OpenOrRecover(Settings.DatabasePath, moved, error)) {
        if (error != DbError)
            std::fprintf(stderr, "ess-kiosk: database: %s (ballots cannot be stored%s)\n", error.c_str(),
                         Db.OpenFailedBusy() ? " until it opens: trying again" : "");
        DbError = error;
        Shown.Alert = error;
        if (Db.OpenFailedBusy()) DbRetryAt = now + kDatabaseRetrySeconds;
    } else {
        std::fprintf(stderr, "ess-kiosk: database %s (schema %d)%s\n", Db.Path().c_str(), Db.SchemaVersion(),
                     DbError.empty() ? "" : ", open now");
        if (!DbError.empty() && Shown.Alert == DbError) Shown.Alert.clear();
        DbError.clear();
        // The upload to the central server, on its own thread and connections, from now on.
        if (!Settings.CentralUrl.empty() && !Uploader) {
            UploadSettings upload{Settings.CentralUrl, Settings.DatabasePath, Settings.KioskId, Settings.AppVersion,
                                  Data ? Data->Version : ""};
            upload.VisitMonths = Settings.VisitMonths;
            Uploader = std::make_unique<UploadWorker>(std::move(upload));
        }
        // The visit log, likewise on its own thread and connection (it purges old visits too).
        if (!VisitsOut && !Settings.TestRefuseWrites) StartVisitWriter();
    }
    if (Settings.TestRefuseWrites && Db.IsOpen() && !Db.RefuseWrites(error))
        std::fprintf(stderr, "ess-kiosk: %s\n", error.c_str());
    if (!moved.empty()) {
        // Storage has logged the move; organisers see it on their screen.
        Shown.Alert = "la base " + Settings.DatabasePath + " était endommagée ; elle a été mise de côté (" + moved +
                      ") et une base neuve a été créée.";
    }
    RefreshFigures();
}

std::string Session::ReadPinHash() const
{
    std::ifstream in(Settings.PinFile);
    std::string hash;
    std::getline(in, hash);
    return hash;
}

void Session::StartVisitWriter()
{
    // The uploader outlives every writer (declared before it, never replaced): the pointer holds.
    UploadWorker* uploader = Uploader.get();
    VisitsOut = std::make_unique<VisitWriter>(Settings.DatabasePath, Settings.VisitMonths, nullptr, [uploader] {
        if (uploader) uploader->Nudge();
    });
}

// The tallies and facts shown on the thanks and organiser screens, read from storage.
void Session::RefreshFigures()
{
    Shown.KioskId = Settings.KioskId;
    Shown.DatabasePath = Db.IsOpen() ? Db.Path() : Settings.DatabasePath;
    if (!Db.IsOpen()) {
        Shown.DatabaseHealth = "indisponible";
        return;
    }
    Tally tally;
    std::string error;
    if (!Db.LoadTally(tally, error)) std::fprintf(stderr, "ess-kiosk: tally: %s\n", error.c_str());
    Shown.Ballots = tally.Ballots;
    Shown.Flagged = tally.Flagged;
    const auto rows = [](const std::vector<Count>& counts) {
        std::vector<Figures::Row> out;
        for (const Count& c : counts) out.push_back({c.Key, c.Ballots});
        return out;
    };
    Shown.PerLever = rows(tally.PerLever);
    Shown.PerDay = rows(tally.PerDay);
    Shown.PerHour = rows(tally.PerHour);
    Shown.LastExport = Db.GetMeta("last_export");
    RefreshUpload();
}

// Today's visits (since local midnight) for organiser mode: what the visit writer has stored.
void Session::RefreshVisits()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(Time.Wall(Time.Now()));
    std::tm local{};
    localtime_r(&now, &local);
    local.tm_hour = local.tm_min = local.tm_sec = 0;
    const std::string since = UtcMinute(FormatUtcIso(std::chrono::system_clock::from_time_t(std::mktime(&local))));
    std::string error;
    if (!Db.LoadVisitFigures(since, Shown.Visits, error)) std::fprintf(stderr, "ess-kiosk: visits: %s\n", error.c_str());
}

// The central server's side of the organiser screen: what is pending here, what the worker did.
void Session::RefreshUpload()
{
    UploadFigures& u = Shown.Upload;
    u.Configured = !Settings.CentralUrl.empty();
    if (!u.Configured) return;
    u.Pending = Db.IsOpen() ? Db.PendingCount() : -1;
    u.VisitsPending = Db.IsOpen() ? Db.PendingVisitCount() : -1;
    if (!Uploader) return;
    const UploadState state = Uploader->State();
    const auto local = [](std::chrono::system_clock::time_point t) {
        return t.time_since_epoch().count() == 0 ? std::string() : FormatLocalMinute(t);
    };
    u.Server = state.Server;
    u.Reachable = state.Reachable;
    u.LastSent = local(state.LastSent);
    u.VisitsHeld = state.VisitsHeld.substr(0, state.VisitsHeld.find(" [libpq:"));
    u.VisitsOutdated = state.VisitsOutdated;
    // The explanation, without libpq's own words (they are in the log).
    u.LastError = state.LastError.substr(0, state.LastError.find(" [libpq:"));
    u.LastErrorAt = state.LastError.empty() ? std::string() : local(state.LastErrorAt);
}

void Session::RefreshHealth()
{
    if (!Db.IsOpen()) return;
    Health h = Db.CheckHealth();
    char size[32];
    std::snprintf(size, sizeof size, "%.1f Mo", double(h.FileBytes) / (1024.0 * 1024.0));
    Shown.DatabaseSize = size;
    Shown.DatabaseHealth =
        h.Ok ? "bonne (" + h.QuickCheck + ", schéma " + std::to_string(h.SchemaVersion) + ")" : "à vérifier : " + h.QuickCheck;
}

void Session::StoreBallot()
{
    const double now = Time.Now();
    if (Current.Choice.Empty() || Pace.InCooldown(now, Current.Rules) || Current.BallotFailedNotice) return;
    Ballot ballot;
    ballot.Uuid = NewUuid();
    ballot.KioskId = Settings.KioskId;
    ballot.CreatedUtc = FormatUtcIso(Time.Wall(now)); // the session's clock: a simulated day stamps simulated time
    ballot.ContentVersion = Data ? Data->Version : std::string();
    ballot.Levers = Current.Choice.Levers();
    ballot.Flags = Pace.FlagsFor(now, Current.Rules);
    if (!Db.IsOpen()) OpenDatabase(); // at once: this visitor is waiting for their ballot
    std::string error = "database unavailable";
    // Thanks only once COMMIT has returned: a ballot shown as counted is on disk.
    if (Db.IsOpen() && Db.RecordBallot(ballot, error)) {
        Pace.Recorded(now);
        std::fprintf(stderr, "ballot committed %s\n", ballot.Uuid.c_str());
        BallotsThisSession++;
        Recorder.BallotStored(ballot.Uuid);
        Apply({IntentKind::BallotStored});
        if (Uploader) Uploader->Nudge();
        RefreshFigures();
    } else {
        std::fprintf(stderr, "ess-kiosk: ballot NOT stored: %s\n", error.c_str());
        Apply({IntentKind::BallotFailed});
    }
}

} // namespace ess

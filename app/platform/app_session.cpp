// The database, ballots, exports and the figures the organiser sees; see app.h.
#include "platform/app.h"
#include "storage/export_csv.h"

namespace ess {

// Seconds between two attempts at a database another process keeps busy: it is waited for a
// few seconds at each attempt already, so the kiosk stays responsive in between.
constexpr double kDatabaseRetrySeconds = 5;

void App::OpenDatabase(double now)
{
    std::string error, moved;
    // A busy file (another kiosk or ess-tally creating or checking it) is tried again, on a timer
    // and before each ballot, rather than given up on for the rest of the run.
    DbRetryAt = -1;
    if (!Db.OpenOrRecover(Options.DatabasePath, moved, error)) {
        if (error != DbError)
            std::fprintf(stderr, "ess-kiosk: database: %s (ballots cannot be stored%s)\n", error.c_str(),
                         Db.OpenFailedBusy() ? " until it opens: trying again" : "");
        DbError = error;
        Facts.Alert = error;
        if (Db.OpenFailedBusy()) DbRetryAt = now + kDatabaseRetrySeconds;
    } else {
        std::fprintf(stderr, "ess-kiosk: database %s (schema %d)%s\n", Db.Path().c_str(), Db.SchemaVersion(),
                     DbError.empty() ? "" : ", open now");
        if (!DbError.empty() && Facts.Alert == DbError) Facts.Alert.clear();
        DbError.clear();
    }
    if (Options.TestRefuseWrites && Db.IsOpen() && !Db.RefuseWrites(error))
        std::fprintf(stderr, "ess-kiosk: %s\n", error.c_str());
    if (!moved.empty()) {
        // Storage has logged the move; organisers see it on their screen.
        Facts.Alert = "la base " + Options.DatabasePath + " était endommagée ; elle a été mise de côté (" + moved +
                      ") et une base neuve a été créée.";
    }
    RefreshFigures();
}

std::string App::ReadPinHash() const
{
    std::ifstream in(Options.PinFile);
    std::string hash;
    std::getline(in, hash);
    return hash;
}

// The tallies and facts shown on the thanks and organiser screens, read from storage.
void App::RefreshFigures()
{
    Facts.KioskId = Options.KioskId;
    Facts.DatabasePath = Db.IsOpen() ? Db.Path() : Options.DatabasePath;
    if (!Db.IsOpen()) {
        Facts.DatabaseHealth = "indisponible";
        return;
    }
    Tally tally;
    std::string error;
    if (!Db.LoadTally(tally, error)) std::fprintf(stderr, "ess-kiosk: tally: %s\n", error.c_str());
    Facts.Ballots = tally.Ballots;
    Facts.Flagged = tally.Flagged;
    const auto rows = [](const std::vector<Count>& counts) {
        std::vector<Figures::Row> out;
        for (const Count& c : counts) out.push_back({c.Key, c.Ballots});
        return out;
    };
    Facts.PerLever = rows(tally.PerLever);
    Facts.PerDay = rows(tally.PerDay);
    Facts.PerHour = rows(tally.PerHour);
    Facts.LastExport = Db.GetMeta("last_export");
}

void App::RefreshHealth()
{
    if (!Db.IsOpen()) return;
    Health h = Db.CheckHealth();
    char size[32];
    std::snprintf(size, sizeof size, "%.1f Mo", double(h.FileBytes) / (1024.0 * 1024.0));
    Facts.DatabaseSize = size;
    Facts.DatabaseHealth =
        h.Ok ? "bonne (" + h.QuickCheck + ", schéma " + std::to_string(h.SchemaVersion) + ")" : "à vérifier : " + h.QuickCheck;
}

void App::Perform(const Intent& intent, double now)
{
    switch (intent.Kind) {
    case IntentKind::ConfirmVote: StoreBallot(now); break;
    case IntentKind::PinSubmit:
        if (Lock.Locked(now) || State.PinDigits.empty()) break;
        if (VerifyPin(PinHash, State.PinDigits)) {
            Lock.Succeeded();
            Apply(State, {IntentKind::PinAccepted}, now);
            RefreshFigures();
            RefreshHealth();
            Facts.Notice.clear();
            std::fprintf(stderr, "ess-kiosk: organiser mode opened\n");
        } else {
            Lock.Failed(now);
            Apply(State, {IntentKind::PinRejected}, now);
            std::fprintf(stderr, "ess-kiosk: wrong organiser PIN (%d in a row)\n", Lock.FailureCount());
        }
        break;
    case IntentKind::Export: ExportResults(); break;
    case IntentKind::ConfirmArchive: {
        std::string archived, error;
        if (Db.IsOpen() && Db.ArchiveAndReset(archived, error)) {
            Facts.Notice = "Archivé dans " + archived + " ; nouvelle base vide.";
            std::fprintf(stderr, "ess-kiosk: database archived to %s\n", archived.c_str());
        } else {
            Facts.Notice = "Archivage impossible : " + (error.empty() ? std::string("base indisponible") : error);
        }
        Apply(State, {IntentKind::Archive}, now); // close the confirmation
        RefreshFigures();
        RefreshHealth();
        break;
    }
    case IntentKind::QuitApp:
        std::fprintf(stderr, "ess-kiosk: quit from organiser mode\n");
        Running = false;
        break;
    default: break;
    }
}

void App::StoreBallot(double now)
{
    if (State.Choice.Empty() || Pace.InCooldown(now, State.Rules) || State.BallotFailedNotice) return;
    Ballot ballot;
    ballot.Uuid = NewUuid();
    ballot.KioskId = Options.KioskId;
    ballot.CreatedUtc = UtcNowIso();
    ballot.ContentVersion = Data.Version;
    ballot.Levers = State.Choice.Levers();
    ballot.Flags = Pace.FlagsFor(now, State.Rules);
    if (!Db.IsOpen()) OpenDatabase(now); // at once: this visitor is waiting for their ballot
    std::string error = "database unavailable";
    // Thanks only once COMMIT has returned: a ballot shown as counted is on disk.
    if (Db.IsOpen() && Db.RecordBallot(ballot, error)) {
        Pace.Recorded(now);
        std::fprintf(stderr, "ballot committed %s\n", ballot.Uuid.c_str());
        SessionBallots++;
        Apply(State, {IntentKind::BallotStored}, now);
        RefreshFigures();
    } else {
        std::fprintf(stderr, "ess-kiosk: ballot NOT stored: %s\n", error.c_str());
        Apply(State, {IntentKind::BallotFailed}, now);
    }
}

void App::ExportResults()
{
    std::string dir = Options.ExportDir;
    std::error_code ec;
    fs::create_directories(dir, ec);
    std::vector<std::pair<std::string, std::string>> labels;
    for (const Axis& a : Data.Act.Axes)
        for (const Lever& l : a.Levers) labels.push_back({l.Id, PlainText(l.Text)});
    const std::string stem = (fs::path(dir) / ("ess2040-" + Options.KioskId + "-" + UtcStampForFileName())).string();
    std::string error;
    bool ok = !ec && Db.IsOpen();
    if (ok) {
        std::ofstream csv(stem + ".csv", std::ios::binary), json(stem + ".json", std::ios::binary);
        ok = csv && json && ExportCsv(Db, labels, ExportTable::Ballots, csv, error) && ExportJson(Db, labels, json, error);
        csv.close();
        json.close();
        ok = ok && csv.good() && json.good(); // a full USB stick fails here, not silently
    }
    if (ok) {
        Db.SetMeta("last_export", UtcNowIso() + " → " + stem + ".csv", error);
        Facts.Notice = "Exporté : " + stem + ".csv et .json";
        std::fprintf(stderr, "ess-kiosk: exported to %s.csv and .json\n", stem.c_str());
    } else {
        Facts.Notice = "Export impossible vers " + dir + " : " + (ec ? ec.message() : error.empty() ? "écriture refusée" : error);
        std::fprintf(stderr, "ess-kiosk: export to %s failed: %s\n", dir.c_str(), Facts.Notice.c_str());
    }
    RefreshFigures();
}

} // namespace ess

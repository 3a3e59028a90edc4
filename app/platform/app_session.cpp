// The database, ballots, exports and the figures the organiser sees; see app.h.
#include "platform/app.h"

#include <functional>

#include "storage/durable_file.h"
#include "storage/export_csv.h"
#include "storage/export_xlsx.h"

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

// Four files, each written whole to a temporary name and renamed once on disk (a stick pulled
// out or full leaves no half file under a real name): the ballots and the levers as CSV (one
// table each), the JSON and the XLSX workbook. The database is only read.
void App::ExportResults()
{
    const std::string dir = Options.ExportDir;
    std::error_code ec;
    fs::create_directories(dir, ec);
    LeverLabels labels;
    for (const Axis& a : Data.Act.Axes)
        for (const Lever& l : a.Levers) labels.push_back({l.Id, PlainText(l.Text)});
    const std::string name = "ess2040-" + Options.KioskId + "-" + UtcStampForFileName();
    const std::string stem = (fs::path(dir) / name).string();
    std::string error = ec ? ec.message() : !Db.IsOpen() ? "base indisponible" : "";
    std::vector<std::string> written;
    auto csv = [&](ExportTable table) {
        return [&, table](std::ostream& out, std::string& why) { return ExportCsv(Db, labels, table, out, why); };
    };
    const struct {
        std::string Suffix;
        std::function<bool(const std::string&, std::string&)> Write;
    } files[] = {
        {"-votes.csv",
         [&](const std::string& path, std::string& why) { return WriteFileDurably(path, csv(ExportTable::Ballots), why); }},
        {"-leviers.csv",
         [&](const std::string& path, std::string& why) { return WriteFileDurably(path, csv(ExportTable::Levers), why); }},
        {".json",
         [&](const std::string& path, std::string& why) {
             return WriteFileDurably(
                 path, [&](std::ostream& out, std::string& w) { return ExportJson(Db, labels, out, w); }, why);
         }},
        {".xlsx", [&](const std::string& path, std::string& why) { return ExportXlsx(Db, labels, path, why); }},
    };
    for (const auto& file : files) {
        if (!error.empty()) break;
        if (file.Write(stem + file.Suffix, error)) written.push_back(name + file.Suffix);
    }
    std::string list;
    for (const std::string& w : written) list += (list.empty() ? "" : ", ") + w;
    if (error.empty()) {
        Db.SetMeta("last_export", UtcNowIso() + " → " + stem + ".xlsx", error);
        Facts.Notice = "Exporté dans " + dir + " : " + list + ".";
        std::fprintf(stderr, "ess-kiosk: exported to %s: %s\n", dir.c_str(), list.c_str());
    } else {
        // Said with the folder, so that the organiser knows which stick to check; the ballots
        // are still all in the database, and no file is left half written.
        Facts.Notice = "Export impossible vers " + dir + " (clé pleine, protégée en écriture ou retirée ?) : " + error +
                       ". Aucun vote n'est perdu : ils restent dans la base." +
                       (list.empty() ? std::string() : " Fichiers écrits en entier : " + list + ".");
        std::fprintf(stderr, "ess-kiosk: export to %s failed: %s%s%s\n", dir.c_str(), error.c_str(),
                     list.empty() ? "" : "; written in full: ", list.c_str());
    }
    RefreshFigures();
}

} // namespace ess

// Organiser mode's actions: the PIN (with its lock after wrong attempts), the export of the
// results, archive-and-reset (see session.h).
#include <cstdio>
#include <filesystem>
#include <functional>

#include "core/text.h"
#include "session/session.h"
#include "core/durable_file.h"
#include "storage/exchange.h"
#include "storage/export_csv.h"
#include "storage/export_xlsx.h"

namespace fs = std::filesystem;

namespace ess {

void Session::SubmitPin()
{
    const double now = Time.Now();
    if (Lock.Locked(now) || Current.PinDigits.empty()) return;
    if (VerifyPin(PinHash, Current.PinDigits)) {
        Lock.Succeeded();
        Apply({IntentKind::PinAccepted});
        RefreshFigures();
        RefreshVisits(); // organiser mode's alone: not on a visitor's ballot
        RefreshHealth();
        Shown.Notice.clear();
        std::fprintf(stderr, "ess-kiosk: organiser mode opened\n");
    } else {
        Lock.Failed(now);
        Apply({IntentKind::PinRejected});
        std::fprintf(stderr, "ess-kiosk: wrong organiser PIN (%d in a row)\n", Lock.FailureCount());
    }
}

void Session::ArchiveAndReset()
{
    std::string archived, error;
    // The visit writer's own connection would keep the archived file open (its -wal and -shm
    // beside the archive): it writes what it holds, stops, and starts again on the new file.
    const bool visits = VisitsOut != nullptr;
    // Visits a full disk would not take yet go to the new file's writer, not to oblivion.
    std::vector<Visit> unwritten = visits ? VisitsOut->StopAndTakeUnwritten() : std::vector<Visit>();
    VisitsOut.reset();
    if (Db.IsOpen() && Db.ArchiveAndReset(archived, error)) {
        Shown.Notice = "Archivé dans " + archived + " ; nouvelle base vide.";
        std::fprintf(stderr, "ess-kiosk: database archived to %s\n", archived.c_str());
    } else {
        Shown.Notice = "Archivage impossible : " + (error.empty() ? std::string("base indisponible") : error);
    }
    if (visits && Db.IsOpen()) {
        StartVisitWriter();
        for (Visit& v : unwritten) VisitsOut->Submit(std::move(v));
    } else if (!unwritten.empty()) {
        std::fprintf(stderr, "ess-kiosk: visit not recorded: %zu visit(s) lost: no database after the archive\n",
                     unwritten.size());
    }
    Apply({IntentKind::Archive}); // close the confirmation
    RefreshFigures();
    RefreshHealth();
}

// Four files, each written whole to a temporary name and renamed once on disk (a stick pulled
// out or full leaves no half file under a real name): the ballots and the levers as CSV (one
// table each), the JSON and the XLSX workbook. The database is only read.
void Session::ExportResults()
{
    const std::string dir = Settings.ExportDir;
    std::error_code ec;
    fs::create_directories(dir, ec);
    LeverLabels labels;
    if (Data)
        for (const Axis& a : Data->Act.Axes)
            for (const Lever& l : a.Levers) labels.push_back({l.Id, PlainText(l.Text)});
    const auto wall = Time.Wall(Time.Now());
    const std::string name = "ess2040-" + Settings.KioskId + "-" + FormatUtcStamp(wall);
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
        Db.SetMeta("last_export", FormatUtcIso(wall) + " → " + stem + ".xlsx", error);
        Shown.Notice = "Exporté dans " + dir + " : " + list + ".";
        std::fprintf(stderr, "ess-kiosk: exported to %s: %s\n", dir.c_str(), list.c_str());
    } else {
        // Said with the folder, so that the organiser knows which stick to check; the ballots
        // are still all in the database, and no file is left half written.
        Shown.Notice = "Export impossible vers " + dir + " (clé pleine, protégée en écriture ou retirée ?) : " + error +
                       ". Aucun vote n'est perdu : ils restent dans la base." +
                       (list.empty() ? std::string() : " Fichiers écrits en entier : " + list + ".");
        std::fprintf(stderr, "ess-kiosk: export to %s failed: %s%s%s\n", dir.c_str(), error.c_str(),
                     list.empty() ? "" : "; written in full: ", list.c_str());
    }
    RefreshFigures();
}

} // namespace ess

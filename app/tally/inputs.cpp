// ess-tally's shared inputs (see inputs.h).
#include "tally/inputs.h"

#include <cstdio>

#include "central/central_api.h"
#include "content/bundled.h"
#include "content/loader.h"
#include "core/text.h"
#include "storage/exchange.h"
#include "tally/central_commands.h"

namespace ess::tally {

namespace {

// The content for wording, or nothing (said once on stderr, with what the command does instead).
bool LoadForWording(const Folders& folders, const char* without, ContentLoad& load)
{
    const std::string content_dir = folders.Content.empty() ? FindBundledFolder("content").Path : folders.Content;
    const std::string assets_dir = folders.Assets.empty() ? FindBundledFolder("assets").Path : folders.Assets;
    load = LoadContent(content_dir, assets_dir);
    if (load.Usable()) return true;
    std::string first;
    for (const ContentProblem& p : load.Problems)
        if (p.Fatal) {
            first = p.Format();
            break;
        }
    std::fprintf(stderr, "ess-tally: warning: %s: content not usable (%s); %s\n", content_dir.c_str(), first.c_str(), without);
    return false;
}

} // namespace

Levers LoadLevers(const Folders& folders)
{
    Levers levers;
    ContentLoad load;
    if (!LoadForWording(folders, "levers are shown by id", load)) return levers;
    levers.Title = PlainText(load.Data.Act.Title);
    for (const Axis& axis : load.Data.Act.Axes)
        for (const Lever& lever : axis.Levers) levers.Labels.push_back({lever.Id, PlainText(lever.Text)});
    return levers;
}

ReportContent LoadReportContent(const Folders& folders)
{
    ContentLoad load;
    if (!LoadForWording(folders, "levers are shown by id, mutations by number", load)) return {};
    return ReportContentFrom(load.Data);
}

int Fail(const std::string& message)
{
    std::fprintf(stderr, "ess-tally: %s\n", message.c_str());
    return 1;
}

void AddFolderOptions(CLI::App* command, Folders& folders, bool assets)
{
    command->add_option("--content", folders.Content, "content folder, for the levers' wording (default: the bundled content/)");
    if (assets) command->add_option("--assets", folders.Assets, "assets folder, for the fonts (default: the bundled assets/)");
}

bool ReadDatabase(const std::string& path, Visits visits, Database& db, const std::function<bool(std::string&)>& read,
                  std::string& error)
{
    int64_t duplicates = 0;
    if (IsCentralUrl(path)) return LoadCentralBallots({path}, db, duplicates, error, visits == Visits::Read) && read(error);
    if (!db.OpenExisting(path, error)) return false;
    bool ok = read(error);
    if (!db.ChangedSinceOpened()) return ok;
    return db.OpenExisting(path, error, Database::ReadMode::Locking) && read(error);
}

bool ReadCombined(const std::vector<std::string>& paths, Visits visits, const std::function<bool(Database&, std::string&)>& read,
                  int64_t& duplicates, std::string& error)
{
    duplicates = 0;
    Database db;
    if (paths.size() == 1)
        return ReadDatabase(
            paths[0], visits, db, [&](std::string& why) { return read(db, why); }, error);
    std::vector<std::string> urls, files;
    for (const std::string& p : paths) (IsCentralUrl(p) ? urls : files).push_back(p);
    if (!db.Open(":memory:", error)) return false;
    const bool with_visits = visits == Visits::Read;
    if (!urls.empty() && !LoadCentralBallots(urls, db, duplicates, error, with_visits)) return false;
    MergeReport report;
    if (!files.empty() && !MergeInto(db, files, report, error, with_visits)) return false;
    for (const MergeReport::Input& input : report.Inputs) duplicates += input.Skipped;
    return read(db, error);
}

bool CombinedTally(const std::vector<std::string>& paths, Tally& tally, int64_t& duplicates, std::string& error)
{
    return ReadCombined(
        paths, Visits::Skip, [&](Database& db, std::string& why) { return db.LoadTally(tally, why); }, duplicates, error);
}

} // namespace ess::tally

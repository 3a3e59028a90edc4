// ess-tally: the organisers' tool. Summaries, exports, merges, health checks and charts of the
// kiosks' ballot databases or of a central server (postgresql://...); it opens them read-only,
// and only `merge` writes (to its -o file). The central server's own commands: central_commands.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "content/bundled.h"
#include "core/text.h"
#include "storage/database.h"
#include "core/durable_file.h"
#include "storage/exchange.h"
#include "storage/export_csv.h"
#include "storage/export_tables.h"
#include "storage/export_xlsx.h"
#include "central/central_api.h"
#include "storage/output_check.h"
#include "tally/central_commands.h"
#include "tally/chart.h"
#include "tally/inputs.h"
#include "tally/report.h"
#include "tally/report_html.h"

namespace fs = std::filesystem;

namespace {

using namespace ess::tally;

int Summary(const std::vector<std::string>& paths, const Folders& folders)
{
    int64_t duplicates = 0;
    std::string error;
    ess::Tally tally;
    int64_t visits = 0; // the visit log (schema 3), from files and central servers alike
    auto read = [&](ess::Database& db, std::string& why) {
        visits = std::max<int64_t>(0, db.VisitCount());
        return db.LoadTally(tally, why);
    };
    if (!ReadCombined(paths, Visits::Read, read, duplicates, error)) return Fail(error);
    Levers levers = LoadLevers(folders);

    std::printf("Files: %zu\n", paths.size());
    for (const std::string& p : paths) std::printf("  %s\n", ess::Shown(p).c_str());
    if (duplicates > 0) std::printf("  %lld ballot(s) found in more than one file, counted once\n", (long long)duplicates);
    std::printf("\nBallots: %lld\n", (long long)tally.Ballots);
    std::printf("Flagged: %lld (arrived faster than the configured rate; counted, for you to judge)\n", (long long)tally.Flagged);
    std::printf("Visits: %lld (the visit log, anonymous; kiosks before it have none)\n", (long long)visits);

    std::printf("\nLevers (ballots choosing each, %% of ballots; a visitor may choose several)\n");
    for (const ess::LeverRow& line : ess::LeverRows(tally, levers.Labels)) {
        double share = tally.Ballots ? 100.0 * (double)line.Ballots / (double)tally.Ballots : 0.0;
        std::string label = line.Label.empty() ? "(not in the content)" : line.Label;
        std::printf("  %8lld %5.1f %%  %s: %s\n", (long long)line.Ballots, share, line.Id.c_str(), label.c_str());
    }
    std::printf("\nPer kiosk\n");
    for (const ess::Count& c : tally.PerKiosk) std::printf("  %8lld  %s\n", (long long)c.Ballots, c.Key.c_str());
    std::printf("\nPer day (UTC)\n");
    for (const ess::Count& c : tally.PerDay) std::printf("  %8lld  %s\n", (long long)c.Ballots, c.Key.c_str());
    return 0;
}

int Export(const std::string& path, const std::string& format, const std::string& table_name, const std::string& output,
           const Folders& folders)
{
    ess::ExportTable table = ess::ExportTable::Ballots;
    ess::ParseTableName(table_name, table); // checked by the option's validator
    std::string error;
    const std::vector<std::string> files = ess::IsCentralUrl(path) ? std::vector<std::string>() : std::vector<std::string>{path};
    if (!output.empty() && !ess::CheckOutputPath(output, files, ess::OutputKind::Report, error)) return Fail(error);
    Levers levers = LoadLevers(folders);
    ess::Database db;
    auto write = [&](std::ostream& out, std::string& why) {
        return format == "json" ? ess::ExportJson(db, levers.Labels, out, why)
                                : ess::ExportCsv(db, levers.Labels, table, out, why);
    };
    if (output.empty()) {
        // What reaches standard output cannot be taken back: gathered first, in case the file
        // changes while it is read and has to be read again.
        std::ostringstream text;
        auto gather = [&](std::string& why) {
            text.str({});
            return write(text, why);
        };
        if (!ReadDatabase(path, Visits::Skip, db, gather, error)) return Fail(error);
        std::cout << text.str() << std::flush;
        return std::cout.good() ? 0 : Fail("cannot write to standard output");
    }
    // Whole or not at all: an existing file keeps its old content until the new one is on disk.
    auto write_file = [&](std::string& why) {
        return format == "xlsx" ? ess::ExportXlsx(db, levers.Labels, output, why) : ess::WriteFileDurably(output, write, why);
    };
    std::error_code ec;
    const bool existed = fs::exists(output, ec);
    if (!ReadDatabase(path, Visits::Skip, db, write_file, error))
        return Fail(error + (existed ? "; " + output + " left as it was" : "; nothing written"));
    return 0;
}

int Merge(const std::string& output, const std::vector<std::string>& inputs)
{
    ess::MergeReport report;
    std::string error;
    if (!ess::CheckOutputPath(output, inputs, ess::OutputKind::Database, error)) return Fail(error);
    if (!ess::MergeDatabases(output, inputs, report, error)) return Fail(error + "; " + output + " left untouched");
    for (const ess::MergeReport::Input& input : report.Inputs) {
        std::printf("%s: added %lld, skipped %lld\n", input.Path.c_str(), (long long)input.Added, (long long)input.Skipped);
        if (input.VisitsAdded + input.VisitsSkipped > 0)
            std::printf("%s: visits added %lld, skipped %lld\n", input.Path.c_str(), (long long)input.VisitsAdded,
                        (long long)input.VisitsSkipped);
    }
    std::printf("%s: %lld ballots in total\n", output.c_str(), (long long)report.Total);
    std::printf("%s: %lld visits in total\n", output.c_str(), (long long)report.TotalVisits);
    return 0;
}

bool SameCounts(const std::vector<ess::Count>& a, const std::vector<ess::Count>& b)
{
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++)
        if (a[i].Key != b[i].Key || a[i].Ballots != b[i].Ballots) return false;
    return true;
}

int Verify(const std::string& path)
{
    if (ess::IsCentralUrl(path)) return ess::CentralVerify(path);
    ess::Database db;
    std::string error, recount_error;
    ess::Health health;
    // The tallies come from counters kept by triggers; recount from the rows to prove them.
    ess::Tally counters, recount;
    bool counted = false;
    int64_t pending = -1, visits = -1;
    auto read = [&](std::string& why) {
        health = db.CheckHealth();
        pending = db.PendingCount();
        visits = db.VisitCount();
        why.clear();
        counted = db.LoadTally(counters, why) && db.RecountTally(recount, recount_error);
        return true; // what was found is reported below
    };
    if (!ReadDatabase(path, Visits::Read, db, read, error)) return Fail(error);
    std::printf("%s\n", path.c_str());
    std::printf("  integrity (quick_check): %s\n", health.QuickCheck.c_str());
    std::printf("  schema version: %d (this software: %d)\n", health.SchemaVersion, ess::Database::kCurrentSchema);
    std::printf("  size: %lld bytes (database + WAL)\n", (long long)health.FileBytes);
    std::printf("  ballots: %lld\n", (long long)health.Ballots);
    if (health.SchemaVersion < 2)
        std::printf("  not yet sent to a central server: %lld (schema %d has no outbox: a kiosk upgraded sends them all)\n",
                    (long long)pending, health.SchemaVersion);
    else
        std::printf("  not yet sent to a central server: %lld\n", (long long)pending);
    if (health.SchemaVersion < 3)
        std::printf("  visits: none (schema %d has no visit log)\n", health.SchemaVersion);
    else
        std::printf("  visits: %lld\n", (long long)visits);
    bool counters_match = counted && counters.Ballots == recount.Ballots && counters.Flagged == recount.Flagged &&
                          SameCounts(counters.PerLever, recount.PerLever) && SameCounts(counters.PerKiosk, recount.PerKiosk) &&
                          SameCounts(counters.PerDay, recount.PerDay) && SameCounts(counters.PerHour, recount.PerHour);
    if (counted) {
        int64_t choices = 0;
        for (const ess::Count& c : recount.PerLever) choices += c.Ballots;
        std::printf("  flagged: %lld, lever choices: %lld\n", (long long)recount.Flagged, (long long)choices);
        std::printf("  per kiosk:\n");
        for (const ess::Count& c : recount.PerKiosk) std::printf("    %8lld  %s\n", (long long)c.Ballots, c.Key.c_str());
        std::printf("  tally counters: %s\n", counters_match ? "match the ballot rows" : "DIFFER from the ballot rows");
    }
    if (!health.Ok)
        return Fail(path + ": not healthy: quick_check: " + health.QuickCheck + ", schema version " +
                    std::to_string(health.SchemaVersion));
    if (!counted) return Fail(path + ": not healthy: " + (error.empty() ? recount_error : error));
    if (!counters_match) return Fail(path + ": not healthy: tally counters differ from the ballot rows");
    std::printf("%s: healthy\n", path.c_str());
    return 0;
}

int Chart(const std::vector<std::string>& paths, const std::string& png, const Folders& folders)
{
    int64_t duplicates = 0;
    std::string error;
    std::vector<std::string> files;
    for (const std::string& p : paths)
        if (!ess::IsCentralUrl(p)) files.push_back(p);
    if (!ess::CheckOutputPath(png, files, ess::OutputKind::Report, error)) return Fail(error);
    ess::Tally tally;
    if (!CombinedTally(paths, tally, duplicates, error)) return Fail(error);
    Levers levers = LoadLevers(folders);
    std::vector<ess::ChartBar> bars;
    int64_t choices = 0;
    for (const ess::LeverRow& line : ess::LeverRows(tally, levers.Labels)) {
        bars.push_back({line.Label.empty() ? line.Id : line.Label, line.Ballots});
        choices += line.Ballots;
    }
    // Shares are of ballots, as in `summary`: a visitor may choose several levers. In French,
    // like the chart's own wording, for the organisers' reports.
    std::string title =
        (levers.Title.empty() ? std::string("Leviers") : levers.Title) + " — " + std::to_string(tally.Ballots) + " votes";
    std::string caption = "Part des votes qui choisissent chaque levier (" + std::to_string(choices) +
                          " choix en tout : un vote peut en retenir plusieurs)";
    std::string assets = folders.Assets.empty() ? ess::FindBundledFolder("assets").Path : folders.Assets;
    if (!ess::RenderBarChart(title, bars, assets, png, error, tally.Ballots, caption))
        return Fail((error.compare(0, png.size(), png) == 0 ? error : png + ": " + error) + "; nothing written");
    std::printf("%s: %zu levers, %lld ballots\n", png.c_str(), bars.size(), (long long)tally.Ballots);
    return 0;
}

std::string LocalTimeNow()
{
    const time_t now = time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char day[16], clock[16];
    std::strftime(day, sizeof day, "%Y-%m-%d", &local);
    std::strftime(clock, sizeof clock, "%H\u00A0h\u00A0%M", &local);
    return ess::report::LongDate(day) + " à " + clock;
}

int Report(const std::vector<std::string>& paths, const std::string& output, const Folders& folders)
{
    std::string error;
    std::vector<std::string> files;
    for (const std::string& p : paths)
        if (!ess::IsCentralUrl(p)) files.push_back(p);
    if (!ess::CheckOutputPath(output, files, ess::OutputKind::Report, error)) return Fail(error);
    ess::ReportContent content = LoadReportContent(folders);
    ess::ReportOptions options;
    options.GeneratedAt = LocalTimeNow();
    for (const std::string& p : paths) options.Inputs.push_back(ess::Shown(p));
    std::error_code ec;
    const bool existed = fs::exists(output, ec);
    int64_t duplicates = 0;
    auto write = [&](ess::Database& db, std::string& why) {
        options.Duplicates = duplicates;
        return ess::WriteReport(db, content, output, options, why);
    };
    if (!ReadCombined(paths, Visits::Read, write, duplicates, error))
        return Fail(error + (existed ? "; " + output + " left as it was" : "; nothing written"));
    std::printf("%s: report written\n", output.c_str());
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    CLI::App cli{"ess-tally: figures from the kiosks' ballot databases. The databases are only read; merge writes its -o file."};
    cli.require_subcommand(1);

    std::vector<std::string> dbs, inputs;
    std::string db, format, table = "ballots", output, chart_output, merge_output;
    Folders folders;

    CLI::App* summary = cli.add_subcommand("summary", "totals per lever, kiosk and day, combined across the given databases");
    summary->add_option("db", dbs, "kiosk database file(s), or central servers' postgresql:// URLs")->required();
    AddFolderOptions(summary, folders, false);

    CLI::App* exporter = cli.add_subcommand("export", "every ballot and the tally, as CSV (one table a file), JSON or XLSX");
    exporter->add_option("db", db, "kiosk database file, or a central server's postgresql:// URL")->required();
    exporter
        ->add_option("--format", format,
                     "csv (one table), json, or xlsx (a workbook with every table, for Excel in a French locale; needs -o)")
        ->required()
        ->check(CLI::IsMember({"csv", "json", "xlsx"}));
    exporter
        ->add_option("--table", table,
                     "for csv, the table to write: ballots (one row per ballot and lever, local date and time), levers, "
                     "days or kiosks (the tallies)")
        ->check(CLI::IsMember({"ballots", "levers", "days", "kiosks"}))
        ->capture_default_str();
    exporter->add_option("-o,--output", output, "file to write (default: standard output); never a database");
    AddFolderOptions(exporter, folders, false);

    CLI::App* merge =
        cli.add_subcommand("merge", "gathers several kiosks' databases into one (by ballot UUID: merging twice adds nothing)");
    merge->add_option("-o,--output", merge_output, "database to merge into (created if missing)")->required();
    merge->add_option("inputs", inputs, "kiosk database files to merge")->required();

    CLI::App* verify =
        cli.add_subcommand("verify", "integrity, schema version and counts of one database; exit status 1 if not healthy");
    verify->add_option("db", db, "kiosk database file, or a central server's postgresql:// URL")->required();

    CLI::App* chart =
        cli.add_subcommand("chart", "bar chart (PNG) of the ballots per lever, combined across the given databases");
    chart->add_option("db", dbs, "kiosk database file(s), or central servers' postgresql:// URLs")->required();
    chart->add_option("-o,--output", chart_output, "PNG file to write")->required();
    AddFolderOptions(chart, folders, true);

    CLI::App* report = cli.add_subcommand(
        "report", "one HTML file for organisers and elected officials: votes, visits, mutations, the journey (prints on A4)");
    report->add_option("db", dbs, "kiosk database file(s), or central servers' postgresql:// URLs")->required();
    std::string report_output;
    report->add_option("-o,--output", report_output, "HTML file to write")->required();
    AddFolderOptions(report, folders, false);

    CLI::App* central = cli.add_subcommand("central", "the central PostgreSQL server: init, add-kiosk, status");
    central->require_subcommand(1);
    std::string url, kiosk_name, kiosk_host, kiosk_ca;
    bool new_password = false;
    int up_to = ess::kCentralSchema;
    CLI::App* central_init = central->add_subcommand("init", "creates the central schema, or upgrades it (idempotent)");
    central_init
        ->add_option("url", url, "the server, as its administrator: \"host=... dbname=ess user=postgres\" or postgresql://...")
        ->required();
    central_init->add_option("--test-up-to", up_to, "tests only: stop at this schema version")->group("");
    CLI::App* add_kiosk =
        central->add_subcommand("add-kiosk", "creates a kiosk's role and prints the lines for its configuration (secret)");
    add_kiosk->add_option("url", url, "the server, as its administrator")->required();
    add_kiosk->add_option("name", kiosk_name, "the kiosk's id (its kiosk_id): letters, digits, '.', '_', '-'")->required();
    add_kiosk->add_option("--kiosk-host", kiosk_host, "the server's name as the kiosk reaches it (default: the one used here)");
    add_kiosk->add_option("--kiosk-ca", kiosk_ca,
                          "the CA certificate's path on the kiosk (default: /etc/ess-kiosk/central-ca.crt)");
    add_kiosk->add_flag("--new-password", new_password, "the kiosk exists: give it a new password");
    CLI::App* status =
        central->add_subcommand("status", "every kiosk: last heartbeat, pending ballots, versions; flags the silent");
    status->add_option("url", url, "the server, as an organiser or its administrator")->required();

    // CLI11 would only say that the arguments were not expected: name the command that is not one.
    if (argc > 1 && argv[1][0] != '-') {
        std::string names;
        bool known = false;
        for (const CLI::App* command : cli.get_subcommands({})) {
            names += (names.empty() ? "" : ", ") + command->get_name();
            known = known || command->get_name() == argv[1];
        }
        if (!known) {
            std::cerr << "ess-tally: unknown command \"" << argv[1] << "\"; commands: " << names << "\n\n" << cli.help();
            return 2;
        }
    }
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return cli.exit(e); // --help
        // Wrong arguments: what is wrong, then the usage of the command at hand, all on stderr.
        std::cerr << "ess-tally: " << e.what() << "\n\n" << cli.help();
        return 2;
    }

    if (summary->parsed()) return Summary(dbs, folders);
    if (exporter->parsed()) {
        if (format == "xlsx" && output.empty()) {
            std::cerr << "ess-tally: export --format xlsx needs -o FILE.xlsx: a workbook is a file, not text for the terminal\n\n"
                      << exporter->help();
            return 2;
        }
        return Export(db, format, table, output, folders);
    }
    if (merge->parsed()) return Merge(merge_output, inputs);
    if (verify->parsed()) return Verify(db);
    if (chart->parsed()) return Chart(dbs, chart_output, folders);
    if (report->parsed()) return Report(dbs, report_output, folders);
    if (central_init->parsed()) return ess::CentralInit(url, up_to);
    if (add_kiosk->parsed()) return ess::CentralAddKiosk(url, kiosk_name, kiosk_host, kiosk_ca, new_password);
    if (status->parsed()) return ess::CentralStatus(url);
    return 2;
}

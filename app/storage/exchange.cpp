// Getting figures out of kiosk databases: CSV and JSON written by hand (no library to install on
// an organiser's machine), and merging several kiosks' files by ballot UUID (see exchange.h).
#include "storage/exchange.h"

#include <cstdio>
#include <filesystem>
#include <map>

#include <sqlite3.h>

namespace fs = std::filesystem;

namespace ess {

namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

struct LeverRow {
    std::string Id, Label;
    int64_t Ballots = 0;
};

// Levers with ballots (most chosen first), then the levers of the content nobody chose: a lever
// missing from a report would read as forgotten rather than as zero.
std::vector<LeverRow> LeverRows(const Tally& tally, const Labels& labels)
{
    std::map<std::string, std::string> label_of(labels.begin(), labels.end());
    std::vector<LeverRow> rows;
    std::map<std::string, bool> listed;
    for (const Count& c : tally.PerLever) {
        auto it = label_of.find(c.Key);
        rows.push_back({c.Key, it == label_of.end() ? std::string() : it->second, c.Ballots});
        listed[c.Key] = true;
    }
    for (const auto& [id, label] : labels)
        if (!listed[id]) {
            rows.push_back({id, label, 0});
            listed[id] = true;
        }
    return rows;
}

// RFC 4180: quote a field only when it holds a separator, a quote or a line break.
std::string CsvField(const std::string& text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

void CsvRow(std::ostream& out, std::initializer_list<std::string> fields)
{
    bool first = true;
    for (const std::string& f : fields) {
        if (!first) out << ',';
        out << CsvField(f);
        first = false;
    }
    out << "\r\n";
}

// JSON string: quotes, backslashes and control characters escaped; UTF-8 passes through as is.
std::string JsonString(const std::string& text)
{
    std::string out = "\"";
    for (unsigned char c : text) {
        if (c == '"')
            out += "\\\"";
        else if (c == '\\')
            out += "\\\\";
        else if (c < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
            out += escaped;
        } else
            out += (char)c;
    }
    return out + "\"";
}

bool Finish(std::ostream& out, const Database& db, std::string& error)
{
    out.flush();
    if (out.good()) return true;
    error = db.Path() + ": export: cannot write the output";
    return false;
}

struct Statement {
    sqlite3_stmt* Stmt = nullptr;
    Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &Stmt, nullptr); }
    ~Statement() { sqlite3_finalize(Stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    void BindText(int index, const std::string& text)
    {
        sqlite3_bind_text(Stmt, index, text.data(), (int)text.size(), SQLITE_TRANSIENT);
    }
};

// Refuses anything that is not a sound kiosk database, before OUT is touched.
bool CheckInput(const std::string& input, const std::string& out_path, std::string& error)
{
    std::error_code ec;
    if (!fs::exists(input, ec)) {
        error = input + ": no such file";
        return false;
    }
    if (out_path != ":memory:" && fs::exists(out_path, ec) && fs::equivalent(input, out_path, ec)) {
        error = input + ": is the output file itself; merge it into another file";
        return false;
    }
    Database db;
    if (!db.OpenExisting(input, error)) return false;
    Health health = db.CheckHealth();
    if (health.QuickCheck != "ok") {
        error = input + ": damaged (quick_check: " + health.QuickCheck + "); run ess-tally verify on it";
        return false;
    }
    return true;
}

// Copies every input's ballots into `out` in one transaction. Rows are read through a separate
// read-only connection per input rather than ATTACH: SQLite attaches at most 10 files and cannot
// DETACH inside a transaction, and a merge of a hundred kiosks' files must still be all or nothing.
bool CopyAll(Database& out, const std::vector<std::string>& inputs, MergeReport& report, std::string& error)
{
    sqlite3* db = out.Raw();
    // A million-ballot merge inserts random UUIDs all over several indexes: a 256 MB cache
    // (used only as the file grows) cut one from 70 s to 48 s in our measurements.
    sqlite3_exec(db, "PRAGMA cache_size=-262144", nullptr, nullptr, nullptr);
    auto fail = [&](const std::string& why) {
        error = why;
        if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        return false;
    };
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail(out.Path() + ": cannot start the merge: " + sqlite3_errmsg(db));
    {
        Statement insert_ballot(db, "INSERT OR IGNORE INTO ballots (uuid, kiosk_id, created_utc, content_version, flags) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5)");
        Statement insert_lever(db, "INSERT OR IGNORE INTO ballot_levers (ballot_uuid, lever_id) VALUES (?1, ?2)");
        if (!insert_ballot.Stmt || !insert_lever.Stmt) return fail(out.Path() + ": " + sqlite3_errmsg(db));
        for (const std::string& path : inputs) {
            MergeReport::Input counts;
            counts.Path = path;
            Database in;
            if (!in.OpenExisting(path, error)) return fail(error);
            std::string write_error;
            bool read_ok = in.ForEachBallot(
                [&](const Ballot& b) {
                    insert_ballot.BindText(1, b.Uuid);
                    insert_ballot.BindText(2, b.KioskId);
                    insert_ballot.BindText(3, b.CreatedUtc);
                    insert_ballot.BindText(4, b.ContentVersion);
                    sqlite3_bind_int(insert_ballot.Stmt, 5, b.Flags);
                    int rc = sqlite3_step(insert_ballot.Stmt);
                    sqlite3_reset(insert_ballot.Stmt);
                    if (rc != SQLITE_DONE) {
                        write_error =
                            out.Path() + ": " + sqlite3_errmsg(db) + " (merging ballot " + b.Uuid + " from " + path + ")";
                        return false;
                    }
                    // Same UUID, same ballot (UUID v4): its levers are already there too.
                    if (sqlite3_changes(db) == 0) {
                        counts.Skipped++;
                        return true;
                    }
                    counts.Added++;
                    insert_lever.BindText(1, b.Uuid);
                    for (const std::string& lever : b.Levers) {
                        insert_lever.BindText(2, lever);
                        rc = sqlite3_step(insert_lever.Stmt);
                        sqlite3_reset(insert_lever.Stmt);
                        if (rc != SQLITE_DONE) {
                            write_error =
                                out.Path() + ": " + sqlite3_errmsg(db) + " (merging ballot " + b.Uuid + " from " + path + ")";
                            return false;
                        }
                    }
                    return true;
                },
                error);
            if (!write_error.empty()) return fail(write_error);
            if (!read_ok) return fail(error);
            report.Inputs.push_back(counts);
        }
    }
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail(out.Path() + ": merge not saved: " + sqlite3_errmsg(db));
    Statement total(db, "SELECT count(*) FROM ballots");
    if (total.Stmt && sqlite3_step(total.Stmt) == SQLITE_ROW) report.Total = sqlite3_column_int64(total.Stmt, 0);
    return true;
}

} // namespace

bool ExportCsv(const Database& db, const Labels& labels, std::ostream& out, std::string& error)
{
    Tally tally;
    if (!db.LoadTally(tally, error)) return false;
    std::map<std::string, std::string> label_of(labels.begin(), labels.end());
    auto label = [&](const std::string& id) {
        auto it = label_of.find(id);
        return it == label_of.end() ? std::string() : it->second;
    };
    out << "\xEF\xBB\xBF";
    CsvRow(out, {"uuid", "kiosk_id", "created_utc", "content_version", "flags", "lever_id", "lever_label"});
    bool ok = db.ForEachBallot(
        [&](const Ballot& b) {
            std::string flags = std::to_string(b.Flags);
            if (b.Levers.empty()) CsvRow(out, {b.Uuid, b.KioskId, b.CreatedUtc, b.ContentVersion, flags, "", ""});
            for (const std::string& lever : b.Levers)
                CsvRow(out, {b.Uuid, b.KioskId, b.CreatedUtc, b.ContentVersion, flags, lever, label(lever)});
            return out.good();
        },
        error);
    if (!ok) return false;
    out << "\r\n";
    CsvRow(out, {"lever_id", "lever_label", "ballots"});
    for (const LeverRow& row : LeverRows(tally, labels)) CsvRow(out, {row.Id, row.Label, std::to_string(row.Ballots)});
    return Finish(out, db, error);
}

bool ExportJson(const Database& db, const Labels& labels, std::ostream& out, std::string& error)
{
    Tally tally;
    if (!db.LoadTally(tally, error)) return false;
    out << "{\"ballots\":[";
    bool first = true;
    bool ok = db.ForEachBallot(
        [&](const Ballot& b) {
            out << (first ? "\n" : ",\n") << "{\"uuid\":" << JsonString(b.Uuid) << ",\"kiosk_id\":" << JsonString(b.KioskId)
                << ",\"created_utc\":" << JsonString(b.CreatedUtc) << ",\"content_version\":" << JsonString(b.ContentVersion)
                << ",\"flags\":" << b.Flags << ",\"levers\":[";
            for (size_t i = 0; i < b.Levers.size(); i++) out << (i ? "," : "") << JsonString(b.Levers[i]);
            out << "]}";
            first = false;
            return out.good();
        },
        error);
    if (!ok) return false;
    out << "\n],\n\"tally\":{\"ballots\":" << tally.Ballots << ",\"flagged\":" << tally.Flagged << ",\n\"per_lever\":[";
    first = true;
    for (const LeverRow& row : LeverRows(tally, labels)) {
        out << (first ? "\n" : ",\n") << "{\"lever_id\":" << JsonString(row.Id) << ",\"label\":" << JsonString(row.Label)
            << ",\"ballots\":" << row.Ballots << "}";
        first = false;
    }
    out << "],\n\"per_kiosk\":[";
    for (size_t i = 0; i < tally.PerKiosk.size(); i++)
        out << (i ? ",\n" : "\n") << "{\"kiosk_id\":" << JsonString(tally.PerKiosk[i].Key)
            << ",\"ballots\":" << tally.PerKiosk[i].Ballots << "}";
    out << "],\n\"per_day\":[";
    for (size_t i = 0; i < tally.PerDay.size(); i++)
        out << (i ? ",\n" : "\n") << "{\"day\":" << JsonString(tally.PerDay[i].Key) << ",\"ballots\":" << tally.PerDay[i].Ballots
            << "}";
    out << "]}}\n";
    return Finish(out, db, error);
}

bool MergeInto(Database& out, const std::vector<std::string>& inputs, MergeReport& report, std::string& error)
{
    report = MergeReport{};
    if (!out.IsOpen()) {
        error = out.Path() + ": the output database is not open";
        return false;
    }
    if (inputs.empty()) {
        error = "merge: no input file";
        return false;
    }
    for (const std::string& input : inputs)
        if (!CheckInput(input, out.Path(), error)) return false;
    return CopyAll(out, inputs, report, error);
}

bool MergeDatabases(const std::string& out_path, const std::vector<std::string>& inputs, MergeReport& report, std::string& error)
{
    report = MergeReport{};
    if (inputs.empty()) {
        error = "merge: no input file";
        return false;
    }
    for (const std::string& input : inputs)
        if (!CheckInput(input, out_path, error)) return false;
    std::error_code ec;
    bool out_existed = fs::exists(out_path, ec);
    if (out_existed) {
        // OUT must be sound too: merging into a damaged file would only spread the damage.
        Database probe;
        if (!probe.OpenExisting(out_path, error)) return false;
        Health health = probe.CheckHealth();
        if (health.QuickCheck != "ok") {
            error = out_path + ": damaged (quick_check: " + health.QuickCheck + "); choose another output file";
            return false;
        }
    }
    Database out;
    bool ok = out.Open(out_path, error) && CopyAll(out, inputs, report, error);
    out.Close();
    if (!ok && !out_existed) {
        // We created it in this call and it holds nothing: leave no empty file behind.
        for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(out_path + suffix, ec);
    }
    return ok;
}

} // namespace ess

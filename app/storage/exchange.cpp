// Getting figures out of kiosk databases: CSV and JSON written by hand (no library to install on
// an organiser's machine), and merging several kiosks' files by ballot UUID (see exchange.h).
#include "storage/exchange.h"

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <string_view>
#include <unordered_map>

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace ess {

namespace {

struct PhaseTimer { std::chrono::steady_clock::time_point T = std::chrono::steady_clock::now(); void operator()(const char* n) { auto now = std::chrono::steady_clock::now(); std::fprintf(stderr, "  %-14s %.3f s\n", n, std::chrono::duration<double>(now - T).count()); T = now; } };
PhaseTimer TIMER;

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
    // The text must outlive the statement's next step: the merge binds views into its own arena.
    void BindView(int index, std::string_view text)
    {
        sqlite3_bind_text(Stmt, index, text.data(), (int)text.size(), SQLITE_STATIC);
    }
    // A column's text, valid until the next step; NULL reads as "" (as Database::ForEachBallot).
    std::string_view Column(int column) const
    {
        const char* text = (const char*)sqlite3_column_text(Stmt, column);
        return text ? std::string_view(text, (size_t)sqlite3_column_bytes(Stmt, column)) : std::string_view();
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

// Text kept for the whole merge in large blocks, so views into it stay valid as it grows.
class TextArena {
public:
    std::string_view Store(std::string_view text)
    {
        if (text.empty()) return std::string_view("", 0); // never a null pointer: SQLite would bind NULL
        if (text.size() > Free) {
            size_t size = std::max(kBlockSize, text.size());
            Blocks.emplace_back(new char[size]);
            Next = Blocks.back().get();
            Free = size;
        }
        std::memcpy(Next, text.data(), text.size());
        std::string_view stored(Next, text.size());
        Next += text.size();
        Free -= text.size();
        return stored;
    }

private:
    static constexpr size_t kBlockSize = 1 << 20;
    std::vector<std::unique_ptr<char[]>> Blocks;
    char* Next = nullptr;
    size_t Free = 0;
};

// Kiosk ids, content versions, lever ids: a few distinct values repeated a million times, kept once.
class Names {
public:
    uint32_t Id(std::string_view name, TextArena& arena)
    {
        if (Last < List.size() && List[Last] == name) return Last; // a kiosk's file repeats its own id
        auto it = Index.find(name);
        if (it == Index.end()) {
            it = Index.emplace(arena.Store(name), (uint32_t)List.size()).first;
            List.push_back(it->first);
        }
        return Last = it->second;
    }
    std::string_view operator[](uint32_t id) const { return List[id]; }

private:
    std::unordered_map<std::string_view, uint32_t> Index;
    std::vector<std::string_view> List;
    uint32_t Last = UINT32_MAX;
};

struct MergedBallot {
    std::string_view Uuid, CreatedUtc; // in BallotSet::Text
    uint32_t KioskId = 0, ContentVersion = 0; // in BallotSet::Kiosks, ::Contents
    uint32_t FirstLever = 0, LeverCount = 0;  // in BallotSet::LeverIds, sorted by id
    int Flags = 0;
    bool AlreadyStored = false; // in the database merged into: only its uuid was read
};

// Every distinct ballot of the merge, in memory (about 130 bytes a ballot), keyed by uuid.
class BallotSet {
public:
    TextArena Text;
    Names Kiosks, Contents, Levers;
    std::vector<MergedBallot> Ballots;
    std::vector<uint32_t> LeverIds;
    int64_t New = 0; // ballots not AlreadyStored

    // Adds a ballot with this uuid and returns its index, or -1 if the uuid is already in.
    int64_t Add(std::string_view uuid)
    {
        if ((Ballots.size() + 1) * 2 > Slots.size()) Grow();
        size_t mask = Slots.size() - 1;
        for (size_t slot = Hash(uuid) & mask;; slot = (slot + 1) & mask) {
            if (Slots[slot] == 0) {
                Slots[slot] = (uint32_t)Ballots.size() + 1;
                Ballots.emplace_back();
                Ballots.back().Uuid = Text.Store(uuid);
                return (int64_t)Ballots.size() - 1;
            }
            if (Ballots[Slots[slot] - 1].Uuid == uuid) return -1;
        }
    }

private:
    // Open addressing over indexes into Ballots (0: empty): 8 bytes a ballot at worst, where a
    // std::unordered_set would allocate a node of ~50 bytes for each uuid.
    std::vector<uint32_t> Slots;
    static size_t Hash(std::string_view uuid) { return std::hash<std::string_view>()(uuid); }
    void Grow()
    {
        std::vector<uint32_t> slots(std::max<size_t>(Slots.size() * 2, 1 << 16), 0);
        size_t mask = slots.size() - 1;
        for (size_t i = 0; i < Ballots.size(); i++) {
            size_t slot = Hash(Ballots[i].Uuid) & mask;
            while (slots[slot] != 0) slot = (slot + 1) & mask;
            slots[slot] = (uint32_t)i + 1;
        }
        Slots.swap(slots);
    }
};

// A read-only look at a database's files: memory-mapped, which spares a system call per page.
void MapForReading(sqlite3* db)
{
    sqlite3_exec(db, "PRAGMA mmap_size=1073741824", nullptr, nullptr, nullptr);
}

// The uuids already in the database merged into: those ballots are skipped, not read.
bool ReadStoredUuids(Database& out, BallotSet& set, std::string& error)
{
    Statement s(out.Raw(), "SELECT uuid FROM ballots WHERE uuid IS NOT NULL");
    if (!s.Stmt) {
        error = out.Path() + ": cannot read the ballots: " + sqlite3_errmsg(out.Raw());
        return false;
    }
    int rc;
    while ((rc = sqlite3_step(s.Stmt)) == SQLITE_ROW) {
        int64_t index = set.Add(s.Column(0));
        if (index >= 0) set.Ballots[(size_t)index].AlreadyStored = true;
    }
    if (rc == SQLITE_DONE) return true;
    error = out.Path() + ": cannot read the ballots: " + sqlite3_errmsg(out.Raw());
    return false;
}

// Adds one input's ballots that are new to `set`, counting them and those already in.
bool ReadInput(const std::string& path, BallotSet& set, MergeReport::Input& counts, std::string& error)
{
    Database in;
    if (!in.OpenExisting(path, error)) return false;
    MapForReading(in.Raw());
    // No ORDER BY, unlike Database::ForEachBallot: sorting every file by time would cost more than
    // the rest of the reading. The join's inner loop still yields each ballot's levers right after
    // it, in lever id order (ballot_levers' primary key).
    Statement s(in.Raw(), "SELECT b.uuid, b.kiosk_id, b.created_utc, b.content_version, b.flags, l.lever_id "
                          "FROM ballots b LEFT JOIN ballot_levers l ON l.ballot_uuid = b.uuid");
    if (!s.Stmt) {
        error = path + ": cannot read the ballots: " + sqlite3_errmsg(in.Raw());
        return false;
    }
    std::string previous_uuid;
    bool first = true;
    int64_t current = -1; // the ballot being read, or -1 while skipping one already in
    int rc;
    while ((rc = sqlite3_step(s.Stmt)) == SQLITE_ROW) {
        std::string_view uuid = s.Column(0);
        if (first || uuid != previous_uuid) {
            first = false;
            previous_uuid.assign(uuid.data(), uuid.size());
            current = set.Add(uuid);
            if (current < 0) {
                counts.Skipped++; // same UUID, same ballot (UUID v4): its levers are already in too
                continue;
            }
            counts.Added++;
            set.New++;
            MergedBallot& b = set.Ballots[(size_t)current];
            b.KioskId = set.Kiosks.Id(s.Column(1), set.Text);
            b.CreatedUtc = set.Text.Store(s.Column(2));
            b.ContentVersion = set.Contents.Id(s.Column(3), set.Text);
            b.Flags = sqlite3_column_int(s.Stmt, 4);
            b.FirstLever = (uint32_t)set.LeverIds.size();
        }
        if (current < 0 || sqlite3_column_type(s.Stmt, 5) == SQLITE_NULL) continue;
        set.LeverIds.push_back(set.Levers.Id(s.Column(5), set.Text));
        set.Ballots[(size_t)current].LeverCount++;
    }
    if (rc == SQLITE_DONE) return true;
    error = path + ": cannot read the ballots: " + sqlite3_errmsg(in.Raw());
    return false;
}

bool CheckInputs(const std::vector<std::string>& inputs, const std::string& out_path, std::string& error)
{
    if (inputs.empty()) {
        error = "merge: no input file";
        return false;
    }
    for (const std::string& input : inputs)
        if (!CheckInput(input, out_path, error)) return false;
    return true;
}

// Every input's ballots into memory (the inputs checked already), each counted as new or not.
bool ReadInputs(Database* out, const std::vector<std::string>& inputs, BallotSet& set, MergeReport& report,
                std::string& error)
{
    if (out && !ReadStoredUuids(*out, set, error)) return false;
    for (const std::string& input : inputs) {
        MergeReport::Input counts;
        counts.Path = input;
        if (!ReadInput(input, set, counts, error)) return false;
        report.Inputs.push_back(counts);
    }
    report.Total = (int64_t)set.Ballots.size();
    TIMER("read");
    return true;
}

// The new ballots sorted by uuid as SQLite compares TEXT (bytes, then length), so that the rows and
// every index keyed by uuid only ever grow at their end. The first 8 bytes, big-endian, decide
// nearly every comparison of random UUIDs without touching the text.
std::vector<uint32_t> NewBallotsByUuid(const BallotSet& set)
{
    std::vector<std::pair<uint64_t, uint32_t>> keys;
    keys.reserve((size_t)set.New);
    for (size_t i = 0; i < set.Ballots.size(); i++) {
        if (set.Ballots[i].AlreadyStored) continue;
        std::string_view uuid = set.Ballots[i].Uuid;
        uint64_t prefix = 0;
        for (size_t k = 0; k < 8; k++) prefix = prefix << 8 | (k < uuid.size() ? (unsigned char)uuid[k] : 0u);
        keys.push_back({prefix, (uint32_t)i});
    }
    std::sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        return set.Ballots[a.second].Uuid < set.Ballots[b.second].Uuid;
    });
    std::vector<uint32_t> order;
    order.reserve(keys.size());
    for (const auto& key : keys) order.push_back(key.second);
    return order;
}

// Stores the new ballots of `set` in `db`, in one transaction. `bulk`: through BeginBulkLoad (the
// indexes rebuilt and the tally added once at the end); otherwise row by row, the triggers counting,
// which is cheaper when few ballots join many.
bool StoreNewBallots(Database& db, const BallotSet& set, bool bulk, std::string& error)
{
    sqlite3* h = db.Raw();
    std::vector<uint32_t> order = NewBallotsByUuid(set);
    TIMER("sort");
    auto fail = [&](const std::string& why) {
        error = db.Path() + ": " + why;
        db.AbortBulkLoad(); // rolls back a plain transaction just the same
        return false;
    };
    if (bulk) {
        if (!db.BeginBulkLoad(error)) return false;
    } else if (sqlite3_exec(h, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
        return fail(std::string("cannot start the merge: ") + sqlite3_errmsg(h));
    }
    TallyCounter counter;
    {
        Statement insert_ballot(h, "INSERT INTO ballots (uuid, kiosk_id, created_utc, content_version, flags) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5)");
        // OR IGNORE as before: lever rows left without their ballot in OUT must not stop a merge.
        Statement insert_lever(h, "INSERT OR IGNORE INTO ballot_levers (ballot_uuid, lever_id) VALUES (?1, ?2)");
        if (!insert_ballot.Stmt || !insert_lever.Stmt) return fail(sqlite3_errmsg(h));
        for (uint32_t i : order) {
            const MergedBallot& b = set.Ballots[i];
            std::string_view kiosk = set.Kiosks[b.KioskId];
            insert_ballot.BindView(1, b.Uuid);
            insert_ballot.BindView(2, kiosk);
            insert_ballot.BindView(3, b.CreatedUtc);
            insert_ballot.BindView(4, set.Contents[b.ContentVersion]);
            sqlite3_bind_int(insert_ballot.Stmt, 5, b.Flags);
            int rc = sqlite3_step(insert_ballot.Stmt);
            sqlite3_reset(insert_ballot.Stmt);
            if (rc != SQLITE_DONE) return fail(std::string(sqlite3_errmsg(h)) + " (merging ballot " + std::string(b.Uuid) + ")");
            counter.AddBallot(kiosk, b.CreatedUtc, b.Flags);
            insert_lever.BindView(1, b.Uuid);
            for (uint32_t k = b.FirstLever; k < b.FirstLever + b.LeverCount; k++) {
                std::string_view lever = set.Levers[set.LeverIds[k]];
                insert_lever.BindView(2, lever);
                rc = sqlite3_step(insert_lever.Stmt);
                sqlite3_reset(insert_lever.Stmt);
                if (rc != SQLITE_DONE)
                    return fail(std::string(sqlite3_errmsg(h)) + " (merging ballot " + std::string(b.Uuid) + ")");
                if (sqlite3_changes(h) > 0) counter.AddLever(lever);
            }
        }
    }
    TIMER("insert");
    if (bulk) { bool r = db.FinishBulkLoad(counter, error); TIMER("finish"); return r; }
    if (sqlite3_exec(h, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail(std::string("merge not saved: ") + sqlite3_errmsg(h));
    return true;
}

// Below this many new ballots for each one already stored, inserting them one by one (each costing
// a few random index updates and the triggers) beats rebuilding every index over all the rows.
constexpr int64_t kBulkWhenNewPerStored = 16;

bool MergeIntoOpen(Database& out, const std::vector<std::string>& inputs, MergeReport& report, std::string& error)
{
    BallotSet set;
    if (!ReadInputs(&out, inputs, set, report, error)) return false;
    if (set.New == 0) return true; // nothing new: OUT is not written at all
    int64_t stored = (int64_t)set.Ballots.size() - set.New;
    return StoreNewBallots(out, set, set.New * kBulkWhenNewPerStored >= stored, error);
}

bool SyncPath(const std::string& path, int flags, std::string& error)
{
    int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
        error = path + ": cannot flush to disk: " + std::strerror(errno);
        if (fd >= 0) ::close(fd);
        return false;
    }
    ::close(fd);
    return true;
}

void RemoveDatabaseFiles(const std::string& path)
{
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
}

// A new OUT is built whole in a temporary file beside it, without a journal (nothing to protect
// there), then flushed and renamed over the name: OUT either does not exist or is complete, even
// after a crash.
bool MergeIntoNewFile(const std::string& out_path, const std::vector<std::string>& inputs, MergeReport& report,
                      std::string& error)
{
    BallotSet set;
    if (!ReadInputs(nullptr, inputs, set, report, error)) return false;
    fs::path out(out_path);
    std::string temp = (out.parent_path() / ("." + out.filename().string() + ".merging-" + std::to_string(::getpid()))).string();
    RemoveDatabaseFiles(temp); // left by a crashed merge of a process that had the same id
    Database db;
    bool ok = db.Open(temp, error);
    if (ok) {
        // cache_size: the index builds sort in it rather than in temporary files.
        ok = sqlite3_exec(db.Raw(), "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-131072",
                          nullptr, nullptr, nullptr) == SQLITE_OK;
        if (!ok) error = temp + ": " + sqlite3_errmsg(db.Raw());
    }
    ok = ok && StoreNewBallots(db, set, true, error);
    // Back to what Database::Open makes, written into the file's header.
    if (ok && sqlite3_exec(db.Raw(), "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr) != SQLITE_OK) {
        error = temp + ": " + sqlite3_errmsg(db.Raw());
        ok = false;
    }
    TIMER("wal");
    db.Close();
    TIMER("close");
    ok = ok && SyncPath(temp, O_RDONLY, error);
    TIMER("fsync");
    std::error_code ec;
    if (ok) {
        fs::rename(temp, out_path, ec);
        if (ec) {
            error = temp + ": cannot rename to " + out_path + ": " + ec.message();
            ok = false;
        }
    }
    if (!ok) {
        RemoveDatabaseFiles(temp);
        return false;
    }
    std::string dir = out.parent_path().empty() ? "." : out.parent_path().string();
    return SyncPath(dir, O_RDONLY | O_DIRECTORY, error);
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
    return CheckInputs(inputs, out.Path(), error) && MergeIntoOpen(out, inputs, report, error);
}

bool MergeDatabases(const std::string& out_path, const std::vector<std::string>& inputs, MergeReport& report, std::string& error)
{
    report = MergeReport{};
    TIMER = PhaseTimer{};
    if (!CheckInputs(inputs, out_path, error)) return false; // before OUT is created, opened or migrated
    TIMER("check");
    std::error_code ec;
    if (out_path == ":memory:") {
        Database memory;
        return memory.Open(out_path, error) && MergeIntoOpen(memory, inputs, report, error);
    }
    if (!fs::exists(out_path, ec)) return MergeIntoNewFile(out_path, inputs, report, error);
    {
        // OUT must be sound too: merging into a damaged file would only spread the damage.
        Database probe;
        if (!probe.OpenExisting(out_path, error)) return false;
        Health health = probe.CheckHealth();
        if (health.QuickCheck != "ok") {
            error = out_path + ": damaged (quick_check: " + health.QuickCheck + "); choose another output file";
            return false;
        }
    }
    // An existing OUT is merged into in place, in one transaction: SQLite keeps it all or nothing
    // and keeps out any other program using the file meanwhile, which replacing it could not.
    Database out;
    return out.Open(out_path, error) && MergeIntoOpen(out, inputs, report, error);
}

} // namespace ess

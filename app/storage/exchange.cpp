// Getting figures out of kiosk databases: JSON written by hand (no library to install on an
// organiser's machine), and merging several kiosks' files by ballot UUID (see exchange.h).
#include "storage/exchange.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>

#include <fcntl.h>
#include <unistd.h>

#include "storage/durable_file.h"
#include "storage/export_tables.h"
#include "storage/sqlite_statement.h"

namespace fs = std::filesystem;

namespace ess {

namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

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

// A read-only look at a file, memory-mapped: a page read is then not a system call.
void MapForReading(sqlite3* db)
{
    sqlite3_exec(db, "PRAGMA mmap_size=1073741824", nullptr, nullptr, nullptr);
}

// Refuses anything that is not a sound kiosk database, before OUT is touched; `db` is then open on it.
bool CheckInput(const std::string& input, const std::string& out_path, Database& db, std::string& error,
                Database::ReadMode mode = Database::ReadMode::LeaveNoTrace)
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
    if (!db.OpenExisting(input, error, mode)) return false;
    MapForReading(db.Raw());
    Health health = db.CheckHealth();
    if (health.QuickCheck != "ok") {
        error = input + ": damaged (quick_check: " + health.QuickCheck + "); run ess-tally verify on it";
        return false;
    }
    return true;
}

// OUT must be sound too: merging into a damaged file would only spread the damage. (Not mapped:
// its pages would count in the process's memory, up to the whole file.)
bool CheckExistingOut(const std::string& out_path, std::string& error)
{
    Database probe;
    if (!probe.OpenExisting(out_path, error)) return false;
    Health health = probe.CheckHealth();
    if (health.QuickCheck == "ok") return true;
    error = out_path + ": damaged (quick_check: " + health.QuickCheck + "); choose another output file";
    return false;
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
    size_t Size() const { return List.size(); }

private:
    std::unordered_map<std::string_view, uint32_t> Index;
    std::vector<std::string_view> List;
    uint32_t Last = UINT32_MAX;
};

constexpr uint32_t kStored = UINT32_MAX; // MergedBallot::Source of a ballot OUT already has

struct MergedBallot {
    std::string_view Uuid, CreatedUtc;        // in BallotSet::Text
    uint32_t KioskId = 0, ContentVersion = 0; // in BallotSet::Kiosks, ::Contents
    uint32_t FirstLever = 0, LeverCount = 0;  // in BallotSet::LeverIds, by id
    int Flags = 0;
    uint32_t Source = 0; // the first input it was found in, or kStored
};

// Distinct ballots in memory (about 150 bytes each), found by uuid: one input's, or the merge's.
class BallotSet {
public:
    TextArena Text;
    Names Kiosks, Contents, Levers;
    std::vector<MergedBallot> Ballots;
    std::vector<uint32_t> LeverIds;
    int64_t New = 0; // ballots not kStored

    // Adds a ballot with this uuid and returns its index, or -1 if the uuid is already in.
    int64_t Add(std::string_view uuid)
    {
        if ((Ballots.size() + 1) * 2 > Slots.size()) Grow();
        size_t slot = Probe(uuid);
        if (Slots[slot] != 0) return -1;
        Slots[slot] = (uint32_t)Ballots.size() + 1;
        Ballots.emplace_back();
        Ballots.back().Uuid = Text.Store(uuid);
        return (int64_t)Ballots.size() - 1;
    }
    int64_t Find(std::string_view uuid) const
    {
        if (Slots.empty()) return -1;
        return (int64_t)Slots[Probe(uuid)] - 1;
    }

private:
    // Open addressing over indexes into Ballots, 0 for none: 8 bytes a ballot at most, where a
    // std::unordered_set would allocate a node of some 50 bytes for each uuid.
    std::vector<uint32_t> Slots;
    static size_t Hash(std::string_view uuid) { return std::hash<std::string_view>()(uuid); }
    size_t Probe(std::string_view uuid) const // the slot holding this uuid, or the empty one where it would go
    {
        size_t mask = Slots.size() - 1, slot = Hash(uuid) & mask;
        while (Slots[slot] != 0 && Ballots[Slots[slot] - 1].Uuid != uuid) slot = (slot + 1) & mask;
        return slot;
    }
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

// Reads one input's ballots into `set` (its own: inputs are read side by side); `duplicates`
// counts rows of a uuid already read from the same file.
bool ReadInput(const Database& in, BallotSet& set, int64_t& duplicates, std::string& error)
{
    auto failed = [&] {
        error = in.Path() + ": cannot read the ballots: " + sqlite3_errmsg(in.Raw());
        return false;
    };
    // Two plain scans joined here through the uuids in `set`: a join in SQL would search
    // ballot_levers from its root for every ballot, and sorting every file by time as
    // Database::ForEachBallot does would cost more than all the rest of the reading.
    {
        Statement s(in.Raw(), "SELECT uuid, kiosk_id, created_utc, content_version, flags FROM ballots");
        if (!s.Ok()) return failed();
        int rc;
        while ((rc = s.Step()) == SQLITE_ROW) {
            int64_t index = set.Add(s.View(0));
            if (index < 0) {
                duplicates++;
                continue;
            }
            set.New++;
            MergedBallot& b = set.Ballots[(size_t)index];
            b.KioskId = set.Kiosks.Id(s.View(1), set.Text);
            b.CreatedUtc = set.Text.Store(s.View(2));
            b.ContentVersion = set.Contents.Id(s.View(3), set.Text);
            b.Flags = s.Int(4);
        }
        if (rc != SQLITE_DONE) return failed();
    }
    // In primary key order (no sorting): each ballot's levers in one run, by id.
    Statement s(in.Raw(), "SELECT ballot_uuid, lever_id FROM ballot_levers ORDER BY ballot_uuid, lever_id");
    if (!s.Ok()) return failed();
    std::string previous_uuid;
    bool first = true;
    int64_t current = -1; // the ballot whose levers these are, -1 for lever rows without a ballot
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
        std::string_view uuid = s.View(0);
        if (first || uuid != previous_uuid) {
            first = false;
            previous_uuid.assign(uuid.data(), uuid.size());
            current = set.Find(uuid);
            if (current >= 0 && set.Ballots[(size_t)current].LeverCount != 0) current = -1; // never twice
            if (current >= 0) set.Ballots[(size_t)current].FirstLever = (uint32_t)set.LeverIds.size();
        }
        if (current < 0 || s.IsNull(1)) continue;
        set.LeverIds.push_back(set.Levers.Id(s.View(1), set.Text));
        set.Ballots[(size_t)current].LeverCount++;
    }
    return rc == SQLITE_DONE || failed();
}

// Adds the ballots of one input's `read` that no earlier input had to `set`, as from input `source`.
void AddInput(BallotSet& set, const BallotSet& read, uint32_t source, MergeReport::Input& counts)
{
    auto ids = [&](const Names& from, Names& to) {
        std::vector<uint32_t> map;
        for (uint32_t id = 0; id < from.Size(); id++) map.push_back(to.Id(from[id], set.Text));
        return map;
    };
    std::vector<uint32_t> kiosks = ids(read.Kiosks, set.Kiosks), contents = ids(read.Contents, set.Contents),
                          levers = ids(read.Levers, set.Levers);
    for (const MergedBallot& b : read.Ballots) {
        int64_t index = set.Add(b.Uuid);
        if (index < 0) {
            counts.Skipped++; // same UUID, same ballot (UUID v4): its levers came with it
            continue;
        }
        counts.Added++;
        set.New++;
        MergedBallot& added = set.Ballots[(size_t)index];
        added.Source = source;
        added.KioskId = kiosks[b.KioskId];
        added.CreatedUtc = set.Text.Store(b.CreatedUtc);
        added.ContentVersion = contents[b.ContentVersion];
        added.Flags = b.Flags;
        added.FirstLever = (uint32_t)set.LeverIds.size();
        added.LeverCount = b.LeverCount;
        for (uint32_t k = b.FirstLever; k < b.FirstLever + b.LeverCount; k++) set.LeverIds.push_back(levers[read.LeverIds[k]]);
    }
}

// Has the kernel read a whole file in, in file order, without waiting: when the files are not in
// memory already, SQLite reading them page by page in their B-trees' order takes several times longer.
void ReadAhead(const std::string& path)
{
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED);
    ::close(fd);
}

// What a worker thread found in one input.
struct InputRead {
    BallotSet Ballots;
    int64_t Duplicates = 0;
    std::string CheckError, ReadError;
    bool Done = false;
};

// Checks and reads every input (and checks OUT if `check_out`) on worker threads, one file at a
// time each, while this thread adds each input's ballots to `set` in the inputs' order: the order
// that decides which input a ballot counts as added from. Nothing is written before all are
// checked. The first refusal in the inputs' order is reported, then OUT's, then a reading error.
bool ReadCheckedInputs(const std::vector<std::string>& inputs, const std::string& out_path, bool check_out, BallotSet& set,
                       MergeReport& report, std::string& error)
{
    for (const std::string& input : inputs) ReadAhead(input);
    if (check_out) ReadAhead(out_path);
    std::vector<InputRead> reads(inputs.size());
    std::string out_error;
    const size_t tasks = inputs.size() + (check_out ? 1 : 0);
    std::atomic<size_t> next_task{0};
    std::mutex mutex;
    std::condition_variable read_done;
    auto work = [&] {
        for (size_t i; (i = next_task++) < tasks;) {
            if (i == inputs.size()) {
                CheckExistingOut(out_path, out_error);
                continue;
            }
            InputRead& r = reads[i];
            Database in;
            if (CheckInput(inputs[i], out_path, in, r.CheckError)) ReadInput(in, r.Ballots, r.Duplicates, r.ReadError);
            if (in.ChangedSinceOpened()) {
                // A kiosk wrote to it while it was read without locks: once more, with them.
                r = InputRead{};
                if (CheckInput(inputs[i], out_path, in, r.CheckError, Database::ReadMode::Locking))
                    ReadInput(in, r.Ballots, r.Duplicates, r.ReadError);
            }
            std::lock_guard<std::mutex> lock(mutex);
            r.Done = true;
            read_done.notify_all();
        }
    };
    std::vector<std::thread> workers;
    unsigned cores = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
    try {
        while (workers.size() < std::min<size_t>(cores, tasks)) workers.emplace_back(work);
    } catch (const std::system_error&) {
        if (workers.empty()) work(); // no thread to be had: all of it on this one
    }
    bool failed = false;
    for (size_t i = 0; i < inputs.size(); i++) {
        {
            std::unique_lock<std::mutex> lock(mutex);
            read_done.wait(lock, [&] { return reads[i].Done; });
        }
        InputRead& r = reads[i];
        failed = failed || !r.CheckError.empty() || !r.ReadError.empty();
        report.Inputs.push_back({inputs[i]});
        if (!failed) {
            report.Inputs.back().Skipped += r.Duplicates;
            AddInput(set, r.Ballots, (uint32_t)i, report.Inputs.back());
        }
        r.Ballots = BallotSet(); // memory back as soon as it is added
    }
    for (std::thread& worker : workers) worker.join();
    error.clear();
    for (const InputRead& r : reads)
        if (error.empty()) error = r.CheckError;
    if (error.empty()) error = out_error;
    for (const InputRead& r : reads)
        if (error.empty()) error = r.ReadError;
    return error.empty();
}

// Marks the ballots OUT already has, whichever input brought them. Read inside the merge's
// transaction, so that no other writer can add one before the inserts.
bool ReadStoredUuids(Database& out, BallotSet& set, MergeReport& report, int64_t& stored, std::string& error)
{
    stored = 0;
    Statement s(out.Raw(), "SELECT uuid FROM ballots");
    int rc = SQLITE_ERROR;
    while (s.Ok() && (rc = s.Step()) == SQLITE_ROW) {
        stored++;
        if (s.IsNull(0)) continue;
        int64_t index = set.Find(s.View(0));
        if (index < 0 || set.Ballots[(size_t)index].Source == kStored) continue;
        MergeReport::Input& counts = report.Inputs[set.Ballots[(size_t)index].Source];
        counts.Added--;
        counts.Skipped++;
        set.Ballots[(size_t)index].Source = kStored;
        set.New--;
    }
    if (rc == SQLITE_DONE) return true;
    error = out.Path() + ": cannot read the ballots: " + sqlite3_errmsg(out.Raw());
    return false;
}

// The new ballots sorted by uuid as SQLite compares TEXT (bytes, then length), so that the rows and
// every index keyed by uuid only ever grow at their end. The first 8 bytes, big-endian, decide
// nearly every comparison of random UUIDs without touching the text.
std::vector<uint32_t> NewBallotsByUuid(const BallotSet& set)
{
    std::vector<std::pair<uint64_t, uint32_t>> keys;
    keys.reserve((size_t)set.New);
    for (size_t i = 0; i < set.Ballots.size(); i++) {
        if (set.Ballots[i].Source == kStored) continue;
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

// Rows handed to SQLite as a virtual table, so that one INSERT ... SELECT stores them all: SQLite
// then keeps its cursors open from row to row, and rows in key order are appended at each B-tree's
// end instead of searched for from its root (a quarter of the instructions of a statement a row).
class RowFeed {
public:
    virtual ~RowFeed() = default;
    virtual const char* Declaration() const = 0; // CREATE TABLE x(...)
    virtual size_t Rows() const = 0;
    virtual void Column(size_t row, int column, sqlite3_context* out) const = 0;

    // Runs `insert` (an INSERT ... SELECT ... FROM ess_merge_rows) with this feed as the table.
    bool InsertInto(sqlite3* db, const char* insert) const
    {
        static const sqlite3_module module = MakeModule();
        if (sqlite3_create_module_v2(db, "ess_merge_rows", &module, const_cast<RowFeed*>(this), nullptr) != SQLITE_OK)
            return false;
        int rc = sqlite3_exec(db, insert, nullptr, nullptr, nullptr);
        // Unregistered at once: the feed is not to outlive this call.
        sqlite3_create_module_v2(db, "ess_merge_rows", nullptr, nullptr, nullptr);
        return rc == SQLITE_OK;
    }

private:
    struct Table {
        sqlite3_vtab Base{};
        const RowFeed* Feed = nullptr;
    };
    struct Cursor {
        sqlite3_vtab_cursor Base{};
        size_t Row = 0;
    };
    static const RowFeed& FeedOf(sqlite3_vtab_cursor* cursor) { return *reinterpret_cast<Table*>(cursor->pVtab)->Feed; }
    static sqlite3_module MakeModule()
    {
        sqlite3_module m{}; // xCreate left null: an eponymous-only table, used by its module's name
        m.xConnect = [](sqlite3* db, void* aux, int, const char* const*, sqlite3_vtab** table, char**) {
            const RowFeed* feed = static_cast<const RowFeed*>(aux);
            int rc = sqlite3_declare_vtab(db, feed->Declaration());
            if (rc != SQLITE_OK) return rc;
            sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY); // not from triggers or views
            Table* t = new Table;
            t->Feed = feed;
            *table = &t->Base;
            return SQLITE_OK;
        };
        m.xBestIndex = [](sqlite3_vtab*, sqlite3_index_info* info) {
            info->estimatedCost = 1e6;
            return SQLITE_OK;
        };
        m.xDisconnect = [](sqlite3_vtab* table) {
            delete reinterpret_cast<Table*>(table);
            return SQLITE_OK;
        };
        m.xDestroy = m.xDisconnect;
        m.xOpen = [](sqlite3_vtab*, sqlite3_vtab_cursor** cursor) {
            *cursor = &(new Cursor)->Base;
            return SQLITE_OK;
        };
        m.xClose = [](sqlite3_vtab_cursor* cursor) {
            delete reinterpret_cast<Cursor*>(cursor);
            return SQLITE_OK;
        };
        m.xFilter = [](sqlite3_vtab_cursor* cursor, int, const char*, int, sqlite3_value**) {
            reinterpret_cast<Cursor*>(cursor)->Row = 0;
            return SQLITE_OK;
        };
        m.xNext = [](sqlite3_vtab_cursor* cursor) {
            reinterpret_cast<Cursor*>(cursor)->Row++;
            return SQLITE_OK;
        };
        m.xEof = [](sqlite3_vtab_cursor* cursor) {
            return (int)(reinterpret_cast<Cursor*>(cursor)->Row >= FeedOf(cursor).Rows());
        };
        m.xColumn = [](sqlite3_vtab_cursor* cursor, sqlite3_context* out, int column) {
            FeedOf(cursor).Column(reinterpret_cast<Cursor*>(cursor)->Row, column, out);
            return SQLITE_OK;
        };
        m.xRowid = [](sqlite3_vtab_cursor* cursor, sqlite3_int64* rowid) {
            *rowid = (sqlite3_int64) reinterpret_cast<Cursor*>(cursor)->Row;
            return SQLITE_OK;
        };
        return m;
    }
};

// The text stays in the BallotSet's arena for the whole insert: SQLite need not copy it first.
void ResultView(sqlite3_context* out, std::string_view text)
{
    sqlite3_result_text(out, text.data(), (int)text.size(), SQLITE_STATIC);
}

class BallotFeed : public RowFeed {
public:
    BallotFeed(const BallotSet& set, const std::vector<uint32_t>& order) : Set(set), Order(order) {}
    const char* Declaration() const override { return "CREATE TABLE x(uuid, kiosk_id, created_utc, content_version, flags)"; }
    size_t Rows() const override { return Order.size(); }
    void Column(size_t row, int column, sqlite3_context* out) const override
    {
        const MergedBallot& b = Set.Ballots[Order[row]];
        switch (column) {
        case 0: ResultView(out, b.Uuid); break;
        case 1: ResultView(out, Set.Kiosks[b.KioskId]); break;
        case 2: ResultView(out, b.CreatedUtc); break;
        case 3: ResultView(out, Set.Contents[b.ContentVersion]); break;
        default: sqlite3_result_int(out, b.Flags); break;
        }
    }

private:
    const BallotSet& Set;
    const std::vector<uint32_t>& Order;
};

class LeverFeed : public RowFeed {
public:
    LeverFeed(const BallotSet& set, const std::vector<uint32_t>& order) : Set(set)
    {
        for (uint32_t i : order)
            for (uint32_t k = Set.Ballots[i].FirstLever; k < Set.Ballots[i].FirstLever + Set.Ballots[i].LeverCount; k++)
                LeverRows.push_back({i, Set.LeverIds[k]});
    }
    const char* Declaration() const override { return "CREATE TABLE x(ballot_uuid, lever_id)"; }
    size_t Rows() const override { return LeverRows.size(); }
    void Column(size_t row, int column, sqlite3_context* out) const override
    {
        if (column == 0)
            ResultView(out, Set.Ballots[LeverRows[row].first].Uuid);
        else
            ResultView(out, Set.Levers[LeverRows[row].second]);
    }

private:
    const BallotSet& Set;
    std::vector<std::pair<uint32_t, uint32_t>> LeverRows; // ballot, lever id
};

bool InsertBallots(sqlite3* db, const BallotSet& set, const std::vector<uint32_t>& order)
{
    return BallotFeed(set, order)
        .InsertInto(db, "INSERT INTO main.ballots (uuid, kiosk_id, created_utc, content_version, flags) "
                        "SELECT uuid, kiosk_id, created_utc, content_version, flags FROM ess_merge_rows");
}

bool InsertLevers(sqlite3* db, const BallotSet& set, const std::vector<uint32_t>& order)
{
    return LeverFeed(set, order)
        .InsertInto(db, "INSERT INTO main.ballot_levers (ballot_uuid, lever_id) "
                        "SELECT ballot_uuid, lever_id FROM ess_merge_rows");
}

// In the order the ballots were read (any order will do): walking them by uuid would miss the
// processor's cache at every ballot.
TallyCounter CountTally(const BallotSet& set)
{
    TallyCounter counter;
    for (const MergedBallot& b : set.Ballots) {
        if (b.Source == kStored) continue;
        counter.AddBallot(set.Kiosks[b.KioskId], b.CreatedUtc, b.Flags);
        for (uint32_t k = b.FirstLever; k < b.FirstLever + b.LeverCount; k++) counter.AddLever(set.Levers[set.LeverIds[k]]);
    }
    return counter;
}

// Below this many new ballots for each one already stored, inserting them one by one (each
// costing a few random index updates and the triggers) beats rebuilding every index.
constexpr int64_t kBulkWhenNewPerStored = 16;

// Stores the new ballots of `set` in `out` in one transaction, which also reads OUT's uuids.
// Empties `set` once its rows are in: the indexes are then built with that memory back.
bool StoreNewBallots(Database& out, BallotSet& set, MergeReport& report, std::string& error)
{
    sqlite3* db = out.Raw();
    auto fail = [&](const std::string& why) {
        error = out.Path() + ": " + why;
        out.AbortBulkLoad(); // rolls a plain transaction back just the same
        return false;
    };
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail(std::string("cannot start the merge: ") + sqlite3_errmsg(db));
    int64_t stored = 0;
    if (!ReadStoredUuids(out, set, report, stored, error)) return fail(error);
    report.Total = stored + set.New;
    if (set.New == 0) {
        out.AbortBulkLoad(); // nothing new: nothing written
        return true;
    }
    bool bulk = set.New * kBulkWhenNewPerStored >= stored;
    if (bulk && !out.BeginBulkLoad(error)) return false;
    std::vector<uint32_t> order = NewBallotsByUuid(set);
    if (!InsertBallots(db, set, order) || !InsertLevers(db, set, order))
        return fail(std::string("cannot store the ballots: ") + sqlite3_errmsg(db));
    TallyCounter counter = bulk ? CountTally(set) : TallyCounter();
    set = BallotSet();
    if (bulk) return out.FinishBulkLoad(counter, error);
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail(std::string("merge not saved: ") + sqlite3_errmsg(db));
    return true;
}

// Runs `store` without foreign key checks: each would look a lever row's ballot up, and the merge
// stores every ballot with its levers. The setting cannot change inside a transaction.
template <typename Store> bool WithoutForeignKeyChecks(Database& db, Store store)
{
    int foreign_keys = 0;
    {
        Statement s(db.Raw(), "PRAGMA foreign_keys");
        if (s.Ok() && s.Step() == SQLITE_ROW) foreign_keys = s.Int(0);
    }
    sqlite3_exec(db.Raw(), "PRAGMA foreign_keys=OFF", nullptr, nullptr, nullptr);
    bool ok = store();
    if (foreign_keys) sqlite3_exec(db.Raw(), "PRAGMA foreign_keys=ON", nullptr, nullptr, nullptr);
    return ok;
}

bool MergeIntoOpen(Database& out, BallotSet& set, MergeReport& report, std::string& error)
{
    return WithoutForeignKeyChecks(out, [&] { return StoreNewBallots(out, set, report, error); });
}

// A database file nobody else knows of yet: no journal, no waiting for the disk. Only an atomic
// rename after an fsync makes it anything.
bool OpenScratch(Database& db, const std::string& path, std::string& error)
{
    if (!db.Open(path, error)) return false;
    if (sqlite3_exec(db.Raw(), "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF", nullptr, nullptr,
                     nullptr) == SQLITE_OK)
        return true;
    error = path + ": " + sqlite3_errmsg(db.Raw());
    return false;
}

// Has the kernel start writing a file's data to disk now, without waiting (Linux): the fsync that
// makes it durable then has less left to do.
void StartWriteback(const std::string& path)
{
#ifdef SYNC_FILE_RANGE_WRITE
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    ::close(fd);
#else
    (void)path;
#endif
}

// Stores every ballot of `set` in the new, empty `db` (a scratch file), one core building each half:
// a second thread stores the ballots and their indexes in a file of their own (`part_path`) while
// this one stores the levers and indexes them; SQLite then copies the ballots' table and indexes
// in as they are, without sorting again (its transfer optimisation, for INSERT INTO t SELECT * FROM
// u into an empty t with the same indexes). A million ballots take a second less than on one core.
bool StoreInTwoHalves(Database& db, const std::string& part_path, BallotSet& set, MergeReport& report, std::string& error)
{
    sqlite3* h = db.Raw();
    report.Total = set.New;
    std::vector<uint32_t> order = NewBallotsByUuid(set);
    Database part;
    if (!OpenScratch(part, part_path, error)) return false;
    {
        Statement attach(h, "ATTACH ?1 AS ballots_part"); // outside any transaction, before the part is written
        attach.BindView(1, part_path);
        if (!attach.Ok() || attach.Step() != SQLITE_DONE) {
            error = db.Path() + ": " + sqlite3_errmsg(h);
            return false;
        }
    }
    std::string part_error;
    bool part_ok = false;
    TallyCounter counter;
    auto build_part = [&] {
        part_ok = part.BeginBulkLoad(part_error);
        if (part_ok && !InsertBallots(part.Raw(), set, order)) {
            part_error = part_path + ": cannot store the ballots: " + sqlite3_errmsg(part.Raw());
            part_ok = false;
        }
        part_ok = part_ok && part.FinishBulkLoad(TallyCounter(), part_error);
        part.Close();
        counter = CountTally(set);
    };
    std::thread builder;
    try {
        builder = std::thread(build_part);
    } catch (const std::system_error&) {
        build_part(); // no second thread to be had: one half after the other
    }
    // A deferred BEGIN: the part stays unlocked for its builder until the copy.
    bool ok = sqlite3_exec(h, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK && db.BeginBulkLoad(error);
    if (ok && !InsertLevers(h, set, order)) {
        error = db.Path() + ": cannot store the levers: " + sqlite3_errmsg(h);
        ok = false;
    }
    ok = ok && db.BuildDeferredIndexes(error);
    StartWriteback(db.Path()); // the levers' half, while the ballots' half is copied in
    if (builder.joinable()) builder.join();
    if (ok && !part_ok) {
        error = part_error;
        ok = false;
    }
    if (ok &&
        sqlite3_exec(h, "INSERT INTO main.ballots SELECT * FROM ballots_part.ballots", nullptr, nullptr, nullptr) != SQLITE_OK) {
        error = db.Path() + ": cannot copy the ballots in: " + sqlite3_errmsg(h);
        ok = false;
    }
    ok = ok && db.FinishBulkLoad(counter, error);
    if (!ok) db.AbortBulkLoad();
    sqlite3_exec(h, "DETACH ballots_part", nullptr, nullptr, nullptr);
    return ok;
}

void RemoveDatabaseFiles(const std::string& path)
{
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
}

// A new OUT is built whole in a temporary file beside it, without a journal (nothing there to
// protect), then flushed and renamed to its name: OUT does not exist until it is complete, even
// if the machine stops midway.
bool MergeIntoNewFile(const std::string& out_path, BallotSet& set, MergeReport& report, std::string& error)
{
    std::string temp = TempPathBeside(ResolvedTarget(out_path), "merging");
    std::string part = temp + "-ballots";
    Database db;
    bool ok = OpenScratch(db, temp, error) && StoreInTwoHalves(db, part, set, report, error);
    RemoveDatabaseFiles(part);
    // Back to what Database::Open makes, written into the file's header.
    if (ok && sqlite3_exec(db.Raw(), "PRAGMA main.journal_mode=WAL", nullptr, nullptr, nullptr) != SQLITE_OK) {
        error = temp + ": " + sqlite3_errmsg(db.Raw());
        ok = false;
    }
    db.Close();
    if (ok && CommitTempFile(temp, out_path, error)) return true;
    RemoveDatabaseFiles(temp);
    return false;
}

} // namespace

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
    BallotSet set;
    if (ReadCheckedInputs(inputs, out.Path(), false, set, report, error) && MergeIntoOpen(out, set, report, error)) return true;
    report = MergeReport{}; // nothing merged
    return false;
}

bool MergeDatabases(const std::string& out_path, const std::vector<std::string>& inputs, MergeReport& report, std::string& error)
{
    report = MergeReport{};
    if (inputs.empty()) {
        error = "merge: no input file";
        return false;
    }
    if (out_path == ":memory:") {
        Database memory;
        return memory.Open(out_path, error) && MergeInto(memory, inputs, report, error);
    }
    std::error_code ec;
    bool out_exists = fs::exists(out_path, ec);
    BallotSet set;
    bool ok = ReadCheckedInputs(inputs, out_path, out_exists, set, report, error);
    if (ok && !out_exists) {
        ok = MergeIntoNewFile(out_path, set, report, error);
    } else if (ok) {
        // An existing OUT is merged into in place, in one transaction: SQLite keeps it all or
        // nothing and keeps out any other program using the file meanwhile, which replacing the
        // file could not.
        Database out;
        ok = out.Open(out_path, error) && MergeIntoOpen(out, set, report, error);
    }
    if (!ok) report = MergeReport{}; // nothing merged
    return ok;
}

} // namespace ess

// Rows from memory into SQLite through an eponymous virtual table (see merge_insert.h).
#include "storage/merge_insert.h"

#include <string>
#include <string_view>
#include <utility>

#include "storage/sqlite_statement.h"

namespace ess {

namespace {

// Rows handed to SQLite as a virtual table, so that one INSERT ... SELECT stores them all: SQLite
// then keeps its cursors open from row to row, and rows in key order are appended at each B-tree's
// end instead of searched for from its root (a quarter of the instructions of a statement a row).
class RowFeed {
public:
    virtual ~RowFeed() = default;
    virtual const char* Declaration() const = 0; // CREATE TABLE x(...)
    virtual size_t Rows() const = 0;
    virtual void Column(size_t row, int column, sqlite3_context* out) const = 0;

    // Runs `insert` (an INSERT ... SELECT ... FROM ess_merge_rows) with this feed as the table;
    // `why` is SQLite's complaint when it fails.
    bool InsertInto(sqlite3* db, const char* insert, std::string& why) const
    {
        static const sqlite3_module module = MakeModule();
        if (sqlite3_create_module_v2(db, "ess_merge_rows", &module, const_cast<RowFeed*>(this), nullptr) != SQLITE_OK) {
            why = std::string("cannot register the rows to insert: ") + sqlite3_errmsg(db);
            return false;
        }
        int rc = sqlite3_exec(db, insert, nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK) why = sqlite3_errmsg(db);
        // Unregistered at once: the feed is not to outlive this call, and a module left behind
        // would point at it.
        if (sqlite3_create_module_v2(db, "ess_merge_rows", nullptr, nullptr, nullptr) != SQLITE_OK && rc == SQLITE_OK) {
            why = std::string("cannot unregister the rows inserted: ") + sqlite3_errmsg(db);
            return false;
        }
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

} // namespace

bool InsertBallots(sqlite3* db, const BallotSet& set, const std::vector<uint32_t>& order, std::string& why)
{
    return BallotFeed(set, order)
        .InsertInto(db,
                    "INSERT INTO main.ballots (uuid, kiosk_id, created_utc, content_version, flags) "
                    "SELECT uuid, kiosk_id, created_utc, content_version, flags FROM ess_merge_rows",
                    why);
}

bool InsertLevers(sqlite3* db, const BallotSet& set, const std::vector<uint32_t>& order, std::string& why)
{
    return LeverFeed(set, order)
        .InsertInto(db,
                    "INSERT INTO main.ballot_levers (ballot_uuid, lever_id) "
                    "SELECT ballot_uuid, lever_id FROM ess_merge_rows",
                    why);
}

} // namespace ess

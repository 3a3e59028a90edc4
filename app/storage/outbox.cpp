// The outboxes: the ballots and the visits not yet sent to a central server, read in batches for
// the upload and removed in one transaction once the server has committed them (see database.h).
#include "storage/database.h"
#include "storage/sqlite_statement.h"

namespace ess {

bool Database::PendingBallots(size_t limit, std::vector<Ballot>& ballots, std::string& error) const
{
    ballots.clear();
    if (!Opened(error)) return false;
    // The batch is chosen first, then joined to its levers: a LIMIT on the join would cut a
    // ballot's levers in two.
    Statement s(Handle, "SELECT b.uuid, b.kiosk_id, b.created_utc, b.content_version, b.flags, l.lever_id "
                        "FROM (SELECT uuid FROM outbox ORDER BY uuid LIMIT ?1) o JOIN ballots b ON b.uuid = o.uuid "
                        "LEFT JOIN ballot_levers l ON l.ballot_uuid = b.uuid ORDER BY b.uuid, l.lever_id");
    int rc = s.PrepareResult();
    if (s.Ok()) {
        s.BindInt64(1, (int64_t)limit);
        while ((rc = s.Step()) == SQLITE_ROW) {
            if (ballots.empty() || ballots.back().Uuid != s.View(0)) {
                Ballot b;
                b.Uuid = s.Text(0);
                b.KioskId = s.Text(1);
                b.CreatedUtc = s.Text(2);
                b.ContentVersion = s.Text(3);
                b.Flags = s.Int(4);
                ballots.push_back(std::move(b));
            }
            if (!s.IsNull(5)) ballots.back().Levers.push_back(s.Text(5));
        }
    }
    if (rc == SQLITE_DONE) return true;
    error = FilePath + ": cannot read the ballots waiting to be sent: " + sqlite3_errmsg(Handle);
    ballots.clear();
    return false;
}

namespace {

// Removes `ids` from an outbox (`table`, keyed by `column`) in one transaction, and stamps meta
// "last_sent_at". `what` names them in the error ("ballot(s)", "visit(s)").
bool MarkIdsSent(sqlite3* db, const std::string& path, const char* table, const char* column, const char* what,
                 const std::vector<std::string>& ids, std::string& error, bool stamp = true)
{
    auto fail = [&](const std::string& why) {
        error = path + ": cannot mark " + std::to_string(ids.size()) + " " + what + " sent: " + why +
                " (they stay pending: the next upload sends them again, and the server keeps one of each)";
        RollBackIfOpen(db);
        return false;
    };
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) return fail(sqlite3_errmsg(db));
    {
        const std::string sql = std::string("DELETE FROM ") + table + " WHERE " + column + " = ?1";
        Statement remove(db, sql.c_str());
        if (!remove.Ok()) return fail(sqlite3_errmsg(db));
        for (const std::string& id : ids) {
            remove.BindText(1, id);
            if (remove.Step() != SQLITE_DONE) return fail(sqlite3_errmsg(db));
            remove.Reset();
        }
        Statement sent(db, "INSERT INTO meta (key, value) VALUES ('last_sent_at', ?1) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        if (stamp && (!sent.Ok() || sent.BindText(1, UtcNowIso()) != SQLITE_OK || sent.Step() != SQLITE_DONE))
            return fail(sqlite3_errmsg(db));
    }
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail(std::string("commit failed: ") + sqlite3_errmsg(db));
    return true;
}

} // namespace

bool Database::MarkSent(const std::vector<std::string>& uuids, std::string& error)
{
    return Opened(error) && MarkIdsSent(Handle, FilePath, "outbox", "uuid", "ballot(s)", uuids, error);
}

bool Database::MarkVisitsSent(const std::vector<std::string>& ids, std::string& error)
{
    return Opened(error) && MarkIdsSent(Handle, FilePath, "visit_outbox", "id", "visit(s)", ids, error);
}

bool Database::SetVisitsAside(const std::vector<std::string>& ids, std::string& error)
{
    return Opened(error) && MarkIdsSent(Handle, FilePath, "visit_outbox", "id", "visit(s)", ids, error, false);
}

int64_t Database::PendingCount() const
{
    if (!Handle) return -1;
    const int version = SchemaVersion();
    if (version < 0) return -1;
    Statement s(Handle, version < 2 ? "SELECT count(*) FROM ballots" : "SELECT count(*) FROM outbox");
    return s.Ok() && s.Step() == SQLITE_ROW ? s.Int64(0) : -1;
}

std::string Database::LastBallotUtc() const
{
    if (!Handle) return {};
    Statement s(Handle, "SELECT max(created_utc) FROM ballots"); // the ballots_by_time index: one lookup
    return s.Ok() && s.Step() == SQLITE_ROW ? s.Text(0) : std::string();
}

} // namespace ess

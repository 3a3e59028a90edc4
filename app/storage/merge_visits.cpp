// The merge's visit log (see merge_visits.h): far fewer rows a visitor than the ballots' hot path
// was tuned for, so plain statements, one input open at a time.
#include "storage/merge_visits.h"

#include "storage/sqlite_statement.h"

namespace ess {

namespace {

// Copies one opened input's visits into OUT; `read` counts the visits found in it.
bool CopyVisits(const Database& in, sqlite3* out, const std::string& out_path, MergeReport::Input& counts, int64_t& read,
                std::string& error)
{
    read = 0;
    sqlite3* src = SqliteAccess::Handle(in);
    if (in.SchemaVersion() < 3) return true; // before the visit log
    Statement visits(src, "SELECT id, kiosk_id, started_utc, seconds, language, modes, flips, comparisons, qr_shown, ending, "
                          "ballot_uuid, content_version FROM visits ORDER BY id");
    Statement views(src, "SELECT seq, screen, mutation, part, seconds FROM visit_views WHERE visit_id = ?1 ORDER BY seq");
    if (!visits.Ok() || !views.Ok()) {
        error = in.Path() + ": cannot read the visits: " + sqlite3_errmsg(src);
        return false;
    }
    Statement insert(out, "INSERT INTO main.visits (id, kiosk_id, started_utc, seconds, language, modes, flips, comparisons, "
                          "qr_shown, ending, ballot_uuid, content_version) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT (id) DO NOTHING");
    Statement insert_view(out, "INSERT INTO main.visit_views (visit_id, seq, screen, mutation, part, seconds) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (visit_id, seq) DO NOTHING");
    if (!insert.Ok() || !insert_view.Ok()) {
        error = out_path + ": cannot store the visits: " + sqlite3_errmsg(out);
        return false;
    }
    int rc;
    while ((rc = visits.Step()) == SQLITE_ROW) {
        read++;
        // Column values go across as they are (sqlite3_value): NULL stays NULL, REAL stays REAL.
        for (int c = 0; c < 12; c++) insert.BindValue(c + 1, visits.Value(c));
        if (insert.Step() != SQLITE_DONE) {
            error = out_path + ": cannot store visit " + visits.Text(0) + " from " + in.Path() + ": " + sqlite3_errmsg(out);
            return false;
        }
        insert.Reset();
        if (sqlite3_changes(out) == 0) {
            counts.VisitsSkipped++; // the same visit (its id is a UUID v4): its views came with it
            continue;
        }
        counts.VisitsAdded++;
        views.BindView(1, visits.View(0));
        while ((rc = views.Step()) == SQLITE_ROW) {
            insert_view.BindView(1, visits.View(0));
            for (int c = 0; c < 5; c++) insert_view.BindValue(c + 2, views.Value(c));
            if (insert_view.Step() != SQLITE_DONE) {
                error = out_path + ": cannot store the views of visit " + visits.Text(0) + ": " + sqlite3_errmsg(out);
                return false;
            }
            insert_view.Reset();
        }
        if (rc != SQLITE_DONE) break;
        views.Reset();
    }
    if (rc == SQLITE_DONE) return true;
    error = in.Path() + ": cannot read the visits: " + sqlite3_errmsg(src);
    return false;
}

} // namespace

bool MergeVisits(Database& out, MergeReport& report, std::string& error)
{
    sqlite3* db = SqliteAccess::Handle(out);
    for (MergeReport::Input& input : report.Inputs) {
        Database in;
        int64_t read = 0;
        if (!in.OpenExisting(input.Path, error) || !CopyVisits(in, db, out.Path(), input, read, error)) return false;
        if (in.ChangedSinceOpened()) {
            // A kiosk wrote to it while it was read without locks: once more, with them. What the
            // first reading added stays (whole visits, by id); the rest is skipped or added now.
            const int64_t added = input.VisitsAdded;
            input.VisitsAdded = input.VisitsSkipped = 0;
            if (!in.OpenExisting(input.Path, error, Database::ReadMode::Locking) ||
                !CopyVisits(in, db, out.Path(), input, read, error))
                return false;
            input.VisitsAdded += added;
            input.VisitsSkipped = read - input.VisitsAdded;
        }
    }
    Statement count(db, "SELECT count(*) FROM main.visits");
    if (!count.Ok() || count.Step() != SQLITE_ROW) {
        error = out.Path() + ": cannot count the visits: " + sqlite3_errmsg(db);
        return false;
    }
    report.TotalVisits = count.Int64(0);
    return true;
}

} // namespace ess

// The visit log on the central server (see central_api.h): visits sent as JSON batches to
// ess.add_visits, and read back page by page for ess-tally's report and summary.
#include <cstdlib>

#include "central/central_api.h"
#include "central/pg_text.h"

namespace ess {

namespace {

std::string VisitsJson(const std::vector<Visit>& visits)
{
    std::string out;
    out.reserve(visits.size() * 400);
    out += '[';
    for (size_t i = 0; i < visits.size(); i++) {
        const Visit& v = visits[i];
        if (i) out += ',';
        out += "{\"id\":";
        pg::AppendJson(out, v.Id);
        out += ",\"kiosk_id\":";
        pg::AppendJson(out, v.KioskId);
        out += ",\"started_utc\":";
        pg::AppendJson(out, v.StartedAt);
        out += ",\"seconds\":" + pg::JsonNumber(v.Seconds) + ",\"language\":";
        pg::AppendJson(out, v.Language);
        std::string modes;
        for (const std::string& mode : v.Modes) modes += (modes.empty() ? "" : ",") + mode;
        out += ",\"modes\":";
        pg::AppendJson(out, modes);
        out += ",\"flips\":" + std::to_string(v.Flips) + ",\"comparisons\":" + std::to_string(v.Comparisons) +
               ",\"qr_shown\":" + std::to_string(v.QrShown) + ",\"ending\":";
        pg::AppendJson(out, v.Ending);
        out += ",\"ballot_uuid\":";
        pg::AppendJson(out, v.BallotId);
        out += ",\"content_version\":";
        pg::AppendJson(out, v.ContentVersion);
        out += ",\"views\":[";
        for (size_t k = 0; k < v.Views.size(); k++) {
            const VisitView& view = v.Views[k];
            if (k) out += ',';
            out += '[';
            pg::AppendJson(out, view.Screen);
            out += ',' + std::to_string(view.Mutation) + ',';
            pg::AppendJson(out, view.Part);
            out += ',' + pg::JsonNumber(view.Seconds) + ']';
        }
        out += "]}";
    }
    out += ']';
    return out;
}

// Splits `text` at `separator`, keeping empty fields.
std::vector<std::string> Fields(const std::string& text, char separator)
{
    std::vector<std::string> fields;
    size_t start = 0;
    for (;;) {
        const size_t end = text.find(separator, start);
        fields.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) return fields;
        start = end + 1;
    }
}

} // namespace

bool UploadVisits(pg::Connection& conn, const std::vector<Visit>& visits, int keep_months, VisitUpload& out, std::string& error,
                  pg::Clock::time_point deadline)
{
    out = VisitUpload{};
    if (visits.empty()) return true;
    pg::Result r;
    if (conn.Exec("SELECT inserted, already_there, taken, purged FROM ess.add_visits($1::jsonb, $2::integer)",
                  {VisitsJson(visits), std::to_string(keep_months)}, r, deadline, error) != pg::Outcome::Ok) {
        // By SQLSTATE, not by the message: a server may speak French.
        const std::string& state = conn.LastSqlState();
        if (state == "42883") {
            out.Outdated = true;
            error = "this server's central schema predates the visit log: the visits stay on the kiosk, pending, until "
                    "ess-tally central init (of this version) upgrades it";
        }
        out.Refused = state.size() == 5 && (state.compare(0, 2, "22") == 0 || state.compare(0, 2, "23") == 0);
        return false;
    }
    if (r.Rows() != 1) {
        error = "ess.add_visits answered " + std::to_string(r.Rows()) + " rows instead of one";
        return false;
    }
    out.Inserted = r.Int64(0, 0);
    out.AlreadyThere = r.Int64(0, 1);
    out.Taken = r.Int64(0, 2);
    out.Purged = r.Int64(0, 3);
    return true;
}

bool ForEachCentralVisit(pg::Connection& conn, const std::function<bool(const Visit&)>& visit, std::string& error,
                         int page_seconds, size_t page)
{
    // Views as fields joined with the unit separator, views with the record separator, in order:
    // no screen or part name holds either (the schema's checks). float8's text is the shortest
    // that reads back exactly. One query through a cursor, fetched page by page (memory stays
    // flat): the views are grouped in one pass, not looked up visit by visit.
    const std::string query =
        "SELECT v.id, v.kiosk_id, to_char(v.started_utc AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI\"Z\"'), v.seconds::text, "
        "v.language, v.modes, v.flips, v.comparisons, v.qr_shown, v.ending, coalesce(v.ballot_uuid, ''), v.content_version, "
        "w.views FROM ess.visits v LEFT JOIN (SELECT visit_id, string_agg(screen || E'\\x1f' || mutation || E'\\x1f' || part "
        "|| E'\\x1f' || seconds::text, E'\\x1e' ORDER BY seq) AS views FROM ess.visit_views GROUP BY visit_id) w "
        "ON w.visit_id = v.id ORDER BY v.id";
    pg::Result r;
    const auto until = [&] { return pg::Clock::now() + std::chrono::seconds(page_seconds); };
    const auto finish = [&](bool ok) {
        std::string ignored;
        if (conn.IsOpen()) conn.ExecScript("ROLLBACK", until(), ignored); // read only: nothing to keep
        return ok;
    };
    // The whole result is read: plan for all of it, not for its first rows.
    if (conn.ExecScript("BEGIN READ ONLY; SET LOCAL cursor_tuple_fraction = 1; DECLARE ess_visits NO SCROLL CURSOR FOR " + query,
                        until(), error) != pg::Outcome::Ok)
        return finish(false);
    const std::string fetch = "FETCH " + std::to_string(page) + " FROM ess_visits";
    for (;;) {
        if (conn.Exec(fetch, {}, r, until(), error) != pg::Outcome::Ok) return finish(false);
        for (int i = 0; i < r.Rows(); i++) {
            Visit v;
            v.Id = r.Text(i, 0);
            v.KioskId = r.Text(i, 1);
            v.StartedAt = r.Text(i, 2);
            v.Seconds = std::strtod(r.Text(i, 3).c_str(), nullptr);
            v.Language = r.Text(i, 4);
            const std::string modes = r.Text(i, 5);
            if (!modes.empty()) v.Modes = Fields(modes, ',');
            v.Flips = (int)r.Int64(i, 6);
            v.Comparisons = (int)r.Int64(i, 7);
            v.QrShown = (int)r.Int64(i, 8);
            v.Ending = r.Text(i, 9);
            v.BallotId = r.Text(i, 10);
            v.ContentVersion = r.Text(i, 11);
            const std::string views = r.Text(i, 12);
            if (!views.empty())
                for (const std::string& one : Fields(views, '\x1e')) {
                    const std::vector<std::string> f = Fields(one, '\x1f');
                    if (f.size() != 4) {
                        error = "visit " + v.Id + ": a view the server sent cannot be read";
                        return finish(false);
                    }
                    v.Views.push_back({f[0], std::atoi(f[1].c_str()), f[2], std::strtod(f[3].c_str(), nullptr)});
                }
            if (!visit(v)) return finish(true);
        }
        if ((size_t)r.Rows() < page) return finish(true);
    }
}

} // namespace ess

// The central server's calls for the kiosk and ess-tally (see central_api.h): JSON batches to
// the SECURITY DEFINER functions, tallies from the server's counters, ballots page by page.
// The visit log's calls: central_visits.cpp.
#include "central/central_api.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include <libpq-fe.h>
#include <sodium.h>

#include "central/pg_text.h"

namespace ess {

namespace {

std::string BatchJson(const std::vector<Ballot>& ballots)
{
    std::string out;
    out.reserve(ballots.size() * 200);
    out += '[';
    for (size_t i = 0; i < ballots.size(); i++) {
        const Ballot& b = ballots[i];
        if (i) out += ',';
        out += "{\"uuid\":";
        pg::AppendJson(out, b.Uuid);
        out += ",\"kiosk_id\":";
        pg::AppendJson(out, b.KioskId);
        out += ",\"created_utc\":";
        pg::AppendJson(out, b.CreatedUtc);
        out += ",\"content_version\":";
        pg::AppendJson(out, b.ContentVersion);
        out += ",\"flags\":" + std::to_string(b.Flags) + ",\"levers\":[";
        for (size_t k = 0; k < b.Levers.size(); k++) {
            if (k) out += ',';
            pg::AppendJson(out, b.Levers[k]);
        }
        out += "]}";
    }
    out += ']';
    return out;
}

// A TOML basic string: "..." with \ and " escaped.
std::string TomlString(const std::string& text)
{
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// As Database::LoadTally orders them: levers most chosen first, the rest by key.
void SortTally(Tally& tally)
{
    std::sort(tally.PerLever.begin(), tally.PerLever.end(),
              [](const Count& a, const Count& b) { return a.Ballots != b.Ballots ? a.Ballots > b.Ballots : a.Key < b.Key; });
    auto by_key = [](const Count& a, const Count& b) { return a.Key < b.Key; };
    std::sort(tally.PerKiosk.begin(), tally.PerKiosk.end(), by_key);
    std::sort(tally.PerDay.begin(), tally.PerDay.end(), by_key);
    std::sort(tally.PerHour.begin(), tally.PerHour.end(), by_key);
}

void AddCount(Tally& tally, const std::string& kind, Count count)
{
    if (count.Ballots == 0) return;
    if (kind == "all")
        tally.Ballots += count.Ballots;
    else if (kind == "flagged")
        tally.Flagged += count.Ballots;
    else if (kind == "lever")
        tally.PerLever.push_back(count);
    else if (kind == "kiosk")
        tally.PerKiosk.push_back(count);
    else if (kind == "day")
        tally.PerDay.push_back(count);
    else if (kind == "hour")
        tally.PerHour.push_back(count);
}

const char* const kIsoUtc = "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'";

std::string IsoOf(const std::string& column)
{
    return "to_char(" + column + " AT TIME ZONE 'UTC', " + kIsoUtc + ")";
}

// The role a kiosk id gets: lower case, anything but letters and digits as '_'.
std::string RoleFor(const std::string& kiosk_id)
{
    std::string role = "ess_kiosk_";
    for (char c : kiosk_id) role += std::isalnum((unsigned char)c) ? (char)std::tolower((unsigned char)c) : '_';
    return role;
}

std::string Escaped(PGconn* conn, const std::string& text, bool identifier)
{
    char* escaped =
        identifier ? PQescapeIdentifier(conn, text.c_str(), text.size()) : PQescapeLiteral(conn, text.c_str(), text.size());
    if (!escaped) return {};
    std::string out = escaped;
    PQfreemem(escaped);
    return out;
}

} // namespace

bool IsCentralUrl(const std::string& text)
{
    return text.rfind("postgresql://", 0) == 0 || text.rfind("postgres://", 0) == 0;
}

bool IsValidKioskId(const std::string& kiosk_id, std::string& why)
{
    if (kiosk_id.empty() || kiosk_id.size() > 40) {
        why = "a kiosk id is 1 to 40 characters (got " + std::to_string(kiosk_id.size()) + ")";
        return false;
    }
    for (char c : kiosk_id)
        if (!std::isalnum((unsigned char)c) && c != '-' && c != '_' && c != '.') {
            why = "a kiosk id is letters, digits, '.', '_' and '-' (\"" + kiosk_id + "\" has '" + std::string(1, c) + "')";
            return false;
        }
    return true;
}

bool UploadBallots(pg::Connection& conn, const std::vector<Ballot>& ballots, int64_t& inserted, int64_t& already_there,
                   std::string& error, pg::Clock::time_point deadline)
{
    inserted = already_there = 0;
    if (ballots.empty()) return true;
    pg::Result r;
    if (conn.Exec("SELECT inserted, already_there FROM ess.add_ballots($1::jsonb)", {BatchJson(ballots)}, r, deadline, error) !=
        pg::Outcome::Ok)
        return false;
    if (r.Rows() != 1) {
        error = "ess.add_ballots answered " + std::to_string(r.Rows()) + " rows instead of one";
        return false;
    }
    inserted = r.Int64(0, 0);
    already_there = r.Int64(0, 1);
    return true;
}

bool SendHeartbeat(pg::Connection& conn, const Heartbeat& beat, std::string& error, pg::Clock::time_point deadline)
{
    std::string json = "{\"app_version\":";
    pg::AppendJson(json, beat.AppVersion);
    json += ",\"content_version\":";
    pg::AppendJson(json, beat.ContentVersion);
    json +=
        ",\"ballots_total\":" + std::to_string(beat.BallotsTotal) + ",\"ballots_pending\":" + std::to_string(beat.BallotsPending);
    json += ",\"last_ballot_utc\":";
    if (beat.LastBallotUtc.empty())
        json += "null";
    else
        pg::AppendJson(json, beat.LastBallotUtc);
    json += ",\"database_health\":";
    pg::AppendJson(json, beat.DatabaseHealth);
    json += ",\"free_disk_bytes\":" + (beat.FreeDiskBytes < 0 ? std::string("null") : std::to_string(beat.FreeDiskBytes));
    json += ",\"uptime_seconds\":" + std::to_string(beat.UptimeSeconds);
    json += ",\"visits_pending\":" + (beat.VisitsPending < 0 ? std::string("null") : std::to_string(beat.VisitsPending));
    json += ",\"visit_keep_months\":" + (beat.VisitKeepMonths <= 0 ? std::string("null") : std::to_string(beat.VisitKeepMonths)) +
            "}";
    pg::Result r;
    return conn.Exec("SELECT ess.heartbeat($1::jsonb)", {json}, r, deadline, error) == pg::Outcome::Ok;
}

bool AddKiosk(pg::Connection& conn, const std::string& kiosk_id, const std::string& kiosk_url, bool new_password, NewKiosk& out,
              std::string& error, pg::Clock::time_point deadline)
{
    out = NewKiosk{};
    std::string why;
    if (!IsValidKioskId(kiosk_id, why)) {
        error = why;
        return false;
    }
    if (sodium_init() < 0) {
        error = "libsodium cannot start: no random password";
        return false;
    }
    unsigned char random[16];
    randombytes_buf(random, sizeof random);
    char hex[sizeof random * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, random, sizeof random);
    out.Role = RoleFor(kiosk_id);
    out.Password = hex;
    // Only a SCRAM verifier reaches the server: the password itself is never in a statement (nor
    // in the server's log, whatever log_statement says).
    char* verifier = PQencryptPasswordConn(conn.Raw(), out.Password.c_str(), out.Role.c_str(), "scram-sha-256");
    if (!verifier) {
        error = "cannot make the password's SCRAM verifier: " +
                std::string(conn.Raw() ? PQerrorMessage(conn.Raw()) : "not connected");
        return false;
    }
    const std::string password_sql = Escaped(conn.Raw(), verifier, false);
    PQfreemem(verifier);
    const std::string role_sql = Escaped(conn.Raw(), out.Role, true);

    pg::Result r;
    auto run = [&](const std::string& sql, const std::vector<std::string>& params = {}) {
        return conn.Exec(sql, params, r, deadline, error) == pg::Outcome::Ok;
    };
    auto fail = [&](const std::string& message) {
        error = message;
        if (conn.IsOpen()) {
            std::string ignored;
            conn.ExecScript("ROLLBACK", deadline, ignored);
        }
        return false;
    };
    if (!run("BEGIN")) return fail(error);
    int version = CentralSchemaVersion(conn, error, deadline);
    if (version < 0) return fail(error);
    if (version != kCentralSchema)
        return fail(version == 0 ? "no central schema on this database: run ess-tally central init first"
                                 : "the central schema is at version " + std::to_string(version) + ", this software's is " +
                                       std::to_string(kCentralSchema) + ": run ess-tally central init (of this version)");
    if (!run("SELECT role_name FROM ess.kiosks WHERE kiosk_id = $1", {kiosk_id})) return fail(error);
    const bool registered = r.Rows() == 1;
    if (registered) out.Role = r.Text(0, 0);
    if (!run("SELECT 1 FROM pg_roles WHERE rolname = $1", {out.Role})) return fail(error);
    const bool role_exists = r.Rows() == 1;
    if ((registered || role_exists) && !new_password)
        return fail(
            (registered ? "kiosk \"" + kiosk_id + "\" exists already (role " + out.Role + ")"
                        : "a role " + out.Role + " exists already on this server (for another database?)") +
            "; ess-tally central add-kiosk --new-password gives it a new password (its old configuration then stops working)");
    std::string role_statement = role_exists
                                     ? "ALTER ROLE " + role_sql + " LOGIN PASSWORD " + password_sql
                                     : "CREATE ROLE " + role_sql + " LOGIN PASSWORD " + password_sql + " IN ROLE ess_kiosk";
    if (!run(role_statement)) return fail(error);
    if (role_exists && !run("GRANT ess_kiosk TO " + role_sql)) return fail(error);
    if (!registered && !run("INSERT INTO ess.kiosks (kiosk_id, role_name) VALUES ($1, $2)", {kiosk_id, out.Role}))
        return fail(error);
    if (!run("COMMIT")) return fail(error);

    const std::string url = kiosk_url + " user=" + pg::QuoteConnValue(out.Role) + " password=" + pg::QuoteConnValue(out.Password);
    out.ConfigLines = "kiosk_id = " + TomlString(kiosk_id) + "\n\n[central]\nurl = " + TomlString(url) + "\n";
    return true;
}

bool LoadCentralTally(pg::Connection& conn, Tally& tally, std::string& error, pg::Clock::time_point deadline)
{
    tally = Tally{};
    pg::Result r;
    // The per-kiosk rows are the 'all' counters themselves.
    if (conn.Exec("SELECT kind, key, sum(ballots)::bigint FROM ess.tally_counts GROUP BY kind, key "
                  "UNION ALL SELECT 'kiosk', kiosk_id, ballots FROM ess.tally_counts WHERE kind = 'all'",
                  {}, r, deadline, error) != pg::Outcome::Ok)
        return false;
    for (int i = 0; i < r.Rows(); i++) AddCount(tally, r.Text(i, 0), {r.Text(i, 1), r.Int64(i, 2)});
    SortTally(tally);
    return true;
}

bool RecountCentralTally(pg::Connection& conn, Tally& tally, std::string& error, pg::Clock::time_point deadline)
{
    tally = Tally{};
    pg::Result r;
    const std::string sql =
        "SELECT 'all', '', count(*) FROM ess.ballots "
        "UNION ALL SELECT 'flagged', '', count(*) FROM ess.ballots WHERE flags <> 0 "
        "UNION ALL SELECT 'kiosk', kiosk_id, count(*) FROM ess.ballots GROUP BY kiosk_id "
        "UNION ALL SELECT 'day', to_char(created_utc AT TIME ZONE 'UTC', 'YYYY-MM-DD'), count(*) FROM ess.ballots GROUP BY 2 "
        "UNION ALL SELECT 'hour', to_char(created_utc AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24'), count(*) FROM ess.ballots GROUP BY "
        "2 "
        "UNION ALL SELECT 'lever', l, count(*) FROM ess.ballots, unnest(levers) l GROUP BY l";
    if (conn.Exec(sql, {}, r, deadline, error) != pg::Outcome::Ok) return false;
    for (int i = 0; i < r.Rows(); i++) AddCount(tally, r.Text(i, 0), {r.Text(i, 1), r.Int64(i, 2)});
    SortTally(tally);
    return true;
}

bool ForEachCentralBallot(pg::Connection& conn, const std::function<bool(const Ballot&)>& visit, std::string& error,
                          int page_seconds, size_t page)
{
    // Levers joined with the unit separator, which no lever id holds, sorted as SQLite sorts.
    const std::string columns = "SELECT uuid::text, kiosk_id, " + IsoOf("created_utc") +
                                ", content_version, flags, "
                                "array_to_string(ARRAY(SELECT l FROM unnest(levers) l ORDER BY l COLLATE \"C\"), E'\\x1f') "
                                "FROM ess.ballots ";
    const std::string limit = " ORDER BY uuid LIMIT " + std::to_string(page);
    std::string last;
    for (;;) {
        pg::Result r;
        const auto deadline = pg::Clock::now() + std::chrono::seconds(page_seconds);
        pg::Outcome outcome = last.empty() ? conn.Exec(columns + limit, {}, r, deadline, error)
                                           : conn.Exec(columns + "WHERE uuid > $1::uuid" + limit, {last}, r, deadline, error);
        if (outcome != pg::Outcome::Ok) return false;
        for (int i = 0; i < r.Rows(); i++) {
            Ballot b;
            b.Uuid = r.Text(i, 0);
            b.KioskId = r.Text(i, 1);
            b.CreatedUtc = r.Text(i, 2);
            b.ContentVersion = r.Text(i, 3);
            b.Flags = (int)r.Int64(i, 4);
            const std::string levers = r.Text(i, 5);
            for (size_t start = 0; start <= levers.size();) {
                size_t end = levers.find('\x1f', start);
                if (end == std::string::npos) end = levers.size();
                if (end > start) b.Levers.push_back(levers.substr(start, end - start));
                start = end + 1;
            }
            if (!visit(b)) return true;
        }
        if ((size_t)r.Rows() < page) return true;
        last = r.Text(r.Rows() - 1, 0);
    }
}

bool ListKiosks(pg::Connection& conn, std::vector<KioskStatus>& kiosks, std::string& error, pg::Clock::time_point deadline)
{
    kiosks.clear();
    pg::Result r;
    const std::string sql = "SELECT k.kiosk_id, k.role_name, "
                            "coalesce((SELECT t.ballots FROM ess.tally_counts t WHERE t.kiosk_id = k.kiosk_id AND t.kind = 'all' "
                            "AND t.key = ''), 0), "
                            "(SELECT count(*) FROM ess.visits v WHERE v.kiosk_id = k.kiosk_id), coalesce(h.visits_pending, -1), "
                            "h.kiosk_id IS NOT NULL, h.app_version, h.content_version, h.ballots_total, h.ballots_pending, " +
                            IsoOf("h.last_ballot_utc") +
                            ", h.database_health, coalesce(h.free_disk_bytes, -1), h.uptime_seconds, " + IsoOf("h.received_at") +
                            ", extract(epoch FROM now() - h.received_at)::bigint, "
                            "h.received_at IS NULL OR now() - h.received_at > interval '1 day' "
                            "FROM ess.kiosks k LEFT JOIN ess.heartbeats h ON h.kiosk_id = k.kiosk_id ORDER BY k.kiosk_id";
    if (conn.Exec(sql, {}, r, deadline, error) != pg::Outcome::Ok) return false;
    for (int i = 0; i < r.Rows(); i++) {
        KioskStatus k;
        k.KioskId = r.Text(i, 0);
        k.Role = r.Text(i, 1);
        k.BallotsOnServer = r.Int64(i, 2);
        k.VisitsOnServer = r.Int64(i, 3);
        k.Last.VisitsPending = r.Int64(i, 4);
        const int h = 5; // the heartbeat's columns
        k.HasHeartbeat = r.Text(i, h) == "t";
        k.Last.AppVersion = r.Text(i, h + 1);
        k.Last.ContentVersion = r.Text(i, h + 2);
        k.Last.BallotsTotal = r.Int64(i, h + 3);
        k.Last.BallotsPending = r.Int64(i, h + 4);
        k.Last.LastBallotUtc = r.Text(i, h + 5);
        k.Last.DatabaseHealth = r.Text(i, h + 6);
        k.Last.FreeDiskBytes = r.Int64(i, h + 7);
        k.Last.UptimeSeconds = r.Int64(i, h + 8);
        k.LastHeartbeatUtc = r.Text(i, h + 9);
        k.SecondsSinceHeartbeat = k.HasHeartbeat ? r.Int64(i, h + 10) : -1;
        k.Silent = r.Text(i, h + 11) == "t";
        kiosks.push_back(std::move(k));
    }
    return true;
}

} // namespace ess

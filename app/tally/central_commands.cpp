// ess-tally's commands on the central PostgreSQL server (see central_commands.h).
#include "tally/central_commands.h"

#include <cstdio>
#include <unordered_set>

#include "central/central_api.h"
#include "central/pg.h"

namespace ess {

namespace {

int Fail(const std::string& message)
{
    std::fprintf(stderr, "ess-tally: %s\n", message.c_str());
    return 1;
}

pg::Clock::time_point In(int seconds)
{
    return pg::Clock::now() + std::chrono::seconds(seconds);
}

bool Connect(const std::string& url, pg::Connection& conn, std::string& error)
{
    pg::ConnectOptions options;
    options.Url = url;
    options.ApplicationName = "ess-tally";
    options.StatementTimeoutMs = 300000; // a recount of millions of ballots
    return conn.Open(options, error) == pg::Outcome::Ok;
}

// Connects and checks that the database holds the central schema of this software's version.
bool ConnectToSchema(const std::string& url, pg::Connection& conn, std::string& error)
{
    if (!Connect(url, conn, error)) return false;
    const int version = CentralSchemaVersion(conn, error, pg::Clock::now() + std::chrono::seconds(30));
    if (version == kCentralSchema) return true;
    if (version == 0)
        error = conn.Where() + ": no central schema on this database: run ess-tally central init first (or check dbname)";
    else if (version > 0)
        error = conn.Where() + ": the central schema is at version " + std::to_string(version) + ", this software's is " +
                std::to_string(kCentralSchema) +
                (version > kCentralSchema ? ": update ess-tally" : ": run ess-tally central init");
    else
        error = conn.Where() + ": " + error;
    return false;
}

std::string Duration(int64_t seconds)
{
    if (seconds < 0) return "?";
    if (seconds < 120) return std::to_string(seconds) + " s";
    if (seconds < 7200) return std::to_string(seconds / 60) + " min";
    if (seconds < 2 * 86400) return std::to_string(seconds / 3600) + " h " + std::to_string(seconds / 60 % 60) + " min";
    return std::to_string(seconds / 86400) + " days";
}

std::string Bytes(int64_t bytes)
{
    if (bytes < 0) return "unknown";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GB", (double)bytes / 1e9);
    return text;
}

bool SameCounts(const std::vector<Count>& a, const std::vector<Count>& b)
{
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++)
        if (a[i].Key != b[i].Key || a[i].Ballots != b[i].Ballots) return false;
    return true;
}

} // namespace

std::string Shown(const std::string& path_or_url)
{
    return IsCentralUrl(path_or_url) ? pg::DescribeUrl(path_or_url) : path_or_url;
}

int CentralInit(const std::string& url, int up_to)
{
    pg::Connection conn;
    std::string error, report;
    if (!Connect(url, conn, error)) return Fail(error);
    if (!InitCentral(conn, report, error, In(120), up_to)) return Fail(conn.Where() + ": " + error);
    std::printf("central schema on %s: %s\n", conn.Where().c_str(), report.c_str());
    return 0;
}

int CentralAddKiosk(const std::string& url, const std::string& kiosk_id, const std::string& kiosk_host,
                    const std::string& kiosk_ca, bool new_password)
{
    pg::Connection conn;
    std::string error, why;
    if (!IsValidKioskId(kiosk_id, why)) return Fail(why);
    if (!Connect(url, conn, error)) return Fail(error);
    // Where the kiosk is to connect: this server, over TLS, checking its certificate and name.
    std::string host = kiosk_host.empty() ? conn.Parameter("host") : kiosk_host;
    if (!host.empty() && host[0] == '/') {
        std::fprintf(stderr,
                     "ess-tally: warning: connected through the local socket %s: the lines below say host=CENTRAL-SERVER; "
                     "give --kiosk-host NAME (the server's name in its certificate) or edit them\n",
                     host.c_str());
        host = "CENTRAL-SERVER";
    }
    std::string ca = kiosk_ca.empty() ? conn.Parameter("sslrootcert") : kiosk_ca;
    if (ca.empty()) ca = "/etc/ess-kiosk/central-ca.crt";
    const std::string kiosk_url = "host=" + pg::QuoteConnValue(host) + " port=" + conn.Parameter("port") +
                                  " dbname=" + pg::QuoteConnValue(conn.Parameter("dbname")) +
                                  " sslmode=verify-full sslrootcert=" + pg::QuoteConnValue(ca);
    NewKiosk made;
    if (!AddKiosk(conn, kiosk_id, kiosk_url, new_password, made, error, In(30))) return Fail(conn.Where() + ": " + error);
    std::fprintf(stderr, "kiosk \"%s\": role %s %s on %s.\n", kiosk_id.c_str(), made.Role.c_str(),
                 new_password ? "has a new password" : "created", conn.Where().c_str());
    std::fprintf(stderr,
                 "Put these lines in the kiosk's configuration (/etc/ess-kiosk/ess-kiosk.toml: kiosk_id at the top, "
                 "before any [section]), and copy the CA certificate to %s on the kiosk.\n"
                 "KEEP THEM SECRET: they hold the kiosk's password (the file must be readable by the kiosk only).\n\n",
                 ca.c_str());
    std::printf("%s", made.ConfigLines.c_str());
    return 0;
}

int CentralStatus(const std::string& url)
{
    pg::Connection conn;
    std::string error;
    std::vector<KioskStatus> kiosks;
    if (!ConnectToSchema(url, conn, error)) return Fail(error);
    if (!ListKiosks(conn, kiosks, error, In(30))) return Fail(error);
    size_t silent = 0;
    for (const KioskStatus& k : kiosks) silent += k.Silent;
    std::printf("Kiosks on %s: %zu", conn.Where().c_str(), kiosks.size());
    if (silent) std::printf(" (%zu SILENT for more than a day, or never heard from)", silent);
    std::printf("\n");
    for (const KioskStatus& k : kiosks) {
        std::printf("\n%s (role %s): %lld ballots and %lld visits on the server\n", k.KioskId.c_str(), k.Role.c_str(),
                    (long long)k.BallotsOnServer, (long long)k.VisitsOnServer);
        if (!k.HasHeartbeat) {
            std::printf("  SILENT: never sent a heartbeat (not started yet, or cannot reach this server: see the guide)\n");
            continue;
        }
        if (k.Silent)
            std::printf("  SILENT for %s: no heartbeat for more than a day\n", Duration(k.SecondsSinceHeartbeat).c_str());
        std::printf("  last heartbeat: %s (%s ago)\n", k.LastHeartbeatUtc.c_str(), Duration(k.SecondsSinceHeartbeat).c_str());
        std::printf("  its own database: %lld ballots, %lld not yet sent; last ballot %s\n", (long long)k.Last.BallotsTotal,
                    (long long)k.Last.BallotsPending, k.Last.LastBallotUtc.empty() ? "none" : k.Last.LastBallotUtc.c_str());
        if (k.Last.VisitsPending >= 0) std::printf("  visits not yet sent: %lld\n", (long long)k.Last.VisitsPending);
        std::printf("  versions: app %s, content %s\n", k.Last.AppVersion.c_str(), k.Last.ContentVersion.c_str());
        std::printf("  database health: %s; free disk: %s; uptime: %s\n", k.Last.DatabaseHealth.c_str(),
                    Bytes(k.Last.FreeDiskBytes).c_str(), Duration(k.Last.UptimeSeconds).c_str());
    }
    return 0;
}

int CentralVerify(const std::string& url)
{
    pg::Connection conn;
    std::string error;
    if (!Connect(url, conn, error)) return Fail(error);
    const int version = CentralSchemaVersion(conn, error, In(30));
    if (version < 0) return Fail(error);
    std::printf("%s\n", conn.Where().c_str());
    std::printf("  central schema version: %d (this software: %d)\n", version, kCentralSchema);
    if (version != kCentralSchema)
        return Fail(conn.Where() + ": not healthy: central schema version " + std::to_string(version) +
                    (version == 0 ? " (none: run ess-tally central init)" : ""));
    Tally counters, recount;
    if (!LoadCentralTally(conn, counters, error, In(30)) || !RecountCentralTally(conn, recount, error, In(600)))
        return Fail(conn.Where() + ": not healthy: " + error);
    int64_t choices = 0;
    for (const Count& c : recount.PerLever) choices += c.Ballots;
    std::printf("  ballots: %lld\n", (long long)recount.Ballots);
    std::printf("  flagged: %lld, lever choices: %lld\n", (long long)recount.Flagged, (long long)choices);
    pg::Result visits;
    if (conn.Exec("SELECT count(*), (SELECT count(*) FROM ess.visit_views) FROM ess.visits", {}, visits, In(600), error) !=
        pg::Outcome::Ok)
        return Fail(conn.Where() + ": not healthy: " + error);
    std::printf("  visits: %lld (%lld views)\n", (long long)visits.Int64(0, 0), (long long)visits.Int64(0, 1));
    std::printf("  per kiosk:\n");
    for (const Count& c : recount.PerKiosk) std::printf("    %8lld  %s\n", (long long)c.Ballots, c.Key.c_str());
    const bool match = counters.Ballots == recount.Ballots && counters.Flagged == recount.Flagged &&
                       SameCounts(counters.PerLever, recount.PerLever) && SameCounts(counters.PerKiosk, recount.PerKiosk) &&
                       SameCounts(counters.PerDay, recount.PerDay) && SameCounts(counters.PerHour, recount.PerHour);
    std::printf("  tally counters: %s\n", match ? "match the ballot rows" : "DIFFER from the ballot rows");
    if (!match) return Fail(conn.Where() + ": not healthy: tally counters differ from the ballot rows");
    std::printf("%s: healthy\n", conn.Where().c_str());
    return 0;
}

bool LoadCentralBallots(const std::vector<std::string>& urls, Database& memory, int64_t& duplicates, std::string& error,
                        bool with_visits)
{
    duplicates = 0;
    if (!memory.IsOpen() && !memory.Open(":memory:", error)) return false;
    std::unordered_set<std::string> seen;
    for (const std::string& url : urls) {
        pg::Connection conn;
        if (!ConnectToSchema(url, conn, error)) return false;
        std::vector<Ballot> ballots;
        bool stored = true;
        auto flush = [&] {
            stored = stored && memory.RecordBallots(ballots, error, Database::Upload::AlreadySent);
            ballots.clear();
            return stored;
        };
        bool read = ForEachCentralBallot(
            conn,
            [&](const Ballot& b) {
                if (!seen.insert(b.Uuid).second) {
                    duplicates++;
                    return true;
                }
                ballots.push_back(b);
                return ballots.size() < 50000 || flush();
            },
            error);
        if (!read) return false;
        if (!flush()) return false;
        if (!with_visits) continue;
        // The visit log: a visit on two servers is stored once (by its id). A row this software
        // would not have stored (typed in by hand on the server, say) is left out and said: one
        // bad row must not keep the whole report from the organisers.
        std::vector<Visit> visits;
        int64_t left_out = 0;
        std::string first_left_out;
        auto flush_visits = [&] {
            stored = stored && memory.RecordVisits(visits, error, Database::Upload::AlreadySent);
            visits.clear();
            return stored;
        };
        read = ForEachCentralVisit(
            conn,
            [&](const Visit& v) {
                if (std::string why = VisitRefusal(v); !why.empty()) {
                    if (left_out++ == 0) first_left_out = "visit " + v.Id + " of kiosk " + v.KioskId + ": " + why;
                    return true;
                }
                visits.push_back(v);
                return visits.size() < 20000 || flush_visits();
            },
            error);
        if (!read) {
            error = conn.Where() + ": reading the visits: " + error;
            return false;
        }
        if (!flush_visits()) return false;
        if (left_out > 0)
            std::fprintf(stderr, "ess-tally: warning: %s: %lld visit(s) left out, not as a kiosk stores them (first: %s)\n",
                         conn.Where().c_str(), (long long)left_out, first_left_out.c_str());
    }
    return true;
}

} // namespace ess

// A thin RAII layer over libpq for the central server: a connection opened within a deadline,
// queries sent without blocking and waited for within a deadline (a frozen server ends the call
// with an error, never a hang), an optional "stop" descriptor that cancels a wait at shutdown,
// and results owned. Errors say what failed, where (host, port, database) and, for TLS, why.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace ess::pg {

using Clock = std::chrono::steady_clock;

// Settings for Connection::Open; the connection string's own values win over these defaults.
struct ConnectOptions {
    std::string Url;                     // libpq connection string: "host=... dbname=..." or postgresql://...
    int ConnectTimeoutSeconds = 10;      // connect_timeout, and the deadline of Open as a whole
    int StatementTimeoutMs = 30000;      // the server's statement_timeout for this session (0: none)
    int StopFd = -1;                     // when readable (a pipe, an eventfd), every wait ends as Stopped
    std::string ApplicationName = "ess"; // shown in pg_stat_activity
};

// How a wait ended.
enum class Outcome { Ok, Failed, TimedOut, Stopped };

// An owned PGresult: PQclear on destruction. Moves, never copies.
class Result {
public:
    Result() = default;
    explicit Result(PGresult* result) : Handle(result) {}
    ~Result();
    Result(Result&& other) noexcept : Handle(other.Handle) { other.Handle = nullptr; }
    Result& operator=(Result&& other) noexcept;
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;

    int Rows() const;
    int Columns() const;
    bool IsNull(int row, int column) const;
    std::string Text(int row, int column) const; // "" for NULL
    int64_t Int64(int row, int column) const;    // 0 for NULL or not a number
    int64_t AffectedRows() const;                // PQcmdTuples: INSERT/UPDATE/DELETE counts
    PGresult* Raw() const { return Handle; }

private:
    PGresult* Handle = nullptr;
};

// A notification received on a LISTENed channel.
struct Notification {
    std::string Channel;
    std::string Payload;
    int ServerPid = 0;
};

// One libpq connection (PQfinish on destruction). Not thread-safe: one owner, e.g. the kiosk's
// upload worker. Every call that waits takes a deadline, and the stop descriptor ends it early.
class Connection {
public:
    Connection() = default;
    ~Connection() { Close(); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    Connection(Connection&& other) noexcept { *this = std::move(other); }
    Connection& operator=(Connection&& other) noexcept; // closes what this one had open

    // Connects (PQconnectStartParams and PQconnectPoll, polling the socket) with connect_timeout,
    // TCP keepalives and tcp_user_timeout set unless the URL sets them, then sets the session's
    // statement_timeout. Returns Ok, or TimedOut / Stopped / Failed with `error` saying where and
    // why: "central server localhost:5432, database ess: the server's certificate is not signed
    // by the CA in /etc/ess-kiosk/central-ca.crt (sslmode=verify-full)". Nothing is kept open on
    // failure.
    Outcome Open(const ConnectOptions& options, std::string& error);
    bool IsOpen() const { return Handle != nullptr; }
    void Close();

    // Sends one statement with text parameters (PQsendQueryParams, non-blocking) and waits until
    // the server has said it is ready for the next (ReadyForQuery): in autocommit, its COMMIT has
    // then returned. Ok: `result` holds the statement's result (its rows, or its command status).
    // Failed: the server refused it (`error` has its message, "ERROR: ..."); the connection stays
    // usable. TimedOut / Stopped: a cancel request is sent (on a thread of its own: libpq 15's
    // PQcancel waits for the server, for ever if it is frozen) and the connection is closed, as
    // whether the statement ran is unknown; the caller counts it as not done.
    Outcome Exec(const std::string& sql, const std::vector<std::string>& params, Result& result, Clock::time_point deadline,
                 std::string& error);
    // As Exec, several statements without parameters (PQsendQuery), e.g. a migration step with
    // its BEGIN and COMMIT; Ok only if every one of them succeeded.
    Outcome ExecScript(const std::string& sql, Clock::time_point deadline, std::string& error);
    // The SQLSTATE of the last Exec or ExecScript the server refused ("42883": no such function;
    // "22...": bad data), whatever the server's language; empty after a success or a failure
    // that was not the server's answer.
    const std::string& LastSqlState() const { return SqlState; }

    // For the results wall: waits until a notification arrives on a channel this connection has
    // LISTENed to (Exec("LISTEN ess_ballots")), the deadline passes (TimedOut, `error` empty) or
    // the stop descriptor is readable (Stopped). A notification already received is returned at
    // once. Failed: the connection broke (`error` says so).
    Outcome WaitForNotification(Clock::time_point deadline, Notification& out, std::string& error);

    // "localhost:5432, database ess, as ess_kiosk_hall_a": where this connection goes, never
    // with its password. Empty when not open.
    std::string Where() const;
    std::string Role() const; // the role logged in as
    // A connection parameter as in use (PQconninfo): "host", "port", "dbname", "sslrootcert"...
    std::string Parameter(const std::string& keyword) const;
    PGconn* Raw() const { return Handle; }

private:
    Outcome Wait(bool for_write, Clock::time_point deadline); // poll on the socket and the stop descriptor
    Outcome Collect(Result& result, Clock::time_point deadline, std::string& error);
    Outcome Abandon(Outcome why, std::string& error);
    PGconn* Handle = nullptr;
    int StopFd = -1;
    std::string Place; // "central server localhost:5432, database ess", for messages
    std::string SqlState;
};

// A libpq connection string's parameters with its password left out, for messages and logs.
std::string DescribeUrl(const std::string& url);
// What libpq (or OpenSSL through it) said, turned into words for an organiser: TLS certificate
// problems, a wrong password, no server listening. `sslrootcert` and `sslmode` name the files
// and mode in the message. Falls back to libpq's own text.
std::string ExplainConnectError(const std::string& libpq_message, const std::string& sslmode, const std::string& sslrootcert);
// Quotes text for a libpq key=value connection string ('...' with \ and ' escaped).
std::string QuoteConnValue(const std::string& value);

} // namespace ess::pg

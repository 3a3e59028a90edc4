// libpq wrapped for the central server (see pg.h): every wait is a poll() on the connection's
// socket and the stop descriptor with a deadline, never one of libpq's blocking calls.
#include "central/pg.h"
#include "central/pg_text.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>

#include <libpq-fe.h>
#include <poll.h>

namespace ess::pg {

namespace {

std::string Value(const std::vector<std::pair<std::string, std::string>>& params, const std::string& key)
{
    for (const auto& [k, v] : params)
        if (k == key) return v;
    return {};
}

// "ERROR: message (DETAIL ...; HINT ...)" without the PL/pgSQL context lines, which name our
// own function's line numbers and tell an organiser nothing.
std::string ServerError(PGresult* result)
{
    const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
    if (!primary) return Tidy(PQresultErrorMessage(result));
    const char* severity = PQresultErrorField(result, PG_DIAG_SEVERITY);
    std::string text = std::string(severity ? severity : "ERROR") + ": " + primary;
    if (const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL)) text += " (" + std::string(detail) + ")";
    if (const char* hint = PQresultErrorField(result, PG_DIAG_MESSAGE_HINT)) text += " (hint: " + std::string(hint) + ")";
    return Tidy(text.c_str());
}

int RemainingMs(Clock::time_point deadline)
{
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left <= 0 ? 0 : left > 3600000 ? 3600000 : (int)left + 1; // +1: not a busy spin on the last millisecond
}

} // namespace

Result::~Result()
{
    if (Handle) PQclear(Handle);
}

Result& Result::operator=(Result&& other) noexcept
{
    if (this != &other) {
        if (Handle) PQclear(Handle);
        Handle = other.Handle;
        other.Handle = nullptr;
    }
    return *this;
}

int Result::Rows() const
{
    return Handle ? PQntuples(Handle) : 0;
}
int Result::Columns() const
{
    return Handle ? PQnfields(Handle) : 0;
}
bool Result::IsNull(int row, int column) const
{
    return !Handle || PQgetisnull(Handle, row, column);
}
std::string Result::Text(int row, int column) const
{
    if (IsNull(row, column)) return {};
    return std::string(PQgetvalue(Handle, row, column), (size_t)PQgetlength(Handle, row, column));
}
int64_t Result::Int64(int row, int column) const
{
    return IsNull(row, column) ? 0 : std::strtoll(PQgetvalue(Handle, row, column), nullptr, 10);
}
int64_t Result::AffectedRows() const
{
    return Handle ? std::strtoll(PQcmdTuples(Handle), nullptr, 10) : 0;
}

Connection& Connection::operator=(Connection&& other) noexcept
{
    if (this != &other) {
        Close();
        Handle = other.Handle;
        StopFd = other.StopFd;
        Place = std::move(other.Place);
        other.Handle = nullptr;
    }
    return *this;
}

void Connection::Close()
{
    if (Handle) PQfinish(Handle);
    Handle = nullptr;
}

std::string Connection::Where() const
{
    if (!Handle) return {};
    return std::string(PQhost(Handle)) + ":" + PQport(Handle) + ", database " + PQdb(Handle) + ", as " + PQuser(Handle);
}

std::string Connection::Role() const
{
    return Handle ? PQuser(Handle) : "";
}

std::string Connection::Parameter(const std::string& keyword) const
{
    std::string value;
    PQconninfoOption* options = Handle ? PQconninfo(Handle) : nullptr;
    for (PQconninfoOption* o = options; o && o->keyword; o++)
        if (keyword == o->keyword && o->val) value = o->val;
    if (options) PQconninfoFree(options);
    return value;
}

Outcome Connection::Wait(bool for_write, Clock::time_point deadline)
{
    pollfd fds[2] = {};
    fds[0].fd = PQsocket(Handle);
    fds[0].events = (short)(POLLIN | (for_write ? POLLOUT : 0));
    fds[1].fd = StopFd;
    fds[1].events = POLLIN;
    const nfds_t count = StopFd >= 0 ? 2 : 1;
    if (fds[0].fd < 0) return Outcome::Failed;
    for (;;) {
        int ready = ::poll(fds, count, RemainingMs(deadline));
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) return Outcome::Failed;
        if (count == 2 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) return Outcome::Stopped;
        if (ready == 0) return Outcome::TimedOut;
        return Outcome::Ok;
    }
}

Outcome Connection::Open(const ConnectOptions& options, std::string& error)
{
    Close();
    StopFd = options.StopFd;
    std::vector<std::pair<std::string, std::string>> params;
    if (!ParseUrl(options.Url, params, error)) return Outcome::Failed;
    const std::string host = Value(params, "host").empty() ? Value(params, "hostaddr") : Value(params, "host");
    const std::string port = Value(params, "port").empty() ? "5432" : Value(params, "port");
    const std::string dbname = Value(params, "dbname").empty() ? Value(params, "user") : Value(params, "dbname");
    Place = "central server " + (host.empty() ? std::string("(local socket)") : host) + ":" + port + ", database " +
            (dbname.empty() ? std::string("(default)") : dbname);
    // A dead network must not keep a socket open for the kernel's two hours: keepalives probe an
    // idle connection, tcp_user_timeout gives up on data the server never acknowledges.
    const std::pair<const char*, std::string> defaults[] = {
        {"connect_timeout", std::to_string(options.ConnectTimeoutSeconds)},
        {"keepalives", "1"},
        {"keepalives_idle", "10"},
        {"keepalives_interval", "5"},
        {"keepalives_count", "3"},
        {"tcp_user_timeout", "20000"},
        {"application_name", options.ApplicationName},
    };
    for (const auto& [key, value] : defaults)
        if (Value(params, key).empty()) params.emplace_back(key, value);
    std::vector<const char*> keys, values;
    for (const auto& [key, value] : params) {
        keys.push_back(key.c_str());
        values.push_back(value.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);

    // The URL's own connect_timeout, when it has one, is the deadline too.
    int timeout = options.ConnectTimeoutSeconds;
    if (const std::string own = Value(params, "connect_timeout"); !own.empty()) timeout = std::max(1, std::atoi(own.c_str()));
    const Clock::time_point deadline = Clock::now() + std::chrono::seconds(timeout);
    Handle = PQconnectStartParams(keys.data(), values.data(), 0);
    if (!Handle) {
        error = Place + ": cannot start a connection (out of memory)";
        return Outcome::Failed;
    }
    auto fail = [&](Outcome outcome, const std::string& why) {
        error = Place + ": " + why;
        Close();
        return outcome;
    };
    const std::string sslmode = Value(params, "sslmode"), sslrootcert = Value(params, "sslrootcert");
    PostgresPollingStatusType status = PGRES_POLLING_WRITING;
    if (PQstatus(Handle) == CONNECTION_BAD) status = PGRES_POLLING_FAILED;
    while (status != PGRES_POLLING_OK) {
        if (status == PGRES_POLLING_FAILED)
            return fail(Outcome::Failed, ExplainConnectError(PQerrorMessage(Handle), sslmode, sslrootcert));
        Outcome waited = Wait(status == PGRES_POLLING_WRITING, deadline);
        if (waited == Outcome::TimedOut)
            return fail(Outcome::TimedOut, "no answer within " + std::to_string(timeout) +
                                               " s (connect_timeout): the server is down, frozen or out of reach");
        if (waited == Outcome::Stopped) return fail(Outcome::Stopped, "connection abandoned: stopping");
        if (waited == Outcome::Failed)
            return fail(Outcome::Failed, std::string("cannot wait on the socket: ") + std::strerror(errno));
        status = PQconnectPoll(Handle);
    }
    Place = "central server " + std::string(PQhost(Handle)) + ":" + PQport(Handle) + ", database " + PQdb(Handle);
    if (PQsetnonblocking(Handle, 1) != 0) return fail(Outcome::Failed, "cannot make the connection non-blocking");
    if (options.StatementTimeoutMs > 0) {
        Outcome set = ExecScript("SET statement_timeout = " + std::to_string(options.StatementTimeoutMs), deadline, error);
        if (set != Outcome::Ok) {
            Close();
            return set;
        }
    }
    return Outcome::Ok;
}

Outcome Connection::Abandon(Outcome why, std::string& error)
{
    if (why == Outcome::TimedOut)
        error =
            Place + ": no answer in time (a server that is frozen, overloaded or out of reach); the statement counts as not done";
    else if (why == Outcome::Stopped)
        error = Place + ": abandoned: stopping";
    else
        error = Place + ": cannot wait on the connection's socket: " + std::strerror(errno);
    if (PGcancel* cancel = PQgetCancel(Handle)) {
        // Detached: PQcancel waits for the server to close the cancel connection, which a frozen
        // server never does. It holds nothing of ours; the process may end before it does.
        std::thread([cancel] {
            char why_not[256];
            PQcancel(cancel, why_not, sizeof why_not);
            PQfreeCancel(cancel);
        }).detach();
    }
    Close();
    return why;
}

Outcome Connection::Collect(Result& result, Clock::time_point deadline, std::string& error)
{
    // Sending may need the socket writable (large parameters): PQflush until it has all gone.
    for (int flushed; (flushed = PQflush(Handle)) != 0;) {
        if (flushed < 0) {
            error = Place + ": connection lost while sending: " + Tidy(PQerrorMessage(Handle));
            Close();
            return Outcome::Failed;
        }
        Outcome waited = Wait(true, deadline);
        if (waited != Outcome::Ok) return Abandon(waited, error);
        if (!PQconsumeInput(Handle)) {
            error = Place + ": connection lost: " + Tidy(PQerrorMessage(Handle));
            Close();
            return Outcome::Failed;
        }
    }
    std::string first_error;
    SqlState.clear();
    for (;;) {
        while (PQisBusy(Handle)) {
            Outcome waited = Wait(false, deadline);
            if (waited != Outcome::Ok) return Abandon(waited, error);
            if (!PQconsumeInput(Handle)) {
                error = Place + ": connection lost: " + Tidy(PQerrorMessage(Handle));
                Close();
                return Outcome::Failed;
            }
        }
        PGresult* next = PQgetResult(Handle);
        if (!next) break; // ReadyForQuery: the statement (and an implicit COMMIT) is over
        ExecStatusType status = PQresultStatus(next);
        if (status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE || status == PGRES_NONFATAL_ERROR) {
            if (first_error.empty()) {
                first_error = ServerError(next);
                const char* state = PQresultErrorField(next, PG_DIAG_SQLSTATE);
                SqlState = state ? state : "";
            }
            PQclear(next);
        } else if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
            PQclear(next);
            first_error = "COPY is not supported here";
            break;
        } else {
            result = Result(next);
        }
    }
    if (PQstatus(Handle) == CONNECTION_BAD) {
        error = Place + ": connection lost: " + (first_error.empty() ? Tidy(PQerrorMessage(Handle)) : first_error);
        Close();
        return Outcome::Failed;
    }
    if (!first_error.empty()) {
        error = Place + ": " + first_error;
        return Outcome::Failed;
    }
    return Outcome::Ok;
}

Outcome Connection::Exec(const std::string& sql, const std::vector<std::string>& params, Result& result,
                         Clock::time_point deadline, std::string& error)
{
    result = Result();
    SqlState.clear();
    if (!Handle) {
        error = (Place.empty() ? std::string("central server") : Place) + ": not connected";
        return Outcome::Failed;
    }
    std::vector<const char*> values;
    for (const std::string& p : params) values.push_back(p.c_str());
    if (!PQsendQueryParams(Handle, sql.c_str(), (int)values.size(), nullptr, values.data(), nullptr, nullptr, 0)) {
        error = Place + ": cannot send: " + Tidy(PQerrorMessage(Handle));
        if (PQstatus(Handle) == CONNECTION_BAD) Close();
        return Outcome::Failed;
    }
    return Collect(result, deadline, error);
}

Outcome Connection::ExecScript(const std::string& sql, Clock::time_point deadline, std::string& error)
{
    SqlState.clear();
    if (!Handle) {
        error = (Place.empty() ? std::string("central server") : Place) + ": not connected";
        return Outcome::Failed;
    }
    if (!PQsendQuery(Handle, sql.c_str())) {
        error = Place + ": cannot send: " + Tidy(PQerrorMessage(Handle));
        if (PQstatus(Handle) == CONNECTION_BAD) Close();
        return Outcome::Failed;
    }
    Result ignored;
    return Collect(ignored, deadline, error);
}

Outcome Connection::WaitForNotification(Clock::time_point deadline, Notification& out, std::string& error)
{
    error.clear();
    if (!Handle) {
        error = (Place.empty() ? std::string("central server") : Place) + ": not connected";
        return Outcome::Failed;
    }
    for (;;) {
        if (PGnotify* n = PQnotifies(Handle)) {
            out.Channel = n->relname ? n->relname : "";
            out.Payload = n->extra ? n->extra : "";
            out.ServerPid = n->be_pid;
            PQfreemem(n);
            return Outcome::Ok;
        }
        Outcome waited = Wait(false, deadline);
        if (waited == Outcome::TimedOut || waited == Outcome::Stopped) return waited;
        if (waited == Outcome::Failed || !PQconsumeInput(Handle)) {
            error = Place + ": connection lost while listening: " + Tidy(PQerrorMessage(Handle));
            Close();
            return Outcome::Failed;
        }
    }
}

} // namespace ess::pg

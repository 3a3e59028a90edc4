// The words of the central server's messages (see pg.h): libpq's and OpenSSL's complaints said
// for an organiser, connection strings shown without their password; the JSON the server takes.
#include "central/pg_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include <libpq-fe.h>

#include "central/pg.h"

namespace ess::pg {

namespace {

std::string FirstLine(const std::string& text)
{
    std::string line = text.substr(0, text.find('\n'));
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    return line;
}

bool Has(const std::string& text, const char* part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

// libpq's messages with their trailing newline and tab-indented hints on one line.
std::string Tidy(const char* message)
{
    std::string text = message ? message : "";
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    for (char& c : text)
        if (c == '\n' || c == '\t') c = ' ';
    std::string out;
    for (char c : text)
        if (!(c == ' ' && !out.empty() && out.back() == ' ')) out += c;
    return out;
}

// The connection string's parameters as set (PQconninfoParse), in libpq's order.
bool ParseUrl(const std::string& url, std::vector<std::pair<std::string, std::string>>& params, std::string& error)
{
    char* why = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &why);
    if (!options) {
        error = "not a connection string (" + Tidy(why ? why : "out of memory") +
                "): give \"host=NAME dbname=ess user=ROLE ...\" or postgresql://ROLE@NAME/ess";
        PQfreemem(why);
        return false;
    }
    for (PQconninfoOption* o = options; o->keyword; o++)
        if (o->val) params.emplace_back(o->keyword, o->val);
    PQconninfoFree(options);
    return true;
}

std::string QuoteConnValue(const std::string& value)
{
    std::string out = "'";
    for (char c : value) {
        if (c == '\\' || c == '\'') out += '\\';
        out += c;
    }
    return out + "'";
}

std::string DescribeUrl(const std::string& url)
{
    std::vector<std::pair<std::string, std::string>> params;
    std::string error;
    if (!ParseUrl(url, params, error)) return "(not a connection string)";
    std::string out;
    for (const auto& [key, value] : params) {
        if (key == "password") continue;
        out += (out.empty() ? "" : " ") + key + "=" + value;
    }
    return out;
}

std::string ExplainConnectError(const std::string& message, const std::string& sslmode, const std::string& sslrootcert)
{
    const std::string mode = sslmode.empty() ? "prefer" : sslmode;
    const std::string ca = sslrootcert.empty() ? "~/.postgresql/root.crt (the default sslrootcert)" : sslrootcert;
    std::string why;
    if (Has(message, "root certificate file") && Has(message, "does not exist"))
        why = "no CA file: sslrootcert=" + ca + " not found (sslmode=" + mode +
              " needs the CA that signed the server's certificate)";
    else if (Has(message, "certificate verify failed"))
        why = "the server's certificate is not signed by the CA in " + ca + " (sslmode=" + mode + ")";
    else if (Has(message, "does not match host name"))
        why = "the server's name does not match its certificate (sslmode=" + mode + " checks it)";
    else if (Has(message, "server does not support SSL"))
        why = "the server does not offer TLS (ssl = on in its postgresql.conf?) and sslmode=" + mode + " requires it";
    else if (Has(message, "could not read root certificate file") || Has(message, "could not load"))
        why = "cannot read the CA file " + ca + ": " + FirstLine(message);
    else if (Has(message, "password authentication failed"))
        why = "wrong password for this role (or no such role)";
    else if (Has(message, "no password supplied"))
        why = "the server asks for a password and the connection string has none";
    else if (Has(message, "pg_hba.conf rejects connection") && Has(message, "no encryption"))
        why = "the server refuses connections without TLS: set sslmode=verify-full and sslrootcert in the connection string";
    else if (Has(message, "no pg_hba.conf entry"))
        why =
            "the server's pg_hba.conf lets no such connection in (" + FirstLine(message.substr(message.find("no pg_hba"))) + ")";
    else if (Has(message, "Connection refused"))
        why = "nothing listens there (is PostgreSQL running, with listen_addresses and port set?)";
    else if (Has(message, "could not translate host name"))
        why = "unknown host name: " + FirstLine(message.substr(message.find("could not translate")));
    else if (Has(message, "does not exist"))
        why = FirstLine(message.substr(message.find("FATAL") != std::string::npos ? message.find("FATAL") : 0));
    if (why.empty()) return Tidy(message.c_str());
    return why + " [libpq: " + Tidy(message.c_str()) + "]";
}

void AppendJson(std::string& out, const std::string& text)
{
    out += '"';
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += (char)c;
        } else if (c < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
            out += escaped;
        } else {
            out += (char)c;
        }
    }
    out += '"';
}

// Shortest text that reads back as the same double (JSON has no NaN or infinity: 0).
std::string JsonNumber(double value)
{
    if (!std::isfinite(value)) return "0";
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, value).ptr;
    return std::string(text, end);
}

} // namespace ess::pg

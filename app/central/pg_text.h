// Inside ess_central only: libpq's text tidied for messages, connection strings parsed, and the
// JSON the server's functions take.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace ess::pg {

// libpq's messages on one line: newlines and tabs as spaces, no trailing newline.
std::string Tidy(const char* message);
// The parameters a connection string sets (PQconninfoParse), in libpq's order; false with
// `error` in words for a string that is not one.
bool ParseUrl(const std::string& url, std::vector<std::pair<std::string, std::string>>& params, std::string& error);

// `text` as a JSON string, quotes and escapes included, appended to `out`.
void AppendJson(std::string& out, const std::string& text);
// The shortest JSON number that reads back as the same double (JSON has no NaN or infinity: 0).
std::string JsonNumber(double value);

} // namespace ess::pg

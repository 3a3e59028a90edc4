// Inside ess_central only: libpq's text tidied for messages, and connection strings parsed.
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

} // namespace ess::pg

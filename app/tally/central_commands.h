// ess-tally's central server side: `central init|add-kiosk|status`, `verify` of a server, and the
// server's ballots read into a database in memory so that summary, export and chart give the
// very figures they give for the equivalent merged file.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "storage/database.h"

namespace ess {

// Each returns the process's exit status, having said what it did or why not.
int CentralInit(const std::string& url, int up_to);
int CentralAddKiosk(const std::string& url, const std::string& kiosk_id, const std::string& kiosk_host,
                    const std::string& kiosk_ca, bool new_password);
int CentralStatus(const std::string& url);
int CentralVerify(const std::string& url);

// Opens `memory` (":memory:") and records every ballot and every visit of every server in `urls`
// into it, as already sent; a ballot on two servers counts once (`duplicates`), a visit too.
// False with `error`.
// `with_visits` false: the ballots only (an export or a chart, which show no visit).
bool LoadCentralBallots(const std::vector<std::string>& urls, Database& memory, int64_t& duplicates, std::string& error,
                        bool with_visits = true);

// A path or URL as it may be shown: a URL without its password.
std::string Shown(const std::string& path_or_url);

} // namespace ess

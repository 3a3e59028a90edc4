// What ess-kiosk does besides running the kiosk: checking a configuration or the content,
// printing every text of the content for proofreading, setting the organiser PIN, uploading to
// the central server (--sync).
#pragma once
#include <string>

namespace ess {

// Each returns the process's exit status, having said every problem on the way.
int CheckConfig(const std::string& file);
int CheckContent(const std::string& content_dir, const std::string& assets_dir);
int DumpContent(const std::string& content_dir, const std::string& assets_dir);
// Asks for the PIN on standard input (twice, without echo, on a terminal) and stores its salted
// hash in the configuration file when there is one, else in the PIN file.
int SetPin(const std::string& config_file, const std::string& pin_file);
// Uploads every ballot of `db_path` not yet sent to the central server `central_url`, then every
// visit, in batches, marking each batch sent once the server's COMMIT has returned; then sends a
// heartbeat. `visit_months` ([visit] keep_months): the server purges this kiosk's visits older.
// Prints where it connected (without the password), "sent N, already there M, still pending P"
// and "visits: sent N, already there M, still pending P". 0 when nothing is left pending; 1 when the server could not be reached
// or refused (the reason on stderr); nothing is lost either way.
int Sync(const std::string& central_url, const std::string& db_path, const std::string& kiosk_id, int visit_months);

} // namespace ess

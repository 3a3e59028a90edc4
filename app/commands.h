// What ess-kiosk does besides running the kiosk: checking a configuration or the content,
// printing every text of the content for proofreading, setting the organiser PIN.
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

} // namespace ess

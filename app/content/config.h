// The kiosk's configuration file (TOML): who it is, its timings, ballot rules, PIN hash,
// folders and display. Every bad value is reported with file:line:col and replaced by its
// safe default, so a typo never keeps a kiosk from starting.
#pragma once
#include <string>
#include <vector>

#include "content/loader.h"
#include "core/ballot.h"
#include "core/navigation.h"

namespace ess {

struct KioskConfig {
    std::string KioskId;          // empty: the host name
    std::string DataDir;          // empty: $XDG_DATA_HOME/ess-kiosk (database, PIN, exports)
    std::string ExportDir;        // empty: <data folder>/exports
    std::string PinHash;          // empty: read <data folder>/organiser.pin
    double IdleSeconds = 90;      // without a touch, "Vous êtes toujours là ?"
    double CountdownSeconds = 10; // then the session resets and the attract loop starts
    int VisitMonths = 25;         // [visit] keep_months: the visit log keeps a visit this long, then purges it
    BallotRules Rules;            // levers per ballot, cooldown, rate flag
    int Display = 0;              // SDL display index for fullscreen
    float Dpi = 92;               // a 24" full-HD panel
    std::string CentralUrl;       // [central] url: libpq connection string of the central server; empty: none (offline only)
    std::string Language;         // [visit] language: the code a visit starts in ("fr", "en"); empty: French
    Access AccessDefaults;        // [accessibility]: the panel's settings when a visit starts
};

// Reads `path` into `config`, starting from the defaults; problems are appended (all
// non-fatal: the default is kept for a bad value). A missing file is a problem too.
void LoadConfig(const std::string& path, KioskConfig& config, std::vector<ContentProblem>& problems);

// The configuration's text with its [organiser] pin_hash set to `hash`, comments and every other
// line kept as written (ess-kiosk --set-pin).
std::string WithPinHash(const std::string& config_text, const std::string& hash);
// Stores a PIN's hash: in `config_file`'s [organiser] pin_hash when there is a configuration
// file, else in `pin_file` alone; the file is replaced whole, keeping its owner, group and mode
// (a new one is private). `target` names the file written; false with `error` otherwise.
bool StorePinHash(const std::string& config_file, const std::string& pin_file, const std::string& hash, std::string& target,
                  std::string& error);

} // namespace ess

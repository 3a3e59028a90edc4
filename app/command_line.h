// ess-kiosk's command line: what to do, and the kiosk's options from their defaults, the
// configuration file and the command line, in that order (the command line wins).
#pragma once
#include <string>

#include "platform/platform.h"

namespace ess {

struct Invocation {
    enum class Command { Kiosk, CheckConfig, CheckContent, DumpContent, SetPin, Sync };
    Command Do = Command::Kiosk;
    RunOptions Options;     // everything resolved: folders, database, PIN file, kiosk id
    std::string ConfigFile; // --config, for --set-pin to write into
    std::string File;       // --check-config's file; --check-content's and --dump-content's folder
};

// False when the process should end at once with `exit_status`: --help (0), or a wrong option
// or value (2, said on stderr in the configuration check's words).
bool ParseCommandLine(int argc, char** argv, Invocation& out, int& exit_status);

} // namespace ess

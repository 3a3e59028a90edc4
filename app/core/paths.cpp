// The XDG base directories (see paths.h). An empty variable counts as unset, as the
// specification asks.
#include "core/paths.h"

#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;

namespace ess {

namespace {

// `variable`, else $HOME/`under_home`, else "".
std::string XdgHome(const char* variable, const char* under_home)
{
    if (const char* set = std::getenv(variable); set && *set) return set;
    if (const char* home = std::getenv("HOME"); home && *home) return (fs::path(home) / under_home).string();
    return {};
}

} // namespace

std::string XdgDataHome()
{
    return XdgHome("XDG_DATA_HOME", ".local/share");
}

std::string XdgCacheHome()
{
    return XdgHome("XDG_CACHE_HOME", ".cache");
}

} // namespace ess

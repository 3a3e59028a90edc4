// Where the kiosk keeps its files by default: the XDG base directories (freedesktop.org's Base
// Directory Specification) read from the environment, one lookup for storage and the font cache.
#pragma once
#include <string>

namespace ess {

// $XDG_DATA_HOME, else $HOME/.local/share; empty when neither is set. Data to keep (ballots).
std::string XdgDataHome();
// $XDG_CACHE_HOME, else $HOME/.cache; empty when neither is set. Files that may go (font atlas).
std::string XdgCacheHome();

} // namespace ess

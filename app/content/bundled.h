// Where the folders shipped with the kiosk (content/, assets/) are, for ess-kiosk and ess-tally
// alike: beside the build folder in a checkout, under the installed prefix, or in the sources.
#pragma once
#include <string>
#include <vector>

namespace ess {

struct BundledFolder {
    std::string Path;               // the first place that is a folder, else the first place tried
    bool Found = false;             // false: Path names no folder (a message should list Tried)
    std::vector<std::string> Tried; // every place looked at, in order
    std::string TriedList() const;  // "a, b, c"
};

// Looks for the bundled folder `name` ("content", "assets") in, in order:
//   <exe dir>/../<name>                    build/ beside the sources
//   <exe dir>/../share/ess-kiosk/<name>    installed, under any prefix
//   <source tree>/<name>                   the tree this was built from
//   /usr/share/ess-kiosk/<name>
// The executable is /proc/self/exe, else `argv0` made absolute; with neither, the first two
// places are not tried. Never throws.
BundledFolder FindBundledFolder(const std::string& name, const char* argv0 = nullptr);

} // namespace ess

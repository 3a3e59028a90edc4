// The bundled folders' lookup (see bundled.h), reporting every place it tried, as
// hello_imgui's asset lookup does, so that a missing folder says where it was looked for.
#include "content/bundled.h"

#include <filesystem>
#include <system_error>

#ifndef ESS_SOURCE_DIR
#error "ESS_SOURCE_DIR must name the source tree (CMakeLists.txt defines it)"
#endif

namespace fs = std::filesystem;

namespace ess {

std::string BundledFolder::TriedList() const
{
    std::string list;
    for (const std::string& place : Tried) list += (list.empty() ? "" : ", ") + place;
    return list;
}

BundledFolder FindBundledFolder(const std::string& name, const char* argv0)
{
    std::error_code ec;
    fs::path exe = fs::canonical("/proc/self/exe", ec);
    if (ec && argv0 && *argv0) {
        ec.clear();
        exe = fs::absolute(argv0, ec);
    }
    std::vector<fs::path> places;
    if (!ec && !exe.empty()) {
        const fs::path prefix = exe.parent_path().parent_path();
        places.push_back(prefix / name);
        places.push_back(prefix / "share" / "ess-kiosk" / name);
    }
    places.push_back(fs::path(ESS_SOURCE_DIR) / name);
    places.push_back(fs::path("/usr/share/ess-kiosk") / name);

    BundledFolder folder;
    for (const fs::path& place : places) {
        folder.Tried.push_back(place.lexically_normal().string());
        if (!folder.Found && fs::is_directory(place, ec)) {
            folder.Path = folder.Tried.back();
            folder.Found = true;
        }
    }
    if (!folder.Found) folder.Path = folder.Tried.front();
    return folder;
}

} // namespace ess

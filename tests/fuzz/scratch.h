// A scratch folder of this fuzzing process's own, for the targets whose code reads files.
#pragma once
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace fuzz {

namespace fs = std::filesystem;

// tmpfs when there is one: thousands of small writes a second need not reach a disk.
inline fs::path TempBase()
{
    if (const char* tmp = std::getenv("TMPDIR"); tmp && *tmp) return tmp;
    std::error_code ec;
    if (fs::is_directory("/dev/shm", ec) && access("/dev/shm", W_OK) == 0) return "/dev/shm";
    return "/tmp";
}

// "<base>/ess-fuzz-<target>-<pid>". A crash ends the process before atexit can remove it, so the
// folders of processes that no longer exist are removed first: crash after crash must not fill tmpfs.
// Parallel jobs each get their own folder and never overwrite each other's input.
inline fs::path MakeScratchDir(const std::string& target)
{
    const fs::path base = TempBase();
    const std::string prefix = "ess-fuzz-" + target + "-";
    std::error_code ec;
    std::vector<fs::path> stale;
    for (const fs::directory_entry& entry : fs::directory_iterator(base, ec)) {
        std::string leaf = entry.path().filename().string();
        if (leaf.rfind(prefix, 0) != 0) continue;
        pid_t pid = pid_t(std::atol(leaf.c_str() + prefix.size()));
        if (pid > 0 && kill(pid, 0) != 0 && errno == ESRCH) stale.push_back(entry.path());
    }
    for (const fs::path& dir : stale) fs::remove_all(dir, ec);
    fs::path dir = base / (prefix + std::to_string(getpid()));
    fs::remove_all(dir, ec);
    if (!fs::create_directories(dir, ec)) {
        std::fprintf(stderr, "fuzz_%s: cannot create %s: %s\n", target.c_str(), dir.c_str(), ec.message().c_str());
        std::exit(1);
    }
    return dir;
}

} // namespace fuzz

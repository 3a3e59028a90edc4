// A temporary folder per test case and process (CTest runs test cases in parallel), removed
// afterwards even when a test made files in it read-only.
#pragma once
#include <unistd.h>

#include <filesystem>
#include <string>

struct TempDir {
    std::filesystem::path Path;
    explicit TempDir(const std::string& name)
    {
        Path = std::filesystem::temp_directory_path() / ("ess-test-" + name + "-" + std::to_string(getpid()));
        std::filesystem::remove_all(Path);
        std::filesystem::create_directories(Path);
    }
    ~TempDir()
    {
        namespace fs = std::filesystem;
        std::error_code ec;
        fs::permissions(Path, fs::perms::owner_all, fs::perm_options::add, ec);
        for (const auto& entry : fs::directory_iterator(Path, ec))
            fs::permissions(entry.path(), fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add, ec);
        fs::remove_all(Path, ec);
    }
    std::string operator/(const std::string& name) const { return (Path / name).string(); }
};

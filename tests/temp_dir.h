// A temporary folder of its own for each test (mkdtemp: CTest runs test cases in parallel
// processes, and a name made from a pid or an address can come round again), removed afterwards
// even when a test made files in it read-only.
#pragma once
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

// A new, empty folder "ess-test-NAME-XXXXXX" in the temporary directory.
inline std::filesystem::path MakeTempDir(const std::string& name)
{
    std::string pattern = (std::filesystem::temp_directory_path() / ("ess-test-" + name + "-XXXXXX")).string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (!mkdtemp(buffer.data())) throw std::runtime_error("cannot make a temporary folder " + pattern);
    return std::filesystem::path(buffer.data());
}

struct TempDir {
    std::filesystem::path Path;
    explicit TempDir(const std::string& name) : Path(MakeTempDir(name)) {}
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

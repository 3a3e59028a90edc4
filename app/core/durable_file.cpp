// Whole-or-nothing file writes (see durable_file.h): temp file beside the target, fsync, rename,
// fsync of the folder. The rename is atomic on one file system, hence the temp file's folder.
#include "core/durable_file.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace ess {

namespace {

// Distinguishes two temporary files of one process (a kiosk export writes four).
std::atomic<unsigned> g_temp_serial{0};

std::string Reason()
{
    return std::strerror(errno);
}

bool SyncPath(const std::string& path, int flags, const char* what, std::string& error)
{
    int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
        error = path + ": cannot flush " + what + " to disk: " + Reason();
        if (fd >= 0) ::close(fd);
        return false;
    }
    ::close(fd);
    return true;
}

// The replacement takes over what the old file was to its readers: owner, group, mode.
bool TakeOverOwnerAndMode(const std::string& temp, const std::string& target, const DurableOptions& options, std::string& error)
{
    struct stat existing {};
    if (!options.KeepOwnerAndMode || ::stat(target.c_str(), &existing) != 0) return true;
    struct stat mine {};
    if (::stat(temp.c_str(), &mine) == 0 && (mine.st_uid != existing.st_uid || mine.st_gid != existing.st_gid) &&
        ::chown(temp.c_str(), existing.st_uid, existing.st_gid) != 0 && options.OwnerMustMatch) {
        error = target + ": cannot keep its owner and group: " + Reason() + "; left as it was";
        return false;
    }
    ::chmod(temp.c_str(), existing.st_mode & 07777);
    return true;
}

} // namespace

std::string ResolvedTarget(const std::string& path)
{
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(path, ec))) return path;
    fs::path resolved = fs::canonical(path, ec);
    return ec ? path : resolved.string(); // a dangling link: the link itself is replaced
}

std::string TempPathBeside(const std::string& path, const std::string& purpose)
{
    fs::path p(path);
    std::error_code ec;
    for (;;) {
        std::string name = "." + p.filename().string() + "." + purpose + "-" + std::to_string(::getpid()) + "-" +
                           std::to_string(g_temp_serial++);
        std::string candidate = (p.parent_path() / name).string();
        if (!fs::exists(fs::symlink_status(candidate, ec))) return candidate;
    }
}

bool SyncFile(const std::string& path, std::string& error)
{
    return SyncPath(path, O_RDONLY, "the file", error);
}

bool SyncFolder(const std::string& folder, std::string& error)
{
    return SyncPath(folder, O_RDONLY | O_DIRECTORY, "the folder", error);
}

std::string FolderOf(const std::string& path)
{
    fs::path parent = fs::path(path).parent_path();
    return parent.empty() ? "." : parent.string();
}

bool RenameFile(const std::string& from, const std::string& to, std::string& error)
{
    std::error_code ec;
    fs::rename(from, to, ec);
    if (!ec) return true;
    error = from + ": cannot move to " + to + ": " + ec.message();
    return false;
}

void StartWriteback(const std::string& path)
{
#ifdef SYNC_FILE_RANGE_WRITE
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    ::close(fd);
#else
    (void)path;
#endif
}

bool CommitTempFile(const std::string& temp, const std::string& path, std::string& error, const DurableOptions& options)
{
    const std::string target = ResolvedTarget(path);
    bool ok = (!options.Sync || SyncFile(temp, error)) && TakeOverOwnerAndMode(temp, target, options, error);
    if (ok && std::rename(temp.c_str(), target.c_str()) != 0) {
        error = target + ": cannot replace it with the new file: " + Reason();
        ok = false;
    }
    if (!ok) {
        std::error_code ec;
        fs::remove(temp, ec);
        return false;
    }
    return !options.Sync || SyncFolder(FolderOf(target), error);
}

bool WriteFileDurably(const std::string& path, const std::function<bool(std::ostream&, std::string&)>& write, std::string& error,
                      const DurableOptions& options)
{
    const std::string target = ResolvedTarget(path);
    const std::string temp = TempPathBeside(target, "writing");
    // Created here, exclusively and with the mode asked for; the stream then only opens it.
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, options.NewFileMode);
    if (fd < 0) {
        error = target + ": cannot create a file in " + FolderOf(target) + ": " + Reason();
        return false;
    }
    ::close(fd);
    std::error_code ec;
    bool ok = false;
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc); // binary: a CSV's CRLF stay as written
        if (!out) {
            error = temp + ": cannot open: " + Reason();
        } else if (write(out, error)) {
            out.flush();
            ok = out.good();
            if (!ok) error = target + ": cannot write (disk full or removed?): " + Reason();
        }
        out.close();
        if (ok && out.fail()) {
            error = target + ": cannot write (disk full?): " + Reason();
            ok = false;
        }
    }
    if (!ok) {
        fs::remove(temp, ec);
        return false;
    }
    return CommitTempFile(temp, target, error, options);
}

bool WriteFileDurably(const std::string& path, const std::string& bytes, std::string& error, const DurableOptions& options)
{
    return WriteFileDurably(
        path,
        [&](std::ostream& out, std::string&) {
            out.write(bytes.data(), std::streamsize(bytes.size()));
            return true;
        },
        error, options);
}

} // namespace ess

// Writing a file whole or not at all: a temporary file beside the target, flushed to disk, then
// renamed over it and the folder flushed too. One helper for exports, charts, merges, the PIN
// and the glyph cache (no SQLite here: the configuration and the UI use it too).
#pragma once
#include <functional>
#include <ostream>
#include <string>

namespace ess {

struct DurableOptions {
    // Mode of a file that did not exist before (the umask still applies). 0600 for secrets.
    unsigned NewFileMode = 0666;
    // An existing target's owner, group and mode pass to its replacement (a config file that a
    // service's group reads must stay readable after `sudo ess-kiosk --set-pin`).
    bool KeepOwnerAndMode = true;
    // When the owner cannot be kept (not root), fail rather than replace the file with one of
    // another owner: for files whose readers are chosen by their group (the kiosk's config).
    bool OwnerMustMatch = false;
    // Flush the file and its folder to disk. Off for caches: a cache lost in a power cut is
    // only made again, and its check rejects a torn one, so it need not wait for the disk.
    bool Sync = true;
};

// Writes `path` through `write`, which fills the stream and returns false (with `error`) to give
// up. The target keeps its old content until the new one is complete and on disk; on any failure
// it is untouched and the temporary file is removed. A symbolic link is followed: the file it
// names is replaced, the link stays. `error` names the file and says why.
bool WriteFileDurably(const std::string& path, const std::function<bool(std::ostream&, std::string&)>& write, std::string& error,
                      const DurableOptions& options = {});
bool WriteFileDurably(const std::string& path, const std::string& bytes, std::string& error, const DurableOptions& options = {});

// For files that another library writes by name (SQLite, libxlsxwriter): TempPathBeside gives a
// free name in the target's folder, hidden, marked with `purpose` and the process id; once the
// file is complete, CommitTempFile flushes it, renames it to `path` and flushes the folder (or
// removes it and returns false).
std::string TempPathBeside(const std::string& path, const std::string& purpose);
bool CommitTempFile(const std::string& temp, const std::string& path, std::string& error, const DurableOptions& options = {});

// The file a path names once symbolic links are followed (the path itself when it names none yet).
std::string ResolvedTarget(const std::string& path);

// fsync of a file, or of a folder (so that a rename in it survives a power cut).
bool SyncFile(const std::string& path, std::string& error);
bool SyncFolder(const std::string& folder, std::string& error);
std::string FolderOf(const std::string& path); // "." for a bare file name

// Renames `from` to `to` (one file system: the rename is atomic); `error` names both. It is
// on disk once SyncFolder has flushed the folder.
bool RenameFile(const std::string& from, const std::string& to, std::string& error);

// Has the kernel start writing a file's data to disk now, without waiting (Linux): the fsync that
// makes it durable then has less left to do. A hint: nothing to report if it cannot.
void StartWriteback(const std::string& path);

} // namespace ess

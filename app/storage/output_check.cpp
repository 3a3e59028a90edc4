// Output checks for the organisers' tool (see output_check.h): by inode, so that no spelling of
// a path slips through, and by content, so that no database is ever overwritten by a report.
#include "storage/output_check.h"

#include <cstring>
#include <fstream>

#include <sys/stat.h>

namespace ess {

namespace {

bool SameFile(const struct stat& a, const struct stat& b)
{
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

} // namespace

bool LooksLikeSqliteFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    char head[16] = {};
    in.read(head, sizeof head);
    if (in.gcount() >= 16 && std::memcmp(head, "SQLite format 3\0", 16) == 0) return true;
    // A write-ahead log: magic 0x377f0682 or 0x377f0683, big-endian. It holds ballots not yet
    // in the main file.
    const unsigned char* u = reinterpret_cast<const unsigned char*>(head);
    return in.gcount() >= 4 && u[0] == 0x37 && u[1] == 0x7f && u[2] == 0x06 && (u[3] == 0x82 || u[3] == 0x83);
}

bool CheckOutputPath(const std::string& output, const std::vector<std::string>& inputs, OutputKind kind, std::string& error)
{
    // By name, whether or not it exists yet: SQLite would take such a file for the database's own
    // journal (a kiosk opening the database creates its -wal at any moment).
    for (const char* suffix : {"-wal", "-shm", "-journal"}) {
        size_t n = std::strlen(suffix);
        if (output.size() <= n || output.compare(output.size() - n, n, suffix) != 0) continue;
        std::string database = output.substr(0, output.size() - n);
        if (!LooksLikeSqliteFile(database)) continue;
        error = output + ": is the " + suffix + " file of the database " + database +
                " (part of that database); nothing written: choose another output file";
        return false;
    }
    struct stat out {};
    if (::stat(output.c_str(), &out) != 0) return true; // nothing there yet: it cannot be an input
    if (S_ISDIR(out.st_mode)) {
        error = output + ": is a folder; give the name of a file to write, e.g. " + output + "/votes" +
                (kind == OutputKind::Database ? ".db" : ".csv");
        return false;
    }
    for (const std::string& input : inputs) {
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            struct stat in {};
            if (::stat((input + suffix).c_str(), &in) != 0 || !SameFile(in, out)) continue;
            if (*suffix)
                error = output + ": is the " + suffix + " file of the input " + input +
                        " (part of that database); nothing written: choose another output file";
            else
                error = output + ": is the input " + input + " itself" +
                        (output == input ? "" : " (the same file by another path or link)") +
                        "; nothing written: choose another output file";
            return false;
        }
    }
    if (kind == OutputKind::Report && S_ISREG(out.st_mode) && LooksLikeSqliteFile(output)) {
        error = output + ": is an SQLite database and is not overwritten; nothing written: choose another output file";
        return false;
    }
    return true;
}

} // namespace ess

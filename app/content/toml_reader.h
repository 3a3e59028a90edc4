// Inside content only: one TOML file being read with toml++, every problem kept with its file,
// line and column, and every key that no reader asked for reported as unknown.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "content/loader.h"

namespace ess {

// One TOML file being read: collects problems, and remembers which keys were read so that
// anything left over is reported as unknown (a typo in a key must not vanish silently).
class TomlReader {
public:
    TomlReader(std::string path, std::string display, std::vector<ContentProblem>& problems)
        : Path(std::move(path)), Display(std::move(display)), Problems(problems)
    {
    }

    // Reads and parses the file into Root, its bytes into `bytes_out` (for the content version).
    // False, with the problem recorded, for a file that is not a regular file, not UTF-8 or not TOML.
    bool Parse(std::string& bytes_out);

    void Problem(int line, int col, const std::string& message, bool fatal = true);
    void Problem(const toml::source_region& where, const std::string& message, bool fatal = true);

    // Marks `key` of `table` as known and returns its node (null when absent).
    const toml::node* Take(const toml::table& table, const std::string& key);

    // The value of `key` in `table` (whose dotted name is `path`, for messages), checked for its
    // type and emptiness; a missing or wrong one is a problem, and gives an empty value.
    std::string String(const toml::table& table, const std::string& path, const std::string& key, bool required = true);
    std::vector<std::string> Strings(const toml::table& table, const std::string& path, const std::string& key,
                                     bool required = true);
    const toml::table* Table(const toml::table& table, const std::string& path, const std::string& key, bool required = true);
    std::vector<const toml::table*> Tables(const toml::table& table, const std::string& path, const std::string& key,
                                           bool required = true);

    // Reads the text `key` into `out`. For the French, as String(). For a translation, `out`
    // holds the French: a missing text keeps it, with one warning saying so.
    void Text(const toml::table& table, const std::string& path, const std::string& key, std::string& out, bool required = true);
    // The warning for what a translation leaves out (`what`: "\"key\"", "[table]").
    void Missing(const toml::source_region& where, const std::string& what);

    // Leaves `table` out of the unknown-key report: a list not read for being unlike the French.
    void Skip(const toml::table& table) { Used.erase(&table); }

    // Reports every key that no reader asked for, in every table that was read.
    void ReportUnknownKeys();

    static std::string Join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

    toml::table Root;
    std::string Path, Display;
    // Reading a translation over a copy of the French: what is missing is shown in French
    // (Table, Tables and Strings report it as a warning and give nothing; Text keeps the French).
    bool Translation = false;

private:
    std::vector<ContentProblem>& Problems;
    std::set<const toml::table*> Used;
    std::map<const toml::table*, std::set<std::string>> UsedKeys;
};

} // namespace ess

// Reading one TOML file for the content loader (see toml_reader.h): only a regular UTF-8 file is
// parsed, and every value is checked for its type before the loader sees it.
#include "content/toml_reader.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/text.h"

namespace fs = std::filesystem;

namespace ess {

bool TomlReader::Parse(std::string& bytes_out)
{
    // A listed path may name a device or a FIFO ("/dev/zero", "/dev/stdin"): reading one
    // would exhaust memory or block start-up for ever, so only a regular file is read.
    std::error_code ec;
    if (fs::exists(Path, ec) && !fs::is_regular_file(Path, ec)) {
        Problem(0, 0, "not a regular file");
        return false;
    }
    std::ifstream in(Path, std::ios::binary);
    if (!in) {
        Problem(0, 0, "cannot open file");
        return false;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    bytes_out = buffer.str();
    size_t bad = FindInvalidUtf8(bytes_out);
    if (bad != std::string::npos) {
        int line = 1, col = 1;
        for (size_t i = 0; i < bad; i++) {
            if (bytes_out[i] == '\n') {
                line++;
                col = 1;
            } else if ((static_cast<unsigned char>(bytes_out[i]) & 0xC0) != 0x80)
                col++;
        }
        Problem(line, col, "invalid UTF-8 (save the file as UTF-8)");
        return false;
    }
    try {
        Root = toml::parse(bytes_out, Display);
    } catch (const toml::parse_error& err) {
        Problem(int(err.source().begin.line), int(err.source().begin.column), "syntax error: " + std::string(err.description()));
        return false;
    }
    return true;
}

void TomlReader::Problem(int line, int col, const std::string& message, bool fatal)
{
    Problems.push_back({Display, line, col, message, fatal});
}

void TomlReader::Problem(const toml::source_region& where, const std::string& message, bool fatal)
{
    Problem(int(where.begin.line), int(where.begin.column), message, fatal);
}

const toml::node* TomlReader::Take(const toml::table& table, const std::string& key)
{
    Used.insert(&table);
    UsedKeys[&table].insert(key);
    return table.get(key);
}

void TomlReader::Missing(const toml::source_region& where, const std::string& what)
{
    Problem(where, "missing " + what + " — shown in French", false);
}

void TomlReader::Text(const toml::table& table, const std::string& path, const std::string& key, std::string& out, bool required)
{
    if (Translation && !table.get(key)) {
        Take(table, key);
        if (!out.empty()) Missing(table.source(), "\"" + Join(path, key) + "\"");
        return;
    }
    std::string text = String(table, path, key, required);
    if (!Translation || !text.empty()) out = text; // a wrong value in a translation is reported, and the French kept
}

std::string TomlReader::String(const toml::table& table, const std::string& path, const std::string& key, bool required)
{
    const toml::node* node = Take(table, key);
    if (!node) {
        if (required && Translation)
            Missing(table.source(), "\"" + Join(path, key) + "\"");
        else if (required)
            Problem(table.source(), "missing key \"" + Join(path, key) + "\"");
        return {};
    }
    const auto* value = node->as_string();
    if (!value) {
        Problem(node->source(), "\"" + Join(path, key) + "\" must be text (in quotes)");
        return {};
    }
    std::string text = value->get();
    if (text.find_first_not_of(" \t\n") == std::string::npos) {
        Problem(node->source(), "\"" + Join(path, key) + "\" must not be empty");
        return {};
    }
    return text;
}

std::vector<std::string> TomlReader::Strings(const toml::table& table, const std::string& path, const std::string& key,
                                             bool required)
{
    std::vector<std::string> out;
    const toml::node* node = Take(table, key);
    if (!node) {
        if (required && Translation)
            Missing(table.source(), "\"" + Join(path, key) + "\"");
        else if (required)
            Problem(table.source(), "missing key \"" + Join(path, key) + "\"");
        return out;
    }
    const auto* array = node->as_array();
    if (!array) {
        Problem(node->source(), "\"" + Join(path, key) + "\" must be a list of texts [\"...\", \"...\"]");
        return out;
    }
    for (const toml::node& item : *array) {
        if (const auto* s = item.as_string())
            out.push_back(s->get());
        else
            Problem(item.source(), "\"" + Join(path, key) + "\" must contain only texts");
    }
    if (out.empty() && required) Problem(node->source(), "\"" + Join(path, key) + "\" must not be empty");
    return out;
}

const toml::table* TomlReader::Table(const toml::table& table, const std::string& path, const std::string& key, bool required)
{
    const toml::node* node = Take(table, key);
    if (!node) {
        if (required && Translation)
            Missing(table.source(), "[" + Join(path, key) + "]");
        else if (required)
            Problem(table.source(), "missing table [" + Join(path, key) + "]");
        return nullptr;
    }
    const auto* sub = node->as_table();
    if (!sub)
        Problem(node->source(), "\"" + Join(path, key) + "\" must be a table [" + Join(path, key) + "]");
    else
        Used.insert(sub);
    return sub;
}

std::vector<const toml::table*> TomlReader::Tables(const toml::table& table, const std::string& path, const std::string& key,
                                                   bool required)
{
    std::vector<const toml::table*> out;
    const toml::node* node = Take(table, key);
    if (!node) {
        if (required && Translation)
            Missing(table.source(), "[[" + Join(path, key) + "]]");
        else if (required)
            Problem(table.source(), "missing list [[" + Join(path, key) + "]]");
        return out;
    }
    const auto* array = node->as_array();
    if (!array || !array->is_array_of_tables()) {
        Problem(node->source(), "\"" + Join(path, key) + "\" must be a list of tables [[" + Join(path, key) + "]]");
        return out;
    }
    for (const toml::node& item : *array) {
        out.push_back(item.as_table());
        Used.insert(item.as_table());
    }
    if (out.empty() && required) Problem(node->source(), "[[" + Join(path, key) + "]] must not be empty");
    return out;
}

void TomlReader::ReportUnknownKeys()
{
    for (const toml::table* table : Used) {
        for (auto&& [key, value] : *table) {
            std::string name(key.str());
            if (!UsedKeys[table].count(name)) Problem(key.source(), "unknown key \"" + name + "\"");
        }
    }
}

} // namespace ess

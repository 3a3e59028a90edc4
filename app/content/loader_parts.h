// Inside content only: the pieces of the content loader that its two files share (loader.cpp
// reads the folders, the translations and exposition.toml; loader_sections.cpp a mutation's file
// and agir.toml).
#pragma once
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "content/toml_reader.h"
#include "core/content_model.h"

namespace ess::loader {

// FNV-1a over the files' bytes: a short, stable "content version" for ballots.
struct Hasher {
    uint64_t Value = 1469598103934665603ull;
    void Add(const std::string& bytes)
    {
        for (unsigned char c : bytes) {
            Value ^= c;
            Value *= 1099511628211ull;
        }
    }
    std::string Hex() const
    {
        char buffer[17];
        snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(Value));
        return buffer;
    }
};

// Texts that are not translated (ids, colours, pictures, links): the French reads them; a
// translation may repeat them but must not change them (ballots count levers by id, and a
// picture or link is the study's). True when the file gives the value.
bool Fixed(TomlReader& r, const toml::table& t, const std::string& path, const std::string& key, std::string& value,
           const std::string& what, bool required = true);

// How a list a translation gives differs from the French one, or "" when it does not.
std::string CountDifference(size_t given, size_t french, const std::string& what, const std::string& french_items = "");

// The list of tables `key`, its items fitted to `items`: the French's as they are; a translation's
// must be as many as the French has (else a fatal problem at the list, and nothing to read).
template <class T>
std::vector<const toml::table*> Items(TomlReader& r, const toml::table& parent, const std::string& path, const std::string& key,
                                      std::vector<T>& items, const std::string& what, const std::string& french_items = "")
{
    const toml::node* node = parent.get(key);
    std::vector<const toml::table*> tables = r.Tables(parent, path, key);
    if (!r.Translation) {
        items.resize(tables.size());
        return tables;
    }
    if (tables.empty()) return tables; // missing (shown in French) or malformed: reported
    const std::string difference = CountDifference(tables.size(), items.size(), what, french_items);
    if (!difference.empty()) {
        r.Problem(node->source(), "[[" + TomlReader::Join(path, key) + "]]: " + difference);
        for (const toml::table* t : tables) r.Skip(*t); // their keys are not the problem
        return {};
    }
    return tables;
}

// A mutation's file (mutations/N-*.toml), and agir.toml with its levers (`lever_places`: where
// each lever id was first given, for the duplicate's message).
void ReadMutation(TomlReader& r, Mutation& m, const std::string& assets_dir);
void ReadAct(TomlReader& r, ActSection& act, std::map<std::string, std::string>& lever_places);

} // namespace ess::loader

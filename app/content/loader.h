// Loads and validates content/ (TOML) into the content model. Every problem is reported as
// file:line:col: message; nothing here throws or exits.
#pragma once
#include <string>
#include <vector>

#include "core/content_model.h"

namespace ess {

struct ContentProblem {
    std::string File;
    int Line = 0, Column = 0;
    std::string Message;
    // Fatal problems leave the kiosk out of order; the others (a missing image, a character
    // the font cannot draw) are shown as best the kiosk can, and logged.
    bool Fatal = true;
    // "" for the French reference; a translation's folder ("en") for its problems: a fatal one
    // leaves that translation out, not the kiosk out of order.
    std::string Language = "";
    std::string Format() const; // "file:line:col: message"
};

struct ContentLoad {
    Content Data;                      // the French reference
    std::vector<Content> Translations; // the usable ones, in their folders' order ("en", ...)
    std::vector<ContentProblem> Problems;
    bool Usable() const; // no fatal problem in the French (a translation's leave it out only)
};

// `dir` holds exposition.toml and interface.toml (French), and one folder per translation
// (dir/en/, with the same files: a folder with an interface.toml); `assets_dir` is where images
// are looked up. A translation starts as a copy of the French, and every text it gives replaces
// the French one; a missing text is a warning (the French is shown), a structure unlike the
// French's (counts, ids, files) a fatal problem for that translation, which is then left out.
ContentLoad LoadContent(const std::string& dir, const std::string& assets_dir);

// Every string a visitor can be shown, in reading order (for the dump and glyph checks).
std::vector<std::string> AllVisibleStrings(const Content& content);
// The same without the kiosk's own wording (interface.toml): the study's text, each string as
// many times as the study shows it (the three axes are listed, then each has its card).
std::vector<std::string> StudyStrings(const Content& content);

// Prints the model as readable UTF-8 text, for proofreading.
std::string DumpContent(const Content& content);

} // namespace ess

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
    std::string Format() const; // "file:line:col: message"
};

struct ContentLoad {
    Content Data;
    std::vector<ContentProblem> Problems;
    bool Usable() const; // no fatal problem
};

// `dir` holds exposition.toml and interface.toml; `assets_dir` is where images are looked up.
ContentLoad LoadContent(const std::string& dir, const std::string& assets_dir);

// Every string a visitor can be shown, in reading order (for the dump and glyph checks).
std::vector<std::string> AllVisibleStrings(const Content& content);
// The same without the kiosk's own wording (interface.toml): the study's text, each string as
// many times as the study shows it (the three axes are listed, then each has its card).
std::vector<std::string> StudyStrings(const Content& content);

// Prints the model as readable UTF-8 text, for proofreading.
std::string DumpContent(const Content& content);

} // namespace ess

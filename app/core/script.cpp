// Parser for the headless script language (see script.h).
#include "core/script.h"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>

namespace ess {

namespace {

// Splits a line into words; "quoted text" is one word (\" and \\ escape inside quotes).
bool SplitWords(const std::string& line, std::vector<std::string>& words, std::vector<bool>& quoted, std::string& why)
{
    size_t i = 0;
    while (i < line.size()) {
        if (line[i] == ' ' || line[i] == '\t' || line[i] == '\r') {
            i++;
            continue;
        }
        if (line[i] == '#') break;
        std::string word;
        if (line[i] == '"') {
            i++;
            bool closed = false;
            while (i < line.size()) {
                if (line[i] == '\\' && i + 1 < line.size()) {
                    word += line[i + 1];
                    i += 2;
                    continue;
                }
                if (line[i] == '"') {
                    closed = true;
                    i++;
                    break;
                }
                word += line[i++];
            }
            if (!closed) {
                why = "unterminated quoted text";
                return false;
            }
            words.push_back(word);
            quoted.push_back(true);
            continue;
        }
        while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') word += line[i++];
        words.push_back(word);
        quoted.push_back(false);
    }
    return true;
}

// strtod also takes "nan", "inf" and numbers no float can hold; coordinates become floats and a
// wait steps the virtual clock towards its end, so those would put a finger at infinity or never end.
bool ToNumber(const std::string& word, double& value)
{
    if (word.empty()) return false;
    char* end = nullptr;
    value = std::strtod(word.c_str(), &end);
    return end && *end == '\0' && std::isfinite(value) && std::fabs(value) <= std::numeric_limits<float>::max();
}

} // namespace

bool ParseScript(const std::string& text, std::vector<ScriptCommand>& out, ScriptError& error)
{
    std::istringstream in(text);
    std::string line;
    int number = 0;
    const auto fail = [&](const std::string& why) {
        error.Line = number;
        error.Message = why;
        return false;
    };
    while (std::getline(in, line)) {
        number++;
        std::vector<std::string> w;
        std::vector<bool> q;
        std::string why;
        if (!SplitWords(line, w, q, why)) return fail(why);
        if (w.empty()) continue;
        ScriptCommand c;
        c.Line = number;
        const std::string& verb = w[0];
        std::vector<double> n;
        std::vector<bool> percent;
        bool all_numbers = true;
        for (size_t i = 1; i < w.size(); i++) {
            double v = 0;
            std::string word = w[i];
            const bool is_percent = !q[i] && word.size() > 1 && word.back() == '%';
            if (is_percent) word.pop_back();
            if (q[i] || !ToNumber(word, v) || (is_percent && (v < 0 || v > 100))) all_numbers = false;
            n.push_back(v);
            percent.push_back(is_percent);
        }
        const auto coordinates = [&](int count) {
            for (int i = 0; i < count; i++) c.Percent[i] = percent[size_t(i)];
        };
        if (verb == "tap" && w.size() == 2 && q[1]) {
            c.Type = ScriptCommand::TapLabel;
            c.Text = w[1];
        } else if (verb == "tap" && w.size() == 3 && all_numbers) {
            c.Type = ScriptCommand::TapAt;
            c.X1 = float(n[0]);
            c.Y1 = float(n[1]);
            coordinates(2);
        } else if (verb == "drag" && (w.size() == 5 || w.size() == 6) && all_numbers) {
            c.Type = ScriptCommand::Drag;
            c.X1 = float(n[0]);
            c.Y1 = float(n[1]);
            c.X2 = float(n[2]);
            c.Y2 = float(n[3]);
            c.Milliseconds = w.size() == 6 ? n[4] : 300;
            coordinates(4);
            if (c.Milliseconds < 0 || (w.size() == 6 && percent[4])) return fail("drag duration must be positive milliseconds");
        } else if (verb == "swipe" && w.size() == 2 && (w[1] == "left" || w[1] == "right")) {
            c.Type = ScriptCommand::Swipe;
            c.Direction = w[1] == "left" ? -1 : 1;
        } else if (verb == "key" && w.size() == 2) {
            c.Type = ScriptCommand::Key;
            c.Text = w[1];
        } else if (verb == "key" && w.size() == 3 && !q[2] && ToNumber(w[2], n[1]) && n[1] >= 1 && n[1] <= 1000 &&
                   n[1] == double(int(n[1]))) {
            c.Type = ScriptCommand::Key;
            c.Text = w[1];
            c.Repeat = int(n[1]);
        } else if (verb == "wait" && w.size() == 2 && all_numbers && !percent[0] && n[0] >= 0) {
            c.Type = ScriptCommand::Wait;
            c.Milliseconds = n[0];
        } else if (verb == "shot" && w.size() == 2) {
            c.Type = ScriptCommand::Shot;
            c.Text = w[1];
            if (c.Text.find('/') != std::string::npos || c.Text.find("..") != std::string::npos)
                return fail("shot name must be a plain file name");
        } else if (verb == "expect" && w.size() == 3 && w[1] == "screen") {
            c.Type = ScriptCommand::ExpectScreen;
            c.Text = w[2];
        } else if (verb == "expect" && w.size() == 3 && w[1] == "text" && q[2]) {
            c.Type = ScriptCommand::ExpectText;
            c.Text = w[2];
        } else if (verb == "expect" && w.size() == 3 && w[1] == "focus" && q[2]) {
            c.Type = ScriptCommand::ExpectFocus;
            c.Text = w[2];
        } else if (verb == "expect" && w.size() == 3 && w[1] == "every" && w[2] == "text") {
            c.Type = ScriptCommand::ExpectEveryText;
        } else if (verb == "expect" && w.size() == 3 && w[1] == "said" && q[2]) {
            c.Type = ScriptCommand::ExpectSaid;
            c.Text = w[2];
        } else if (verb == "expect" && w.size() == 3 && w[1] == "said-language" && !q[2]) {
            c.Type = ScriptCommand::ExpectSaidLanguage;
            c.Text = w[2];
        } else if (verb == "find" && w.size() == 2 && q[1]) {
            c.Type = ScriptCommand::Find;
            c.Text = w[1];
        } else if (verb == "scroll" && w.size() == 2 && (w[1] == "end" || w[1] == "top")) {
            c.Type = w[1] == "end" ? ScriptCommand::ScrollEnd : ScriptCommand::ScrollTop;
        } else if (verb == "quit" && w.size() == 1) {
            c.Type = ScriptCommand::Quit;
        } else {
            return fail("cannot understand \"" + line +
                        "\" (expected tap, drag, swipe, key, wait, shot, expect, find, scroll or quit)");
        }
        out.push_back(c);
    }
    return true;
}

} // namespace ess

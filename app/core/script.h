// Scripted input for headless runs and end-to-end tests: one command a line.
//   tap "Label" | tap X Y | drag X1 Y1 X2 Y2 [MS] | swipe left|right | key NAME | wait MS
//   shot NAME | expect screen NAME | expect text "..." | quit       (# starts a comment)
#pragma once
#include <string>
#include <vector>

namespace ess {

struct ScriptCommand {
    enum Kind { TapLabel, TapAt, Drag, Swipe, Key, Wait, Shot, ExpectScreen, ExpectText, Quit } Type = Quit;
    int Line = 0;
    std::string Text; // label, key name, shot name, screen name, expected text
    float X1 = 0, Y1 = 0, X2 = 0, Y2 = 0;
    double Milliseconds = 0;
    int Direction = 0; // swipe: -1 left, +1 right
};

struct ScriptError {
    int Line = 0;
    std::string Message;
};

// Parses a whole script; on the first bad line returns false with its line number and why.
bool ParseScript(const std::string& text, std::vector<ScriptCommand>& out, ScriptError& error);

} // namespace ess

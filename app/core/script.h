// Scripted input for headless runs and end-to-end tests: one command a line.
//   tap "Label" | tap X Y | drag X1 Y1 X2 Y2 [MS] | swipe left|right | key NAME | wait MS
//   shot NAME | expect screen NAME | expect text "..." | quit       (# starts a comment)
//   find "..." (scrolls the page down until that text is in view) | scroll end | scroll top
//   expect every text (every sentence of the study has been drawn during the run)
//   key NAME N (the key N times) | expect focus "..." (the keypad's focus is on a target whose
//   label contains that text)
//   expect said "..." (the last utterance read aloud contains it) | expect said-language fr|en
// Coordinates are pixels, or percents of the screen's width and height ("50%"), so that one
// script runs at every panel size.
#pragma once
#include <string>
#include <vector>

namespace ess {

struct ScriptCommand {
    enum Kind {
        TapLabel,
        TapAt,
        Drag,
        Swipe,
        Key,
        Wait,
        Shot,
        ExpectScreen,
        ExpectText,
        Find,
        ScrollEnd,
        ScrollTop,
        ExpectEveryText,
        ExpectFocus,
        ExpectSaid,
        ExpectSaidLanguage,
        Quit
    } Type = Quit;
    int Line = 0;
    std::string Text; // label, key name, shot name, screen name, expected text or language
    float X1 = 0, Y1 = 0, X2 = 0, Y2 = 0;
    bool Percent[4] = {}; // X1, Y1, X2, Y2 given in percent of the screen
    // A coordinate in pixels on a width×height screen.
    float X(int i, float width) const { return Percent[i] ? (i == 0 ? X1 : X2) * width / 100 : (i == 0 ? X1 : X2); }
    float Y(int i, float height) const { return Percent[i + 1] ? (i == 0 ? Y1 : Y2) * height / 100 : (i == 0 ? Y1 : Y2); }
    double Milliseconds = 0;
    int Direction = 0; // swipe: -1 left, +1 right
    int Repeat = 1;    // key: how many times
};

struct ScriptError {
    int Line = 0;
    std::string Message;
};

// Parses a whole script; on the first bad line returns false with its line number and why.
bool ParseScript(const std::string& text, std::vector<ScriptCommand>& out, ScriptError& error);

} // namespace ess

// Keyboard focus: the touch targets of the last frame, put in reading order, so that a keypad
// (arrows, Tab, Enter) reaches every one a finger can. No ImGui here: the screens' targets are
// handed over as plain rectangles.
#pragma once
#include <string>
#include <vector>

namespace ess {

// A touch target as drawn: the whole of it in screen pixels at the frame's scroll.
struct Spot {
    std::string Label;
    float X0 = 0, Y0 = 0, X1 = 0, Y1 = 0;
    bool InPage = false; // on the scrolling page (else a fixed bar, or a dialog)
    int Layer = 0;       // 1: a dialog over the screen
    std::string Said;    // what speech says of it ("Contraste renforcé, interrupteur, activé"); empty: the label
    float CentreX() const { return (X0 + X1) * 0.5f; }
    float CentreY() const { return (Y0 + Y1) * 0.5f; }
};

// The indices of `spots` in reading order: when a dialog is open, its targets alone; else the
// bars above the page, the page from top to bottom and, on one row, from left to right, then
// the bars below it. Targets whose tops are within `row` pixels of each other share a row.
std::vector<size_t> ReadingOrder(const std::vector<Spot>& spots, float page_top, float row);

// A text as drawn, for reading aloud: touched, it is read; arriving on a screen reads the first.
struct Reading {
    std::string Text;
    float X0 = 0, Y0 = 0, X1 = 0, Y1 = 0;
    bool InPage = false;
    int Layer = 0;
    float PageY = 0; // its top with the page's scroll undone
};

// Which target the focus is on: its label and, among targets of the same label in drawing
// order, its rank (a label can appear twice). Empty label: no focus.
struct FocusMark {
    std::string Label;
    int Nth = 0;
    bool operator==(const FocusMark& o) const { return Label == o.Label && Nth == o.Nth; }
};
// Index of `mark` in `spots`, or -1.
int FindSpot(const std::vector<Spot>& spots, const FocusMark& mark);
FocusMark MarkOf(const std::vector<Spot>& spots, size_t index);

} // namespace ess

// The kiosk's user interface for one frame: top bar, the current screen, transitions.
// Reads state, returns intents; never changes state itself.
#pragma once
#include <string>
#include <vector>

#include "core/figures.h"
#include "ui/widgets.h"

namespace ess {

struct UiOutput {
    std::vector<Intent> Intents;
    std::vector<TouchTarget> Targets;
    std::vector<TouchTarget> Focusable; // also those scrolled out of view, for the keypad
    std::vector<VisibleText> Texts;
    std::vector<CardPlace> Cards;
    float ScrollMax = 0; // how far the current page can scroll
    ImRect PageArea;     // where the scrolling page is shown (the whole screen when there is none)
};

class KioskUi {
public:
    // `problems` is shown on the out-of-order screen.
    UiOutput DrawFrame(const KioskState& state, const Content* content, const std::vector<std::string>& problems,
                       const Figures& figures, const Theme& theme, const Images& images, const FrameInput& input, double now);
    void ThemeChanged() { Cache.Clear(); }
    void Trim() { Cache.Trim(); }

private:
    TextCache Cache;
};

} // namespace ess

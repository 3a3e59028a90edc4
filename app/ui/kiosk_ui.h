// The kiosk's user interface for one frame: top bar, the current screen, transitions.
// Reads state, returns intents; never changes state itself.
#pragma once
#include <string>
#include <vector>

#include "ui/widgets.h"

namespace ess {

struct UiInput {
    bool HasTap = false;
    ImVec2 Tap;
    bool Pressed = false;
    ImVec2 PressPos;
};

struct UiOutput {
    std::vector<Intent> Intents;
    std::vector<TouchTarget> Targets;
    std::vector<VisibleText> Texts;
    float ScrollMax = 0; // how far the current page can scroll
};

class KioskUi {
public:
    // `problems` is shown on the out-of-order screen.
    UiOutput DrawFrame(const KioskState& state, const Content* content, const std::vector<std::string>& problems,
                       const Theme& theme, const Images& images, const UiInput& input, double now);
    void ThemeChanged() { Cache.Clear(); }
    void Trim() { Cache.Trim(); }

private:
    TextCache Cache;
};

} // namespace ess

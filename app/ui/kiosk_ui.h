// The kiosk's user interface for one frame: top bar, the current screen, transitions.
// Reads state, returns intents; never changes state itself.
#pragma once
#include <string>
#include <vector>

#include "ui/widgets.h"

namespace ess {

// What the app knows beyond the content and the state, for the thanks and organiser screens.
struct Figures {
    struct Row {
        std::string Key; // lever id, day or hour
        long long Ballots = 0;
    };
    long long Ballots = 0, Flagged = 0;
    std::vector<Row> PerLever, PerDay, PerHour;
    std::string KioskId, DatabasePath, DatabaseSize, DatabaseHealth, LastExport;
    std::string Alert;  // e.g. the database was damaged and moved aside
    std::string Notice; // result of the organiser's last action
    double CooldownLeft = 0;
    double PinLockedFor = 0;
    double IdleCountdown = 10; // seconds "Vous êtes toujours là ?" counts down
};

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
    std::vector<CardPlace> Cards;
    float ScrollMax = 0; // how far the current page can scroll
    ImRect PageArea;     // where the scrolling page is shown (the whole screen when there is none)
};

class KioskUi {
public:
    // `problems` is shown on the out-of-order screen.
    UiOutput DrawFrame(const KioskState& state, const Content* content, const std::vector<std::string>& problems,
                       const Figures& figures, const Theme& theme, const Images& images, const UiInput& input, double now);
    void ThemeChanged() { Cache.Clear(); }
    void Trim() { Cache.Trim(); }

private:
    TextCache Cache;
};

} // namespace ess

// What the screens show beyond the content and the state, filled by the session layer: this
// kiosk's tallies (thanks and organiser screens), its database's health, the timers' figures;
// and a frame's input as the screens take it (a tap, a finger held down).
#pragma once
#include <string>
#include <vector>

namespace ess {

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

// One frame's input for the screens, in screen pixels.
struct FrameInput {
    bool HasTap = false;
    float TapX = 0, TapY = 0;
    bool Pressed = false; // a finger is down (pressed look, not an action)
    float PressX = 0, PressY = 0;
};

} // namespace ess

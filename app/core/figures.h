// What the screens show beyond the content and the state, filled by the session layer: this
// kiosk's tallies (thanks and organiser screens), its database's health, the timers' figures,
// the results wall's figures; and a frame's input as the screens take it (a tap, a finger down).
#pragma once
#include <string>
#include <vector>

namespace ess {

struct FigureRow {
    std::string Key; // lever id, day or hour
    long long Ballots = 0;
};

// The results wall's figures (ess-kiosk --wall), from a kiosk's file or the central server.
struct WallFigures {
    bool Loaded = false;                      // figures were read at least once
    bool Online = false;                      // the last reading worked
    long long Ballots = 0, BallotsBefore = 0; // ballots counted, now and before the last change
    int Kiosks = 0;                           // kiosks that contributed
    std::vector<FigureRow> PerLever, Before;  // now, and before the last change (bars grow from there)
    double ChangedAt = -1e9;                  // on the session's clock, when the figures last changed
    std::string UpdatedAt;                    // "14:05": the local time of the last reading that worked
    std::string OfflineSince;                 // "14:07": since when the source cannot be read (when !Online)
    std::string Problem;                      // why it cannot be read, for the log
};
constexpr double kWallGrowSeconds = 1.5; // the wall's bars grow to their new length over this
// The wall shows one axis of levers at a time: pages turn every kWallPageSeconds, fading in.
constexpr double kWallPageSeconds = 12, kWallPageFade = 0.6;
inline int WallPage(double now, int pages)
{
    return pages > 0 ? int(now / kWallPageSeconds) % pages : 0;
}
// When the page after the one shown at `now` comes.
inline double NextWallPage(double now)
{
    return (double(int(now / kWallPageSeconds)) + 1) * kWallPageSeconds;
}
// 0 → 1 while a page fades in, 1 once it is there.
inline float WallPageFade(double now)
{
    const double into = now - double(int(now / kWallPageSeconds)) * kWallPageSeconds;
    return into >= kWallPageFade ? 1.0f : float(into / kWallPageFade);
}

// The upload to the central server, for the organiser screen.
struct UploadFigures {
    bool Configured = false;      // a central server is set ([central] url, --central)
    long long Pending = -1;       // ballots on this kiosk not yet on the server; -1: unknown
    long long VisitsPending = -1; // visits likewise (the visit log)
    std::string VisitsHeld;       // why visits wait though ballots go (the server to upgrade); empty: they go
    bool VisitsOutdated = false;  // because the server is to be upgraded (said in the interface's words)
    bool Reachable = false;       // the last attempt worked
    std::string Server;           // where, never with the password
    std::string LastSent;         // local "2026-12-01 14:05" of the last upload confirmed; empty: none yet
    std::string LastError;        // the last failure, until an attempt works
    std::string LastErrorAt;      // local time of it
};

// Today's visits, for organiser mode (the visit log, issue #14): how many, their median length
// and how far they went.
struct VisitFigures {
    bool Known = false; // the database holds a visit log
    long long Today = 0;
    double MedianSeconds = 0;
    long long OpenedMutation = 0, SawFuture = 0, OpenedVote = 0, Voted = 0;
};

struct Figures {
    using Row = FigureRow;
    long long Ballots = 0, Flagged = 0;
    std::vector<Row> PerLever, PerDay, PerHour;
    std::string KioskId, DatabasePath, DatabaseSize, DatabaseHealth, LastExport;
    std::string Alert;  // e.g. the database was damaged and moved aside
    std::string Notice; // result of the organiser's last action
    double CooldownLeft = 0;
    double PinLockedFor = 0;
    double IdleCountdown = 10; // seconds "Vous êtes toujours là ?" counts down
    WallFigures Wall;          // ess-kiosk --wall only
    UploadFigures Upload;
    VisitFigures Visits;
    int VisitMonths = 25;               // how long the visit log keeps a visit ("À propos" says it)
    std::vector<std::string> Languages; // each named in itself: "Français", "English"
};

// One frame's input for the screens, in screen pixels.
struct FrameInput {
    bool HasTap = false;
    float TapX = 0, TapY = 0;
    bool Pressed = false; // a finger is down (pressed look, not an action)
    float PressX = 0, PressY = 0;
};

} // namespace ess

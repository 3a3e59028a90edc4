// Observes one visit at a time, from the kiosk's state as it changes (issue #14): when it
// starts (the touch that leaves the welcome screen or the attract loop), each screen and part
// seen and for how long, the 2040 card turned and compared, the QR codes shown, the modes used,
// how it ended and the ballot it produced. Nothing about the visitor: no touch position, nothing
// typed. No SDL, no storage: the session hands the finished visit to the visit writer.
#pragma once
#include <optional>
#include <set>
#include <string>

#include "core/navigation.h"
#include "core/visit.h"

namespace ess {

class VisitRecorder {
public:
    // After every change of state, at `now` (session seconds); `last_input` is when the visitor
    // last touched or pressed a key (a visit that ends idle ends there, not 90 s later), `wall`
    // the UTC stamp of `now` ("2026-12-01T13:05:12.345Z"). Returns the visit that just ended, if
    // one did.
    std::optional<Visit> Observe(const KioskState& state, double now, double last_input, const std::string& wall);
    // The kiosk stops (quit, or the service stopped) during a visit: it ends here, at the last
    // touch ("ballot" if it voted, else "left"). Nothing when no visit is under way.
    std::optional<Visit> Stop(double now, double last_input);
    // A ballot of this visit was committed.
    void BallotStored(const std::string& uuid);
    // An initiative's QR code (mutation, initiative) was on screen.
    void QrSeen(int mutation, int initiative);
    bool Active() const { return Going; }

    // The visit's constants, from the kiosk.
    std::string KioskId, ContentVersion;
    std::vector<std::string> Languages; // code of each language index ("fr", "en")

private:
    void CloseView(double now);
    // Ends the visit at `end`: its views cut there, its ending (the ballot's when it has one).
    Visit Finish(double end, const char* ending_without_ballot);
    static VisitView ViewOf(const KioskState& state);

    bool Going = false;
    Visit Current;
    double StartedAt = 0, ViewSince = 0;
    VisitView Here; // the view under way
    bool HaveView = false;
    Side LastSide = Side::Desirable;
    bool LastCompare = false;
    int LastMutation = -1;
    std::set<std::string> Modes;
    std::set<std::pair<int, int>> Qr;
};

// "2026-12-01T13:05:12.345Z" → "2026-12-01T13:05Z".
std::string UtcMinute(const std::string& iso);

} // namespace ess

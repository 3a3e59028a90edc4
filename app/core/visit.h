// One visitor's visit, as the visit log records it (issue #14): anonymous by construction — no
// camera, no personal data, nothing typed, no device identifier; what was seen, for how long,
// how it ended. The session observes it (session/visit_recorder.h), storage keeps it.
#pragma once
#include <string>
#include <vector>

namespace ess {

struct VisitView {      // one stay on a screen or a part, in order
    std::string Screen; // ScreenName(): "mutations", "mutation", "act", "about", "vote", "thanks"
    int Mutation = -1;  // 0..3 on the mutation screen, else -1
    // Mutation screen only: "findings", "signals", "future", "future_dystopian" (the dystopian
    // side shown), "future_compare" (both futures side by side), "initiatives"; else "".
    std::string Part;
    double Seconds = 0; // time on it
};

struct Visit {
    std::string Id;                 // UUID v4 (as ballots')
    std::string KioskId;
    std::string StartedAt;          // UTC, to the minute: "2026-12-01T13:05Z"
    double Seconds = 0;             // the whole visit
    std::string Language;           // "fr", "en"
    std::vector<std::string> Modes; // accessibility used: "large_text", "contrast", "reduced_motion", "controls_at_bottom", "speech"
    int Flips = 0;                  // turns of the 2040 card
    int Comparisons = 0;            // times both futures were shown side by side
    int QrShown = 0;                // distinct initiative QR codes that were on screen
    std::string Ending;             // "ballot" (confirmed during the visit), "left" (back to welcome), "idle" (nobody answered)
    std::string BallotId;           // the ballot it produced, empty if none
    std::string ContentVersion;
    std::vector<VisitView> Views;
};

} // namespace ess

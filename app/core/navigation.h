// Kiosk state and the only place it changes: screens return Intents, Apply() performs them.
// Time is passed in (seconds on the injected clock), so animations are testable without sleeping.
#pragma once
#include <string>
#include <vector>

#include "core/gestures.h"

namespace ess {

enum class Screen { Welcome, Mutations, Mutation, Act, About, OutOfOrder };
enum class Part { Findings, Signals, Future, Initiatives };
enum class Side { Desirable, Dystopian };

const char* ScreenName(Screen screen); // the fixed names scripts use: "welcome", "mutation"...

enum class IntentKind {
    Home, // back to the welcome screen, history cleared
    Back, // previous screen
    OpenMutations,
    OpenMutation, // Index = mutation
    NextMutation, // swipe left
    PreviousMutation,
    OpenPart,      // Index = Part
    FlipFuture,    // desirable <-> dystopian, animated
    ShowSide,      // Index = Side, animated flip if it changes
    ToggleCompare, // both futures side by side
    OpenAct,
    OpenAbout,
};

struct Intent {
    IntentKind Kind;
    int Index = 0;
};

// Durations of the animations, in seconds.
struct Timings {
    double ScreenTransition = 0.35;
    double Flip = 0.6;
};

struct KioskState {
    Screen Current = Screen::Welcome;
    int MutationIndex = 0;
    Part CurrentPart = Part::Findings;
    Side FutureSide = Side::Desirable;
    bool Compare = false;
    int MutationCount = 0;

    // Navigation history for Back (bounded: a kiosk runs all day).
    struct Place {
        Screen Where;
        int Mutation;
        Part Which;
    };
    std::vector<Place> History;

    // Screen transition: the new screen slides in from this direction (+1 right, -1 left).
    double TransitionStart = -1e9;
    int TransitionDirection = 1;

    // Card flip between the two futures: the side shown switches at half-turn.
    double FlipStart = -1e9;
    Side FlipFrom = Side::Desirable;

    Scroller Scroll; // one scrolling page at a time; reset on every navigation

    Timings Durations;
};

void Apply(KioskState& state, const Intent& intent, double now);
// Scroll, glide and swipe gestures (taps go to the screens, which turn them into intents).
void ApplyGesture(KioskState& state, const Gesture& gesture, double now);

// 0 → 1 over the screen transition; 1 when none is running.
float TransitionProgress(const KioskState& state, double now);
// 0 → 1 over the flip; 1 when none is running. The card shows FlipFrom while < 0.5.
float FlipProgress(const KioskState& state, double now);
Side VisibleSide(const KioskState& state, double now);
bool IsAnimating(const KioskState& state, double now);

} // namespace ess

// Kiosk state and the only place it changes: screens return Intents, Apply() performs them.
// Time is passed in (seconds on the injected clock), so animations are testable without sleeping.
#pragma once
#include <string>
#include <vector>

#include "core/ballot.h"
#include "core/focus.h"
#include "core/gestures.h"

namespace ess {

enum class Screen { Welcome, Mutations, Mutation, Act, About, Vote, Thanks, Organiser, Attract, OutOfOrder, Wall };
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
    // The visitor's ballot.
    OpenVote,
    ToggleLever, // Text = lever id
    ConfirmVote, // performed by the app: storage first, then BallotStored or BallotFailed
    BallotStored,
    BallotFailed,
    DismissFailure, // back to the vote, selection kept
    // Organiser mode.
    OpenOrganiser, // after the secret gesture, when a PIN is set
    PinDigit,      // Index = digit
    PinErase,
    PinSubmit, // performed by the app (it holds the PIN hash): then PinAccepted or PinRejected
    PinAccepted,
    PinRejected,
    LeaveOrganiser,
    Export,         // performed by the app
    Archive,        // first tap asks for confirmation
    ConfirmArchive, // performed by the app
    QuitApp,        // performed by the app
    // Unattended: "Vous êtes toujours là ?", then the attract loop.
    IdleWarning,  // the question appears and counts down
    StillHere,    // a touch answered it
    StartAttract, // the session is over: unconfirmed choices dropped, attract loop
    LeaveAttract, // a touch on the attract loop starts a visit
    // Without usable content: the out-of-order screen (organiser mode still opens).
    ShowOutOfOrder,
    // The results wall (ess-kiosk --wall): read-only, it stays on its one screen.
    ShowWall,
    // The visitor has gone (idle, or the thanks screen's end): the session ends as on Home, and
    // the accessibility choices and the language return to the kiosk's defaults.
    EndVisit,
    // The accessibility panel, over any visitor screen.
    OpenAccess,
    CloseAccess,
    SetTextSize, // Index = 0 normal, 1 larger, 2 largest
    ToggleContrast,
    ToggleMotion,
    ToggleBottom,
    ToggleSpeech,
    SetVolume,    // Index = step (1..kAccessSteps)
    SetRate,      // Index = step
    RepeatSpeech, // performed by the session: the last utterance again
    SetLanguage,  // Index = language (0: French, then the translations)
};

// What a visitor can change in the accessibility panel. It holds for their session only; the
// kiosk's configuration gives the defaults (large text in a care home, speech on by default).
inline constexpr int kAccessSteps = 5; // volume and rate: 1 (lowest) to 5
inline constexpr float kTextScales[3] = {1.0f, 1.3f, 1.6f};
struct Access {
    int TextSize = 0;           // index into kTextScales
    bool Contrast = false;      // every text at 7:1 or more on its background
    bool ReducedMotion = false; // no flip, slide, fade or glide; still slides on the attract loop
    bool Bottom = false;        // the navigation gathered at the bottom of the screen
    bool Speech = false;        // read aloud, explore by touch
    int Volume = 3, Rate = 3;   // 1..kAccessSteps
    bool operator==(const Access& o) const
    {
        return TextSize == o.TextSize && Contrast == o.Contrast && ReducedMotion == o.ReducedMotion && Bottom == o.Bottom &&
               Speech == o.Speech && Volume == o.Volume && Rate == o.Rate;
    }
    bool operator!=(const Access& o) const { return !(*this == o); }
};

// What a key does: a keyboard or a visitor's numeric keypad drives the whole visit (arrows and
// Tab move the focus, Enter activates, keypad 5 or F1 says where you are, + and - the volume).
enum class KeyAction {
    None,
    Quit,
    Home,
    Back,
    Previous, // the previous mutation (Page Up)
    Next,     // the next one (Page Down)
    FocusNext,
    FocusPrevious,
    Activate,
    WhereAmI,
    VolumeUp,
    VolumeDown,
};
// SDL's key names, as the scripts' `key NAME` writes them: "Escape", "Alt+F4", "Tab", "Keypad 5"...
// Case does not matter. None for a name no key has.
KeyAction KeyByName(const std::string& name);
// Every accepted name, for the message that refuses another one.
std::string KeyNames();

// The attract loop: seconds each slide stays, and the cross-fade between two. Without a GPU every
// presented frame costs ~20–40 ms of CPU (llvmpipe, Xvfb), so the slow dissolve is drawn at 8
// frames per second (steps of ~10 % opacity), slides stay 12 s: under 5 % of a core.
constexpr double kAttractSlide = 12.0, kAttractFade = 1.2, kAttractFramePeriod = 0.125;

struct Intent {
    IntentKind Kind;
    int Index = 0;
    std::string Text = {};
};

// The app performs these (storage, PIN, quitting); Apply() ignores them.
bool IsAppIntent(IntentKind kind);

// Durations of the animations, in seconds.
struct Timings {
    double ScreenTransition = 0.35;
    double Flip = 0.6;
    double Thanks = 30; // the thank-you screen returns to the welcome screen after this
    double Notice = 3;  // how long a short notice ("3 levers at most") stays
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

    // Visitor session: what is chosen; cleared when the kiosk returns to its welcome screen.
    BallotRules Rules;
    Selection Choice;
    bool BallotFailedNotice = false;     // the calm apology after a write failure
    double FullNoticeAt = -1e9;          // when the visitor tried to choose past the maximum
    std::vector<std::string> LastBallot; // the levers of the ballot just stored, for the thanks
    double ThanksAt = -1e9;

    // Unattended: the idle question and the attract loop.
    bool IdleQuestion = false;
    double IdleQuestionAt = -1e9;
    double AttractAt = -1e9;

    // Organiser mode.
    std::string PinDigits;
    bool Unlocked = false;
    bool ArchiveAsked = false;
    double PinRejectedAt = -1e9;

    // Accessibility and language: the visitor's, and the kiosk's defaults they return to.
    Access Options, Defaults;
    bool AccessPanel = false; // the panel is open over the screen
    FocusMark Focus;          // the keypad's focus; none until a key moves it, cleared on every screen
    int Language = 0, DefaultLanguage = 0, LanguageCount = 1;

    Timings Durations;
};

// The one place the kiosk's state changes: an intent (a visitor's, the app's answer to one, or
// a timer's) at `now`, and the state it leads to.
KioskState Transition(KioskState state, const Intent& intent, double now);
// The same, in place (Transition is written with it).
void Apply(KioskState& state, const Intent& intent, double now);
// Scroll, glide and swipe gestures (taps go to the screens, which turn them into intents).
void ApplyGesture(KioskState& state, const Gesture& gesture, double now);

// 0 → 1 over the screen transition; 1 when none is running.
float TransitionProgress(const KioskState& state, double now);
// 0 → 1 over the flip; 1 when none is running. The card shows FlipFrom while < 0.5.
float FlipProgress(const KioskState& state, double now);
Side VisibleSide(const KioskState& state, double now);
bool IsAnimating(const KioskState& state, double now);
// True while a short notice is shown (it needs a redraw when it ends).
bool NoticeShown(const KioskState& state, double now);

} // namespace ess

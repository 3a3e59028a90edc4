// Navigation rules of the kiosk (see navigation.h).
#include "core/navigation.h"

#include <algorithm>

namespace ess {

namespace {
constexpr size_t kMaxHistory = 32;

void Go(KioskState& state, Screen screen, int mutation, Part part, double now, int direction)
{
    bool same = state.Current == screen && state.MutationIndex == mutation && state.CurrentPart == part;
    if (same) return;
    state.Current = screen;
    state.MutationIndex = mutation;
    state.CurrentPart = part;
    state.Compare = false;
    state.TransitionStart = now;
    state.TransitionDirection = direction;
    state.Scroll.Reset();
    state.Focus = {};
}

void Push(KioskState& state)
{
    state.History.push_back({state.Current, state.MutationIndex, state.CurrentPart});
    if (state.History.size() > kMaxHistory) state.History.erase(state.History.begin());
}

void StartFlip(KioskState& state, Side to, double now)
{
    if (state.FutureSide == to) return;
    // A flip requested mid-flip starts from the side currently visible.
    state.FlipFrom = VisibleSide(state, now);
    state.FutureSide = to;
    state.FlipStart = now;
}
} // namespace

const char* ScreenName(Screen screen)
{
    switch (screen) {
    case Screen::Welcome: return "welcome";
    case Screen::Mutations: return "mutations";
    case Screen::Mutation: return "mutation";
    case Screen::Act: return "act";
    case Screen::About: return "about";
    case Screen::Vote: return "vote";
    case Screen::Thanks: return "thanks";
    case Screen::Organiser: return "organiser";
    case Screen::Attract: return "attract";
    case Screen::OutOfOrder: return "out-of-order";
    case Screen::Wall: return "wall";
    }
    return "?";
}

bool IsAppIntent(IntentKind kind)
{
    switch (kind) {
    case IntentKind::ConfirmVote:
    case IntentKind::PinSubmit:
    case IntentKind::Export:
    case IntentKind::ConfirmArchive:
    case IntentKind::QuitApp:
    case IntentKind::RepeatSpeech: return true;
    default: return false;
    }
}

void Apply(KioskState& state, const Intent& intent, double now)
{
    // Without content only the organiser can act (to quit or export).
    if (state.Current == Screen::OutOfOrder && intent.Kind != IntentKind::OpenOrganiser) return;
    // The wall is read-only: nothing a touch or a key asks changes it.
    if (state.Current == Screen::Wall && intent.Kind != IntentKind::ShowOutOfOrder) return;
    const int count = state.MutationCount;
    switch (intent.Kind) {
    case IntentKind::Home:
        // The welcome screen starts a new visitor session: nothing of the last one remains.
        state.History.clear();
        Go(state, Screen::Welcome, 0, Part::Findings, now, -1);
        state.FutureSide = Side::Desirable;
        state.Choice.Clear();
        state.BallotFailedNotice = false;
        state.FullNoticeAt = -1e9;
        state.LastBallot.clear();
        state.PinDigits.clear();
        state.Unlocked = false;
        state.ArchiveAsked = false;
        state.IdleQuestion = false;
        state.AccessPanel = false;
        break;
    case IntentKind::EndVisit:
        Apply(state, {IntentKind::Home}, now);
        state.Options = state.Defaults;
        state.Language = state.DefaultLanguage;
        break;
    case IntentKind::Back:
        if (state.History.empty()) {
            if (state.Current != Screen::Welcome) Go(state, Screen::Welcome, 0, Part::Findings, now, -1);
        } else {
            KioskState::Place place = state.History.back();
            state.History.pop_back();
            Go(state, place.Where, place.Mutation, place.Which, now, -1);
        }
        break;
    case IntentKind::OpenMutations:
        Push(state);
        Go(state, Screen::Mutations, state.MutationIndex, Part::Findings, now, 1);
        break;
    case IntentKind::OpenMutation:
        if (intent.Index < 0 || intent.Index >= count) break;
        Push(state);
        Go(state, Screen::Mutation, intent.Index, Part::Findings, now, 1);
        state.FutureSide = Side::Desirable;
        break;
    case IntentKind::NextMutation:
    case IntentKind::PreviousMutation: {
        if (state.Current != Screen::Mutation || count == 0) break;
        int step = intent.Kind == IntentKind::NextMutation ? 1 : -1;
        int next = (state.MutationIndex + step + count) % count;
        // Swiping keeps the part the visitor is reading, so mutations can be compared.
        Part part = state.CurrentPart;
        Go(state, Screen::Mutation, next, part, now, step);
        break;
    }
    case IntentKind::OpenPart:
        if (state.Current != Screen::Mutation || intent.Index < 0 || intent.Index > int(Part::Initiatives)) break;
        if (state.CurrentPart == Part(intent.Index)) break;
        state.CurrentPart = Part(intent.Index);
        state.Compare = false;
        state.Scroll.Reset();
        state.TransitionStart = now;
        state.TransitionDirection = 1;
        break;
    case IntentKind::FlipFuture:
        StartFlip(state, state.FutureSide == Side::Desirable ? Side::Dystopian : Side::Desirable, now);
        break;
    case IntentKind::ShowSide:
        state.Compare = false;
        StartFlip(state, intent.Index == 0 ? Side::Desirable : Side::Dystopian, now);
        break;
    case IntentKind::ToggleCompare:
        state.Compare = !state.Compare;
        state.Scroll.Reset();
        state.TransitionStart = now;
        state.TransitionDirection = 1;
        break;
    case IntentKind::OpenAct:
        if (state.Current == Screen::Act) break;
        Push(state);
        Go(state, Screen::Act, state.MutationIndex, Part::Findings, now, 1);
        break;
    case IntentKind::OpenAbout:
        if (state.Current == Screen::About) break;
        Push(state);
        Go(state, Screen::About, state.MutationIndex, Part::Findings, now, 1);
        break;
    case IntentKind::OpenVote:
        if (state.Current == Screen::Vote) break;
        Push(state);
        Go(state, Screen::Vote, state.MutationIndex, Part::Findings, now, 1);
        state.BallotFailedNotice = false;
        break;
    case IntentKind::ToggleLever:
        if (state.Current != Screen::Vote || state.BallotFailedNotice) break;
        if (state.Choice.Flip(intent.Text, state.Rules.MaxLevers) == Selection::Toggle::Full)
            state.FullNoticeAt = now;
        else
            state.FullNoticeAt = -1e9;
        break;
    case IntentKind::BallotStored:
        // One ballot per session: the selection is consumed, thanks are shown.
        state.LastBallot = state.Choice.Levers();
        state.Choice.Clear();
        state.History.clear();
        Go(state, Screen::Thanks, state.MutationIndex, Part::Findings, now, 1);
        state.ThanksAt = now;
        break;
    case IntentKind::BallotFailed: state.BallotFailedNotice = true; break;
    case IntentKind::DismissFailure: state.BallotFailedNotice = false; break;
    case IntentKind::OpenOrganiser:
        if (state.Current == Screen::Organiser) break;
        state.History.clear();
        state.PinDigits.clear();
        state.Unlocked = false;
        state.ArchiveAsked = false;
        Go(state, Screen::Organiser, state.MutationIndex, Part::Findings, now, 1);
        break;
    case IntentKind::PinDigit:
        if (state.Current == Screen::Organiser && !state.Unlocked && state.PinDigits.size() < 8 && intent.Index >= 0 &&
            intent.Index <= 9)
            state.PinDigits += char('0' + intent.Index);
        break;
    case IntentKind::PinErase:
        if (!state.PinDigits.empty()) state.PinDigits.pop_back();
        break;
    case IntentKind::PinAccepted:
        state.PinDigits.clear();
        state.Unlocked = true;
        state.Scroll.Reset();
        break;
    case IntentKind::PinRejected:
        state.PinDigits.clear();
        state.PinRejectedAt = now;
        break;
    case IntentKind::LeaveOrganiser: Apply(state, {IntentKind::Home}, now); break;
    case IntentKind::Archive: state.ArchiveAsked = !state.ArchiveAsked; break;
    case IntentKind::IdleWarning:
        if (state.Current == Screen::Welcome || state.Current == Screen::Attract || state.IdleQuestion) break;
        state.IdleQuestion = true;
        state.IdleQuestionAt = now;
        break;
    case IntentKind::StillHere: state.IdleQuestion = false; break;
    case IntentKind::StartAttract:
        // The visitor has gone: the session ends, their accessibility choices with it.
        Apply(state, {IntentKind::EndVisit}, now);
        state.Current = Screen::Attract;
        state.AttractAt = now;
        state.TransitionStart = now;
        break;
    case IntentKind::LeaveAttract:
        if (state.Current != Screen::Attract) break;
        state.Current = Screen::Welcome;
        Apply(state, {IntentKind::OpenMutations}, now);
        break;
    case IntentKind::ShowWall:
        state.History.clear();
        state.Current = Screen::Wall;
        state.TransitionStart = now;
        break;
    case IntentKind::ShowOutOfOrder:
        if (state.Current == Screen::Organiser) break;
        state.Current = Screen::OutOfOrder;
        state.IdleQuestion = false;
        break;
    case IntentKind::OpenAccess:
        state.AccessPanel = true;
        state.Focus = {};
        break;
    case IntentKind::CloseAccess:
        state.AccessPanel = false;
        state.Focus = {};
        break;
    case IntentKind::SetTextSize: state.Options.TextSize = std::clamp(intent.Index, 0, 2); break;
    case IntentKind::ToggleContrast: state.Options.Contrast = !state.Options.Contrast; break;
    case IntentKind::ToggleMotion:
        state.Options.ReducedMotion = !state.Options.ReducedMotion;
        if (state.Options.ReducedMotion) state.Scroll.Velocity = 0;
        break;
    case IntentKind::ToggleBottom: state.Options.Bottom = !state.Options.Bottom; break;
    case IntentKind::ToggleSpeech: state.Options.Speech = !state.Options.Speech; break;
    case IntentKind::SetVolume: state.Options.Volume = std::clamp(intent.Index, 1, kAccessSteps); break;
    case IntentKind::SetRate: state.Options.Rate = std::clamp(intent.Index, 1, kAccessSteps); break;
    case IntentKind::SetLanguage:
        if (intent.Index >= 0 && intent.Index < state.LanguageCount) state.Language = intent.Index;
        break;
    default: break; // the app's own intents
    }
}

KioskState Transition(KioskState state, const Intent& intent, double now)
{
    Apply(state, intent, now);
    return state;
}

namespace {
struct KeyName {
    const char* Name;
    KeyAction Action;
};
// The usual ways out of a desktop program all mean "quit" (kiosk mode then ignores them). A
// numeric keypad without Num Lock sends its arrows' names as "Keypad 4"...; with it, the same.
constexpr KeyName kKeys[] = {
    {"Escape", KeyAction::Quit},
    {"Alt+F4", KeyAction::Quit},
    {"Ctrl+Q", KeyAction::Quit},
    {"Ctrl+W", KeyAction::Quit},
    {"Close", KeyAction::Quit},
    {"Home", KeyAction::Home},
    {"Backspace", KeyAction::Back},
    {"AC Back", KeyAction::Back},
    {"PageUp", KeyAction::Previous},
    {"PageDown", KeyAction::Next},
    {"Tab", KeyAction::FocusNext},
    {"Shift+Tab", KeyAction::FocusPrevious},
    {"Right", KeyAction::FocusNext},
    {"Down", KeyAction::FocusNext},
    {"Left", KeyAction::FocusPrevious},
    {"Up", KeyAction::FocusPrevious},
    {"Keypad 6", KeyAction::FocusNext},
    {"Keypad 2", KeyAction::FocusNext},
    {"Keypad 4", KeyAction::FocusPrevious},
    {"Keypad 8", KeyAction::FocusPrevious},
    {"Return", KeyAction::Activate},
    {"Enter", KeyAction::Activate},
    {"Keypad Enter", KeyAction::Activate},
    {"Space", KeyAction::Activate},
    {"Keypad 5", KeyAction::WhereAmI},
    {"F1", KeyAction::WhereAmI},
    {"+", KeyAction::VolumeUp},
    {"=", KeyAction::VolumeUp},
    {"Keypad +", KeyAction::VolumeUp},
    {"-", KeyAction::VolumeDown},
    {"Keypad -", KeyAction::VolumeDown},
};

std::string Lower(std::string s)
{
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return s;
}
} // namespace

KeyAction KeyByName(const std::string& name)
{
    const std::string wanted = Lower(name);
    for (const KeyName& k : kKeys)
        if (Lower(k.Name) == wanted) return k.Action;
    return KeyAction::None;
}

std::string KeyNames()
{
    std::string names;
    for (const KeyName& k : kKeys) names += (names.empty() ? "" : ", ") + std::string(k.Name);
    return names;
}

bool NoticeShown(const KioskState& state, double now)
{
    return now - state.FullNoticeAt < state.Durations.Notice || now - state.PinRejectedAt < state.Durations.Notice;
}

void ApplyGesture(KioskState& state, const Gesture& gesture, double now)
{
    switch (gesture.Type) {
    case Gesture::Scroll: state.Scroll.DragBy(gesture.Delta); break;
    case Gesture::ScrollRelease: state.Scroll.Release(state.Options.ReducedMotion ? 0 : gesture.Velocity); break;
    case Gesture::Swipe:
        // Finger moving left brings the next mutation, as pages of a book.
        Apply(state, {gesture.Direction < 0 ? IntentKind::NextMutation : IntentKind::PreviousMutation}, now);
        break;
    case Gesture::Tap: break;
    }
}

float TransitionProgress(const KioskState& state, double now)
{
    if (state.Options.ReducedMotion) return 1;
    double t = (now - state.TransitionStart) / state.Durations.ScreenTransition;
    return float(std::clamp(t, 0.0, 1.0));
}

float FlipProgress(const KioskState& state, double now)
{
    if (state.Options.ReducedMotion) return 1;
    double t = (now - state.FlipStart) / state.Durations.Flip;
    return float(std::clamp(t, 0.0, 1.0));
}

Side VisibleSide(const KioskState& state, double now)
{
    return FlipProgress(state, now) < 0.5f ? state.FlipFrom : state.FutureSide;
}

bool IsAnimating(const KioskState& state, double now)
{
    return TransitionProgress(state, now) < 1.0f || FlipProgress(state, now) < 1.0f || state.Scroll.IsMoving();
}

} // namespace ess

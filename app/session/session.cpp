// Input into gestures and intents, timers, and the frame's cycle of the session (see session.h).
#include "session/session.h"

#include "session/speech.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ess {

Session::Session(const SessionSettings& settings, Clock& clock) : Settings(settings), Time(clock)
{
    Current.Rules = Settings.Rules;
    Current.Defaults = Current.Options = Settings.AccessDefaults;
    Current.DefaultLanguage = Current.Language = Settings.DefaultLanguage;
    Shown.IdleCountdown = Settings.CountdownSeconds;
    Shown.KioskId = Settings.KioskId;
    Shown.VisitMonths = Settings.VisitMonths;
    Shown.DatabasePath = Settings.DatabasePath;
    PinHash = Settings.PinHash.empty() ? ReadPinHash() : Settings.PinHash;
    LastInput = Time.Now();
}

Session::~Session()
{
    if (std::optional<Visit> last = Recorder.Stop(Time.Now(), LastInput)) {
        if (VisitSink)
            VisitSink(std::move(*last));
        else if (VisitsOut)
            VisitsOut->Submit(std::move(*last)); // written before the writer's own destructor returns
    }
}

void Session::SetContent(const Content* content)
{
    Data = content;
    Current.MutationCount = content ? int(content->Mutations.size()) : 0;
    Recorder.KioskId = Settings.KioskId;
    Recorder.ContentVersion = content ? content->Version : "";
    if (!content) Apply({IntentKind::ShowOutOfOrder});
    if (Uploader) Uploader->SetContentVersion(content ? content->Version : "");
}

void Session::SetLanguages(std::vector<const Content*> languages, const std::string& default_code)
{
    Languages = std::move(languages);
    Shown.Languages.clear();
    int chosen = 0;
    for (size_t i = 0; i < Languages.size(); i++) {
        Shown.Languages.push_back(Languages[i]->LanguageName);
        if (!default_code.empty() && Languages[i]->Language == default_code) chosen = int(i);
    }
    if (!default_code.empty() && (Languages.empty() || Languages[size_t(chosen)]->Language != default_code))
        std::fprintf(stderr, "ess-kiosk: [visit] language \"%s\" is not among the content's languages: visits start in French\n",
                     default_code.c_str());
    Current.LanguageCount = std::max(1, int(Languages.size()));
    Recorder.Languages.clear();
    for (const Content* c : Languages) Recorder.Languages.push_back(c->Language);
    Current.DefaultLanguage = Current.Language = chosen;
}

const Content* Session::ContentShown() const
{
    if (!Data || Languages.empty()) return Data;
    return Languages[size_t(std::clamp(Current.Language, 0, int(Languages.size()) - 1))];
}

void Session::SetScreen(float width, float height, float px_per_mm)
{
    Width = width;
    Height = height;
    PxPerMm = px_per_mm;
    Recognizer.Settings.TapSlop = 4 * px_per_mm;
    Recognizer.Settings.SwipeDistance = 30 * px_per_mm;
}

void Session::Apply(const Intent& intent)
{
    Current = Transition(std::move(Current), intent, Time.Now());
    ObserveVisit();
}

// The visit log follows every change of state; a visit that ends goes to the writer, off the
// frame's path (it writes on a thread of its own).
void Session::ObserveVisit()
{
    if (!Data) return;
    const double now = Time.Now();
    if (!Recorder.Active() && (Current.Current == Screen::Welcome || Current.Current == Screen::Attract)) return;
    // (The wall clock's stamp only for the visit that starts: formatting it on every frame would cost.)
    std::optional<Visit> ended =
        Recorder.Observe(Current, now, LastInput, Recorder.Active() ? std::string() : FormatUtcIso(Time.Wall(now)));
    if (!ended) return;
    if (VisitSink) {
        VisitSink(std::move(*ended));
    } else if (VisitsOut) {
        VisitsOut->Submit(std::move(*ended));
    } else if (!VisitLostSaid) {
        VisitLostSaid = true; // the database never opened: said once, the ballots' own alert says why
        std::fprintf(stderr, "ess-kiosk: visit not recorded: the database is not open\n");
    }
}

void Session::SetReadings(std::vector<Reading> readings)
{
    Readings = std::move(readings);
    ReadingsPlace = PlaceKey();
    // An initiative's QR code is on screen when its link, written beneath it, is.
    if (Data && Recorder.Active() && Current.Current == Screen::Mutation && Current.CurrentPart == Part::Initiatives &&
        Current.MutationIndex >= 0 && size_t(Current.MutationIndex) < Data->Mutations.size()) {
        const std::vector<Initiative>& all = Data->Mutations[size_t(Current.MutationIndex)].Initiatives;
        for (size_t i = 0; i < all.size(); i++)
            for (const Reading& r : Readings)
                if (!all[i].Link.empty() && r.Text == all[i].Link) Recorder.QrSeen(Current.MutationIndex, int(i));
    }
}

void Session::Pointer(const PointerEvent& event)
{
    LastInput = event.Time;
    Recognizer.Feed(event);
}

void Session::Key(KeyAction key)
{
    const double now = Time.Now();
    if (key != KeyAction::None) LastInput = now;
    // A key answers "Vous êtes toujours là ?" as a touch does, and starts a visit from the attract loop.
    if (key != KeyAction::None && key != KeyAction::Quit) {
        if (Current.IdleQuestion) {
            Apply({IntentKind::StillHere});
            return;
        }
        if (Current.Current == Screen::Attract) {
            Apply({IntentKind::LeaveAttract});
            return;
        }
    }
    switch (key) {
    case KeyAction::Quit:
        // Locked down, only organiser mode quits: Escape, Alt+F4, Ctrl+Q, closing the window do nothing.
        if (Settings.LockedDown) {
            if (!QuitRefusedLogged)
                std::fprintf(stderr, "ess-kiosk: quit request ignored (kiosk mode: quit from organiser mode)\n");
            QuitRefusedLogged = true;
        } else {
            KeepRunning = false;
        }
        break;
    case KeyAction::Home: Apply({IntentKind::Home}); break;
    case KeyAction::Back: Apply({IntentKind::Back}); break;
    case KeyAction::Previous: Apply({IntentKind::PreviousMutation}); break;
    case KeyAction::Next: Apply({IntentKind::NextMutation}); break;
    case KeyAction::FocusNext: MoveFocus(+1); break;
    case KeyAction::FocusPrevious: MoveFocus(-1); break;
    case KeyAction::Activate: ActivateFocus(); break;
    case KeyAction::WhereAmI: SayWhereAmI(); break;
    case KeyAction::VolumeUp: Apply({IntentKind::SetVolume, Current.Options.Volume + 1}); break;
    case KeyAction::VolumeDown: Apply({IntentKind::SetVolume, Current.Options.Volume - 1}); break;
    case KeyAction::None: break;
    }
}

void Session::SetSpots(std::vector<Spot> spots, float page_top, float page_bottom)
{
    Targets = std::move(spots);
    PageTop = page_top;
    PageBottom = page_bottom;
}

void Session::MoveFocus(int step)
{
    if (Current.Current == Screen::Wall || Current.IdleQuestion) return;
    const std::vector<size_t> order = ReadingOrder(Targets, PageTop, 2 * PxPerMm);
    if (order.empty()) return;
    const int now_at = FindSpot(Targets, Current.Focus);
    size_t place = step > 0 ? 0 : order.size() - 1; // no focus yet: the first (or last) target
    for (size_t i = 0; i < order.size() && now_at >= 0; i++)
        if (int(order[i]) == now_at) place = (i + order.size() + size_t(step)) % order.size();
    Current.Focus = MarkOf(Targets, order[place]);
    ShowFocused(Targets[order[place]]);
    Armed = {};
    if (Speaking()) SayFocused(false);
}

void Session::ShowFocused(const Spot& spot)
{
    if (!spot.InPage || PageBottom <= PageTop) return;
    const float air = 4 * PxPerMm;
    float offset = Current.Scroll.Offset;
    if (spot.Y0 < PageTop + air)
        offset -= PageTop + air - spot.Y0;
    else if (spot.Y1 > PageBottom - air)
        offset += std::min(spot.Y1 - (PageBottom - air), spot.Y0 - (PageTop + air));
    if (offset != Current.Scroll.Offset) Current.Scroll.ScrollTo(std::clamp(offset, 0.0f, ScrollMax));
}

void Session::ActivateFocus()
{
    const int at = FindSpot(Targets, Current.Focus);
    if (at < 0) return;
    const Spot& s = Targets[size_t(at)];
    // Where it shows: a target half under a bar is touched on its visible part.
    float y0 = s.Y0, y1 = s.Y1;
    if (s.InPage) {
        y0 = std::max(y0, PageTop);
        y1 = std::min(y1, PageBottom);
    }
    if (y1 <= y0) return; // out of view (the page has not scrolled to it yet)
    PendingTap = true;
    if (Speaking()) SayAgainIn = 2;
    PendingX = s.CentreX();
    PendingY = (y0 + y1) * 0.5f;
}

void Session::ShowWall(WallFeed& feed)
{
    Feed = &feed;
    Apply({IntentKind::ShowWall});
    Poll();
}

bool Session::Poll()
{
    if (!Feed) return false;
    bool changed = false;
    WallFigures figures = Feed->Latest(changed);
    if (changed) Shown.Wall = std::move(figures);
    return changed;
}

void Session::Wheel(float pixels)
{
    LastInput = Time.Now();
    Current.Scroll.DragBy(pixels);
}

// Bottom-left corner, 20 mm square: five quick taps there open the organiser keypad.
bool Session::IsSecretCorner(float x, float y) const
{
    return x < 20 * PxPerMm && y > Height - 20 * PxPerMm;
}

bool Session::SecretTap(double now)
{
    const bool swallow = Corner.InRun(now);
    if (Corner.Tap(now)) {
        if (PinHash.empty())
            std::fprintf(stderr, "ess-kiosk: organiser mode is off: no PIN set (ess-kiosk --set-pin)\n");
        else
            Apply({IntentKind::OpenOrganiser});
    }
    return swallow;
}

FrameInput Session::BeginFrame()
{
    const double now = Time.Now();
    Tick();
    FrameInput input;
    std::vector<Gesture> gestures = Recognizer.Take();
    if (Current.IdleQuestion && (!gestures.empty() || Recognizer.IsPressed())) {
        Apply({IntentKind::StillHere});
        SwallowTouch = true;
    }
    if (SwallowTouch) {
        // The touch that answered the question does nothing else, up to its release.
        gestures.clear();
        SwallowTouch = Recognizer.IsPressed();
    }
    if (Current.Current == Screen::Attract) {
        // Any touch starts a visit: a drag or a swipe as much as a tap.
        for (const Gesture& g : gestures)
            if (g.Type != Gesture::Tap) {
                Apply({IntentKind::LeaveAttract});
                gestures.clear();
                break;
            }
    }
    // A visitor session ends at the welcome screen, and at confirmation (the thanks).
    if (Current.Current == Screen::Welcome || Current.Current == Screen::Thanks) BallotsThisSession = 0;
    for (const Gesture& g : gestures) {
        if (g.Type == Gesture::Tap) {
            if (IsSecretCorner(g.X, g.Y) && SecretTap(now)) continue; // swallowed: part of the organiser gesture
            if (!input.HasTap) {
                input.HasTap = true;
                input.TapX = g.X;
                input.TapY = g.Y;
            }
        } else if (Current.Current != Screen::OutOfOrder) {
            if (g.Type != Gesture::Swipe || Current.Current == Screen::Mutation) ApplyGesture(Current, g, now);
        }
    }
    // Reading aloud: a first touch on a target says what it is, a second activates it.
    if (input.HasTap && Speaking() && !ExploreTap(input.TapX, input.TapY)) input.HasTap = false;
    if (PendingTap) {
        // A key's activation: the focused target's tap, as a finger's.
        PendingTap = false;
        if (!input.HasTap && !Current.IdleQuestion) {
            input.HasTap = true;
            input.TapX = PendingX;
            input.TapY = PendingY;
        }
    }
    input.Pressed = Recognizer.IsPressed();
    input.PressX = Recognizer.PressX();
    input.PressY = Recognizer.PressY();
    Current.Scroll.Update(now, ScrollMax);
    if (!gestures.empty()) ObserveVisit(); // a swipe turned the mutation
    return input;
}

void Session::EndFrame(const std::vector<Intent>& intents, float scroll_max)
{
    for (const Intent& intent : intents) Dispatch(intent);
    if (!Data) Apply({IntentKind::ShowOutOfOrder});
    ScrollMax = scroll_max;
    SpeakAfterFrame();
}

void Session::Dispatch(const Intent& intent)
{
    if (IsAppIntent(intent.Kind))
        Perform(intent);
    else
        Apply(intent);
}

void Session::Perform(const Intent& intent)
{
    switch (intent.Kind) {
    case IntentKind::ConfirmVote: StoreBallot(); break;
    case IntentKind::PinSubmit: SubmitPin(); break;
    case IntentKind::Export: ExportResults(); break;
    case IntentKind::ConfirmArchive: ArchiveAndReset(); break;
    case IntentKind::QuitApp:
        std::fprintf(stderr, "ess-kiosk: quit from organiser mode\n");
        KeepRunning = false;
        break;
    case IntentKind::RepeatSpeech:
        // What the screen or the visitor's last change said, not "Répéter"'s own description.
        if (!LastWorthRepeating.empty())
            Say(LastWorthRepeating);
        else if (Speaker)
            Speaker->Repeat();
        break;
    default: break;
    }
}

// Timers on the clock: idle question and return, end of the thanks screen, the cooldown and PIN
// lock, a busy database tried again.
void Session::Tick()
{
    const double now = Time.Now();
    const Screen s = Current.Current;
    const bool idle = now - LastInput > Settings.IdleSeconds;
    if (s == Screen::Wall) {
        Poll();
        return; // read-only: no visitor, no idle question, no attract loop
    }
    if (s == Screen::Welcome && idle) {
        Apply({IntentKind::StartAttract});
    } else if (s != Screen::Welcome && s != Screen::Attract && s != Screen::OutOfOrder) {
        if (idle && !Current.IdleQuestion) Apply({IntentKind::IdleWarning});
        if (Current.IdleQuestion && now - Current.IdleQuestionAt > Settings.CountdownSeconds) {
            std::fprintf(stderr, "ess-kiosk: nobody answered; session reset, attract loop\n");
            Apply({IntentKind::StartAttract});
            BallotsThisSession = 0;
        }
    }
    if (Current.Current == Screen::Thanks && now - Current.ThanksAt > Current.Durations.Thanks) Apply({IntentKind::EndVisit});
    if (!Data) Apply({IntentKind::ShowOutOfOrder});
    if (DbRetryAt >= 0 && now >= DbRetryAt) OpenDatabase();
    Shown.CooldownLeft = Pace.CooldownLeft(now, Current.Rules);
    Shown.PinLockedFor = Lock.SecondsLeft(now);
    // Organiser mode says live what the upload does and today's visits as the writer stores them
    // (once a second: a count and a lock; a few small queries).
    if (Current.Current == Screen::Organiser && Current.Unlocked && (Uploader || VisitsOut) && now >= UploadShownAt + 1) {
        UploadShownAt = now;
        RefreshUpload();
        if (VisitsOut && Db.IsOpen()) RefreshVisits();
    }
}

// The attract loop moves only while one slide fades into the next: between fades it is a still
// picture, and the loop sleeps.
bool Session::AttractFading(double now) const
{
    if (Current.Current != Screen::Attract) return false;
    const double elapsed = now - Current.AttractAt;
    return elapsed >= kAttractSlide && std::fmod(elapsed, kAttractSlide) < kAttractFade + 0.05;
}

int Session::WallPages() const
{
    return Data ? int(Data->Act.Axes.size()) : 0;
}

bool Session::NeedsFrames() const
{
    const double now = Time.Now();
    const bool wall = Current.Current == Screen::Wall;
    const bool wall_moving =
        wall && (now - Shown.Wall.ChangedAt < kWallGrowSeconds || (WallPages() > 1 && WallPageFade(now) < 1));
    const bool fading = AttractFading(now) && !Current.Options.ReducedMotion;
    return IsAnimating(Current, now) || Recognizer.IsPressed() || fading || wall_moving;
}

double Session::NextDeadline() const
{
    const double now = Time.Now();
    double next = -1;
    const auto consider = [&](double at) {
        if (at > now && (next < 0 || at - now < next)) next = at - now;
    };
    // The wall's figures come through Poll(), looked at on every wake-up; its pages turn alone.
    if (Current.Current == Screen::Wall) return WallPages() > 1 ? NextWallPage(now) - now : -1;
    consider(Current.FullNoticeAt + Current.Durations.Notice);
    consider(Current.PinRejectedAt + Current.Durations.Notice);
    if (Current.Current != Screen::OutOfOrder) consider(LastInput + Settings.IdleSeconds);
    if (Current.Current == Screen::Thanks) consider(Current.ThanksAt + Current.Durations.Thanks);
    if (Current.Current == Screen::Vote && Shown.CooldownLeft > 0) consider(now + Shown.CooldownLeft);
    if (Current.Current == Screen::Organiser && Shown.PinLockedFor > 0) consider(now + std::min(1.0, Shown.PinLockedFor));
    if (Current.Current == Screen::Organiser && Current.Unlocked && (Uploader || VisitsOut)) consider(UploadShownAt + 1);
    if (DbRetryAt >= 0) consider(DbRetryAt);
    if (Current.IdleQuestion) {
        // The countdown's number changes every second, and the session ends at zero.
        const double into = now - Current.IdleQuestionAt;
        consider(Current.IdleQuestionAt + std::floor(into) + 1.0);
        consider(Current.IdleQuestionAt + Settings.CountdownSeconds);
    }
    if (Current.Current == Screen::Attract) {
        const double elapsed = now - Current.AttractAt;
        consider(Current.AttractAt + (std::floor(elapsed / kAttractSlide) + 1) * kAttractSlide);
    }
    return next;
}

} // namespace ess

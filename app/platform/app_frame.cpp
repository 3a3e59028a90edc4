// Input into gestures and intents, timers, and one frame drawn (and rasterised when someone sees it); see app.h.
#include "platform/app.h"

namespace ess {

void App::Feed(const PointerEvent& e)
{
    LastInput = e.Time;
    Recognizer.Feed(e);
}

void App::DoKey(KeyAction key, double now)
{
    if (key != KeyAction::None) LastInput = now;
    switch (key) {
    case KeyAction::Quit:
        // Locked down, only organiser mode quits: Escape, Alt+F4, Ctrl+Q, closing the window do nothing.
        if (LockedDown()) {
            if (!QuitRefusedLogged)
                std::fprintf(stderr, "ess-kiosk: quit request ignored (kiosk mode: quit from organiser mode)\n");
            QuitRefusedLogged = true;
        } else {
            Running = false;
        }
        break;
    case KeyAction::Home: Apply(State, {IntentKind::Home}, now); break;
    case KeyAction::Back: Apply(State, {IntentKind::Back}, now); break;
    case KeyAction::Previous: Apply(State, {IntentKind::PreviousMutation}, now); break;
    case KeyAction::Next: Apply(State, {IntentKind::NextMutation}, now); break;
    case KeyAction::None: break;
    }
}

// One frame: gestures → state, screens → draw and intents → state. With `shot`, the
// rendered frame is saved before it is presented.
bool App::DrawFrame(double now, const std::string& shot)
{
    const bool raster = !Options.Headless || !shot.empty() || Options.BenchFrames > 0;
    const double build_start = ThreadCpuMs();
    Tick(now);
    UiInput input;
    std::vector<Gesture> gestures = Recognizer.Take();
    if (State.IdleQuestion && (!gestures.empty() || Recognizer.IsPressed())) {
        Apply(State, {IntentKind::StillHere}, now);
        SwallowTouch = true;
    }
    if (SwallowTouch) {
        // The touch that answered the question does nothing else, up to its release.
        gestures.clear();
        SwallowTouch = Recognizer.IsPressed();
    }
    if (State.Current == Screen::Attract) {
        // Any touch starts a visit: a drag or a swipe as much as a tap.
        for (const Gesture& g : gestures)
            if (g.Type != Gesture::Tap) {
                Apply(State, {IntentKind::LeaveAttract}, now);
                gestures.clear();
                break;
            }
    }
    // A visitor session ends at the welcome screen, and at confirmation (the thanks): the issue's
    // definition. SessionBallots counts ballots since the last end, for the monkey's invariant.
    if (State.Current == Screen::Welcome || State.Current == Screen::Thanks) SessionBallots = 0;
    for (const Gesture& g : gestures) {
        if (g.Type == Gesture::Tap) {
            if (IsSecretCorner(g.X, g.Y) && SecretTap(now)) continue; // swallowed: part of the organiser gesture
            if (!input.HasTap) {
                input.HasTap = true;
                input.Tap = ImVec2(g.X, g.Y);
            }
        } else if (State.Current != Screen::OutOfOrder) {
            if (g.Type != Gesture::Swipe || State.Current == Screen::Mutation) ApplyGesture(State, g, now);
        }
    }
    input.Pressed = Recognizer.IsPressed();
    input.PressPos = ImVec2(Recognizer.PressX(), Recognizer.PressY());
    State.Scroll.Update(now, LastScrollMax);

    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(float(Screen.Width), float(Screen.Height));
    io.DeltaTime = float(std::max(1e-4, now - LastFrameTime));
    LastFrameTime = now;
    ImGui_ImplSDLRenderer_NewFrame();
    ImGui::NewFrame();
    UiOutput out = Ui.DrawFrame(State, HasContent ? &Data : nullptr, Problems, Facts, Look, Pictures, input, now);
    ImGui::Render();
    const double build_end = ThreadCpuMs();
    const double raster_start = ProcessCpuMs();
    LastBuildMs = build_end - build_start;
    LastRasterMs = 0;
    bool ok = true;
    // Headless, nobody sees the frames: rasterise only those a script photographs.
    if (raster) {
        const ImVec4 paper = ImGui::ColorConvertU32ToFloat4(Look.Colours.Background);
        SDL_SetRenderDrawColor(Screen.Renderer, Uint8(paper.x * 255), Uint8(paper.y * 255), Uint8(paper.z * 255), 255);
        SDL_RenderClear(Screen.Renderer);
        RenderDrawData(Screen.Renderer, ImGui::GetDrawData());
        if (!shot.empty()) {
            std::string error;
            ok = SaveScreenshot(Screen.Renderer, Screen.Width, Screen.Height, shot, error);
            if (!ok) std::fprintf(stderr, "ess-kiosk: %s\n", error.c_str());
        }
        SDL_RenderPresent(Screen.Renderer);
        // The whole process: a GL driver such as llvmpipe rasterises on its own threads.
        LastRasterMs = ProcessCpuMs() - raster_start;
    }
    Ui.Trim();

    for (const Intent& intent : out.Intents) {
        if (IsAppIntent(intent.Kind))
            Perform(intent, now);
        else
            Apply(State, intent, now);
    }
    if (!HasContent && State.Current != Screen::Organiser) State.Current = Screen::OutOfOrder;
    LastScrollMax = out.ScrollMax;
    Targets = std::move(out.Targets);
    Texts = std::move(out.Texts);
    Cards = std::move(out.Cards);
    PageArea = out.PageArea;
    return ok;
}

// The attract loop moves only while one slide fades into the next: between fades it is a
// still picture, and the loop sleeps.
bool App::AttractFading(double now) const
{
    if (State.Current != Screen::Attract) return false;
    double elapsed = now - State.AttractAt;
    return elapsed >= kAttractSlide && std::fmod(elapsed, kAttractSlide) < kAttractFade + 0.05;
}

// Returns true when the tap must not reach the screens (the 2nd to 5th of a run).
bool App::SecretTap(double now)
{
    bool swallow = Corner.InRun(now);
    if (Corner.Tap(now)) {
        if (PinHash.empty())
            std::fprintf(stderr, "ess-kiosk: organiser mode is off: no PIN set (ess-kiosk --set-pin)\n");
        else
            Apply(State, {IntentKind::OpenOrganiser}, now);
    }
    return swallow;
}

// Timers on the clock: idle return, end of the thanks screen, the cooldown and PIN lock, and
// another try at a busy database.
void App::Tick(double now)
{
    // Unattended: the question, then (unanswered) the end of the session and the attract loop.
    const ess::Screen s = State.Current;
    const bool idle = now - LastInput > Options.IdleSeconds;
    if (s == Screen::Welcome && idle) {
        Apply(State, {IntentKind::StartAttract}, now);
    } else if (s != Screen::Welcome && s != Screen::Attract && s != Screen::OutOfOrder) {
        if (idle && !State.IdleQuestion) Apply(State, {IntentKind::IdleWarning}, now);
        if (State.IdleQuestion && now - State.IdleQuestionAt > Options.CountdownSeconds) {
            std::fprintf(stderr, "ess-kiosk: nobody answered; session reset, attract loop\n");
            Apply(State, {IntentKind::StartAttract}, now);
            SessionBallots = 0;
        }
    }
    if (State.Current == Screen::Thanks && now - State.ThanksAt > State.Durations.Thanks) Apply(State, {IntentKind::Home}, now);
    if (!HasContent && State.Current != Screen::Organiser) State.Current = Screen::OutOfOrder;
    Facts.CooldownLeft = Pace.CooldownLeft(now, State.Rules);
    Facts.PinLockedFor = Lock.SecondsLeft(now);
    if (DbRetryAt >= 0 && now >= DbRetryAt && !Db.IsOpen()) { OpenDatabase(now); }
}

} // namespace ess

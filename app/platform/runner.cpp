// The kiosk's main loop, interactive (real clock, sleeps while nothing moves) or scripted
// (virtual clock, input from a script file, screenshots and expectations).
#include <SDL.h>
#include <systemd/sd-daemon.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include <unistd.h>

#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>

#include "content/glyphs.h"
#include "content/loader.h"
#include "core/script.h"
#include "platform/platform.h"
#include "platform/render.h"
#include "platform/startup.h"
#include "ui/font_cache.h"
#include "storage/database.h"
#include "storage/exchange.h"
#include "ui/kiosk_ui.h"
#include "ui/screens.h"

namespace fs = std::filesystem;

namespace ess {

namespace {

constexpr double kFrame = 1.0 / 60.0;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kUnderAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kUnderAddressSanitizer = true;
#else
constexpr bool kUnderAddressSanitizer = false;
#endif
#else
constexpr bool kUnderAddressSanitizer = false;
#endif

// Taken during static initialisation, a few milliseconds after the process was started.
const std::chrono::steady_clock::time_point kProcessStart = std::chrono::steady_clock::now();

// CPU time of this thread: a frame's cost, not the time another process held the core.
double ThreadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

double ProcessCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

double MillisecondsSinceStart()
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - kProcessStart).count();
}

// Where start-up time goes, stage by stage: printed with the first frame ("display 12 ms, ...").
struct StartupStages {
    std::string Text;
    double Last = 0;
    void Mark(const char* stage)
    {
        const double now = MillisecondsSinceStart();
        Text += (Text.empty() ? "" : ", ") + std::string(stage) + " " + std::to_string(int(std::lround(now - Last))) + " ms";
        Last = now;
    }
};
StartupStages g_startup;

class App {
public:
    explicit App(const RunOptions& options) : Options(options) {}

    int Run()
    {
        std::string error;
        g_startup.Mark("process");
        // Content, pictures and fonts load on two worker threads while this one opens the
        // display and the database: start-up is the longer path, not the sum.
        Loader = std::make_unique<Preloader>(Options.ContentDir, Options.AssetsDir, Options.Dpi, Options.KioskId);
        Preloader& preload = *Loader;
        if (!StartVideo(Options, error)) {
            std::fprintf(stderr, "ess-kiosk: %s\n", error.c_str());
            return 1;
        }
        int predicted_w = 0, predicted_h = 0;
        PredictOutputSize(Options, predicted_w, predicted_h);
        preload.SetScreenSize(predicted_w, predicted_h);
        if (!OpenDisplay(Options, Screen, error)) {
            std::fprintf(stderr, "ess-kiosk: %s\n", error.c_str());
            Loader.reset();
            CloseDisplay(Screen);
            return 1;
        }
        int window_w = 0, window_h = 0;
        SDL_GetWindowSize(Screen.Window, &window_w, &window_h);
        Input.MouseScale = window_w > 0 ? float(Screen.Width) / window_w : 1.0f;
        g_startup.Mark("display");
        State.Rules = Options.Rules;
        PinHash = Options.PinHash.empty() ? ReadPinHash() : Options.PinHash;
        Facts.IdleCountdown = Options.CountdownSeconds;
        // Scripts, benchmarks and the monkey start with the database open and every picture in
        // place; the interactive loop shows its first frame (the welcome screen, which needs
        // neither) without waiting for them: a new database's creation syncs the disk.
        const bool interactive = Options.BenchFrames == 0 && Options.MonkeyEvents == 0 && !Options.Headless;
        if (!interactive) OpenDatabase();

        Preloader::Result prepared = preload.Take();
        g_startup.Mark("content and fonts (wait)");
        // The atlas was built without a context (ImGui's allocation counter belongs to one);
        // the context is made now and shares it.
        FontAtlas = std::move(prepared.Atlas);
        if (!FontAtlas) FontAtlas = std::make_unique<ImFontAtlas>();
        IMGUI_CHECKVERSION();
        ImGui::CreateContext(FontAtlas.get());
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr; // nothing of ImGui's own state is saved on a kiosk
        io.LogFilename = nullptr;
        ImGui_ImplSDLRenderer_Init(Screen.Renderer);
        TakeContent(prepared);
        g_startup.Mark("textures");
        if (!interactive) TakePictures();

        int status = Options.BenchFrames > 0    ? RunFrameBench()
                     : Options.MonkeyEvents > 0 ? RunMonkey()
                     : Options.Headless         ? RunScript()
                                                : RunInteractive();

        Loader.reset();
        ImGui_ImplSDLRenderer_Shutdown();
        ImGui::DestroyContext();
        FontAtlas.reset();
        FreeImages(Pictures);
        CloseDisplay(Screen);
        return status;
    }

private:
    // The prepared content, pictures and theme, put to use (main thread: textures).
    void TakeContent(Preloader::Result& prepared)
    {
        ContentLoad& load = prepared.Load;
        for (const ContentProblem& p : load.Problems) std::fprintf(stderr, "%s\n", p.Format().c_str());
        if (load.Usable()) {
            Data = std::move(load.Data);
            HasContent = true;
            State.MutationCount = int(Data.Mutations.size());
        } else {
            State.Current = Screen::OutOfOrder;
            Problems = prepared.Problems;
            std::fprintf(stderr, "ess-kiosk: content unusable, showing the out-of-order screen\n");
        }
        if (prepared.Width == Screen.Width && prepared.Height == Screen.Height) {
            Look = std::move(prepared.Look);
            FinishTheme();
        } else {
            // The screen is not the size foreseen (a high-DPI scale, a window manager's choice).
            std::fprintf(stderr, "ess-kiosk: screen is %dx%d, not %dx%d as foreseen: fonts built again\n", Screen.Width,
                         Screen.Height, prepared.Width, prepared.Height);
            SetUpTheme();
        }
    }

    // The decoded pictures made into textures (waits for them if they are not ready).
    void TakePictures()
    {
        if (!Loader) return;
        Preloader::Later later = Loader->TakePictures();
        Loader.reset();
        for (const ContentProblem& p : later.GlyphProblems) std::fprintf(stderr, "%s\n", p.Format().c_str());
        UploadImages(Screen.Renderer, later.Pictures, Pictures);
    }

    void OpenDatabase()
    {
        std::string error, moved;
        if (!Db.OpenOrRecover(Options.DatabasePath, moved, error)) {
            std::fprintf(stderr, "ess-kiosk: database: %s (ballots cannot be stored)\n", error.c_str());
            Facts.Alert = error;
        } else {
            std::fprintf(stderr, "ess-kiosk: database %s (schema %d)\n", Db.Path().c_str(), Db.SchemaVersion());
        }
        if (Options.TestRefuseWrites && Db.IsOpen() && !Db.RefuseWrites(error))
            std::fprintf(stderr, "ess-kiosk: %s\n", error.c_str());
        if (!moved.empty()) {
            // Storage has logged the move; organisers see it on their screen.
            Facts.Alert = "la base " + Options.DatabasePath + " était endommagée ; elle a été mise de côté (" + moved +
                          ") et une base neuve a été créée.";
        }
        RefreshFigures();
    }

    std::string ReadPinHash() const
    {
        std::ifstream in(Options.PinFile);
        std::string hash;
        std::getline(in, hash);
        return hash;
    }

    // The tallies and facts shown on the thanks and organiser screens, read from storage.
    void RefreshFigures()
    {
        Facts.KioskId = Options.KioskId;
        Facts.DatabasePath = Db.IsOpen() ? Db.Path() : Options.DatabasePath;
        if (!Db.IsOpen()) {
            Facts.DatabaseHealth = "indisponible";
            return;
        }
        Tally tally;
        std::string error;
        if (!Db.LoadTally(tally, error)) std::fprintf(stderr, "ess-kiosk: tally: %s\n", error.c_str());
        Facts.Ballots = tally.Ballots;
        Facts.Flagged = tally.Flagged;
        const auto rows = [](const std::vector<Count>& counts) {
            std::vector<Figures::Row> out;
            for (const Count& c : counts) out.push_back({c.Key, c.Ballots});
            return out;
        };
        Facts.PerLever = rows(tally.PerLever);
        Facts.PerDay = rows(tally.PerDay);
        Facts.PerHour = rows(tally.PerHour);
        Facts.LastExport = Db.GetMeta("last_export");
    }

    void RefreshHealth()
    {
        if (!Db.IsOpen()) return;
        Health h = Db.CheckHealth();
        char size[32];
        std::snprintf(size, sizeof size, "%.1f Mo", double(h.FileBytes) / (1024.0 * 1024.0));
        Facts.DatabaseSize = size;
        Facts.DatabaseHealth = h.Ok ? "bonne (" + h.QuickCheck + ", schéma " + std::to_string(h.SchemaVersion) + ")"
                                    : "à vérifier : " + h.QuickCheck;
    }

    // --- what the app performs itself: storage, PIN, export, quitting ---------------------

    void Perform(const Intent& intent, double now)
    {
        switch (intent.Kind) {
        case IntentKind::ConfirmVote: StoreBallot(now); break;
        case IntentKind::PinSubmit:
            if (Lock.Locked(now) || State.PinDigits.empty()) break;
            if (VerifyPin(PinHash, State.PinDigits)) {
                Lock.Succeeded();
                Apply(State, {IntentKind::PinAccepted}, now);
                RefreshFigures();
                RefreshHealth();
                Facts.Notice.clear();
                std::fprintf(stderr, "ess-kiosk: organiser mode opened\n");
            } else {
                Lock.Failed(now);
                Apply(State, {IntentKind::PinRejected}, now);
                std::fprintf(stderr, "ess-kiosk: wrong organiser PIN (%d in a row)\n", Lock.FailureCount());
            }
            break;
        case IntentKind::Export: ExportResults(); break;
        case IntentKind::ConfirmArchive: {
            std::string archived, error;
            if (Db.IsOpen() && Db.ArchiveAndReset(archived, error)) {
                Facts.Notice = "Archivé dans " + archived + " ; nouvelle base vide.";
                std::fprintf(stderr, "ess-kiosk: database archived to %s\n", archived.c_str());
            } else {
                Facts.Notice = "Archivage impossible : " + (error.empty() ? std::string("base indisponible") : error);
            }
            Apply(State, {IntentKind::Archive}, now); // close the confirmation
            RefreshFigures();
            RefreshHealth();
            break;
        }
        case IntentKind::QuitApp:
            std::fprintf(stderr, "ess-kiosk: quit from organiser mode\n");
            Running = false;
            break;
        default: break;
        }
    }

    void StoreBallot(double now)
    {
        if (State.Choice.Empty() || Pace.InCooldown(now, State.Rules) || State.BallotFailedNotice) return;
        Ballot ballot;
        ballot.Uuid = NewUuid();
        ballot.KioskId = Options.KioskId;
        ballot.CreatedUtc = UtcNowIso();
        ballot.ContentVersion = Data.Version;
        ballot.Levers = State.Choice.Levers();
        ballot.Flags = Pace.FlagsFor(now, State.Rules);
        std::string error = "database unavailable";
        // Thanks only once COMMIT has returned: a ballot shown as counted is on disk.
        if (Db.IsOpen() && Db.RecordBallot(ballot, error)) {
            Pace.Recorded(now);
            std::fprintf(stderr, "ballot committed %s\n", ballot.Uuid.c_str());
            SessionBallots++;
            Apply(State, {IntentKind::BallotStored}, now);
            RefreshFigures();
        } else {
            std::fprintf(stderr, "ess-kiosk: ballot NOT stored: %s\n", error.c_str());
            Apply(State, {IntentKind::BallotFailed}, now);
        }
    }

    void ExportResults()
    {
        std::string dir = Options.ExportDir;
        std::error_code ec;
        fs::create_directories(dir, ec);
        std::vector<std::pair<std::string, std::string>> labels;
        for (const Axis& a : Data.Act.Axes)
            for (const Lever& l : a.Levers) labels.push_back({l.Id, PlainText(l.Text)});
        const std::string stem = (fs::path(dir) / ("ess2040-" + Options.KioskId + "-" + UtcStampForFileName())).string();
        std::string error;
        bool ok = !ec && Db.IsOpen();
        if (ok) {
            std::ofstream csv(stem + ".csv", std::ios::binary), json(stem + ".json", std::ios::binary);
            ok = csv && json && ExportCsv(Db, labels, csv, error) && ExportJson(Db, labels, json, error);
            csv.close();
            json.close();
            ok = ok && csv.good() && json.good(); // a full USB stick fails here, not silently
        }
        if (ok) {
            Db.SetMeta("last_export", UtcNowIso() + " → " + stem + ".csv", error);
            Facts.Notice = "Exporté : " + stem + ".csv et .json";
            std::fprintf(stderr, "ess-kiosk: exported to %s.csv and .json\n", stem.c_str());
        } else {
            Facts.Notice = "Export impossible vers " + dir + " : " +
                           (ec              ? ec.message()
                            : error.empty() ? "écriture refusée"
                                            : error);
            std::fprintf(stderr, "ess-kiosk: export to %s failed: %s\n", dir.c_str(), Facts.Notice.c_str());
        }
        RefreshFigures();
    }

    // Timers on the clock: idle return, end of the thanks screen, the cooldown and PIN lock.
    void Tick(double now)
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
        if (State.Current == Screen::Thanks && now - State.ThanksAt > State.Durations.Thanks)
            Apply(State, {IntentKind::Home}, now);
        if (!HasContent && State.Current != Screen::Organiser) State.Current = Screen::OutOfOrder;
        Facts.CooldownLeft = Pace.CooldownLeft(now, State.Rules);
        Facts.PinLockedFor = Lock.SecondsLeft(now);
    }

    // Theme and fonts for the screen's current size (start-up when the size was not foreseen, resizes).
    void SetUpTheme()
    {
        const std::set<uint32_t> used = HasContent ? ContentCodepoints(Data) : std::set<uint32_t>{};
        BuildTheme(Look, *ImGui::GetIO().Fonts, Screen.Width, Screen.Height, Options.Dpi,
                   ThemeCodepoints(HasContent ? &used : nullptr, Problems, Options.KioskId), Options.AssetsDir,
                   DefaultFontCachePath(Screen.Width, Screen.Height));
        FinishTheme();
    }

    void FinishTheme()
    {
        Recognizer.Settings.TapSlop = Look.Mm(4);
        Recognizer.Settings.SwipeDistance = Look.Mm(30);
        ImGui_ImplSDLRenderer_DestroyFontsTexture();
        ImGui_ImplSDLRenderer_CreateFontsTexture();
        // The texture holds the glyphs now: the atlas's CPU copies (8-bit and 32-bit) are dead weight.
        ImGui::GetIO().Fonts->ClearTexData();
        Ui.ThemeChanged();
    }

    void Feed(const PointerEvent& e)
    {
        LastInput = e.Time;
        Recognizer.Feed(e);
    }

    void DoKey(KeyAction key, double now)
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
    bool DrawFrame(double now, const std::string& shot = {})
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
        return ok;
    }

    bool NeedsFrames(double now) const { return IsAnimating(State, now) || Recognizer.IsPressed() || AttractFading(now); }

    bool LockedDown() const { return Options.Kiosk || Options.MonkeyEvents > 0; }

    // The attract loop moves only while one slide fades into the next: between fades it is a
    // still picture, and the loop sleeps.
    bool AttractFading(double now) const
    {
        if (State.Current != Screen::Attract) return false;
        double elapsed = now - State.AttractAt;
        return elapsed >= kAttractSlide && std::fmod(elapsed, kAttractSlide) < kAttractFade + 0.05;
    }

    // Bottom-left corner, 20 mm square: five quick taps there open the organiser keypad.
    bool IsSecretCorner(float x, float y) const { return x < Look.Mm(20) && y > Screen.Height - Look.Mm(20); }

    // Returns true when the tap must not reach the screens (the 2nd to 5th of a run).
    bool SecretTap(double now)
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

    // Seconds until something changes by itself (a notice ends, idle return, thanks end,
    // cooldown over); negative when nothing will: the loop then sleeps until the next event.
    double NextDeadline(double now) const
    {
        double next = -1;
        const auto consider = [&](double at) {
            if (at > now && (next < 0 || at - now < next)) next = at - now;
        };
        consider(State.FullNoticeAt + State.Durations.Notice);
        consider(State.PinRejectedAt + State.Durations.Notice);
        if (State.Current != Screen::Welcome && State.Current != Screen::OutOfOrder) consider(LastInput + Options.IdleSeconds);
        if (State.Current == Screen::Thanks) consider(State.ThanksAt + State.Durations.Thanks);
        if (State.Current == Screen::Vote && Facts.CooldownLeft > 0) consider(now + Facts.CooldownLeft);
        if (State.Current == Screen::Organiser && Facts.PinLockedFor > 0) consider(now + std::min(1.0, Facts.PinLockedFor));
        if (State.Current == Screen::Welcome) consider(LastInput + Options.IdleSeconds);
        if (State.IdleQuestion) {
            // The countdown's number changes every second, and the session ends at zero.
            double into = now - State.IdleQuestionAt;
            consider(State.IdleQuestionAt + std::floor(into) + 1.0);
            consider(State.IdleQuestionAt + Options.CountdownSeconds);
        }
        if (State.Current == Screen::Attract) {
            double elapsed = now - State.AttractAt;
            consider(State.AttractAt + (std::floor(elapsed / kAttractSlide) + 1) * kAttractSlide);
        }
        return next;
    }

    int RunInteractive()
    {
        const auto start = std::chrono::steady_clock::now();
        const auto clock = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
        bool dirty = true;
        // Under systemd with WatchdogSec, the loop must say it is alive at least twice per period,
        // also while it sleeps: a hung loop stops saying it, and systemd restarts the kiosk.
        uint64_t watchdog_usec = 0;
        const double watchdog = sd_watchdog_enabled(0, &watchdog_usec) > 0 ? double(watchdog_usec) / 2e6 : -1;
        bool first_frame = true;
        bool pictures_in = false; // uploaded, to be logged once the frame showing them is presented
        bool animating = false;
        const char* driver = SDL_GetCurrentVideoDriver();
        PollingDriver = driver && std::string(driver) == "dummy";
        // --bench-input: a tap on a tab, pushed as SDL events, timed until the frame showing the
        // other part has been presented.
        bool probe_pending = false;
        double probe_start = 0;
        Part probe_part = State.CurrentPart;
        std::vector<double> probe_ms;
        if (Options.BenchInput > 0 && HasContent) Apply(State, {IntentKind::OpenMutation, 0}, clock());
        while (Running) {
            if (Options.BenchInput > 0 && !probe_pending && !first_frame && !NeedsFrames(clock())) {
                const std::string label =
                    Data.Ui.Get(State.CurrentPart == Part::Findings ? "mutation.signaux" : "mutation.constats");
                for (const TouchTarget& t : Targets)
                    if (t.Label == label) {
                        SDL_Event press{};
                        press.type = SDL_MOUSEBUTTONDOWN;
                        press.button.button = SDL_BUTTON_LEFT;
                        press.button.x = int(t.Rect.GetCenter().x / Input.MouseScale);
                        press.button.y = int(t.Rect.GetCenter().y / Input.MouseScale);
                        SDL_Event release = press;
                        release.type = SDL_MOUSEBUTTONUP;
                        probe_start = clock();
                        probe_part = State.CurrentPart;
                        SDL_PushEvent(&press);
                        SDL_PushEvent(&release);
                        probe_pending = true;
                        dirty = true; // take the events now, as a real touch would wake the loop
                        break;
                    }
            }
            if (StopSignal()) {
                std::fprintf(stderr, "ess-kiosk: stopping on signal %d\n", StopSignal());
                break;
            }
            if (watchdog > 0) sd_notify(0, "WATCHDOG=1");
            if (Loader && !first_frame && Loader->PicturesReady()) {
                TakePictures();
                dirty = true;
                pictures_in = true;
            }
            SDL_Event e;
            // Event-driven: with nothing moving, sleep until the next touch (no busy loop).
            bool got = false;
            // The frame after an animation ends shows it at rest (full opacity, in place).
            if (animating && !NeedsFrames(clock())) dirty = true;
            if (NeedsFrames(clock()) || dirty) {
                got = SDL_PollEvent(&e);
            } else {
                const double timer = NextDeadline(clock());
                double wait = timer;
                if (watchdog > 0 && (wait < 0 || wait > watchdog)) wait = watchdog;
                // A stop signal does not wake SDL's wait: look at least once a second (a few µs).
                if (wait < 0 || wait > 1.0) wait = 1.0;
                if (Loader) wait = std::min(wait, 0.004); // pictures on their way: look for them often
                if (PollingDriver) {
                    // SDL's dummy driver cannot block in a wait: it would poll every millisecond.
                    // Nothing can arrive from it but what we push ourselves: sleep, then look.
                    got = SDL_PollEvent(&e);
                    if (!got) {
                        SDL_Delay(Uint32(wait * 1000) + 1);
                        got = SDL_PollEvent(&e);
                    }
                } else {
                    got = SDL_WaitEventTimeout(&e, int(wait * 1000) + 1);
                }
                // Redraw only when one of the screen's own timers came due, not for these checks.
                if (!got && timer >= 0 && wait >= timer) dirty = true;
            }
            while (got) {
                if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
                    const int old_w = Screen.Width, old_h = Screen.Height;
                    SDL_GetRendererOutputSize(Screen.Renderer, &Screen.Width, &Screen.Height);
                    int ww = 0, wh = 0;
                    SDL_GetWindowSize(Screen.Window, &ww, &wh);
                    Input.MouseScale = ww > 0 ? float(Screen.Width) / ww : 1.0f;
                    // SDL reports the window's first size too: fonts are built again only for a new one.
                    if (Screen.Width != old_w || Screen.Height != old_h) SetUpTheme();
                }
                std::vector<PointerEvent> events;
                KeyAction key = KeyAction::None;
                float wheel = 0;
                Input.Translate(e, Screen.Width, Screen.Height, clock(), events, key, wheel);
                for (const PointerEvent& p : events) Feed(p);
                DoKey(key, clock());
                if (wheel != 0) State.Scroll.DragBy(wheel * Look.Size(TextStyle::Body) * 3);
                dirty = true;
                got = SDL_PollEvent(&e);
            }
            if (!Running) break;
            if (dirty || NeedsFrames(clock())) {
                const double frame_start = clock();
                DrawFrame(frame_start);
                animating = NeedsFrames(frame_start);
                dirty = false;
                if (probe_pending && State.CurrentPart != probe_part) {
                    probe_ms.push_back((clock() - probe_start) * 1000);
                    probe_pending = false;
                    if (int(probe_ms.size()) >= Options.BenchInput) {
                        PrintStats("input_to_present_ms", probe_ms);
                        Running = false;
                    }
                }
                if (first_frame) {
                    first_frame = false;
                    timespec wall{};
                    clock_gettime(CLOCK_REALTIME, &wall);
                    // The wall-clock time lets a benchmark measure from its own launch of the process.
                    g_startup.Mark("first frame");
                    std::fprintf(stderr, "ess-kiosk: first frame presented %.0f ms after start (wall clock %lld.%09ld): %s\n",
                                 MillisecondsSinceStart(), (long long)wall.tv_sec, wall.tv_nsec, g_startup.Text.c_str());
                    sd_notify(0, "READY=1");
                    OpenDatabase();
                } else if (pictures_in) {
                    pictures_in = false;
                    timespec wall{};
                    clock_gettime(CLOCK_REALTIME, &wall);
                    std::fprintf(stderr, "ess-kiosk: pictures presented %.0f ms after start (wall clock %lld.%09ld)\n",
                                 MillisecondsSinceStart(), (long long)wall.tv_sec, wall.tv_nsec);
                }
                // Pace animations ourselves: vsync is not always there (Xvfb, software renderer), and
                // an unpaced loop would draw hundreds of frames a second. The attract loop's slow
                // cross-fade looks the same at 30 frames per second and costs half.
                if (NeedsFrames(clock())) {
                    const double period = State.Current == ess::Screen::Attract ? kAttractFramePeriod : 1.0 / 60;
                    const double left = frame_start + period - clock();
                    if (left > 0.001) SDL_Delay(Uint32(left * 1000));
                }
            }
        }
        return 0;
    }

    bool IsSoftware() const
    {
        SDL_RendererInfo info;
        return SDL_GetRendererInfo(Screen.Renderer, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE);
    }

    // --- scripted runs --------------------------------------------------------------------

    void Settle()
    {
        // Let animations, glides and transitions finish, on the virtual clock.
        for (int i = 0; i < 600 && NeedsFrames(Now); i++) {
            Now += kFrame;
            DrawFrame(Now);
        }
        Now += kFrame;
        DrawFrame(Now);
    }

    void Press(float x1, float y1, float x2, float y2, double seconds)
    {
        Feed({PointerEvent::Down, x1, y1, Now});
        DrawFrame(Now);
        int steps = std::max(1, int(seconds / kFrame));
        for (int i = 1; i <= steps; i++) {
            Now += seconds / steps;
            float t = float(i) / steps;
            Feed({PointerEvent::Move, x1 + (x2 - x1) * t, y1 + (y2 - y1) * t, Now});
            DrawFrame(Now);
        }
        Feed({PointerEvent::Up, x2, y2, Now});
        DrawFrame(Now);
        Settle();
    }

    void Tap(float x, float y)
    {
        Feed({PointerEvent::Down, x, y, Now});
        DrawFrame(Now);
        Now += 0.08;
        Feed({PointerEvent::Up, x, y, Now});
        DrawFrame(Now);
        Settle();
    }

    // --- benchmarks ------------------------------------------------------------------------

    static void PrintStats(const char* name, std::vector<double> values)
    {
        if (values.empty()) return;
        std::sort(values.begin(), values.end());
        const auto at = [&](double q) { return values[std::min(values.size() - 1, size_t(q * (values.size() - 1) + 0.5))]; };
        std::printf("bench %s median=%.3f p99=%.3f min=%.3f max=%.3f n=%zu\n", name, at(0.5), at(0.99), values.front(),
                    values.back(), values.size());
        std::fflush(stdout);
    }

    // Times N frames of every screen: building them (UI and draw lists) and rasterising them.
    int RunFrameBench()
    {
        Now = 1.0;
        Settle();
        struct Stop {
            const char* Name;
            std::vector<Intent> Go;
        };
        const std::vector<Stop> stops = {
            {"welcome", {}},
            {"mutations", {{IntentKind::OpenMutations}}},
            {"mutation_findings", {{IntentKind::OpenMutation, 0}}},
            {"mutation_signals", {{IntentKind::OpenPart, int(Part::Signals)}}},
            {"mutation_future", {{IntentKind::OpenPart, int(Part::Future)}}},
            {"mutation_future_compare", {{IntentKind::ToggleCompare}}},
            {"mutation_initiatives", {{IntentKind::OpenPart, int(Part::Initiatives)}}},
            {"act", {{IntentKind::OpenAct}}},
            {"about", {{IntentKind::OpenAbout}}},
            {"vote", {{IntentKind::OpenVote}, {IntentKind::ToggleLever, 0, "portage-politique"}}},
            {"organiser_keypad", {{IntentKind::OpenOrganiser}}},
            {"attract", {{IntentKind::StartAttract}}},
        };
        std::vector<double> all_build;
        for (const Stop& stop : stops) {
            for (const Intent& i : stop.Go) Apply(State, i, Now);
            for (int i = 0; i < 300 && NeedsFrames(Now); i++) {
                Now += kFrame;
                DrawFrame(Now);
            }
            std::vector<double> build, raster;
            for (int i = 0; i < Options.BenchFrames; i++) {
                DrawFrame(Now); // the screen at rest, drawn again in full
                build.push_back(LastBuildMs);
                raster.push_back(LastRasterMs);
            }
            // --screenshots: each screen as this renderer draws it (llvmpipe in a window).
            if (!Options.ScreenshotDir.empty()) {
                fs::create_directories(Options.ScreenshotDir);
                DrawFrame(Now, (fs::path(Options.ScreenshotDir) / (std::string(stop.Name) + ".png")).string());
            }
            all_build.insert(all_build.end(), build.begin(), build.end());
            PrintStats((std::string("frame_build_ms ") + stop.Name).c_str(), build);
            PrintStats((std::string("frame_raster_ms ") + stop.Name).c_str(), raster);
        }
        PrintStats("frame_build_ms all_screens", all_build);
        // The attract loop's cross-fade: the one animation that runs unattended for hours.
        std::vector<double> fade_build, fade_raster;
        for (int i = 0; i < Options.BenchFrames; i++) {
            const double t = State.AttractAt + kAttractSlide * (1 + i % 3) + kAttractFade * ((i / 3) % 10 + 0.5) / 10;
            DrawFrame(t);
            fade_build.push_back(LastBuildMs);
            fade_raster.push_back(LastRasterMs);
        }
        PrintStats("frame_build_ms attract_fade", fade_build);
        PrintStats("frame_raster_ms attract_fade", fade_raster);
        return 0;
    }

    // --- monkey test and soak --------------------------------------------------------------

    static long ResidentKiB()
    {
        std::ifstream statm("/proc/self/statm");
        long pages = 0, resident = 0;
        statm >> pages >> resident;
        return resident * (sysconf(_SC_PAGESIZE) / 1024);
    }

    static int OpenFds()
    {
        int n = 0;
        for ([[maybe_unused]] const auto& entry : fs::directory_iterator("/proc/self/fd")) n++;
        return n;
    }

    // One random thing a visitor (or a child, or a cat) could do to the screen.
    void RandomEvent(std::mt19937& rng, double mean_wait)
    {
        const auto uniform = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); };
        const float w = float(Screen.Width), h = float(Screen.Height);
        const int kind = std::uniform_int_distribution<int>(0, 99)(rng);
        if (kind < 35 && !Targets.empty()) { // a button or card, as visitors mostly touch
            const TouchTarget& t = Targets[std::uniform_int_distribution<size_t>(0, Targets.size() - 1)(rng)];
            Feed({PointerEvent::Down, t.Rect.GetCenter().x, t.Rect.GetCenter().y, Now});
            Now += uniform(0.03, 0.3);
            Feed({PointerEvent::Up, t.Rect.GetCenter().x, t.Rect.GetCenter().y, Now});
        } else if (kind < 50) { // anywhere
            float x = float(uniform(0, w)), y = float(uniform(0, h));
            Feed({PointerEvent::Down, x, y, Now});
            Now += uniform(0.03, 0.3);
            Feed({PointerEvent::Up, x, y, Now});
        } else if (kind < 60) { // a drag or a swipe, in any direction
            float x1 = float(uniform(0, w)), y1 = float(uniform(0, h)), x2 = float(uniform(0, w)), y2 = float(uniform(0, h));
            Feed({PointerEvent::Down, x1, y1, Now});
            for (int i = 1; i <= 6; i++) {
                Now += kFrame;
                Feed({PointerEvent::Move, x1 + (x2 - x1) * i / 6, y1 + (y2 - y1) * i / 6, Now});
                DrawFrame(Now);
            }
            Feed({PointerEvent::Up, x2, y2, Now});
        } else if (kind < 65) { // a long press
            float x = float(uniform(0, w)), y = float(uniform(0, h));
            Feed({PointerEvent::Down, x, y, Now});
            DrawFrame(Now);
            Now += uniform(0.9, 3);
            Feed({PointerEvent::Up, x, y, Now});
        } else if (kind < 70) { // a second finger: pinch, palm
            float x = float(uniform(0, w)), y = float(uniform(0, h));
            Feed({PointerEvent::Down, x, y, Now});
            Feed({PointerEvent::Cancel, x, y, Now});
            Now += uniform(0.05, 0.5);
            Feed({PointerEvent::Up, x, y, Now});
        } else if (kind < 75) { // a keyboard left plugged in
            static const char* const keys[] = {"Escape", "Alt+F4",    "Ctrl+Q", "Ctrl+W", "Close",
                                               "Home",   "Backspace", "Left",   "Right"};
            DoKey(KeyByName(keys[std::uniform_int_distribution<int>(0, 8)(rng)]), Now);
        } else if (kind < 76) { // quick taps in the secret corner: the keypad, then random digits
            for (int i = 0; i < 5; i++) {
                Feed({PointerEvent::Down, 10, h - 10, Now});
                Now += 0.05;
                Feed({PointerEvent::Up, 10, h - 10, Now});
                DrawFrame(Now);
                Now += 0.1;
            }
        } else { // nobody touches for a while
            double wait = std::exponential_distribution<double>(1.0 / mean_wait)(rng);
            // Now and then the visitor walks away: the idle question, the attract loop.
            if (std::uniform_int_distribution<int>(0, 99)(rng) < 4) wait += uniform(60, 240);
            for (double end = Now + wait; Now < end;) {
                Now = std::min(end, Now + (NeedsFrames(Now) ? kFrame : 0.5));
                Tick(Now);
                if (NeedsFrames(Now)) DrawFrame(Now);
            }
        }
        Now += kFrame;
        DrawFrame(Now);
    }

    int RunMonkey()
    {
        std::mt19937 rng(Options.MonkeySeed);
        const long long events = Options.MonkeyEvents;
        // Soak: events spread over simulated hours, with real idle periods; else a brisk pace.
        const double mean_wait = Options.MonkeyHours > 0 ? Options.MonkeyHours * 3600.0 / (events * 0.22) : 2.0;
        Now = 1.0;
        Settle();
        const long rss_start = ResidentKiB();
        const int fds_start = OpenFds();
        long rss_warm = 0;
        long long ballots_start = Facts.Ballots;
        std::map<std::string, long long> visits;
        double next_report = 3600;
        const auto started = std::chrono::steady_clock::now();
        for (long long i = 1; i <= events; i++) {
            RandomEvent(rng, mean_wait);
            visits[ScreenName(State.Current)]++;
            // Invariants, after every event.
            std::string broken;
            if (!Running)
                broken = "the kiosk quit";
            else if (SessionBallots > 1)
                broken = std::to_string(SessionBallots) + " ballots in one visitor session";
            else if (int(State.Choice.Levers().size()) > State.Rules.MaxLevers)
                broken = "more levers chosen than allowed";
            else if (State.MutationIndex < 0 || State.MutationIndex >= std::max(1, State.MutationCount))
                broken = "mutation index out of range";
            if (!broken.empty()) {
                std::fprintf(stderr, "monkey: seed %u, event %lld: %s\n", Options.MonkeySeed, i, broken.c_str());
                return 1;
            }
            if (i == events / 10) rss_warm = ResidentKiB();
            if (Options.MonkeyHours > 0 && Now >= next_report) {
                std::printf("monkey: simulated %5.1f h, event %8lld, RSS %ld KiB, %d open files\n", Now / 3600, i, ResidentKiB(),
                            OpenFds());
                next_report += 3600;
            }
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::printf("monkey: seed %u, %lld events in %.1f s (%.0f/s), %.1f simulated hours, %lld ballots committed\n",
                    Options.MonkeySeed, events, seconds, events / seconds, Now / 3600, Facts.Ballots - ballots_start);
        std::printf("monkey: screens after events:");
        for (const auto& [name, n] : visits) std::printf(" %s %lld", name.c_str(), n);
        std::printf("\nmonkey: RSS %ld KiB at start, %ld after warm-up, %ld at the end; open files %d at start, %d at the end\n",
                    rss_start, rss_warm, ResidentKiB(), fds_start, OpenFds());
        // Soak: after warm-up (caches, atlas, the database's pages) memory must stay flat. Under
        // AddressSanitizer freed memory sits in its quarantine, so RSS says nothing there (that
        // build checks memory errors and leaks instead; the plain build checks flatness).
        if (Options.MonkeyHours > 0 && !kUnderAddressSanitizer && ResidentKiB() - rss_warm > 4096) {
            std::fprintf(stderr, "monkey: memory grew by %ld KiB after warm-up\n", ResidentKiB() - rss_warm);
            return 1;
        }
        if (OpenFds() > fds_start + 2) {
            std::fprintf(stderr, "monkey: file descriptors leaked (%d → %d)\n", fds_start, OpenFds());
            return 1;
        }
        return 0;
    }

    int RunScript()
    {
        std::ifstream in(Options.ScriptFile);
        if (!in) {
            std::fprintf(stderr, "%s: cannot open script\n", Options.ScriptFile.c_str());
            return 2;
        }
        std::stringstream buffer;
        buffer << in.rdbuf();
        std::vector<ScriptCommand> commands;
        ScriptError parse_error;
        if (!ParseScript(buffer.str(), commands, parse_error)) {
            std::fprintf(stderr, "%s:%d: %s\n", Options.ScriptFile.c_str(), parse_error.Line, parse_error.Message.c_str());
            return 1;
        }
        if (!Options.ScreenshotDir.empty()) fs::create_directories(Options.ScreenshotDir);
        Now = 1.0;
        Settle();
        for (const ScriptCommand& c : commands) {
            std::string why;
            if (!Execute(c, why) || !TargetsAreLarge(why)) {
                std::fprintf(stderr, "%s:%d: %s\n", Options.ScriptFile.c_str(), c.Line, why.c_str());
                return 1;
            }
            if (!Running) {
                // Lines after the kiosk has quit would pass unchecked: a script must end there.
                if (&c != &commands.back()) {
                    std::fprintf(stderr, "%s:%d: the kiosk quit here; the lines after it were not run\n",
                                 Options.ScriptFile.c_str(), c.Line);
                    return 1;
                }
                break;
            }
        }
        return 0;
    }

    // Every touch target a visitor can see must take a finger: 15 mm each way at least.
    bool TargetsAreLarge(std::string& why) const
    {
        const float minimum = Look.Mm(15) - 0.5f;
        for (const TouchTarget& t : Targets) {
            if (t.Full.GetWidth() >= minimum && t.Full.GetHeight() >= minimum) continue;
            char size[64];
            std::snprintf(size, sizeof size, "%.1f × %.1f mm", t.Full.GetWidth() / Look.PxPerMm,
                          t.Full.GetHeight() / Look.PxPerMm);
            why = "touch target \"" + t.Label + "\" is only " + size + " (15 mm minimum)";
            return false;
        }
        return true;
    }

    bool Execute(const ScriptCommand& c, std::string& why)
    {
        switch (c.Type) {
        case ScriptCommand::TapLabel: {
            std::vector<const TouchTarget*> found;
            for (const TouchTarget& t : Targets)
                if (t.Label.find(c.Text) != std::string::npos) found.push_back(&t);
            if (found.size() != 1) {
                why = found.empty() ? "no touch target contains \"" + c.Text + "\"; on screen " +
                                          std::string(ScreenName(State.Current)) + ":"
                                    : "several touch targets contain \"" + c.Text + "\":";
                for (const TouchTarget* t : found) why += "\n  \"" + t->Label + "\"";
                if (found.empty())
                    for (const TouchTarget& t : Targets) why += "\n  \"" + t.Label + "\"";
                return false;
            }
            Tap(found[0]->Rect.GetCenter().x, found[0]->Rect.GetCenter().y);
            return true;
        }
        case ScriptCommand::TapAt: Tap(c.X1, c.Y1); return true;
        case ScriptCommand::Drag: Press(c.X1, c.Y1, c.X2, c.Y2, c.Milliseconds / 1000.0); return true;
        case ScriptCommand::Swipe: {
            float w = float(Screen.Width), y = Screen.Height * 0.6f;
            if (c.Direction < 0)
                Press(w * 0.8f, y, w * 0.2f, y, 0.2);
            else
                Press(w * 0.2f, y, w * 0.8f, y, 0.2);
            return true;
        }
        case ScriptCommand::Key: {
            KeyAction key = KeyByName(c.Text);
            if (key == KeyAction::None) {
                why = "unknown key \"" + c.Text + "\" (Escape, Home, Backspace, Left, Right)";
                return false;
            }
            DoKey(key, Now);
            if (Running) Settle();
            return true;
        }
        case ScriptCommand::Wait: {
            double end = Now + c.Milliseconds / 1000.0;
            while (Now + kFrame <= end) {
                Now += kFrame;
                Tick(Now);
                if (NeedsFrames(Now)) DrawFrame(Now);
            }
            Now = end;
            DrawFrame(Now);
            return true;
        }
        case ScriptCommand::Shot: {
            if (Options.ScreenshotDir.empty()) return true; // shots are optional: the run still checks
            std::string path = (fs::path(Options.ScreenshotDir) / (c.Text + ".png")).string();
            if (!DrawFrame(Now, path)) {
                why = "cannot save screenshot " + path;
                return false;
            }
            return true;
        }
        case ScriptCommand::ExpectScreen:
            if (c.Text != ScreenName(State.Current)) {
                why = "expected screen " + c.Text + ", but the kiosk shows " + ScreenName(State.Current);
                return false;
            }
            return true;
        case ScriptCommand::ExpectText: {
            const ImRect screen(0, 0, float(Screen.Width), float(Screen.Height));
            for (const VisibleText& t : Texts)
                if (t.Rect.Overlaps(screen) && t.Text.find(c.Text) != std::string::npos) return true;
            why = "text \"" + c.Text + "\" is not visible on screen " + ScreenName(State.Current);
            return false;
        }
        case ScriptCommand::Quit: Running = false; return true;
        }
        return true;
    }

    RunOptions Options;
    Display Screen;
    InputTranslator Input;
    GestureRecognizer Recognizer;
    KioskState State;
    KioskUi Ui;
    Theme Look;
    Images Pictures;
    Content Data;
    bool HasContent = false;
    std::vector<std::string> Problems;
    Database Db;
    Figures Facts;
    int SessionBallots = 0; // ballots since the session last ended (welcome, thanks): at most one (monkey invariant)
    bool QuitRefusedLogged = false;
    bool SwallowTouch = false;
    double LastBuildMs = 0, LastRasterMs = 0; // cost of the last frame, for benchmarks
    std::unique_ptr<ImFontAtlas> FontAtlas;   // shared with ImGui's context, which is destroyed first
    std::unique_ptr<Preloader> Loader;        // until the pictures are taken
    bool PollingDriver = false;               // SDL's dummy video driver: no blocking wait
    BallotPace Pace;
    PinLock Lock;
    SecretTaps Corner;
    std::string PinHash;
    double LastInput = 0;
    std::vector<TouchTarget> Targets;
    std::vector<VisibleText> Texts;
    float LastScrollMax = 0;
    double LastFrameTime = 0;
    double Now = 0;
    bool Running = true;
};

} // namespace

int RunKiosk(const RunOptions& options)
{
    App app(options);
    return app.Run();
}

} // namespace ess

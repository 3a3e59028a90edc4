// The kiosk's SDL application: the display, the content and its pictures, the theme, and the
// visitor session (app/session/) it feeds with input and draws; its methods are spread over
// runner.cpp (start-up and the interactive loop), app_frame.cpp (one frame drawn),
// app_headless.cpp (scripts), app_monkey.cpp (the monkey and the soak) and app_bench.cpp (--bench-frames).
// Internal to app/platform/.
#pragma once
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
#include <set>
#include <sstream>
#include <thread>

#include <unistd.h>

#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>

#include "content/glyphs.h"
#include "content/loader.h"
#include "core/script.h"
#include "core/settings.h"
#include "platform/audio.h"
#include "platform/platform.h"
#include "platform/render.h"
#include "platform/startup.h"
#include "ui/font_cache.h"
#include "session/session.h"
#include "session/speech.h"
#include "ui/kiosk_ui.h"
#include "ui/layout_check.h"
#include "ui/screens.h"

namespace fs = std::filesystem;

namespace ess {

inline constexpr double kFrame = 1.0 / 60.0;

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kUnderAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kUnderAddressSanitizer = true;
#else
inline constexpr bool kUnderAddressSanitizer = false;
#endif
#else
inline constexpr bool kUnderAddressSanitizer = false;
#endif

// Taken during static initialisation, a few milliseconds after the process was started.
inline const std::chrono::steady_clock::time_point kProcessStart = std::chrono::steady_clock::now();

// CPU time of this thread: a frame's cost, not the time another process held the core.
inline double ThreadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

inline double ProcessCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

inline double MillisecondsSinceStart()
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
inline StartupStages g_startup;
void LogPresented(const char* what, const std::string& more);

class App {
public:
    explicit App(const RunOptions& options) : Options(options) {}

    int Run();

private:
    // The prepared content, pictures and theme, put to use (main thread: textures).
    void TakeContent(Preloader::Result& prepared);

    // The decoded pictures made into textures (waits for them if they are not ready).
    void TakePictures();

    // Theme and fonts for the screen's current size (start-up when the size was not foreseen, resizes).
    void SetUpTheme();

    void FinishTheme();

    // The accessibility panel's text size and contrast, applied to the theme.
    void ApplyAccess();

    // One frame at the session's time: its input and timers, the screens drawn and their
    // intents given back to it. With `shot`, the rendered frame is saved before it is presented.
    bool DrawFrame(const std::string& shot = {});

    int RunInteractive();

    void StartSound();

    bool IsSoftware() const;

    // --- scripted runs (a virtual clock) ---------------------------------------------------

    // Lets animations, glides and transitions finish, on the virtual clock.
    void Settle();

    // A finger down at (x1, y1), moved to (x2, y2) over `seconds`, held still `hold` seconds
    // (then it does not glide), lifted.
    void Press(float x1, float y1, float x2, float y2, double seconds, double hold = 0);

    // Scrolls the page `dy` pixels further down, as a slow drag that stops before lifting.
    void ScrollPage(float dy);

    void Tap(float x, float y);

    // The settled frame's texts read cleanly: none cut, out of its box or over another.
    bool LayoutIsClean(std::string& why) const;

    // Remembers where each text of the settled frame was drawn (for `expect every text`).
    void NoteDrawnTexts();

    // Every sentence of the study was drawn during the run, as many times as the study has it.
    bool EveryTextDrawn(std::string& why) const;

    // --- benchmarks ------------------------------------------------------------------------

    static void PrintStats(const char* name, std::vector<double> values);

    // Times N frames of every screen: building them (UI and draw lists) and rasterising them.
    int RunFrameBench();
    void SpeechBench();

    // --- monkey test and soak --------------------------------------------------------------

    static long ResidentKiB();

    static int OpenFds();

    // One random thing a visitor (or a child, or a cat) could do to the screen.
    void RandomEvent(std::mt19937& rng, double mean_wait);

    int RunMonkey();

    // The accessibility button is on the settled visitor screen (the monkey's invariant).
    bool AccessButtonShown() const;

    int RunScript();

    // Every touch target a visitor can see must take a finger: 15 mm each way at least.
    bool TargetsAreLarge(std::string& why) const;

    bool Execute(const ScriptCommand& c, std::string& why);

    // The session's time: real for the kiosk, virtual for scripts, the monkey and benchmarks.
    double Now() const { return Visit->Now(); }

    ThemeKind Kind() const { return Options.Wall ? ThemeKind::Wall : ThemeKind::Kiosk; }

    RunOptions Options;
    Display Screen;
    InputTranslator Input;
    KioskUi Ui;
    Theme Look;
    Images Pictures;
    Content Data;
    std::vector<Content> Translations; // the study in other languages (content/en/...)
    bool HasContent = false;
    std::set<uint32_t> ContentGlyphs; // every language's code points (the atlas is built again on a resize)
    std::vector<std::string> Problems;
    RealClock WallClock;
    VirtualClock Virtual; // headless runs: time moves when the script or the monkey says
    std::unique_ptr<Session> Visit;
    std::unique_ptr<WallFeed> Wall;           // --wall: the figures' source, read off the frames' path
    std::unique_ptr<Speech> Voice;            // reading aloud (not on the wall); the session holds it
    AudioOutput Sound;                        // the device Voice is played on, when there is one
    bool ScriptQuit = false;                  // a script's `quit`
    double LastBuildMs = 0, LastRasterMs = 0; // cost of the last frame, for benchmarks
    std::unique_ptr<ImFontAtlas> FontAtlas;   // shared with ImGui's context, which is destroyed first
    std::unique_ptr<Preloader> Loader;        // until the pictures are taken
    bool PollingDriver = false;               // SDL's dummy video driver: no blocking wait
    std::vector<TouchTarget> Targets;
    std::vector<VisibleText> Texts;
    std::vector<CardPlace> Cards;
    ImRect PageArea;                                    // the scrolling page, between the bars
    std::map<std::string, std::set<std::string>> Drawn; // text → the places it was drawn in this run
    float LastScrollMax = 0;
    double LastFrameTime = 0;
};

} // namespace ess

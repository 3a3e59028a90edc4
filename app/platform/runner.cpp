// The kiosk's main loop, interactive (real clock, sleeps while nothing moves) or scripted
// (virtual clock, input from a script file, screenshots and expectations).
#include <SDL.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>

#include "content/glyphs.h"
#include "content/loader.h"
#include "core/script.h"
#include "platform/platform.h"
#include "storage/database.h"
#include "ui/kiosk_ui.h"

namespace fs = std::filesystem;

namespace ess {

namespace {

constexpr double kFrame = 1.0 / 60.0;

class App {
public:
    explicit App(const RunOptions& options) : Options(options) {}

    int Run()
    {
        std::string error;
        if (!OpenDisplay(Options, Screen, error)) {
            std::fprintf(stderr, "ess-kiosk: %s\n", error.c_str());
            return 1;
        }
        int window_w = 0, window_h = 0;
        SDL_GetWindowSize(Screen.Window, &window_w, &window_h);
        Input.MouseScale = window_w > 0 ? float(Screen.Width) / window_w : 1.0f;
        IMGUI_CHECKVERSION();
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr; // nothing of ImGui's own state is saved on a kiosk
        io.LogFilename = nullptr;
        ImGui_ImplSDLRenderer_Init(Screen.Renderer);

        LoadEverything();
        int status = Options.Headless ? RunScript() : RunInteractive();

        ImGui_ImplSDLRenderer_Shutdown();
        ImGui::DestroyContext();
        FreeImages(Pictures);
        CloseDisplay(Screen);
        return status;
    }

private:
    void LoadEverything()
    {
        ContentLoad load = LoadContent(Options.ContentDir, Options.AssetsDir);
        if (load.Usable()) CheckGlyphCoverage(load.Data, Options.ContentDir, Options.AssetsDir, load.Problems);
        for (const ContentProblem& p : load.Problems) std::fprintf(stderr, "%s\n", p.Format().c_str());
        if (load.Usable()) {
            Data = std::move(load.Data);
            HasContent = true;
            State.MutationCount = int(Data.Mutations.size());
            std::vector<std::string> paths;
            for (const Mutation& m : Data.Mutations) paths.push_back(m.Illustration);
            LoadImages(Screen.Renderer, Options.AssetsDir, paths, Pictures);
        } else {
            State.Current = Screen::OutOfOrder;
            for (const ContentProblem& p : load.Problems) Problems.push_back(p.Format());
            std::fprintf(stderr, "ess-kiosk: content unusable, showing the out-of-order screen\n");
        }
        SetUpTheme();

        std::string error;
        if (!Db.Open(Options.DatabasePath, error))
            std::fprintf(stderr, "ess-kiosk: database: %s\n", error.c_str());
        else
            std::fprintf(stderr, "ess-kiosk: database %s (schema %d)\n", Db.Path().c_str(), Db.SchemaVersion());
    }

    void SetUpTheme()
    {
        ComputeTheme(Look, float(Screen.Width), float(Screen.Height), Options.Dpi);
        Recognizer.Settings.TapSlop = Look.Mm(4);
        Recognizer.Settings.SwipeDistance = Look.Mm(30);
        std::set<uint32_t> cps;
        if (HasContent)
            cps = CodepointsToDraw(Data);
        else {
            for (uint32_t cp = 0x20; cp <= 0xFF; cp++) cps.insert(cp);
            for (const std::string& p : Problems) CollectCodepoints(p, cps);
            for (uint32_t cp : {0x2019u, 0x2026u, 0x2013u, 0x2014u, 0x0153u, 0x00ABu, 0x00BBu}) cps.insert(cp);
        }
        std::string error;
        if (!LoadFonts(Look, std::vector<uint32_t>(cps.begin(), cps.end()), Options.AssetsDir, error)) {
            // Without our fonts ImGui's built-in one still draws ASCII: better than a dark screen.
            std::fprintf(stderr, "ess-kiosk: %s\n", error.c_str());
            ImGui::GetIO().Fonts->Clear();
            ImFont* fallback = ImGui::GetIO().Fonts->AddFontDefault();
            for (ImFont*& f : Look.Fonts) f = fallback;
        }
        ImGui_ImplSDLRenderer_DestroyFontsTexture();
        ImGui_ImplSDLRenderer_CreateFontsTexture();
        Ui.ThemeChanged();
    }

    void Feed(const PointerEvent& e) { Recognizer.Feed(e); }

    void DoKey(KeyAction key, double now)
    {
        switch (key) {
        case KeyAction::Quit: Running = false; break;
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
        UiInput input;
        for (const Gesture& g : Recognizer.Take()) {
            if (g.Type == Gesture::Tap) {
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
        UiOutput out = Ui.DrawFrame(State, HasContent ? &Data : nullptr, Problems, Look, Pictures, input, now);
        ImGui::Render();
        bool ok = true;
        // Headless, nobody sees the frames: rasterise only those a script photographs.
        if (!Options.Headless || !shot.empty()) {
            SDL_SetRenderDrawColor(Screen.Renderer, 246, 241, 234, 255);
            SDL_RenderClear(Screen.Renderer);
            ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
            if (!shot.empty()) {
                std::string error;
                ok = SaveScreenshot(Screen.Renderer, Screen.Width, Screen.Height, shot, error);
                if (!ok) std::fprintf(stderr, "ess-kiosk: %s\n", error.c_str());
            }
            SDL_RenderPresent(Screen.Renderer);
        }
        Ui.Trim();

        for (const Intent& intent : out.Intents) Apply(State, intent, now);
        LastScrollMax = out.ScrollMax;
        Targets = std::move(out.Targets);
        Texts = std::move(out.Texts);
        return ok;
    }

    bool NeedsFrames(double now) const { return IsAnimating(State, now) || Recognizer.IsPressed(); }

    int RunInteractive()
    {
        const auto start = std::chrono::steady_clock::now();
        const auto clock = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
        bool dirty = true;
        while (Running) {
            SDL_Event e;
            // Event-driven: with nothing moving, sleep until the next touch (no busy loop).
            bool got = NeedsFrames(clock()) || dirty ? SDL_PollEvent(&e) : SDL_WaitEventTimeout(&e, 1000);
            while (got) {
                if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
                    SDL_GetRendererOutputSize(Screen.Renderer, &Screen.Width, &Screen.Height);
                    int ww = 0, wh = 0;
                    SDL_GetWindowSize(Screen.Window, &ww, &wh);
                    Input.MouseScale = ww > 0 ? float(Screen.Width) / ww : 1.0f;
                    SetUpTheme();
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
                DrawFrame(clock());
                dirty = false;
                // Without vsync (software renderer), cap animations at ~60 frames per second.
                if (NeedsFrames(clock())) SDL_Delay(Screen.Renderer && IsSoftware() ? 16 : 0);
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
            if (!Running) break;
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

// The kiosk's start-up and its interactive loop (real clock, sleeps while nothing moves); see app.h.
#include "platform/app.h"

namespace ess {

int App::Run()
{
    std::string error;
    g_startup.Mark("process");
    // Content, pictures and fonts load on two worker threads while this one opens the
    // display and the database: start-up is the longer path, not the sum.
    Loader = std::make_unique<Preloader>(Options.ContentDir, Options.AssetsDir, Options.Dpi, Options.KioskId, Kind(),
                                         Options.Wall ? 0 : Options.AccessDefaults.TextSize,
                                         !Options.Wall && Options.AccessDefaults.Contrast);
    Preloader& preload = *Loader;
    // espeak-ng starts on the speech worker meanwhile too (~10 ms). The wall says nothing;
    // benchmarks time frames, not a sound device: there, speech is only logged.
    const bool benchmark = Options.BenchFrames > 0 || Options.BenchInput > 0;
    if (!Options.Wall) {
        SpeechSettings speech;
        speech.LogPath = Options.SpeechLog;
        speech.WavPath = Options.SpeechWav;
        // (kiosk/bench's speech figures pull the samples themselves: kept when speech is on.)
        speech.Audio = !benchmark || Options.AccessDefaults.Speech;
        Voice = std::make_unique<Speech>(speech);
    }
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
    // A screen the layouts were not made for (a 3.5" panel, a --dpi that makes 800×480 a stamp)
    // is refused, with what is supported, rather than shown cut or overlapping.
    if (std::string why = CheckScreenSize(Screen.Width, Screen.Height, Options.Dpi); !why.empty()) {
        std::fprintf(stderr, "ess-kiosk: screen %s\n", why.c_str());
        Loader.reset();
        CloseDisplay(Screen);
        return 2;
    }
    WatchDisplay(Screen);
    int window_w = 0, window_h = 0;
    SDL_GetWindowSize(Screen.Window, &window_w, &window_h);
    Input.MouseScale = window_w > 0 ? float(Screen.Width) / window_w : 1.0f;
    g_startup.Mark("display");
    // The visitor session, on the real clock for the kiosk and a virtual one for scripted runs.
    const bool interactive = Options.BenchFrames == 0 && Options.MonkeyEvents == 0 && !Options.Headless;
    SessionSettings settings;
    settings.KioskId = Options.KioskId;
    settings.DatabasePath = Options.DatabasePath;
    settings.ExportDir = Options.ExportDir;
    settings.PinHash = Options.PinHash;
    settings.PinFile = Options.PinFile;
    settings.Rules = Options.Rules;
    settings.IdleSeconds = Options.IdleSeconds;
    settings.CountdownSeconds = Options.CountdownSeconds;
    settings.VisitMonths = Options.VisitMonths;
    settings.LockedDown = Options.Kiosk || Options.MonkeyEvents > 0;
    settings.TestRefuseWrites = Options.TestRefuseWrites;
    settings.CentralUrl = Options.Wall ? std::string() : Options.CentralUrl; // the wall reads, it uploads nothing
    settings.AppVersion = Options.AppVersion;
    settings.AccessDefaults = Options.AccessDefaults;
    Virtual.Set(1.0);
    Visit = std::make_unique<Session>(settings, interactive ? static_cast<Clock&>(WallClock) : Virtual);
    // Scripts, benchmarks and the monkey start with the database open and every picture in
    // place; the interactive loop shows its first frame (the welcome screen, which needs
    // neither) without waiting for them: a new database's creation syncs the disk.
    if (!interactive && !Options.Wall) Visit->OpenDatabase();
    if (Voice) Visit->SetSpeech(Voice.get());
    // The sound device, like the database, after the first frame in the interactive loop.
    if (!interactive && !benchmark) StartSound();

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
    if (Options.Wall && HasContent) {
        // Interactive, a worker reads the figures; scripted, the virtual clock decides when.
        // From the central server (told of each upload) or from a file.
        std::unique_ptr<TallySource> source =
            Options.CentralUrl.empty() ? FileTallySource(Options.DatabasePath) : CentralTallySource(Options.CentralUrl);
        const double period = Options.CentralUrl.empty() ? 1.0 : kCentralWallPeriod;
        Wall = std::make_unique<WallFeed>(std::move(source), interactive ? static_cast<Clock&>(WallClock) : Virtual, interactive,
                                          period);
        Visit->ShowWall(*Wall);
    }
    g_startup.Mark("textures");
    if (!interactive) TakePictures();

    int status = Options.BenchFrames > 0    ? RunFrameBench()
                 : Options.MonkeyEvents > 0 ? RunMonkey()
                 : Options.Headless         ? RunScript()
                                            : RunInteractive();

    Loader.reset();
    Wall.reset();      // its worker first: in reverse order of start-up
    CloseAudio(Sound); // its callback reads Voice
    Visit->SetSpeech(nullptr);
    Voice.reset();
    ImGui_ImplSDLRenderer_Shutdown();
    ImGui::DestroyContext();
    FontAtlas.reset();
    FreeImages(Pictures);
    CloseDisplay(Screen);
    return status;
}

// The prepared content, pictures and theme, put to use (main thread: textures).
void App::TakeContent(Preloader::Result& prepared)
{
    ContentLoad& load = prepared.Load;
    for (const ContentProblem& p : load.Problems) std::fprintf(stderr, "%s\n", p.Format().c_str());
    if (load.Usable()) {
        ContentGlyphs = ContentCodepoints(load);
        Data = std::move(load.Data);
        Translations = std::move(load.Translations);
        HasContent = true;
    } else {
        Problems = prepared.Problems;
        std::fprintf(stderr, "ess-kiosk: content unusable, showing the out-of-order screen\n");
    }
    Visit->SetContent(HasContent ? &Data : nullptr);
    if (HasContent) {
        std::vector<const Content*> languages{&Data};
        for (const Content& t : Translations) languages.push_back(&t);
        Visit->SetLanguages(std::move(languages), Options.Wall ? std::string() : Options.Language);
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
void App::TakePictures()
{
    if (!Loader) return;
    Preloader::Later later = Loader->TakePictures();
    Loader.reset();
    for (const ContentProblem& p : later.GlyphProblems) std::fprintf(stderr, "%s\n", p.Format().c_str());
    UploadImages(Screen.Renderer, later.Pictures, Pictures);
}

// Theme and fonts for the screen's current size (start-up when the size was not foreseen, resizes).
void App::SetUpTheme()
{
    const int text_size = Visit->State().Options.TextSize;
    BuildTheme(Look, *ImGui::GetIO().Fonts, Screen.Width, Screen.Height, Options.Dpi,
               ThemeCodepoints(HasContent ? &ContentGlyphs : nullptr, Problems, Options.KioskId), Options.AssetsDir,
               DefaultFontCachePath(Screen.Width, Screen.Height, Kind(), text_size), Kind(), kTextScales[text_size]);
    FinishTheme();
}

void App::FinishTheme()
{
    Visit->SetScreen(float(Screen.Width), float(Screen.Height), Look.PxPerMm);
    ImGui_ImplSDLRenderer_DestroyFontsTexture();
    ImGui_ImplSDLRenderer_CreateFontsTexture();
    // The texture holds the glyphs now: the atlas's CPU copies (8-bit and 32-bit) are dead weight.
    ImGui::GetIO().Fonts->ClearTexData();
    Ui.ThemeChanged();
}

int App::RunInteractive()
{
    const auto clock = [&] { return Now(); };
    bool dirty = true;
    // Under systemd with WatchdogSec, the loop must say it is alive at least twice per period,
    // also while it sleeps: a hung loop stops saying it, and systemd restarts the kiosk.
    uint64_t watchdog_usec = 0;
    const double watchdog = sd_watchdog_enabled(0, &watchdog_usec) > 0 ? double(watchdog_usec) / 2e6 : -1;
    double last_ping = -1e9;
    bool first_frame = true;
    bool pictures_in = false; // uploaded, to be logged once the frame showing them is presented
    bool wall_news = false;   // the wall's figures changed: logged once the frame showing them is presented
    bool animating = false;
    PollingDriver = VideoDriverIs("dummy");
    // --bench-input: a tap on a tab, pushed as SDL events, timed until the frame showing the
    // other part has been presented.
    bool probe_pending = false;
    double probe_start = 0;
    Part probe_part = Visit->State().CurrentPart;
    std::vector<double> probe_ms;
    if (Options.BenchInput > 0 && HasContent) Visit->Dispatch({IntentKind::OpenMutation, 0});
    while (Visit->Running()) {
        if (Options.BenchInput > 0 && !probe_pending && !first_frame && !Visit->NeedsFrames()) {
            const std::string label =
                Data.Ui.Get(Visit->State().CurrentPart == Part::Findings ? "mutation.signaux" : "mutation.constats");
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
                    probe_part = Visit->State().CurrentPart;
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
        // Half the watchdog's period apart at most; not on every wake-up (four a second at rest).
        if (watchdog > 0 && clock() - last_ping >= std::min(1.0, watchdog)) {
            sd_notify(0, "WATCHDOG=1");
            last_ping = clock();
        }
        if (Visit->Poll()) dirty = wall_news = true; // the wall's new figures
        if (Loader && !first_frame && Loader->PicturesReady()) {
            TakePictures();
            dirty = true;
            pictures_in = true;
        }
        SDL_Event e;
        // Event-driven: with nothing moving, sleep until the next touch (no busy loop).
        bool got = false;
        // The frame after an animation ends shows it at rest (full opacity, in place).
        if (animating && !Visit->NeedsFrames()) dirty = true;
        if (Visit->NeedsFrames() || dirty) {
            got = SDL_PollEvent(&e);
        } else {
            const double timer = Visit->NextDeadline();
            double wait = timer;
            if (watchdog > 0 && (wait < 0 || wait > watchdog)) wait = watchdog;
            // A stop signal does not wake SDL's wait: look four times a second (a few µs each),
            // so that SIGTERM always ends the kiosk within a second.
            if (wait < 0 || wait > 0.25) wait = 0.25;
            // The wall looks for new figures (its reader's thread has them) 20 times a second:
            // a ballot is on it within ~50 ms of reaching the server, on any video driver.
            if (Options.Wall) wait = std::min(wait, 0.05);
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
            for (const PointerEvent& p : events) Visit->Pointer(p);
            Visit->Key(key);
            if (wheel != 0) Visit->Wheel(wheel * Look.Size(TextStyle::Body) * 3);
            dirty = true;
            got = SDL_PollEvent(&e);
        }
        if (!Visit->Running()) break;
        if (dirty || Visit->NeedsFrames()) {
            const double frame_start = clock();
            DrawFrame();
            animating = Visit->NeedsFrames();
            dirty = false;
            if (probe_pending && Visit->State().CurrentPart != probe_part) {
                probe_ms.push_back((clock() - probe_start) * 1000);
                probe_pending = false;
                if (int(probe_ms.size()) >= Options.BenchInput) {
                    PrintStats("input_to_present_ms", probe_ms);
                    break;
                }
            }
            if (first_frame) {
                first_frame = false;
                g_startup.Mark("first frame");
                LogPresented("first frame", ": " + g_startup.Text);
                sd_notify(0, "READY=1");
                if (!Options.Wall) Visit->OpenDatabase(); // the wall only reads its source
                if (Options.BenchInput == 0) StartSound();
            } else if (pictures_in) {
                pictures_in = false;
                LogPresented("pictures", "");
            }
            if (wall_news) {
                // When a ballot reached the wall, for the organisers' log and kiosk/bench.
                wall_news = false;
                const ess::WallFigures& w = Visit->Facts().Wall;
                LogPresented("wall figures", ": " + std::to_string(w.Ballots) + " ballots" + (w.Online ? "" : " (offline)"));
            }
            // Pace animations ourselves: vsync is not always there (Xvfb, software renderer), and
            // an unpaced loop would draw hundreds of frames a second. The attract loop's slow
            // cross-fade looks the same at 30 frames per second and costs half.
            if (Visit->NeedsFrames()) {
                // The wall's fades and growing bars too: read from across a room, 30 are plenty.
                const ess::Screen shown = Visit->State().Current;
                const double period =
                    shown == ess::Screen::Attract || shown == ess::Screen::Wall ? kAttractFramePeriod : 1.0 / 60;
                const double left = frame_start + period - clock();
                if (left > 0.001) SDL_Delay(Uint32(left * 1000));
            }
        }
    }
    return 0;
}

// The sound device speech plays on; without one, speech is only logged (--speech-log).
void App::StartSound()
{
    if (!Voice || !Voice->Available()) return; // said once by the engine
    std::string why;
    // Headless runs play to SDL's dummy driver: no sound card, no sound in a test.
    if (!OpenAudio(*Voice, Options.Headless, Sound, why)) {
        std::fprintf(stderr, "ess-kiosk: speech: %s; nothing will be heard (--speech-log still logs)\n", why.c_str());
        Voice->SetAudio(false);
    }
}

bool App::IsSoftware() const
{
    SDL_RendererInfo info;
    return SDL_GetRendererInfo(Screen.Renderer, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE);
}

// "WHAT presented N ms after start (wall clock S.NS)": the wall clock lets a benchmark measure
// from its own launch of the process (kiosk/bench).
void LogPresented(const char* what, const std::string& more)
{
    timespec wall{};
    clock_gettime(CLOCK_REALTIME, &wall);
    std::fprintf(stderr, "ess-kiosk: %s presented %.0f ms after start (wall clock %lld.%09ld)%s\n", what,
                 MillisecondsSinceStart(), (long long)wall.tv_sec, wall.tv_nsec, more.c_str());
}

int RunKiosk(const RunOptions& options)
{
    App app(options);
    return app.Run();
}

} // namespace ess

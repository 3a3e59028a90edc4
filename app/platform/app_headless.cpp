// Headless runs: scripts (virtual clock, taps, shots, expectations), the monkey and the soak; see app.h.
#include "platform/app.h"

namespace ess {

void App::Settle()
{
    // Let animations, glides and transitions finish, on the virtual clock.
    for (int i = 0; i < 600 && NeedsFrames(Now); i++) {
        Now += kFrame;
        DrawFrame(Now);
    }
    Now += kFrame;
    DrawFrame(Now);
}

void App::Press(float x1, float y1, float x2, float y2, double seconds)
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

void App::Tap(float x, float y)
{
    Feed({PointerEvent::Down, x, y, Now});
    DrawFrame(Now);
    Now += 0.08;
    Feed({PointerEvent::Up, x, y, Now});
    DrawFrame(Now);
    Settle();
}

long App::ResidentKiB()
{
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

int App::OpenFds()
{
    int n = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator("/proc/self/fd")) n++;
    return n;
}

// One random thing a visitor (or a child, or a cat) could do to the screen.
void App::RandomEvent(std::mt19937& rng, double mean_wait)
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
        static const char* const keys[] = {"Escape", "Alt+F4", "Ctrl+Q", "Ctrl+W", "Close", "Home", "Backspace", "Left", "Right"};
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

int App::RunMonkey()
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

int App::RunScript()
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
                std::fprintf(stderr, "%s:%d: the kiosk quit here; the lines after it were not run\n", Options.ScriptFile.c_str(),
                             c.Line);
                return 1;
            }
            break;
        }
    }
    return 0;
}

// Every touch target a visitor can see must take a finger: 15 mm each way at least.
bool App::TargetsAreLarge(std::string& why) const
{
    const float minimum = Look.Mm(15) - 0.5f;
    for (const TouchTarget& t : Targets) {
        if (t.Full.GetWidth() >= minimum && t.Full.GetHeight() >= minimum) continue;
        char size[64];
        std::snprintf(size, sizeof size, "%.1f × %.1f mm", t.Full.GetWidth() / Look.PxPerMm, t.Full.GetHeight() / Look.PxPerMm);
        why = "touch target \"" + t.Label + "\" is only " + size + " (15 mm minimum)";
        return false;
    }
    return true;
}

bool App::Execute(const ScriptCommand& c, std::string& why)
{
    switch (c.Type) {
    case ScriptCommand::TapLabel: {
        std::vector<const TouchTarget*> found;
        for (const TouchTarget& t : Targets)
            if (t.Label.find(c.Text) != std::string::npos) found.push_back(&t);
        if (found.size() != 1) {
            why = found.empty()
                      ? "no touch target contains \"" + c.Text + "\"; on screen " + std::string(ScreenName(State.Current)) + ":"
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

} // namespace ess

// The monkey and the soak: seeded random events as visitors (and children, and cats) would make
// them, with invariants checked after each; see app.h.
#include <algorithm>

#include <malloc.h>
#include "platform/app.h"

namespace ess {

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
        Visit->Pointer({PointerEvent::Down, t.Rect.GetCenter().x, t.Rect.GetCenter().y, Now()});
        Virtual.Advance(uniform(0.03, 0.3));
        Visit->Pointer({PointerEvent::Up, t.Rect.GetCenter().x, t.Rect.GetCenter().y, Now()});
    } else if (kind < 50) { // anywhere
        float x = float(uniform(0, w)), y = float(uniform(0, h));
        Visit->Pointer({PointerEvent::Down, x, y, Now()});
        Virtual.Advance(uniform(0.03, 0.3));
        Visit->Pointer({PointerEvent::Up, x, y, Now()});
    } else if (kind < 60) { // a drag or a swipe, in any direction
        float x1 = float(uniform(0, w)), y1 = float(uniform(0, h)), x2 = float(uniform(0, w)), y2 = float(uniform(0, h));
        Visit->Pointer({PointerEvent::Down, x1, y1, Now()});
        for (int i = 1; i <= 6; i++) {
            Virtual.Advance(kFrame);
            Visit->Pointer({PointerEvent::Move, x1 + (x2 - x1) * i / 6, y1 + (y2 - y1) * i / 6, Now()});
            DrawFrame();
        }
        Visit->Pointer({PointerEvent::Up, x2, y2, Now()});
    } else if (kind < 65) { // a long press
        float x = float(uniform(0, w)), y = float(uniform(0, h));
        Visit->Pointer({PointerEvent::Down, x, y, Now()});
        DrawFrame();
        Virtual.Advance(uniform(0.9, 3));
        Visit->Pointer({PointerEvent::Up, x, y, Now()});
    } else if (kind < 70) { // a second finger: pinch, palm
        float x = float(uniform(0, w)), y = float(uniform(0, h));
        Visit->Pointer({PointerEvent::Down, x, y, Now()});
        Visit->Pointer({PointerEvent::Cancel, x, y, Now()});
        Virtual.Advance(uniform(0.05, 0.5));
        Visit->Pointer({PointerEvent::Up, x, y, Now()});
    } else if (kind < 75) { // a keyboard left plugged in
        static const char* const keys[] = {"Escape",    "Alt+F4",   "Ctrl+Q", "Ctrl+W",   "Close",    "Home",
                                           "Backspace", "Left",     "Right",  "Tab",      "Keypad 5", "Return",
                                           "PageUp",    "PageDown", "+",      "Keypad -", "F1",       "Shift+Tab"};
        const int n = int(sizeof keys / sizeof keys[0]);
        Visit->Key(KeyByName(keys[std::uniform_int_distribution<int>(0, n - 1)(rng)]));
    } else if (kind < 76) { // quick taps in the secret corner: the keypad, then random digits
        for (int i = 0; i < 5; i++) {
            Visit->Pointer({PointerEvent::Down, 10, h - 10, Now()});
            Virtual.Advance(0.05);
            Visit->Pointer({PointerEvent::Up, 10, h - 10, Now()});
            DrawFrame();
            Virtual.Advance(0.1);
        }
    } else { // nobody touches for a while
        double wait = std::exponential_distribution<double>(1.0 / mean_wait)(rng);
        // Now and then the visitor walks away: the idle question, the attract loop.
        if (std::uniform_int_distribution<int>(0, 99)(rng) < 4) wait += uniform(60, 240);
        for (double end = Now() + wait; Now() < end;) {
            Virtual.Set(std::min(end, Now() + (Visit->NeedsFrames() ? kFrame : 0.5)));
            Visit->Tick();
            if (Visit->NeedsFrames()) DrawFrame();
        }
    }
    Virtual.Advance(kFrame);
    DrawFrame();
}

// No setting hides the accessibility panel: on a visitor screen at rest, its button is there.
bool App::AccessButtonShown() const
{
    const KioskState& s = Visit->State();
    const bool visitor = s.Current != Screen::Wall && s.Current != Screen::Organiser && s.Current != Screen::OutOfOrder;
    if (!visitor || !HasContent || s.AccessPanel || s.IdleQuestion || s.BallotFailedNotice || !Visit->FrameIsCurrent() ||
        TransitionProgress(s, Now()) < 1 || Visit->Spots().empty())
        return true;
    const std::string& label = Visit->ContentShown()->Ui.Get("accessibilite.bouton");
    for (const Spot& spot : Visit->Spots())
        if (spot.Label == label) return true;
    return false;
}

int App::RunMonkey()
{
    std::mt19937 rng(Options.MonkeySeed);
    const long long events = Options.MonkeyEvents;
    // Soak: events spread over simulated hours, with real idle periods; else a brisk pace.
    const double mean_wait = Options.MonkeyHours > 0 ? Options.MonkeyHours * 3600.0 / (events * 0.22) : 2.0;
    Virtual.Set(1.0);
    Settle();
    const long rss_start = ResidentKiB();
    const int fds_start = OpenFds();
    long rss_warm = 0, rss_late = 0; // memory at rest, early and late in the run (0: not sampled)
    long long ballots_start = Visit->Facts().Ballots;
    std::map<std::string, long long> visits;
    long long panel_open = 0, larger = 0, contrast = 0, still = 0, low = 0, speech = 0;
    double next_report = 3600;
    const auto started = std::chrono::steady_clock::now();
    for (long long i = 1; i <= events; i++) {
        RandomEvent(rng, mean_wait);
        visits[ScreenName(Visit->State().Current)]++;
        // Invariants, after every event.
        std::string broken;
        if (!Visit->Running())
            broken = "the kiosk quit";
        else if (Visit->SessionBallots() > 1)
            broken = std::to_string(Visit->SessionBallots()) + " ballots in one visitor session";
        else if (int(Visit->State().Choice.Levers().size()) > Visit->State().Rules.MaxLevers)
            broken = "more levers chosen than allowed";
        else if (Visit->State().MutationIndex < 0 || Visit->State().MutationIndex >= std::max(1, Visit->State().MutationCount))
            broken = "mutation index out of range";
        else if (!AccessButtonShown())
            broken = "the accessibility button is missing from screen " + std::string(ScreenName(Visit->State().Current));
        const Access& a = Visit->State().Options;
        panel_open += Visit->State().AccessPanel;
        larger += a.TextSize > 0;
        contrast += a.Contrast;
        still += a.ReducedMotion;
        low += a.Bottom;
        speech += a.Speech;
        if (!broken.empty()) {
            std::fprintf(stderr, "monkey: seed %u, event %lld: %s\n", Options.MonkeySeed, i, broken.c_str());
            return 1;
        }
        // Memory at rest, early and late: sampled only when the kiosk waits for a visitor with
        // its default settings (welcome or attract, normal text, no speech), the lowest between
        // 10 % and 50 % of the run against the lowest in its last quarter. RSS swings with the
        // kiosk's state (a larger text size's atlas and the speech engine, 10-20 MiB, live while a
        // visitor uses them), so one sample after warm-up against one at the end flagged a swing
        // as growth; like against like, a leak still shows.
        const KioskState& now = Visit->State();
        const bool at_rest = (now.Current == Screen::Welcome || now.Current == Screen::Attract) && now.Options.TextSize == 0 &&
                             !now.Options.Speech && !now.AccessPanel;
        if (at_rest && i % 10 == 0) {
            malloc_trim(0); // what was freed goes back to the system: RSS then tells what is live
            const long rss = ResidentKiB();
            if (i >= events / 10 && i <= events / 2) rss_warm = rss_warm == 0 ? rss : std::min(rss_warm, rss);
            if (i >= events - events / 4) rss_late = rss_late == 0 ? rss : std::min(rss_late, rss);
        }
        if (Options.MonkeyHours > 0 && Now() >= next_report) {
            std::printf("monkey: simulated %5.1f h, event %8lld, RSS %ld KiB, %d open files\n", Now() / 3600, i, ResidentKiB(),
                        OpenFds());
            next_report += 3600;
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("monkey: seed %u, %lld events in %.1f s (%.0f/s), %.1f simulated hours, %lld ballots committed\n",
                Options.MonkeySeed, events, seconds, events / seconds, Now() / 3600, Visit->Facts().Ballots - ballots_start);
    std::printf("monkey: screens after events:");
    for (const auto& [name, n] : visits) std::printf(" %s %lld", name.c_str(), n);
    std::printf("\nmonkey: after events, the accessibility panel open %lld, larger text %lld, contrast %lld, reduced motion %lld,"
                " controls at the bottom %lld, speech %lld",
                panel_open, larger, contrast, still, low, speech);
    std::printf("\nmonkey: RSS %ld KiB at start, at rest %ld between 10 %% and 50 %% of the run and %ld in its last quarter, %ld "
                "at the end; open files %d at start, %d at the end\n",
                rss_start, rss_warm, rss_late, ResidentKiB(), fds_start, OpenFds());
    // Soak: after warm-up (caches, atlas, the database's pages) memory must not climb. Under
    // AddressSanitizer freed memory sits in its quarantine, so RSS says nothing there (that
    // build checks memory errors and leaks instead; the plain build checks flatness).
    if (Options.MonkeyHours > 0 && !kUnderAddressSanitizer && (rss_warm == 0 || rss_late == 0)) {
        std::fprintf(stderr, "monkey: the kiosk was never at rest early and late in the run: memory not compared\n");
        return 1;
    }
    if (Options.MonkeyHours > 0 && !kUnderAddressSanitizer && rss_late - rss_warm > 4096) {
        std::fprintf(stderr, "monkey: memory at rest grew by %ld KiB between the run's first half and its last quarter\n",
                     rss_late - rss_warm);
        return 1;
    }
    if (OpenFds() > fds_start + 2) {
        std::fprintf(stderr, "monkey: file descriptors leaked (%d → %d)\n", fds_start, OpenFds());
        return 1;
    }
    return 0;
}

} // namespace ess

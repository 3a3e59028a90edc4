// Headless runs: scripts (virtual clock, taps, shots, expectations); the monkey is in app_monkey.cpp; see app.h.
#include "platform/app.h"

namespace ess {

void App::Settle()
{
    // Let animations, glides and transitions finish, on the virtual clock.
    for (int i = 0; i < 600 && Visit->NeedsFrames(); i++) {
        Virtual.Advance(kFrame);
        DrawFrame();
    }
    Virtual.Advance(kFrame);
    DrawFrame();
}

void App::Press(float x1, float y1, float x2, float y2, double seconds, double hold)
{
    Visit->Pointer({PointerEvent::Down, x1, y1, Now()});
    DrawFrame();
    int steps = std::max(1, int(seconds / kFrame));
    for (int i = 1; i <= steps; i++) {
        Virtual.Advance(seconds / steps);
        float t = float(i) / steps;
        Visit->Pointer({PointerEvent::Move, x1 + (x2 - x1) * t, y1 + (y2 - y1) * t, Now()});
        DrawFrame();
    }
    for (double end = Now() + hold; Now() < end;) {
        Virtual.Set(std::min(end, Now() + kFrame));
        DrawFrame();
    }
    Visit->Pointer({PointerEvent::Up, x2, y2, Now()});
    DrawFrame();
    Settle();
}

void App::ScrollPage(float dy)
{
    // Within the page, away from its edges; the finger moves the page with it.
    const float x = PageArea.GetCenter().x, h = PageArea.GetHeight();
    dy = std::clamp(dy, -h * 0.8f, h * 0.8f);
    // Less than the tap slop would be a tap: a visitor's shortest scroll is longer than that.
    const float shortest = Look.Mm(4) * 2; // twice the tap slop (Session::SetScreen)
    if (std::fabs(dy) < shortest) dy = dy < 0 ? -shortest : shortest;
    const float from = dy > 0 ? PageArea.Max.y - h * 0.1f : PageArea.Min.y + h * 0.1f;
    Press(x, from, x, from - dy, 0.4, 0.15);
}

bool App::LayoutIsClean(std::string& why) const
{
    why = FindLayoutProblem(Texts, float(Screen.Width), float(Screen.Height), Cards);
    if (!why.empty()) why = "on screen " + std::string(ScreenName(Visit->State().Current)) + ": " + why;
    return why.empty();
}

void App::NoteDrawnTexts()
{
    // A place is the screen (with the mutation, its part and the side of the card shown) and
    // the text's position on the page, the scroll undone: the same sentence seen again after a
    // scroll is the same place, the same sentence twice on a page is two.
    std::string screen = ScreenName(Visit->State().Current);
    if (Visit->State().Current == Screen::Mutation)
        screen += " " + std::to_string(Visit->State().MutationIndex) + "/" + std::to_string(int(Visit->State().CurrentPart)) +
                  "/" + std::to_string(Visit->State().Compare ? 2 : int(Visit->State().FutureSide));
    for (const VisibleText& t : Texts) {
        ImRect visible = t.Rect;
        visible.ClipWith(t.Clip);
        if (visible.GetWidth() <= 0 || visible.GetHeight() <= 0) continue;
        Drawn[t.Text].insert(screen + " @" + std::to_string(std::lround(t.Rect.Min.x / 2)) + "," +
                             std::to_string(std::lround(t.PageY / 2)) + (t.InPage ? "" : " fixed"));
    }
}

bool App::EveryTextDrawn(std::string& why) const
{
    if (!HasContent) {
        why = "no content loaded";
        return false;
    }
    std::map<std::string, size_t> wanted;
    for (const std::string& s : StudyStrings(*Visit->ContentShown())) wanted[PlainText(s)]++;
    int missing = 0;
    for (const auto& [text, times] : wanted) {
        auto it = Drawn.find(text);
        const size_t drawn = it == Drawn.end() ? 0 : it->second.size();
        if (drawn >= times) continue;
        if (missing++ < 8)
            why += "\n  \"" + text.substr(0, 90) + "\": drawn in " + std::to_string(drawn) + " place(s), the study has it " +
                   std::to_string(times) + " time(s)";
    }
    if (missing == 0) return true;
    why = std::to_string(missing) + " text(s) of the study were not drawn during the run:" + why;
    return false;
}

void App::Tap(float x, float y)
{
    Visit->Pointer({PointerEvent::Down, x, y, Now()});
    DrawFrame();
    Virtual.Advance(0.08);
    Visit->Pointer({PointerEvent::Up, x, y, Now()});
    DrawFrame();
    Settle();
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
    Virtual.Set(1.0);
    Settle();
    NoteDrawnTexts();
    for (const ScriptCommand& c : commands) {
        std::string why;
        if (!Execute(c, why) || !TargetsAreLarge(why) || !LayoutIsClean(why)) {
            std::fprintf(stderr, "%s:%d: %s\n", Options.ScriptFile.c_str(), c.Line, why.c_str());
            return 1;
        }
        NoteDrawnTexts();
        if (!Visit->Running() || ScriptQuit) {
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
        // The target of exactly that label, else the one whose label contains the text; when
        // none is in view, the page is scrolled to it (down, then up), as a visitor would.
        std::vector<const TouchTarget*> found;
        bool down = true;
        for (int step = 0; step < 400; step++) {
            for (const TouchTarget& t : Targets)
                if (t.Label == c.Text) found.push_back(&t);
            if (found.empty())
                for (const TouchTarget& t : Targets)
                    if (t.Label.find(c.Text) != std::string::npos) found.push_back(&t);
            if (!found.empty()) break;
            const float before = Visit->State().Scroll.Offset;
            if (down && before >= LastScrollMax - 0.5f) down = false;
            if (!down && before <= 0.5f) break;
            ScrollPage(PageArea.GetHeight() * (down ? 0.6f : -0.6f));
            NoteDrawnTexts();
            if (!LayoutIsClean(why)) return false;
            if (std::fabs(Visit->State().Scroll.Offset - before) < 0.5f) {
                if (!down) break;
                down = false;
            }
        }
        if (found.size() != 1) {
            why = found.empty() ? "no touch target contains \"" + c.Text + "\"; on screen " +
                                      std::string(ScreenName(Visit->State().Current)) + ":"
                                : "several touch targets contain \"" + c.Text + "\":";
            for (const TouchTarget* t : found) why += "\n  \"" + t->Label + "\"";
            if (found.empty())
                for (const TouchTarget& t : Targets) why += "\n  \"" + t.Label + "\"";
            return false;
        }
        // A target half under a bar is tapped where it shows.
        Tap(found[0]->Rect.GetCenter().x, found[0]->Rect.GetCenter().y);
        return true;
    }
    case ScriptCommand::TapAt: Tap(c.X(0, float(Screen.Width)), c.Y(0, float(Screen.Height))); return true;
    case ScriptCommand::Drag:
        Press(c.X(0, float(Screen.Width)), c.Y(0, float(Screen.Height)), c.X(1, float(Screen.Width)),
              c.Y(1, float(Screen.Height)), c.Milliseconds / 1000.0);
        return true;
    case ScriptCommand::Find: {
        // As a visitor looks for something further down: scroll until it is in full view.
        for (int step = 0; step < 200; step++) {
            const VisibleText* found = nullptr;
            for (const VisibleText& t : Texts)
                if (!found && t.Text.find(c.Text) != std::string::npos) found = &t;
            const ImRect view = PageArea;
            if (found) {
                const bool in_view = found->Rect.Min.y >= view.Min.y - 0.5f && found->Rect.Max.y <= view.Max.y + 0.5f;
                if (in_view || !found->InPage || found->Rect.GetHeight() >= view.GetHeight()) return true;
            }
            const float before = Visit->State().Scroll.Offset;
            const float wanted = found ? found->Rect.Max.y - view.Max.y + Look.Gap : view.GetHeight() * 0.6f;
            ScrollPage(std::max(wanted, 1.0f));
            NoteDrawnTexts();
            if (!LayoutIsClean(why)) return false;
            if (Visit->State().Scroll.Offset <= before + 0.5f) break; // the end of the page
        }
        why = "text \"" + c.Text + "\" is nowhere below on screen " + ScreenName(Visit->State().Current);
        return false;
    }
    case ScriptCommand::ScrollEnd:
    case ScriptCommand::ScrollTop: {
        // A page at a time, so that every line passes through the view on the way.
        const bool down = c.Type == ScriptCommand::ScrollEnd;
        for (int step = 0; step < 400; step++) {
            const float before = Visit->State().Scroll.Offset;
            if (down ? before >= LastScrollMax - 0.5f : before <= 0.5f) break;
            ScrollPage(PageArea.GetHeight() * (down ? 0.6f : -0.6f));
            NoteDrawnTexts();
            if (!LayoutIsClean(why)) return false;
            if (std::fabs(Visit->State().Scroll.Offset - before) < 0.5f) break;
        }
        return true;
    }
    case ScriptCommand::ExpectEveryText: return EveryTextDrawn(why);
    case ScriptCommand::Swipe: {
        float w = float(Screen.Width), y = PageArea.GetCenter().y;
        if (c.Direction < 0)
            Press(w * 0.8f, y, w * 0.2f, y, 0.2);
        else
            Press(w * 0.2f, y, w * 0.8f, y, 0.2);
        return true;
    }
    case ScriptCommand::Key: {
        KeyAction key = KeyByName(c.Text);
        if (key == KeyAction::None) {
            why = "unknown key \"" + c.Text + "\" (accepted, in any case: " + KeyNames() + ")";
            return false;
        }
        for (int i = 0; i < c.Repeat && Visit->Running(); i++) {
            Visit->Key(key);
            // Twice: an activation's tap comes with the next frame, and may start a transition.
            Settle();
            if (Visit->Running()) Settle();
        }
        return true;
    }
    case ScriptCommand::ExpectFocus: {
        const int at = FindSpot(Visit->Spots(), Visit->State().Focus);
        if (at >= 0 && Visit->Spots()[size_t(at)].Label.find(c.Text) != std::string::npos) return true;
        why = "the focus is " + (at < 0 ? std::string("on nothing") : "on \"" + Visit->Spots()[size_t(at)].Label + "\"") +
              ", not on a target containing \"" + c.Text + "\"";
        return false;
    }
    case ScriptCommand::Wait: {
        double end = Now() + c.Milliseconds / 1000.0;
        while (Now() + kFrame <= end) {
            Virtual.Advance(kFrame);
            Visit->Tick();
            if (Visit->NeedsFrames()) DrawFrame();
        }
        Virtual.Set(end);
        DrawFrame();
        return true;
    }
    case ScriptCommand::Shot: {
        if (Options.ScreenshotDir.empty()) return true; // shots are optional: the run still checks
        std::string path = (fs::path(Options.ScreenshotDir) / (c.Text + ".png")).string();
        if (!DrawFrame(path)) {
            why = "cannot save screenshot " + path;
            return false;
        }
        return true;
    }
    case ScriptCommand::ExpectScreen:
        if (c.Text != ScreenName(Visit->State().Current)) {
            why = "expected screen " + c.Text + ", but the kiosk shows " + ScreenName(Visit->State().Current);
            return false;
        }
        return true;
    case ScriptCommand::ExpectText: {
        const ImRect screen(0, 0, float(Screen.Width), float(Screen.Height));
        for (const VisibleText& t : Texts)
            if (t.Rect.Overlaps(screen) && t.Text.find(c.Text) != std::string::npos) return true;
        why = "text \"" + c.Text + "\" is not visible on screen " + ScreenName(Visit->State().Current);
        return false;
    }
    case ScriptCommand::ExpectSaid:
    case ScriptCommand::ExpectSaidLanguage: {
        // What a visitor would have heard last: the speech engine's record, not the sound card.
        if (!Visit->Voice()) {
            why = "nothing is read aloud here (no speech engine)";
            return false;
        }
        const Utterance said = Visit->Voice()->LastSaid();
        if (said.Language.empty()) {
            why = "nothing has been read aloud yet";
            return false;
        }
        if (c.Type == ScriptCommand::ExpectSaid ? said.Text.find(c.Text) == std::string::npos : said.Language != c.Text) {
            why = (c.Type == ScriptCommand::ExpectSaid ? "expected to hear \"" + c.Text + "\"" : "expected speech in " + c.Text) +
                  ", but the last utterance was " + said.Language + " \"" + said.Text + "\"";
            return false;
        }
        return true;
    }
    case ScriptCommand::Quit: ScriptQuit = true; return true;
    }
    return true;
}

} // namespace ess

// Reading aloud: what the session says, and when (see session.h). Arriving on a screen reads its
// title and first text; a first touch on a target says what it is and what a second touch will
// do; a touch on a text reads it; the keypad's focus says where it goes. Any new touch interrupts
// (Speech::Say does). The engine synthesises on its own thread: nothing here waits for it.
#include <algorithm>
#include <cmath>

#include "core/text.h"
#include "session/session.h"
#include "session/speech.h"

namespace ess {

namespace {
bool Inside(float x, float y, float x0, float y0, float x1, float y1)
{
    return x >= x0 && x <= x1 && y >= y0 && y <= y1;
}

// "Title ?" then "Text": a pause between them, without doubling the title's own punctuation.
void Append(std::string& said, const std::string& more)
{
    if (more.empty()) return;
    if (!said.empty()) said += std::string(".?!:…").find(said.back()) != std::string::npos ? " " : ". ";
    said += more;
}
} // namespace

bool Session::Speaking() const
{
    // Never in organiser mode: its keypad's digits are a PIN, not to be said aloud (nor touched twice).
    return Speaker && Current.Options.Speech && ContentShown() && Current.Current != Screen::Organiser &&
           Current.Current != Screen::Wall;
}

void Session::Say(const std::string& text, bool worth_repeating)
{
    const Content* c = ContentShown();
    if (!Speaker || text.empty()) return;
    Speaker->Say(c && !c->Language.empty() ? c->Language : "fr", text);
    if (worth_repeating) LastWorthRepeating = text;
}

std::string Session::PlaceKey() const
{
    const KioskState& s = Current;
    std::string key = ScreenName(s.Current);
    if (s.Current == Screen::Mutation)
        key += " " + std::to_string(s.MutationIndex) + " " + std::to_string(int(s.CurrentPart)) +
               (s.CurrentPart == Part::Future ? " " + std::to_string(int(s.FutureSide)) + (s.Compare ? "c" : "") : "");
    if (s.AccessPanel) key += " panel";
    if (s.IdleQuestion) key += " idle";
    if (s.BallotFailedNotice) key += " failed";
    return key + " " + std::to_string(s.Language);
}

// The screen's first texts in reading order: the dialog's when one is open, else the page's (the
// fixed bars are buttons, said when touched), else the screen's; not the labels of buttons.
std::vector<const Reading*> Session::FirstTexts() const
{
    int top = 0;
    for (const Reading& r : Readings) top = std::max(top, r.Layer);
    const float screen = std::max(1.0f, Width * Height);
    const auto is_label = [&](const Reading& r) {
        const float cx = (r.X0 + r.X1) * 0.5f, cy = (r.Y0 + r.Y1) * 0.5f;
        for (const Spot& s : Targets)
            if (s.Layer == r.Layer && (s.X1 - s.X0) * (s.Y1 - s.Y0) < screen * 0.5f && Inside(cx, cy, s.X0, s.Y0, s.X1, s.Y1))
                return true;
        return false;
    };
    std::vector<const Reading*> texts;
    bool page = false;
    for (const Reading& r : Readings)
        if (r.Layer == top && !is_label(r)) {
            texts.push_back(&r);
            page = page || r.InPage;
        }
    if (page) texts.erase(std::remove_if(texts.begin(), texts.end(), [](const Reading* r) { return !r->InPage; }), texts.end());
    // By rows (a chip beside its heading is on the heading's row), then from left to right.
    const float row = 4 * PxPerMm;
    std::stable_sort(texts.begin(), texts.end(), [row](const Reading* a, const Reading* b) {
        const long ra = std::lround(std::floor((a->PageY + (a->Y1 - a->Y0) * 0.5f) / row));
        const long rb = std::lround(std::floor((b->PageY + (b->Y1 - b->Y0) * 0.5f) / row));
        if (ra != rb) return ra < rb;
        return a->X0 < b->X0;
    });
    // The title and the first text: up to two of some length (chips such as "2022" on the way).
    std::vector<const Reading*> first;
    int long_ones = 0;
    for (const Reading* r : texts) {
        if (long_ones >= 2 || first.size() >= 4) break;
        if (r->Text.size() < 3) continue; // a picture's number, an arrow
        first.push_back(r);
        if (r->Text.size() >= 20) long_ones++;
    }
    return first;
}

void Session::SpeakAfterFrame()
{
    if (!Speaker) return;
    const Access& a = Current.Options;
    const Labels* ui = ContentShown() ? &ContentShown()->Ui : nullptr;
    if (a.Volume != Spoken.Volume) Speaker->SetVolume(a.Volume);
    if (a.Rate != Spoken.Rate) Speaker->SetRate(a.Rate);
    const bool turned_on = a.Speech && !Spoken.Speech, turned_off = !a.Speech && Spoken.Speech;
    const bool louder = a.Speech && Spoken.Speech && (a.Volume != Spoken.Volume || a.Rate != Spoken.Rate);
    const Access before = Spoken;
    Spoken = a;
    if (turned_off) {
        Speaker->Stop();
        Armed = {};
        Announced.clear();
    }
    if (!a.Speech || !ui || !Speaking()) return;
    if (turned_on) {
        // Said where it was turned on (the panel, or the first screen when it is on by default).
        Say(ui->Get("accessibilite.voix_activee"));
        Announced = PlaceKey();
        return;
    }
    if (louder) {
        const bool volume = a.Volume != before.Volume;
        Say(ui->Get(volume ? "accessibilite.volume" : "accessibilite.vitesse") + " " +
            std::to_string(volume ? a.Volume : a.Rate) + " / " + std::to_string(kAccessSteps));
        return;
    }
    const std::string place = PlaceKey();
    // A key activated the focused target and the screen stayed: its new state ("choisi").
    if (SayAgainIn > 0 && --SayAgainIn == 0 && place == Announced) {
        SayFocused(false);
        return;
    }
    if (place == Announced || place != ReadingsPlace || TransitionProgress(Current, Time.Now()) < 1 ||
        (Readings.empty() && Targets.empty()))
        return;
    Announced = place;
    Armed = {};
    std::string text;
    for (const Reading* r : FirstTexts()) Append(text, r->Text);
    Say(text);
}

void Session::SayFocused(bool touch)
{
    const int at = FindSpot(Targets, Current.Focus);
    if (at < 0 || !ContentShown()) return;
    const Spot& s = Targets[size_t(at)];
    std::string said = s.Said.empty() ? s.Label : s.Said;
    if (touch) said += ", " + ContentShown()->Ui.Get("accessibilite.bouton_une_fois");
    Say(said, !touch);
}

void Session::SayWhereAmI()
{
    if (!Speaking()) return;
    const std::vector<const Reading*> first = FirstTexts();
    const std::string where = first.empty() ? std::string(ScreenName(Current.Current)) : first[0]->Text;
    std::string said = FillIn(ContentShown()->Ui.Get("accessibilite.ecran"), {{"ecran", where}});
    const int at = FindSpot(Targets, Current.Focus);
    if (at >= 0) said += ". " + (Targets[size_t(at)].Said.empty() ? Targets[size_t(at)].Label : Targets[size_t(at)].Said);
    Say(said);
}

bool Session::ExploreTap(float x, float y)
{
    int top = 0;
    for (const Spot& s : Targets) top = std::max(top, s.Layer);
    int best = -1;
    float best_area = 0;
    for (size_t i = 0; i < Targets.size(); i++) {
        const Spot& s = Targets[i];
        if (s.Layer != top) continue;
        const float y0 = s.InPage ? std::max(s.Y0, PageTop) : s.Y0, y1 = s.InPage ? std::min(s.Y1, PageBottom) : s.Y1;
        if (!Inside(x, y, s.X0, y0, s.X1, y1)) continue;
        const float area = (s.X1 - s.X0) * (s.Y1 - s.Y0);
        if (best < 0 || area < best_area) {
            best = int(i);
            best_area = area;
        }
    }
    const Reading* text = nullptr;
    for (const Reading& r : Readings)
        if (r.Layer == top && Inside(x, y, r.X0, r.Y0, r.X1, r.Y1)) text = &r;
    if (best < 0) {
        // A text, not a button: it is read, nothing else happens.
        Armed = {};
        if (!text) return true;
        Say(text->Text);
        return false;
    }
    const FocusMark mark = MarkOf(Targets, size_t(best));
    if (mark == Armed) {
        Armed = {};
        return true; // the second touch: what the first one described
    }
    Armed = mark;
    Current.Focus = mark;
    if (best_area > Width * Height * 0.5f && text) {
        // A target as large as the screen (the welcome screen's invitation): the text under the
        // finger first, then what a second touch does.
        const Spot& s = Targets[size_t(best)];
        std::string said = text->Text;
        Append(said, (s.Said.empty() ? s.Label : s.Said) + ", " + ContentShown()->Ui.Get("accessibilite.bouton_une_fois"));
        Say(said, false);
        return false;
    }
    SayFocused(true);
    return false;
}

} // namespace ess

// The visit log's observer (see visit_recorder.h).
#include "session/visit_recorder.h"

#include <algorithm>

#include "core/ballot.h"

namespace ess {

namespace {
bool OutsideVisit(Screen s)
{
    return s == Screen::Welcome || s == Screen::Attract || s == Screen::Organiser || s == Screen::OutOfOrder || s == Screen::Wall;
}

const char* PartName(Part p)
{
    switch (p) {
    case Part::Findings: return "findings";
    case Part::Signals: return "signals";
    case Part::Future: return "future";
    case Part::Initiatives: return "initiatives";
    }
    return "";
}
} // namespace

std::string UtcMinute(const std::string& iso)
{
    return iso.size() >= 16 ? iso.substr(0, 16) + "Z" : iso;
}

VisitView VisitRecorder::ViewOf(const KioskState& s)
{
    VisitView v;
    v.Screen = ScreenName(s.Current);
    if (s.Current == Screen::Mutation) {
        v.Mutation = s.MutationIndex;
        v.Part = PartName(s.CurrentPart);
        if (s.CurrentPart == Part::Future)
            v.Part = s.Compare ? "future_compare" : s.FutureSide == Side::Dystopian ? "future_dystopian" : "future";
    }
    return v;
}

void VisitRecorder::CloseView(double now)
{
    if (!HaveView) return;
    Here.Seconds = std::max(0.0, now - ViewSince);
    // Back on the same view (a flip there and back is two views; a tap that changed nothing, none).
    if (!Current.Views.empty() && Current.Views.back().Screen == Here.Screen && Current.Views.back().Mutation == Here.Mutation &&
        Current.Views.back().Part == Here.Part)
        Current.Views.back().Seconds += Here.Seconds;
    else
        Current.Views.push_back(Here);
    HaveView = false;
}

std::optional<Visit> VisitRecorder::Observe(const KioskState& s, double now, double last_input, const std::string& wall)
{
    if (!Going) {
        if (OutsideVisit(s.Current)) return std::nullopt;
        // The touch that left the welcome screen or the attract loop: a visit starts.
        Going = true;
        Current = Visit{};
        Current.Id = NewUuid();
        Current.KioskId = KioskId;
        Current.ContentVersion = ContentVersion;
        Current.StartedAt = UtcMinute(wall);
        Current.Language = s.Language >= 0 && size_t(s.Language) < Languages.size() ? Languages[size_t(s.Language)] : "fr";
        StartedAt = now;
        Modes.clear();
        Qr.clear();
        LastSide = s.FutureSide;
        LastCompare = s.Compare;
        LastMutation = s.MutationIndex;
    }
    const Access& a = s.Options;
    if (a.TextSize > 0) Modes.insert("large_text");
    if (a.Contrast) Modes.insert("contrast");
    if (a.ReducedMotion) Modes.insert("reduced_motion");
    if (a.Bottom) Modes.insert("controls_at_bottom");
    if (a.Speech) Modes.insert("speech");
    if (OutsideVisit(s.Current)) {
        // The visit is over: back to the welcome screen, or the attract loop when nobody answered
        // (then it ended at the last touch, not when the idle question gave up).
        const bool idle = s.Current == Screen::Attract;
        return Finish(idle ? std::min(now, std::max(last_input, StartedAt)) : now, idle ? "idle" : "left");
    }
    // The 2040 card: turned (same mutation, the side changed) and compared.
    if (s.Current == Screen::Mutation && s.MutationIndex == LastMutation && s.FutureSide != LastSide) Current.Flips++;
    if (s.Compare && !LastCompare) Current.Comparisons++;
    LastSide = s.FutureSide;
    LastCompare = s.Compare;
    LastMutation = s.MutationIndex;
    const VisitView v = ViewOf(s);
    if (!HaveView || v.Screen != Here.Screen || v.Mutation != Here.Mutation || v.Part != Here.Part) {
        CloseView(now);
        Here = v;
        ViewSince = now;
        HaveView = true;
    }
    return std::nullopt;
}

std::optional<Visit> VisitRecorder::Stop(double now, double last_input)
{
    if (!Going) return std::nullopt;
    return Finish(std::min(now, std::max(last_input, StartedAt)), "left");
}

Visit VisitRecorder::Finish(double end, const char* ending_without_ballot)
{
    CloseView(end);
    Current.Seconds = std::max(0.0, end - StartedAt);
    // Views are cut where the visit ended (an idle one ends before its last view's clock stopped).
    double total = 0;
    for (VisitView& v : Current.Views) {
        v.Seconds = std::max(0.0, std::min(v.Seconds, Current.Seconds - total));
        total += v.Seconds;
    }
    Current.Ending = Current.BallotId.empty() ? ending_without_ballot : "ballot";
    Current.Modes.assign(Modes.begin(), Modes.end());
    Current.QrShown = int(Qr.size());
    Going = false;
    HaveView = false;
    return Current;
}

void VisitRecorder::BallotStored(const std::string& uuid)
{
    if (Going) Current.BallotId = uuid;
}

void VisitRecorder::QrSeen(int mutation, int initiative)
{
    if (Going) Qr.insert({mutation, initiative});
}

} // namespace ess

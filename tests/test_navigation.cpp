// Navigation and flip state: what a visitor's taps do, on an injected clock.
#include <doctest/doctest.h>

#include "core/navigation.h"

using namespace ess;

namespace {
KioskState Fresh()
{
    KioskState s;
    s.MutationCount = 4;
    return s;
}
} // namespace

TEST_CASE("welcome → mutations → a mutation, then back and home")
{
    KioskState s = Fresh();
    Apply(s, {IntentKind::OpenMutations}, 1);
    CHECK(s.Current == Screen::Mutations);
    Apply(s, {IntentKind::OpenMutation, 2}, 2);
    CHECK(s.Current == Screen::Mutation);
    CHECK(s.MutationIndex == 2);
    CHECK(s.CurrentPart == Part::Findings);
    Apply(s, {IntentKind::Back}, 3);
    CHECK(s.Current == Screen::Mutations);
    Apply(s, {IntentKind::OpenMutation, 1}, 4);
    Apply(s, {IntentKind::OpenAct}, 5);
    Apply(s, {IntentKind::Home}, 6);
    CHECK(s.Current == Screen::Welcome);
    CHECK(s.History.empty());
    Apply(s, {IntentKind::Back}, 7); // back on the welcome screen: nowhere to go, nothing breaks
    CHECK(s.Current == Screen::Welcome);
}

TEST_CASE("an out-of-range mutation is ignored")
{
    KioskState s = Fresh();
    Apply(s, {IntentKind::OpenMutation, 7}, 1);
    Apply(s, {IntentKind::OpenMutation, -1}, 1);
    CHECK(s.Current == Screen::Welcome);
}

TEST_CASE("swiping between mutations wraps around and keeps the part")
{
    KioskState s = Fresh();
    Apply(s, {IntentKind::OpenMutation, 3}, 1);
    Apply(s, {IntentKind::OpenPart, int(Part::Initiatives)}, 2);
    Apply(s, {IntentKind::NextMutation}, 3);
    CHECK(s.MutationIndex == 0);
    CHECK(s.CurrentPart == Part::Initiatives);
    Apply(s, {IntentKind::PreviousMutation}, 4);
    CHECK(s.MutationIndex == 3);
    ApplyGesture(s, {Gesture::Swipe, 0, 0, 0, 0, -1}, 5); // finger to the left: next
    CHECK(s.MutationIndex == 0);
}

TEST_CASE("the flip animates and switches the visible side at half-turn")
{
    KioskState s = Fresh();
    Apply(s, {IntentKind::OpenMutation, 0}, 0);
    Apply(s, {IntentKind::OpenPart, int(Part::Future)}, 0);
    CHECK(VisibleSide(s, 10) == Side::Desirable);
    Apply(s, {IntentKind::FlipFuture}, 10);
    CHECK(s.FutureSide == Side::Dystopian);
    CHECK(IsAnimating(s, 10.1));
    CHECK(VisibleSide(s, 10 + s.Durations.Flip * 0.4) == Side::Desirable);
    CHECK(VisibleSide(s, 10 + s.Durations.Flip * 0.6) == Side::Dystopian);
    CHECK_FALSE(IsAnimating(s, 10 + s.Durations.Flip + 0.01));
    Apply(s, {IntentKind::ShowSide, 0}, 20);
    CHECK(s.FutureSide == Side::Desirable);
    Apply(s, {IntentKind::ShowSide, 0}, 30); // already shown: no flip
    CHECK(FlipProgress(s, 30) == 1.0f);
}

TEST_CASE("compare mode shows both futures and ends when the part changes")
{
    KioskState s = Fresh();
    Apply(s, {IntentKind::OpenMutation, 1}, 0);
    Apply(s, {IntentKind::OpenPart, int(Part::Future)}, 0);
    Apply(s, {IntentKind::ToggleCompare}, 1);
    CHECK(s.Compare);
    Apply(s, {IntentKind::OpenPart, int(Part::Signals)}, 2);
    CHECK_FALSE(s.Compare);
}

TEST_CASE("navigation resets the scroll; history stays bounded")
{
    KioskState s = Fresh();
    Apply(s, {IntentKind::OpenAct}, 0);
    s.Scroll.Update(0, 1000);
    s.Scroll.ScrollTo(500);
    Apply(s, {IntentKind::OpenAbout}, 1);
    CHECK(s.Scroll.Offset == 0);
    for (int i = 0; i < 1000; i++) {
        Apply(s, {IntentKind::OpenMutation, i % 4}, i);
        Apply(s, {IntentKind::OpenAct}, i);
    }
    CHECK(s.History.size() <= 32);
}

TEST_CASE("out of order: nothing navigates")
{
    KioskState s = Fresh();
    s.Current = Screen::OutOfOrder;
    Apply(s, {IntentKind::OpenMutations}, 1);
    Apply(s, {IntentKind::Home}, 1);
    CHECK(s.Current == Screen::OutOfOrder);
    CHECK(std::string(ScreenName(s.Current)) == "out-of-order");
}

TEST_CASE("reduced motion: no slide, no flip, no glide")
{
    KioskState s;
    s.MutationCount = 4;
    Apply(s, {IntentKind::ToggleMotion}, 0);
    Apply(s, {IntentKind::OpenMutation, 1}, 10);
    CHECK(TransitionProgress(s, 10) == 1.0f); // the new screen is there at once
    Apply(s, {IntentKind::OpenPart, int(Part::Future)}, 10);
    Apply(s, {IntentKind::FlipFuture}, 10);
    CHECK(FlipProgress(s, 10) == 1.0f);
    CHECK(VisibleSide(s, 10) == Side::Dystopian);
    ApplyGesture(s, {Gesture::ScrollRelease, 0, 0, 0, 2000}, 10);
    CHECK_FALSE(s.Scroll.IsMoving());
    CHECK_FALSE(IsAnimating(s, 10));
    // Without it, the same steps animate.
    KioskState moving;
    moving.MutationCount = 4;
    Apply(moving, {IntentKind::OpenMutation, 1}, 10);
    CHECK(TransitionProgress(moving, 10) < 1.0f);
}

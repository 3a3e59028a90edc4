// Gesture recognition and the scroll glide.
#include <doctest/doctest.h>

#include "core/gestures.h"

using namespace ess;

TEST_CASE("a short press without movement is a tap")
{
    GestureRecognizer r;
    r.Feed({PointerEvent::Down, 100, 100, 0});
    r.Feed({PointerEvent::Move, 104, 103, 0.05});
    r.Feed({PointerEvent::Up, 104, 103, 0.1});
    auto g = r.Take();
    REQUIRE(g.size() == 1);
    CHECK(g[0].Type == Gesture::Tap);
    CHECK(g[0].X == 104);
    CHECK(r.Take().empty());
}

TEST_CASE("a long press does nothing")
{
    GestureRecognizer r;
    r.Feed({PointerEvent::Down, 100, 100, 0});
    r.Feed({PointerEvent::Up, 100, 100, 2.0});
    CHECK(r.Take().empty());
}

TEST_CASE("a vertical drag scrolls with the finger, then glides")
{
    GestureRecognizer r;
    r.Feed({PointerEvent::Down, 100, 500, 0});
    for (int i = 1; i <= 10; i++) r.Feed({PointerEvent::Move, 100, 500.0f - i * 30, i * 0.016});
    r.Feed({PointerEvent::Up, 100, 200, 0.17});
    float total = 0, velocity = 0;
    bool tap = false;
    for (const Gesture& g : r.Take()) {
        if (g.Type == Gesture::Scroll) total += g.Delta;
        if (g.Type == Gesture::ScrollRelease) velocity = g.Velocity;
        if (g.Type == Gesture::Tap) tap = true;
    }
    CHECK_FALSE(tap);
    CHECK(total == doctest::Approx(-300));
    CHECK(velocity < -1000); // ~1900 px/s upwards

    Scroller s;
    s.Update(0, 5000);
    s.DragBy(total);
    CHECK(s.Offset == doctest::Approx(300));
    s.Release(velocity);
    double t = 0;
    while (s.IsMoving() && t < 5) {
        t += 1.0 / 60;
        s.Update(t, 5000);
    }
    CHECK_FALSE(s.IsMoving());
    CHECK(s.Offset > 500); // it glided on
    CHECK(t < 3);
}

TEST_CASE("scrolling stops at both ends")
{
    Scroller s;
    s.Update(0, 400);
    s.DragBy(100); // pulling down at the top
    CHECK(s.Offset == 0);
    s.DragBy(-1000);
    CHECK(s.Offset == 400);
    s.Release(-5000);
    s.Update(0.1, 400);
    CHECK(s.Offset == 400);
    CHECK_FALSE(s.IsMoving());
}

TEST_CASE("a horizontal fling is a swipe with its direction; a short one is nothing")
{
    GestureRecognizer r;
    r.Settings.SwipeDistance = 150;
    r.Feed({PointerEvent::Down, 800, 500, 0});
    r.Feed({PointerEvent::Move, 500, 510, 0.1});
    r.Feed({PointerEvent::Up, 400, 510, 0.2});
    auto g = r.Take();
    REQUIRE(g.size() == 1);
    CHECK(g[0].Type == Gesture::Swipe);
    CHECK(g[0].Direction == -1);

    r.Feed({PointerEvent::Down, 800, 500, 1});
    r.Feed({PointerEvent::Move, 860, 500, 1.1});
    r.Feed({PointerEvent::Up, 860, 500, 1.2});
    CHECK(r.Take().empty());
}

TEST_CASE("a cancelled press (second finger) gives nothing")
{
    GestureRecognizer r;
    r.Feed({PointerEvent::Down, 100, 100, 0});
    r.Feed({PointerEvent::Cancel, 0, 0, 0.05});
    r.Feed({PointerEvent::Up, 100, 100, 0.1});
    CHECK(r.Take().empty());
    CHECK_FALSE(r.IsPressed());
}

// Gesture recognition and scrolling physics (see gestures.h).
#include "core/gestures.h"

#include <algorithm>
#include <cmath>

namespace ess {

void GestureRecognizer::Feed(const PointerEvent& e)
{
    switch (e.Type) {
    case PointerEvent::Down:
        Pressed = true;
        DragMode = Mode::Undecided;
        StartX = LastX = e.X;
        StartY = LastY = e.Y;
        StartTime = e.Time;
        Samples.assign(1, {e.Y, e.Time});
        break;
    case PointerEvent::Move: {
        if (!Pressed) {
            LastX = e.X;
            LastY = e.Y;
            break;
        }
        float dx = e.X - StartX, dy = e.Y - StartY;
        if (DragMode == Mode::Undecided && std::hypot(dx, dy) > Settings.TapSlop)
            DragMode = std::fabs(dx) > std::fabs(dy) ? Mode::Horizontal : Mode::Vertical;
        if (DragMode == Mode::Vertical) {
            // The first scroll delta includes the slop, so content lands under the finger.
            Pending.push_back({Gesture::Scroll, e.X, e.Y, e.Y - LastY, 0, 0});
        }
        LastX = e.X;
        LastY = e.Y;
        Samples.push_back({e.Y, e.Time});
        while (Samples.size() > 2 && e.Time - Samples.front().Time > 0.1) Samples.erase(Samples.begin());
        break;
    }
    case PointerEvent::Up: {
        if (!Pressed) break;
        Pressed = false;
        float dx = e.X - StartX;
        if (DragMode == Mode::Undecided) {
            if (e.Time - StartTime <= Settings.LongPress) Pending.push_back({Gesture::Tap, e.X, e.Y, 0, 0, 0});
        } else if (DragMode == Mode::Vertical) {
            if (e.Y != LastY) Pending.push_back({Gesture::Scroll, e.X, e.Y, e.Y - LastY, 0, 0});
            float velocity = 0;
            const Sample& first = Samples.front();
            // A finger that stopped before lifting gives no glide.
            if (e.Time - first.Time > 1e-3 && e.Time - Samples.back().Time < 0.08)
                velocity = float((e.Y - first.Y) / (e.Time - first.Time));
            Pending.push_back({Gesture::ScrollRelease, e.X, e.Y, 0, velocity, 0});
        } else if (std::fabs(dx) >= Settings.SwipeDistance) {
            Pending.push_back({Gesture::Swipe, e.X, e.Y, 0, 0, dx < 0 ? -1 : 1});
        }
        LastX = e.X;
        LastY = e.Y;
        break;
    }
    case PointerEvent::Cancel:
        Pressed = false;
        DragMode = Mode::Undecided;
        break;
    }
}

std::vector<Gesture> GestureRecognizer::Take()
{
    std::vector<Gesture> out;
    out.swap(Pending);
    return out;
}

void Scroller::Clamp()
{
    float clamped = std::clamp(Offset, 0.0f, std::max(0.0f, MaxOffset));
    if (clamped != Offset) Velocity = 0;
    Offset = clamped;
}

void Scroller::Update(double now, float max_offset)
{
    MaxOffset = std::max(0.0f, max_offset);
    double dt = LastTime < 0 ? 0 : std::min(now - LastTime, 0.1);
    LastTime = now;
    if (Velocity != 0 && dt > 0) {
        // Exponential friction: a flick glides about a third of a second, like a phone.
        constexpr double kFriction = 4.0;
        Offset += float(Velocity * (1 - std::exp(-kFriction * dt)) / kFriction);
        Velocity = float(Velocity * std::exp(-kFriction * dt));
        if (std::fabs(Velocity) < 20) Velocity = 0;
    }
    Clamp();
}

} // namespace ess

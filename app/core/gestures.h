// Touch and mouse turned into what a visitor means: tap, vertical drag (scroll with inertia),
// horizontal swipe. Fed by the platform layer and by scripts alike; distances in pixels,
// thresholds given in pixels by the caller (converted once from millimetres).
#pragma once
#include <vector>

namespace ess {

struct PointerEvent {
    enum Kind { Down, Move, Up, Cancel } Type = Down;
    float X = 0, Y = 0;
    double Time = 0; // seconds, injected clock
};

struct Gesture {
    enum Kind { Tap, Scroll, ScrollRelease, Swipe } Type = Tap;
    float X = 0, Y = 0; // Tap position
    float Delta = 0;    // Scroll: pixels the content follows the finger (positive = finger down)
    float Velocity = 0; // ScrollRelease: pixels per second
    int Direction = 0;  // Swipe: -1 = finger moved left (next), +1 = right (previous)
};

struct GestureSettings {
    float TapSlop = 20;        // movement under which a press is still a tap (px)
    float SwipeDistance = 150; // horizontal travel that makes a swipe (px)
    double LongPress = 0.8;    // a press held longer is not a tap (s): nothing happens
};

class GestureRecognizer {
public:
    explicit GestureRecognizer(GestureSettings settings = {}) : Settings(settings) {}
    void Feed(const PointerEvent& event);
    std::vector<Gesture> Take(); // gestures since the last call
    bool IsPressed() const { return Pressed; }
    float PressX() const { return LastX; }
    float PressY() const { return LastY; }
    GestureSettings Settings;

private:
    enum class Mode { Undecided, Vertical, Horizontal };
    bool Pressed = false;
    Mode DragMode = Mode::Undecided;
    float StartX = 0, StartY = 0, LastX = 0, LastY = 0;
    double StartTime = 0;
    // Recent samples for the release velocity.
    struct Sample {
        float Y;
        double Time;
    };
    std::vector<Sample> Samples;
    std::vector<Gesture> Pending;
};

// A scroll offset that follows the finger, then glides and stops at the edges.
class Scroller {
public:
    void Reset()
    {
        Offset = 0;
        Velocity = 0;
        LastTime = -1;
    }
    void DragBy(float finger_delta)
    {
        Offset -= finger_delta;
        Velocity = 0;
        Clamp();
    }
    void Release(float finger_velocity) { Velocity = -finger_velocity; }
    void ScrollTo(float offset)
    {
        Offset = offset;
        Velocity = 0;
        Clamp();
    }
    // Advances the glide to `now`; call once per frame with the page's scrollable range.
    void Update(double now, float max_offset);
    bool IsMoving() const { return Velocity != 0; }
    float Offset = 0;
    float Velocity = 0; // content pixels per second
    float MaxOffset = 0;

private:
    void Clamp();
    double LastTime = -1;
};

} // namespace ess

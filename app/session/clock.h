// The session's clock, injected: the real one for a kiosk, a virtual one for scripts, the monkey
// and the simulated day, which then stamp their ballots with simulated time too.
#pragma once
#include <chrono>
#include <string>

namespace ess {

class Clock {
public:
    virtual ~Clock() = default;
    // Seconds since the clock started: timers, animations.
    virtual double Now() const = 0;
    // The wall time at `seconds` on this clock: ballots' and files' stamps.
    std::chrono::system_clock::time_point Wall(double seconds) const
    {
        return Start + std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::duration<double>(seconds));
    }

protected:
    std::chrono::system_clock::time_point Start = std::chrono::system_clock::now();
};

// The steady clock `seconds` from now: the worker threads' deadlines (real time, whatever the
// session's clock).
inline std::chrono::steady_clock::time_point SteadySecondsFromNow(double seconds)
{
    return std::chrono::steady_clock::now() +
           std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
}

// Steady time from construction.
class RealClock : public Clock {
public:
    double Now() const override { return std::chrono::duration<double>(std::chrono::steady_clock::now() - Began).count(); }

private:
    std::chrono::steady_clock::time_point Began = std::chrono::steady_clock::now();
};

// Time that moves only when told: a script's wait, the monkey's idle periods, a simulated day.
class VirtualClock : public Clock {
public:
    double Now() const override { return Seconds; }
    void Set(double seconds) { Seconds = seconds; }
    void Advance(double seconds) { Seconds += seconds; }

private:
    double Seconds = 0;
};

// ISO 8601 UTC with milliseconds (2026-11-26T13:45:12.345Z), as ballots record it.
std::string FormatUtcIso(std::chrono::system_clock::time_point t);
// Local time, for people: "2026-11-26 14:45", and "14:45".
std::string FormatLocalMinute(std::chrono::system_clock::time_point t);
std::string FormatLocalHourMinute(std::chrono::system_clock::time_point t);
// A file-name-safe UTC stamp: 20261126T134512Z.
std::string FormatUtcStamp(std::chrono::system_clock::time_point t);

} // namespace ess

// Ballot rules a visitor meets: choosing levers (a maximum per ballot), a cooldown after each
// ballot, and a rate above which ballots are still counted but flagged. Also the UUIDs of
// ballots and the organiser PIN (salted Argon2 hash, lockout after wrong attempts).
#pragma once
#include <deque>
#include <string>
#include <vector>

namespace ess {

struct BallotRules {
    int MaxLevers = 3;     // levers per ballot
    double Cooldown = 5;   // seconds after a ballot before the next can be confirmed
    int RatePerMinute = 4; // more ballots than this within a minute are flagged
};

// What one visitor has chosen so far. Order of choice is kept (it is how they are shown).
class Selection {
public:
    enum class Toggle { Added, Removed, Full };
    Toggle Flip(const std::string& lever, int max_levers);
    bool Contains(const std::string& lever) const;
    const std::vector<std::string>& Levers() const { return Chosen; }
    void Clear() { Chosen.clear(); }
    bool Empty() const { return Chosen.empty(); }

private:
    std::vector<std::string> Chosen;
};

// Recent ballots of this kiosk, in memory, on the injected clock.
class BallotPace {
public:
    bool InCooldown(double now, const BallotRules& rules) const { return now - Last < rules.Cooldown; }
    double CooldownLeft(double now, const BallotRules& rules) const;
    // Flags for a ballot committed now (kBallotFlagFastRate when the rate is exceeded).
    int FlagsFor(double now, const BallotRules& rules) const;
    void Recorded(double now);

private:
    std::deque<double> Times;
    double Last = -1e18;
};

// A random (version 4) UUID from the system's cryptographic generator.
std::string NewUuid();

// PIN: 4 to 8 digits. The hash is libsodium's crypto_pwhash_str (Argon2id, salted, self-describing).
bool IsValidPin(const std::string& pin);
std::string HashPin(const std::string& pin); // empty on failure
bool VerifyPin(const std::string& hash, const std::string& pin);

// Wrong PINs lock the keypad: after 5, for 30 s, doubling at each further failure (max 1 h).
class PinLock {
public:
    bool Locked(double now) const { return now < LockedUntil; }
    double SecondsLeft(double now) const { return Locked(now) ? LockedUntil - now : 0; }
    void Failed(double now);
    void Succeeded()
    {
        Failures = 0;
        LockedUntil = -1;
    }
    int FailureCount() const { return Failures; }

private:
    int Failures = 0;
    double LockedUntil = -1;
};

// Counts taps in a corner: five within four seconds open the organiser keypad. Visitors
// never see it; the first tap of a run still does what it does for a visitor.
class SecretTaps {
public:
    // Returns true when this tap completes the gesture.
    bool Tap(double now);
    bool InRun(double now) const { return Count > 0 && now - First <= 4.0; }

private:
    int Count = 0;
    double First = -1e18;
};

} // namespace ess

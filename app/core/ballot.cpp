// Ballot rules, UUIDs and PIN handling (see ballot.h).
#include "core/ballot.h"

#include <algorithm>
#include <cstdio>

#include <sodium.h>

namespace ess {

Selection::Toggle Selection::Flip(const std::string& lever, int max_levers)
{
    auto it = std::find(Chosen.begin(), Chosen.end(), lever);
    if (it != Chosen.end()) {
        Chosen.erase(it);
        return Toggle::Removed;
    }
    if (int(Chosen.size()) >= max_levers) return Toggle::Full;
    Chosen.push_back(lever);
    return Toggle::Added;
}

bool Selection::Contains(const std::string& lever) const
{
    return std::find(Chosen.begin(), Chosen.end(), lever) != Chosen.end();
}

double BallotPace::CooldownLeft(double now, const BallotRules& rules) const
{
    return std::max(0.0, rules.Cooldown - (now - Last));
}

int BallotPace::FlagsFor(double now, const BallotRules& rules) const
{
    int within_minute = 1; // this ballot
    for (double t : Times)
        if (now - t < 60.0) within_minute++;
    return within_minute > rules.RatePerMinute ? 1 : 0;
}

void BallotPace::Recorded(double now)
{
    Last = now;
    Times.push_back(now);
    while (!Times.empty() && now - Times.front() >= 60.0) Times.pop_front();
}

std::string NewUuid()
{
    unsigned char b[16];
    if (sodium_init() < 0) return {};
    randombytes_buf(b, sizeof b);
    b[6] = (b[6] & 0x0F) | 0x40; // version 4
    b[8] = (b[8] & 0x3F) | 0x80; // RFC 4122 variant
    char out[37];
    std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3],
                  b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return out;
}

bool IsValidPin(const std::string& pin)
{
    if (pin.size() < 4 || pin.size() > 8) return false;
    return std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string HashPin(const std::string& pin)
{
    if (sodium_init() < 0 || !IsValidPin(pin)) return {};
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, pin.c_str(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return {};
    return hash;
}

bool VerifyPin(const std::string& hash, const std::string& pin)
{
    if (sodium_init() < 0 || hash.empty() || !IsValidPin(pin)) return false;
    return crypto_pwhash_str_verify(hash.c_str(), pin.c_str(), pin.size()) == 0;
}

void PinLock::Failed(double now)
{
    Failures++;
    if (Failures >= 5) {
        double delay = 30.0;
        for (int i = 5; i < Failures && delay < 3600; i++) delay *= 2;
        LockedUntil = now + std::min(delay, 3600.0);
    }
}

bool SecretTaps::Tap(double now)
{
    if (!InRun(now)) {
        Count = 0;
        First = now;
    }
    if (++Count >= 5) {
        Count = 0;
        return true;
    }
    return false;
}

} // namespace ess

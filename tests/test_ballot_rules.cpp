// Ballot rules: selection maximum, cooldown, rate flag, UUIDs, PIN hashing and lockout.
#include <doctest/doctest.h>

#include <set>

#include "core/ballot.h"

using namespace ess;

TEST_CASE("a selection holds at most the maximum, and can be changed")
{
    Selection s;
    CHECK(s.Flip("a", 2) == Selection::Toggle::Added);
    CHECK(s.Flip("b", 2) == Selection::Toggle::Added);
    CHECK(s.Flip("c", 2) == Selection::Toggle::Full);
    CHECK(s.Levers() == std::vector<std::string>{"a", "b"});
    CHECK(s.Flip("a", 2) == Selection::Toggle::Removed);
    CHECK(s.Flip("c", 2) == Selection::Toggle::Added);
    CHECK(s.Levers() == std::vector<std::string>{"b", "c"});
    s.Clear();
    CHECK(s.Empty());
}

TEST_CASE("the cooldown holds after each ballot")
{
    BallotRules rules;
    rules.Cooldown = 5;
    BallotPace pace;
    CHECK_FALSE(pace.InCooldown(100, rules));
    pace.Recorded(100);
    CHECK(pace.InCooldown(104.9, rules));
    CHECK(pace.CooldownLeft(102, rules) == doctest::Approx(3));
    CHECK_FALSE(pace.InCooldown(105, rules));
}

TEST_CASE("ballots faster than the rate are flagged, slower ones are not")
{
    BallotRules rules;
    rules.RatePerMinute = 3;
    BallotPace pace;
    double t = 0;
    for (int i = 0; i < 3; i++) {
        CHECK(pace.FlagsFor(t, rules) == 0);
        pace.Recorded(t);
        t += 10;
    }
    CHECK(pace.FlagsFor(t, rules) == 1);      // a 4th within the minute
    CHECK(pace.FlagsFor(t + 60, rules) == 0); // a minute later the window is clear
}

TEST_CASE("UUIDs are version 4 and distinct")
{
    std::set<std::string> seen;
    for (int i = 0; i < 1000; i++) {
        std::string u = NewUuid();
        REQUIRE(u.size() == 36);
        CHECK(u[14] == '4');
        CHECK((u[19] == '8' || u[19] == '9' || u[19] == 'a' || u[19] == 'b'));
        seen.insert(u);
    }
    CHECK(seen.size() == 1000);
}

TEST_CASE("a PIN is stored salted and hashed, and verified")
{
    CHECK_FALSE(IsValidPin("123"));
    CHECK_FALSE(IsValidPin("12a4"));
    CHECK(IsValidPin("2040"));
    std::string h1 = HashPin("2040"), h2 = HashPin("2040");
    REQUIRE(!h1.empty());
    CHECK(h1 != h2); // salted
    CHECK(h1.find("2040") == std::string::npos);
    CHECK(VerifyPin(h1, "2040"));
    CHECK_FALSE(VerifyPin(h1, "2041"));
    CHECK_FALSE(VerifyPin("", "2040"));
    CHECK(HashPin("12").empty());
}

TEST_CASE("five wrong PINs lock the keypad for a growing delay")
{
    PinLock lock;
    for (int i = 0; i < 4; i++) lock.Failed(0);
    CHECK_FALSE(lock.Locked(0));
    lock.Failed(0);
    CHECK(lock.Locked(29));
    CHECK_FALSE(lock.Locked(30));
    lock.Failed(30);
    CHECK(lock.SecondsLeft(30) == doctest::Approx(60));
    lock.Failed(90);
    CHECK(lock.SecondsLeft(90) == doctest::Approx(120));
    lock.Succeeded();
    CHECK_FALSE(lock.Locked(91));
}

TEST_CASE("five taps within four seconds complete the secret gesture")
{
    SecretTaps taps;
    for (int i = 0; i < 4; i++) CHECK_FALSE(taps.Tap(i * 0.5));
    CHECK(taps.Tap(2.0));
    for (int i = 0; i < 4; i++) CHECK_FALSE(taps.Tap(10 + i * 1.5)); // too slow: 4.5 s for 4 taps
    CHECK_FALSE(taps.Tap(16.1));
}

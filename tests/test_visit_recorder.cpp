// The visit log's observer: what a visit records, from the kiosk's state alone.
#include <doctest/doctest.h>

#include "core/navigation.h"
#include "session/visit_recorder.h"

using namespace ess;

namespace {
struct Walk {
    KioskState S;
    VisitRecorder R;
    double Now = 100, LastInput = 100;
    std::optional<Visit> Ended;
    Walk()
    {
        S.MutationCount = 4;
        S.LanguageCount = 2;
        R.KioskId = "borne-1";
        R.ContentVersion = "v1";
        R.Languages = {"fr", "en"};
    }
    // The visitor does `intent` `after` seconds later.
    void Do(const Intent& intent, double after = 0)
    {
        Now += after;
        LastInput = Now;
        Apply(S, intent, Now);
        See();
    }
    void Wait(double seconds, const Intent& intent)
    {
        Now += seconds;
        Apply(S, intent, Now);
        See();
    }
    void See()
    {
        if (auto v = R.Observe(S, Now, LastInput, "2026-12-01T13:05:42.123Z")) Ended = v;
    }
};
} // namespace

TEST_CASE("a visit: from the first touch to the welcome screen, each view with its time, the card turned, its ballot")
{
    Walk w;
    w.See(); // the welcome screen: no visit yet
    CHECK_FALSE(w.R.Active());
    w.Do({IntentKind::SetLanguage, 1});
    w.Do({IntentKind::OpenMutations}, 5); // the touch that starts it
    CHECK(w.R.Active());
    w.Do({IntentKind::OpenMutation, 2}, 10);
    w.Do({IntentKind::OpenPart, int(Part::Future)}, 30);
    w.Do({IntentKind::FlipFuture}, 20);
    w.Do({IntentKind::ToggleCompare}, 15);
    w.Do({IntentKind::ToggleCompare}, 5);
    w.Do({IntentKind::SetTextSize, 1}, 1);
    w.Do({IntentKind::OpenVote}, 4);
    w.Do({IntentKind::ToggleLever, 0, "portage-politique"}, 3);
    w.R.BallotStored("b-1");
    w.Do({IntentKind::BallotStored}, 2);
    w.Do({IntentKind::Home}, 8);
    REQUIRE(w.Ended);
    const Visit& v = *w.Ended;
    CHECK(v.StartedAt == "2026-12-01T13:05Z");
    CHECK(v.Language == "en");
    CHECK(v.KioskId == "borne-1");
    CHECK(v.Seconds == doctest::Approx(98));
    CHECK(v.Ending == "ballot");
    CHECK(v.BallotId == "b-1");
    CHECK(v.Flips == 1);
    CHECK(v.Comparisons == 1);
    CHECK(v.Modes == std::vector<std::string>{"large_text"});
    REQUIRE(v.Views.size() == 8);
    CHECK(v.Views[0].Screen == "mutations");
    CHECK(v.Views[0].Seconds == doctest::Approx(10));
    CHECK(v.Views[1].Part == "findings");
    CHECK(v.Views[1].Mutation == 2);
    CHECK(v.Views[1].Seconds == doctest::Approx(30));
    CHECK(v.Views[2].Part == "future");
    CHECK(v.Views[3].Part == "future_dystopian");
    CHECK(v.Views[4].Part == "future_compare");
    CHECK(v.Views[5].Part == "future_dystopian"); // back from the comparison, then a text size: the same view
    CHECK(v.Views[5].Seconds == doctest::Approx(5));
    CHECK(v.Views[6].Screen == "vote");
    CHECK(v.Views[7].Screen == "thanks");
    CHECK(v.Views[7].Seconds == doctest::Approx(8));
    double total = 0;
    for (const VisitView& view : v.Views) total += view.Seconds;
    CHECK(total == doctest::Approx(v.Seconds));
    CHECK_FALSE(w.R.Active());
}

TEST_CASE("a visit that ends idle ends at the last touch, not when the attract loop starts")
{
    Walk w;
    w.Do({IntentKind::OpenMutations});
    w.Do({IntentKind::OpenAct}, 20);
    w.Wait(100, {IntentKind::IdleWarning});
    w.Wait(10, {IntentKind::StartAttract});
    REQUIRE(w.Ended);
    CHECK(w.Ended->Ending == "idle");
    CHECK(w.Ended->Seconds == doctest::Approx(20));
    REQUIRE(w.Ended->Views.size() == 2);
    CHECK(w.Ended->Views[1].Screen == "act");
    CHECK(w.Ended->Views[1].Seconds == doctest::Approx(0));
    // The attract loop's touch starts the next one, with a new id.
    const std::string first = w.Ended->Id;
    w.Do({IntentKind::LeaveAttract}, 30);
    w.Do({IntentKind::Home}, 12);
    REQUIRE(w.Ended);
    CHECK(w.Ended->Ending == "left");
    CHECK(w.Ended->Id != first);
    CHECK(w.Ended->Seconds == doctest::Approx(12));
}

TEST_CASE("a visit counts each initiative's QR code once, and records the modes it used")
{
    Walk w;
    w.Do({IntentKind::OpenMutations});
    w.Do({IntentKind::ToggleSpeech}, 1);
    w.Do({IntentKind::ToggleSpeech}, 1); // turned off again: it was used
    w.Do({IntentKind::ToggleContrast}, 1);
    w.R.QrSeen(0, 1);
    w.R.QrSeen(0, 1);
    w.R.QrSeen(0, 2);
    w.Do({IntentKind::Home}, 1);
    REQUIRE(w.Ended);
    CHECK(w.Ended->QrShown == 2);
    CHECK(w.Ended->Modes == std::vector<std::string>{"contrast", "speech"});
}

TEST_CASE("a visit under way when the kiosk stops is recorded as it stands, ending at the last touch")
{
    Walk w;
    CHECK_FALSE(w.R.Stop(w.Now, w.LastInput)); // nothing under way
    w.Do({IntentKind::OpenMutations});
    w.Do({IntentKind::OpenVote}, 10);
    w.R.BallotStored("b-2");
    w.Do({IntentKind::BallotStored}, 5);
    w.Now += 20; // the thanks screen, nobody touches; then the service stops
    const std::optional<Visit> v = w.R.Stop(w.Now, w.LastInput);
    REQUIRE(v);
    CHECK(v->Ending == "ballot");
    CHECK(v->BallotId == "b-2");
    CHECK(v->Seconds == doctest::Approx(15));
    CHECK_FALSE(w.R.Active());
}

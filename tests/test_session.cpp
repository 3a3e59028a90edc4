// The visitor session without SDL or a screen: what a visitor and an organiser do, on a
// virtual clock, against a real database in a temporary folder.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "content/loader.h"
#include "session/session.h"
#include "storage/database.h"

#include "temp_dir.h"

using namespace ess;
namespace fs = std::filesystem;

namespace {

const Content& StudyContent()
{
    static const ContentLoad load =
        LoadContent(std::string(ESS_SOURCE_DIR) + "/content", std::string(ESS_SOURCE_DIR) + "/assets");
    REQUIRE(load.Usable());
    return load.Data;
}

// A session on a virtual clock, with the study's content, a 1920×1080 screen at 92 dpi.
struct Kiosk {
    TempDir Dir;
    VirtualClock Clock;
    SessionSettings Settings;
    std::unique_ptr<Session> S;

    explicit Kiosk(const std::string& name, const std::string& pin = "") : Dir("session-" + name)
    {
        Settings.KioskId = "test-kiosk";
        Settings.DatabasePath = Dir / "ballots.db";
        Settings.ExportDir = Dir / "exports";
        Settings.PinFile = Dir / "organiser.pin";
        if (!pin.empty()) Settings.PinHash = HashPin(pin);
        Settings.LockedDown = true;
        Clock.Set(1.0);
    }
    Session& Start()
    {
        S = std::make_unique<Session>(Settings, Clock);
        S->SetContent(&StudyContent());
        S->SetScreen(1920, 1080, 92 / 25.4f);
        S->OpenDatabase();
        return *S;
    }
    // Time passes as it does between frames: timers run, nothing is drawn.
    void Wait(double seconds)
    {
        for (double end = Clock.Now() + seconds; Clock.Now() < end;) {
            Clock.Advance(std::min(0.25, end - Clock.Now()));
            S->Tick();
        }
    }
    // A finger's quick tap at (x, y), then the frame that sees it.
    FrameInput Tap(float x, float y)
    {
        S->Pointer({PointerEvent::Down, x, y, Clock.Now()});
        Clock.Advance(0.05);
        S->Pointer({PointerEvent::Up, x, y, Clock.Now()});
        FrameInput input = S->BeginFrame();
        S->EndFrame({}, 0);
        return input;
    }
    long long Stored() const
    {
        Database db;
        std::string error;
        Tally tally;
        REQUIRE(db.OpenExisting(Settings.DatabasePath, error));
        REQUIRE(db.LoadTally(tally, error));
        return tally.Ballots;
    }
    void Vote(std::initializer_list<const char*> levers)
    {
        S->Dispatch({IntentKind::OpenVote});
        for (const char* id : levers) S->Dispatch({IntentKind::ToggleLever, 0, id});
        S->Dispatch({IntentKind::ConfirmVote});
    }
};

} // namespace

TEST_CASE("session: a visitor's ballot is stored once, stamped by the session's clock, and thanked")
{
    Kiosk v("ballot");
    Session& s = v.Start();
    v.Clock.Set(3600 * 5); // five hours into a simulated day
    const auto stamp = FormatUtcIso(v.Clock.Wall(v.Clock.Now()));
    v.Vote({"portage-politique", "co-construction"});
    CHECK(s.State().Current == Screen::Thanks);
    CHECK(s.SessionBallots() == 1);
    CHECK(s.Facts().Ballots == 1);
    CHECK(v.Stored() == 1);
    // The ballot carries the clock's time, not today's date.
    Database db;
    std::string error;
    REQUIRE(db.OpenExisting(v.Settings.DatabasePath, error));
    std::vector<Ballot> ballots;
    REQUIRE(db.LoadBallots(ballots, error));
    REQUIRE(ballots.size() == 1);
    CHECK(ballots[0].CreatedUtc == stamp);
    CHECK(ballots[0].KioskId == "test-kiosk");
    CHECK(ballots[0].Levers.size() == 2);
    // Confirming again on the thanks screen stores nothing more.
    s.Dispatch({IntentKind::ConfirmVote});
    CHECK(v.Stored() == 1);
}

TEST_CASE("session: the thanks end by themselves, and the next visitor's session starts afresh")
{
    Kiosk v("thanks-end");
    Session& s = v.Start();
    v.Vote({"lacher-prise"});
    REQUIRE(s.State().Current == Screen::Thanks);
    v.Wait(29);
    CHECK(s.State().Current == Screen::Thanks);
    v.Wait(2); // the thanks screen returns to the welcome screen after 30 s
    CHECK(s.State().Current == Screen::Welcome);
    CHECK(s.State().Choice.Empty());
    v.S->BeginFrame();
    CHECK(s.SessionBallots() == 0);
    v.Vote({"vision-partagee"});
    CHECK(v.Stored() == 2);
}

TEST_CASE("session: within the cooldown a confirmation stores nothing, and the figures say how long to wait")
{
    Kiosk v("cooldown-holds");
    v.Settings.Rules.Cooldown = 60;
    Session& s = v.Start();
    v.Vote({"lacher-prise"});
    s.Dispatch({IntentKind::Home});
    v.Vote({"co-construction"});
    CHECK(v.Stored() == 1);
    CHECK(s.State().Current == Screen::Vote);
    s.Tick();
    CHECK(s.Facts().CooldownLeft > 50);
    v.Wait(61);
    s.Dispatch({IntentKind::ConfirmVote});
    CHECK(v.Stored() == 2);
}

TEST_CASE("session: a write the disk refuses gives the apology, never thanks, and loses the kiosk nothing")
{
    Kiosk v("refused");
    v.Settings.TestRefuseWrites = true;
    Session& s = v.Start();
    v.Vote({"portage-politique"});
    CHECK(s.State().Current == Screen::Vote);
    CHECK(s.State().BallotFailedNotice);
    CHECK(s.SessionBallots() == 0);
    s.Dispatch({IntentKind::Home});
    CHECK(s.State().Current == Screen::Welcome);
    CHECK_FALSE(s.State().BallotFailedNotice);
}

TEST_CASE("session: nobody answers the idle question: the choice is dropped and the attract loop starts")
{
    Kiosk v("idle");
    v.Settings.IdleSeconds = 90;
    v.Settings.CountdownSeconds = 10;
    Session& s = v.Start();
    s.Dispatch({IntentKind::OpenVote});
    s.Dispatch({IntentKind::ToggleLever, 0, "lacher-prise"});
    v.Wait(89);
    CHECK_FALSE(s.State().IdleQuestion);
    v.Wait(2);
    CHECK(s.State().IdleQuestion);
    CHECK(s.State().Current == Screen::Vote);
    v.Wait(11);
    CHECK(s.State().Current == Screen::Attract);
    CHECK(s.State().Choice.Empty());
    CHECK(v.Stored() == 0);
    // A touch on the attract loop starts a visit.
    v.Tap(960, 540);
    const FrameInput input = v.Tap(960, 540);
    CHECK(input.HasTap);
}

TEST_CASE("session: a touch answers the idle question and does nothing else")
{
    Kiosk v("still-here");
    Session& s = v.Start();
    s.Dispatch({IntentKind::OpenVote});
    s.Dispatch({IntentKind::ToggleLever, 0, "lacher-prise"});
    v.Wait(92);
    REQUIRE(s.State().IdleQuestion);
    const FrameInput input = v.Tap(1400, 600);
    CHECK_FALSE(s.State().IdleQuestion);
    CHECK_FALSE(input.HasTap); // the screens never see the touch that answered
    CHECK(s.State().Choice.Levers().size() == 1);
}

TEST_CASE("session: five quick taps in the corner open the keypad; wrong PINs lock it; the right one opens organiser mode")
{
    Kiosk v("organiser", "2040");
    Session& s = v.Start();
    for (int i = 0; i < 5; i++) v.Tap(10, 1070);
    REQUIRE(s.State().Current == Screen::Organiser);
    CHECK_FALSE(s.State().Unlocked);
    const auto type = [&](const char* digits) {
        for (const char* d = digits; *d; d++) s.Dispatch({IntentKind::PinDigit, *d - '0'});
        s.Dispatch({IntentKind::PinSubmit});
    };
    for (int i = 0; i < 5; i++) type("1111");
    s.Tick();
    CHECK(s.Facts().PinLockedFor > 0);
    type("2040"); // right, but locked (the keypad's keys are drawn disabled meanwhile)
    CHECK_FALSE(s.State().Unlocked);
    s.Dispatch({IntentKind::LeaveOrganiser});
    v.Wait(31);
    s.Dispatch({IntentKind::OpenOrganiser});
    type("2040");
    CHECK(s.State().Unlocked);
}

TEST_CASE("session: organiser mode exports four whole files and archives the database")
{
    Kiosk v("export", "2040");
    Session& s = v.Start();
    v.Vote({"portage-politique", "vision-partagee"});
    s.Dispatch({IntentKind::OpenOrganiser});
    for (int d : {2, 0, 4, 0}) s.Dispatch({IntentKind::PinDigit, d});
    s.Dispatch({IntentKind::PinSubmit});
    REQUIRE(s.State().Unlocked);
    s.Dispatch({IntentKind::Export});
    CHECK(s.Facts().Notice.find("Exporté dans") == 0);
    int files = 0;
    for (const auto& entry : fs::directory_iterator(v.Settings.ExportDir)) {
        CHECK(entry.path().filename().string().rfind("ess2040-test-kiosk-", 0) == 0);
        CHECK(fs::file_size(entry.path()) > 0);
        files++;
    }
    CHECK(files == 4);
    s.Dispatch({IntentKind::Archive});
    CHECK(s.State().ArchiveAsked);
    s.Dispatch({IntentKind::ConfirmArchive});
    CHECK(s.Facts().Notice.find("Archivé dans") == 0);
    CHECK(s.Facts().Ballots == 0);
    CHECK(v.Stored() == 0);
    int archives = 0;
    for (const auto& entry : fs::directory_iterator(v.Dir.Path))
        if (entry.path().filename().string().find("-archive-") != std::string::npos) archives++;
    CHECK(archives == 1);
}

TEST_CASE("session: locked down, the quit keys do nothing; organiser mode's quit ends the kiosk")
{
    Kiosk v("quit", "2040");
    Session& s = v.Start();
    s.Key(KeyAction::Quit);
    CHECK(s.Running());
    s.Dispatch({IntentKind::QuitApp});
    CHECK_FALSE(s.Running());
}

TEST_CASE("session: without content the out-of-order screen shows, and organiser mode still opens")
{
    Kiosk v("out-of-order", "2040");
    Session& s = v.Start();
    s.SetContent(nullptr);
    s.Tick();
    CHECK(s.State().Current == Screen::OutOfOrder);
    s.Dispatch({IntentKind::OpenMutations});
    CHECK(s.State().Current == Screen::OutOfOrder);
    for (int i = 0; i < 5; i++) v.Tap(10, 1070);
    CHECK(s.State().Current == Screen::Organiser);
    s.Dispatch({IntentKind::LeaveOrganiser});
    s.Tick();
    CHECK(s.State().Current == Screen::OutOfOrder);
}

TEST_CASE("session: a database that cannot be opened is said to the organiser; ballots then get the apology")
{
    Kiosk v("no-database");
    fs::create_directories(v.Dir / "ballots.db"); // a folder where the file should be
    Session& s = v.Start();
    CHECK(s.Facts().Alert.find("ballots.db") != std::string::npos);
    CHECK(s.Facts().DatabaseHealth == "indisponible");
    v.Vote({"lacher-prise"});
    CHECK(s.State().BallotFailedNotice);
    CHECK(s.State().Current == Screen::Vote);
}

TEST_CASE("session: the keypad moves the focus in reading order, scrolls to it and activates it as a touch")
{
    Kiosk v("keypad");
    Session& s = v.Start();
    s.Dispatch({IntentKind::OpenAct});
    v.Wait(1);
    // The top bar, then a page longer than the screen: its last target is out of view.
    s.EndFrame({}, 2000); // the page scrolls 2000 px
    s.BeginFrame();
    s.SetSpots({{"Accueil", 20, 10, 200, 80}, {"Levier", 40, 300, 940, 420, true}, {"Voter", 40, 1500, 940, 1600, true}}, 90,
               1080);
    s.Key(KeyAction::FocusNext);
    CHECK(s.State().Focus.Label == "Accueil");
    s.Key(KeyAction::FocusNext);
    CHECK(s.State().Focus.Label == "Levier");
    CHECK(s.State().Scroll.Offset == 0); // in view: the page stays
    s.Key(KeyAction::FocusNext);
    CHECK(s.State().Focus.Label == "Voter");
    CHECK(s.State().Scroll.Offset > 400); // scrolled until it shows
    s.Key(KeyAction::FocusNext);
    CHECK(s.State().Focus.Label == "Accueil"); // round again
    s.Key(KeyAction::FocusPrevious);
    CHECK(s.State().Focus.Label == "Voter");
    s.Key(KeyAction::FocusPrevious);
    s.Key(KeyAction::Activate);
    const FrameInput input = s.BeginFrame();
    CHECK(input.HasTap);
    CHECK(input.TapX == doctest::Approx(490));
    CHECK(input.TapY == doctest::Approx(360));
    // A new screen starts without focus; + and - set the volume within its steps.
    s.Dispatch({IntentKind::OpenAbout});
    CHECK(s.State().Focus.Label.empty());
    for (int i = 0; i < 10; i++) s.Key(KeyAction::VolumeUp);
    CHECK(s.State().Options.Volume == kAccessSteps);
    s.Key(KeyAction::VolumeDown);
    CHECK(s.State().Options.Volume == kAccessSteps - 1);
}

TEST_CASE("session: accessibility choices last for the visit and return to the kiosk's defaults when it ends")
{
    Kiosk v("access");
    v.Settings.AccessDefaults.TextSize = 1; // a care home: larger text by default
    v.Settings.IdleSeconds = 30;
    v.Settings.CountdownSeconds = 5;
    Session& s = v.Start();
    CHECK(s.State().Options.TextSize == 1);
    s.Dispatch({IntentKind::OpenMutations});
    s.Dispatch({IntentKind::SetTextSize, 2});
    s.Dispatch({IntentKind::ToggleContrast});
    s.Dispatch({IntentKind::ToggleSpeech});
    s.Dispatch({IntentKind::Home}); // the same visitor, back at the welcome screen: kept
    CHECK(s.State().Options.TextSize == 2);
    CHECK(s.State().Options.Contrast);
    s.Dispatch({IntentKind::OpenMutations});
    v.Wait(40); // nobody answers the idle question: the visit is over
    CHECK(s.State().Current == Screen::Attract);
    CHECK(s.State().Options == v.Settings.AccessDefaults);
}

TEST_CASE("session: a visit is handed over when it ends, with the ballot it produced, stamped by the session's clock")
{
    Kiosk v("visit");
    Session& s = v.Start();
    std::vector<Visit> visits;
    s.SetVisitSink([&](Visit visit) { visits.push_back(std::move(visit)); });
    s.Dispatch({IntentKind::OpenMutations});
    v.Clock.Advance(20);
    s.Dispatch({IntentKind::OpenMutation, 1});
    v.Clock.Advance(40);
    v.Vote({"portage-politique"});
    REQUIRE(s.State().Current == Screen::Thanks);
    CHECK(visits.empty()); // still under way
    v.Wait(40);            // the thanks end by themselves
    REQUIRE(visits.size() == 1);
    const Visit& visit = visits[0];
    CHECK(visit.Ending == "ballot");
    CHECK(visit.BallotId.size() == 36);
    CHECK(visit.KioskId == "test-kiosk");
    CHECK(visit.Language == "fr");
    CHECK(visit.ContentVersion == StudyContent().Version);
    CHECK(visit.Seconds > 90);
    REQUIRE(visit.Views.size() >= 3);
    CHECK(visit.Views[0].Screen == "mutations");
    CHECK(visit.Views[1].Mutation == 1);
}

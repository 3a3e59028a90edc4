// The results wall's figures (session/wall_feed.h) and its screen in the session: what a
// source that answers, changes, fails and comes back makes the wall show.
#include <doctest/doctest.h>

#include <filesystem>

#include "content/loader.h"
#include "core/ballot.h"
#include "session/session.h"
#include "session/wall_feed.h"
#include "storage/database.h"

#include "temp_dir.h"

using namespace ess;

namespace {

// A source whose answers the test decides.
struct FakeSource : TallySource {
    WallFigures* Next = nullptr; // the figures the next reading gets
    std::string Error;           // non-empty: the next reading fails with it
    int Reads = 0;
    std::string Name() const override { return "fake"; }
    bool Read(WallFigures& into, std::string& error) override
    {
        Reads++;
        if (!Error.empty()) {
            error = Error;
            return false;
        }
        into = *Next;
        return true;
    }
};

WallFigures Counts(long long ballots, long long first_lever)
{
    WallFigures w;
    w.Ballots = ballots;
    w.Kiosks = 2;
    w.PerLever = {{"portage-politique", first_lever}, {"lacher-prise", ballots - first_lever}};
    return w;
}

const Content& StudyContent()
{
    static const ContentLoad load =
        LoadContent(std::string(ESS_SOURCE_DIR) + "/content", std::string(ESS_SOURCE_DIR) + "/assets");
    REQUIRE(load.Usable());
    return load.Data;
}

} // namespace

TEST_CASE("wall feed: the first figures grow from nothing; the same figures again change nothing")
{
    VirtualClock clock;
    clock.Set(10);
    auto owned = std::make_unique<FakeSource>();
    FakeSource& source = *owned;
    WallFigures figures = Counts(10, 4);
    source.Next = &figures;
    WallFeed feed(std::move(owned), clock, false, 1.0);

    bool changed = false;
    WallFigures w = feed.Latest(changed);
    CHECK(changed);
    CHECK(w.Loaded);
    CHECK(w.Online);
    CHECK(w.Ballots == 10);
    CHECK(w.Kiosks == 2);
    CHECK(w.BallotsBefore == 0);
    CHECK(w.Before.empty()); // the bars grow from zero
    CHECK(w.ChangedAt == 10);
    CHECK(w.UpdatedAt.size() == 5); // "HH:MM"

    // Within the period the source is not asked again; after it, the same figures are no change.
    CHECK_FALSE((feed.Latest(changed), changed));
    CHECK(source.Reads == 1);
    clock.Advance(1.5);
    w = feed.Latest(changed);
    CHECK(source.Reads == 2);
    CHECK(w.ChangedAt == 10); // the bars do not grow again
}

TEST_CASE("wall feed: new figures keep the previous ones, for the bars to grow from them")
{
    VirtualClock clock;
    auto owned = std::make_unique<FakeSource>();
    FakeSource& source = *owned;
    WallFigures figures = Counts(10, 4);
    source.Next = &figures;
    WallFeed feed(std::move(owned), clock, false, 1.0);
    bool changed = false;
    feed.Latest(changed);

    figures = Counts(12, 5);
    clock.Advance(1.0);
    const WallFigures w = feed.Latest(changed);
    CHECK(changed);
    CHECK(w.Ballots == 12);
    CHECK(w.BallotsBefore == 10);
    REQUIRE(w.Before.size() == 2);
    CHECK(w.Before[0].Ballots == 4);
    CHECK(w.PerLever[0].Ballots == 5);
    CHECK(w.ChangedAt == 1.0);
}

TEST_CASE("wall feed: a source that fails keeps the last figures, says since when, once; then comes back")
{
    VirtualClock clock;
    auto owned = std::make_unique<FakeSource>();
    FakeSource& source = *owned;
    WallFigures figures = Counts(10, 4);
    source.Next = &figures;
    WallFeed feed(std::move(owned), clock, false, 1.0);
    bool changed = false;
    feed.Latest(changed);

    source.Error = "connection refused";
    clock.Advance(1.0);
    WallFigures w = feed.Latest(changed);
    CHECK(changed);
    CHECK(w.Loaded);
    CHECK_FALSE(w.Online);
    CHECK(w.Ballots == 10); // the last figures stay
    CHECK_FALSE(w.OfflineSince.empty());
    CHECK(w.Problem == "connection refused");
    // The same failure again: nothing to redraw.
    clock.Advance(1.0);
    w = feed.Latest(changed);
    CHECK_FALSE(changed);
    CHECK(source.Reads == 3);

    source.Error.clear();
    figures = Counts(11, 4);
    clock.Advance(1.0);
    w = feed.Latest(changed);
    CHECK(changed);
    CHECK(w.Online);
    CHECK(w.Ballots == 11);
    CHECK(w.OfflineSince.empty());
    CHECK(w.Problem.empty());
}

TEST_CASE("wall feed: a source that never answered is not figures: the wall waits, or says it cannot read")
{
    VirtualClock clock;
    auto owned = std::make_unique<FakeSource>();
    owned->Error = "no such file";
    WallFeed feed(std::move(owned), clock, false, 1.0);
    bool changed = false;
    const WallFigures w = feed.Latest(changed);
    CHECK(changed);
    CHECK_FALSE(w.Loaded);
    CHECK_FALSE(w.Online);
    CHECK(w.Problem == "no such file");
}

TEST_CASE("wall feed: a kiosk's file: read-only, its ballots and kiosks counted; a missing file is not created")
{
    TempDir dir("wall-file");
    const std::string path = dir / "ballots.db";
    VirtualClock clock;
    WallFeed feed(FileTallySource(path), clock, false, 1.0);
    bool changed = false;
    WallFigures w = feed.Latest(changed);
    CHECK_FALSE(w.Loaded);
    CHECK_FALSE(std::filesystem::exists(path));

    {
        Database db;
        std::string error;
        REQUIRE(db.Open(path, error));
        Ballot b{NewUuid(), "mairie", "2026-11-26T14:00:00.000Z", "v1", {"portage-politique", "lacher-prise"}};
        REQUIRE_MESSAGE(db.RecordBallot(b, error), error);
        b.Uuid = NewUuid();
        b.Levers = {"lacher-prise"};
        REQUIRE_MESSAGE(db.RecordBallot(b, error), error);
    }
    clock.Advance(1.0);
    w = feed.Latest(changed);
    CHECK(changed);
    REQUIRE(w.Loaded);
    CHECK(w.Ballots == 2);
    CHECK(w.Kiosks == 1);
    long long lacher = 0;
    for (const FigureRow& r : w.PerLever)
        if (r.Key == "lacher-prise") lacher = r.Ballots;
    CHECK(lacher == 2);
}

TEST_CASE("wall session: read-only; its pages turn alone; it draws only while something moves")
{
    TempDir dir("wall-session");
    VirtualClock clock;
    clock.Set(1.0);
    SessionSettings settings;
    settings.DatabasePath = dir / "unused.db";
    Session s(settings, clock);
    s.SetContent(&StudyContent());
    s.SetScreen(1920, 1080, 92 / 25.4f);
    auto owned = std::make_unique<FakeSource>();
    WallFigures figures = Counts(10, 4);
    owned->Next = &figures;
    WallFeed feed(std::move(owned), clock, false, 1.0);
    s.ShowWall(feed);
    CHECK(s.State().Current == Screen::Wall);
    CHECK(s.Facts().Wall.Ballots == 10);
    CHECK(s.NeedsFrames()); // the bars grow

    // Nothing a visitor does changes it: not a key, not an intent, not time without a touch.
    s.Key(KeyAction::Next);
    s.Dispatch({IntentKind::OpenVote});
    s.Dispatch({IntentKind::Home});
    clock.Advance(kWallGrowSeconds);
    s.Tick();
    CHECK(s.State().Current == Screen::Wall);
    CHECK_FALSE(s.NeedsFrames());
    clock.Advance(600); // far past the idle time: no question, no attract loop
    s.Tick();
    CHECK(s.State().Current == Screen::Wall);
    CHECK_FALSE(s.State().IdleQuestion);

    // The next page is the next thing that happens by itself; it fades in, then all is still.
    const double next = s.NextDeadline();
    CHECK(next > 0);
    CHECK(next <= kWallPageSeconds);
    clock.Advance(next + 0.01);
    CHECK(s.NeedsFrames());
    clock.Advance(kWallPageFade);
    CHECK_FALSE(s.NeedsFrames());

    // New figures arrive through Poll(), which says the screen must be drawn.
    figures = Counts(12, 6);
    clock.Advance(1.0);
    CHECK(s.Poll());
    CHECK(s.Facts().Wall.Ballots == 12);
    CHECK(s.NeedsFrames());
    CHECK_FALSE(s.Poll()); // nothing new since
}

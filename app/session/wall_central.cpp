// The results wall's figures from the central server (see wall_feed.h: CentralTallySource).
#include <chrono>

#include <poll.h>

#include "central/central_api.h"
#include "central/pg.h"
#include "session/wall_feed.h"

namespace ess {

namespace {

class CentralSource : public TallySource {
public:
    explicit CentralSource(std::string url) : Url(std::move(url)) {}
    std::string Name() const override { return "the central server " + pg::DescribeUrl(Url); }
    void SetStopFd(int fd) override { StopFd = fd; }

    bool Read(WallFigures& into, std::string& error) override
    {
        if (!Conn.IsOpen() && !Connect(error)) return false;
        Tally tally;
        if (!LoadCentralTally(Conn, tally, error, pg::Clock::now() + std::chrono::seconds(5))) {
            if (error.find("permission denied") != std::string::npos)
                error += " (the wall needs an organiser's connection, a role in ess_organiser: see the guide, section 12.6)";
            Conn.Close(); // a frozen or broken server: a new connection next time
            return false;
        }
        into.Ballots = tally.Ballots;
        into.Kiosks = int(tally.PerKiosk.size());
        into.PerLever.clear();
        for (const Count& c : tally.PerLever) into.PerLever.push_back({c.Key, c.Ballots});
        return true;
    }

    void WaitForChange(double seconds, int stop_fd) override
    {
        if (!Conn.IsOpen()) {
            TallySource::WaitForChange(seconds, stop_fd);
            return;
        }
        pg::Notification note;
        std::string error;
        const auto deadline = pg::Clock::now() + std::chrono::milliseconds(int(seconds * 1000));
        if (Conn.WaitForNotification(deadline, note, error) == pg::Outcome::Failed) Conn.Close();
    }

private:
    bool Connect(std::string& error)
    {
        pg::ConnectOptions options;
        options.Url = Url;
        options.ConnectTimeoutSeconds = 5;
        options.StatementTimeoutMs = 5000;
        options.StopFd = StopFd;
        options.ApplicationName = "ess-kiosk --wall";
        if (Conn.Open(options, error) != pg::Outcome::Ok) return false;
        pg::Result result;
        // Told of every upload's commit: the wall reads the figures again at once.
        if (Conn.Exec("LISTEN ess_ballots", {}, result, pg::Clock::now() + std::chrono::seconds(5), error) != pg::Outcome::Ok) {
            Conn.Close();
            return false;
        }
        return true;
    }

    const std::string Url;
    int StopFd = -1;
    pg::Connection Conn;
};

} // namespace

std::unique_ptr<TallySource> CentralTallySource(const std::string& url)
{
    return std::make_unique<CentralSource>(url);
}

} // namespace ess

// libFuzzer target for the kiosk configuration file (ess::LoadConfig): the input is written to
// a file and loaded; whatever it says, every setting must end within its documented range.
#include <cmath>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <signal.h>
#include <unistd.h>

#include "content/config.h"
#include "scratch.h"

namespace fs = std::filesystem;

namespace {

// LoadConfig reads a path, so each input goes through one file in a folder of this process's
// own (parallel jobs must not overwrite each other's input).
struct Scratch {
    fs::path Dir;
    std::string ConfigPath;
};
Scratch Work;

void RemoveScratch()
{
    std::error_code ec;
    fs::remove_all(Work.Dir, ec);
}

void Require(bool condition, const char* promise)
{
    if (condition) return;
    std::fprintf(stderr, "fuzz_config: broken promise: %s\n", promise);
    std::abort();
}

bool Within(double value, double low, double high)
{
    return value >= low && value <= high; // false for NaN, which is the point
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    Work.Dir = fuzz::MakeScratchDir("config");
    Work.ConfigPath = (Work.Dir / "ess-kiosk.toml").string();
    std::atexit(RemoveScratch);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    {
        std::ofstream out(Work.ConfigPath, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    ess::KioskConfig config;
    std::vector<ess::ContentProblem> problems;
    ess::LoadConfig(Work.ConfigPath, config, problems);
    for (const ess::ContentProblem& p : problems) {
        Require(!p.Fatal, "a configuration problem never stops the kiosk");
        Require(!p.Format().empty(), "every problem can be printed");
    }
    // config.h: a bad value is reported and replaced by its default, so these always hold.
    Require(Within(config.IdleSeconds, 10, 86400), "visit.idle_seconds within 10..86400");
    Require(Within(config.CountdownSeconds, 3, 600), "visit.countdown_seconds within 3..600");
    Require(Within(config.Rules.MaxLevers, 1, 10), "ballot.max_levers within 1..10");
    Require(Within(config.Rules.Cooldown, 0, 600), "ballot.cooldown_seconds within 0..600");
    Require(Within(config.Rules.RatePerMinute, 1, 1000), "ballot.rate_per_minute within 1..1000");
    Require(Within(config.Display, 0, 16), "display.index within 0..16");
    Require(Within(config.Dpi, 40, 600), "display.dpi within 40..600");
    Require(config.PinHash.empty() || config.PinHash.rfind("$argon2", 0) == 0, "organiser.pin_hash empty or an Argon2 hash");
    return 0;
}

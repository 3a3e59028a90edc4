// libFuzzer target for the headless script parser (ess::ParseScript): any bytes, parsed in
// memory; what it accepts must be safe for the runner to play.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/script.h"

namespace {

// A broken promise is a bug as real as a crash: abort so libFuzzer keeps the input.
void Require(bool condition, const char* promise, int line)
{
    if (condition) return;
    std::fprintf(stderr, "fuzz_script: line %d: broken promise: %s\n", line, promise);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string text(reinterpret_cast<const char*>(data), size);
    std::vector<ess::ScriptCommand> commands;
    ess::ScriptError error;
    bool ok = ess::ParseScript(text, commands, error);
    if (!ok) {
        // The runner prints "script:LINE: message"; both must point somewhere.
        Require(error.Line >= 1 && !error.Message.empty(), "a refusal names its line and why", error.Line);
        return 0;
    }
    int previous_line = 0;
    for (const ess::ScriptCommand& c : commands) {
        Require(c.Line > previous_line, "commands come in line order, one per line", c.Line);
        previous_line = c.Line;
        // The runner steps a virtual clock towards now + duration and moves the finger along the
        // coordinates: a NaN or infinity there would never settle or would send garbage events.
        Require(std::isfinite(c.X1) && std::isfinite(c.Y1) && std::isfinite(c.X2) && std::isfinite(c.Y2),
                "coordinates are finite", c.Line);
        Require(std::isfinite(c.Milliseconds) && c.Milliseconds >= 0, "durations are finite and not negative", c.Line);
        if (c.Type == ess::ScriptCommand::Shot)
            Require(c.Text.find('/') == std::string::npos && c.Text.find("..") == std::string::npos,
                    "a shot name stays inside the screenshot folder", c.Line);
    }
    return 0;
}

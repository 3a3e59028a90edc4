// Every number a kiosk takes on its command line and in its configuration file, with its range,
// in one place: both readers check a value here, so both say the same thing about a bad one.
#pragma once
#include <string>

namespace ess {

struct NumberSetting {
    const char* Key;    // in the configuration file, e.g. "idle_seconds" (in [visit])
    const char* Option; // on the command line, e.g. "--idle"
    double Low, High;   // inclusive
    bool Whole;         // an integer only
    const char* Unit;   // "seconds", or "" for a plain count
};

namespace settings {
inline constexpr NumberSetting kIdleSeconds{"idle_seconds", "--idle", 10, 86400, false, "seconds"};
inline constexpr NumberSetting kCountdownSeconds{"countdown_seconds", "--countdown", 3, 600, false, "seconds"};
// How long the visit log keeps a visit (the CNIL advises 25 months for audience measurement).
inline constexpr NumberSetting kVisitMonths{"keep_months", "--visit-months", 1, 120, true, "months"};
inline constexpr NumberSetting kMaxLevers{"max_levers", "--max-levers", 1, 10, true, ""};
inline constexpr NumberSetting kCooldownSeconds{"cooldown_seconds", "--cooldown", 0, 600, false, "seconds"};
inline constexpr NumberSetting kRatePerMinute{"rate_per_minute", "--rate", 1, 1000, true, "ballots per minute"};
inline constexpr NumberSetting kDisplayIndex{"index", "--display", 0, 16, true, ""};
inline constexpr NumberSetting kDpi{"dpi", "--dpi", 40, 600, false, "dots per inch"};
inline constexpr NumberSetting kLargeText{"large_text", "--large-text", 0, 2, true, ""}; // 0 normal, 1 ≈1.3×, 2 ≈1.6×
//;
inline constexpr NumberSetting kVolume{"volume", "--volume", 1, 5, true, ""};
inline constexpr NumberSetting kSpeechRate{"rate", "--speech-rate", 1, 5, true, ""};
} // namespace settings

// "a number of seconds between 10 and 86400", "a whole number between 1 and 10".
std::string DescribeRange(const NumberSetting& setting);
// Empty when `value` is within the range, else why not: "must be a number of seconds between 10
// and 86400 (got 5)". NaN is out of every range.
std::string CheckNumber(const NumberSetting& setting, double value);
// Reads `text` as the setting's value: false with `why` (as CheckNumber's, naming what was
// given) when it is not a number or out of range.
bool ParseNumber(const NumberSetting& setting, const std::string& text, double& value, std::string& why);

// The screens the kiosk supports: at least kMinShortSidePx pixels and kMinShortSideMm
// millimetres on the short side (a finger is 15 mm; a Raspberry Pi 7" panel is 92 mm tall),
// at most kMaxSidePx pixels a side.
inline constexpr int kMinShortSidePx = 480, kMaxSidePx = 8192;
inline constexpr float kMinShortSideMm = 85;
// "WxH", e.g. "1920x1080": false with `why` when it does not read as a size.
bool ParseScreenSize(const std::string& text, int& width, int& height, std::string& why);
// Empty when a width×height panel at `dpi` is supported, else why not and what is.
std::string CheckScreenSize(int width, int height, double dpi);

} // namespace ess

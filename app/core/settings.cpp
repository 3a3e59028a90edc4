// Ranges of the kiosk's settings and the messages about them (see settings.h).
#include "core/settings.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace ess {

namespace {
std::string Format(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}
} // namespace

std::string DescribeRange(const NumberSetting& s)
{
    std::string what = s.Whole ? "a whole number" : "a number";
    if (*s.Unit) what += std::string(" of ") + s.Unit;
    return what + " between " + Format(s.Low) + " and " + Format(s.High);
}

std::string CheckNumber(const NumberSetting& s, double value)
{
    // Written so that NaN fails too: it compares false both ways.
    const bool in_range = value >= s.Low && value <= s.High;
    if (in_range && (!s.Whole || std::floor(value) == value)) return {};
    return "must be " + DescribeRange(s) + " (got " + Format(value) + ")";
}

bool ParseNumber(const NumberSetting& s, const std::string& text, double& value, std::string& why)
{
    char* end = nullptr;
    const char* begin = text.c_str();
    while (*begin == ' ') begin++;
    value = std::strtod(begin, &end);
    while (end && *end == ' ') end++;
    if (!*begin || !end || *end != '\0' || !std::isfinite(value)) {
        why = "must be " + DescribeRange(s) + " (got \"" + text + "\")";
        return false;
    }
    why = CheckNumber(s, value);
    return why.empty();
}

bool ParseScreenSize(const std::string& text, int& width, int& height, std::string& why)
{
    char x = 0, extra = 0;
    if (std::sscanf(text.c_str(), "%d%c%d%c", &width, &x, &height, &extra) != 3 || (x != 'x' && x != 'X') || width <= 0 ||
        height <= 0) {
        why = "must be a width and a height in pixels, like 1920x1080 (got \"" + text + "\")";
        return false;
    }
    return true;
}

std::string CheckScreenSize(int width, int height, double dpi)
{
    const std::string supported = "supported: " + std::to_string(kMinShortSidePx) + " to " + std::to_string(kMaxSidePx) +
                                  " pixels a side, with at least " + std::to_string(kMinShortSidePx) + " pixels and " +
                                  Format(kMinShortSideMm) +
                                  " mm on the short side (for example 800x480 at --dpi 133, 720x1280 at --dpi 210, "
                                  "1920x1080 at --dpi 92)";
    const std::string size = std::to_string(width) + "x" + std::to_string(height);
    const int short_px = std::min(width, height), long_px = std::max(width, height);
    if (long_px > kMaxSidePx) return size + " is larger than the kiosk supports; " + supported;
    if (short_px < kMinShortSidePx) return size + " is smaller than the kiosk supports; " + supported;
    const double short_mm = short_px / dpi * 25.4;
    if (short_mm < kMinShortSideMm) {
        char mm[64];
        std::snprintf(mm, sizeof mm, "%.0f x %.0f mm", width / dpi * 25.4, height / dpi * 25.4);
        return size + " at --dpi " + Format(dpi) + " is a panel of " + mm +
               ", too small for 15 mm touch targets (check --dpi); " + supported;
    }
    return {};
}

} // namespace ess

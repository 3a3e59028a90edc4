// Formatting the clock's wall times (see clock.h).
#include "session/clock.h"

#include <cstdio>
#include <ctime>

namespace ess {

namespace {
std::tm Utc(std::chrono::system_clock::time_point t)
{
    const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    return utc;
}
std::string Local(std::chrono::system_clock::time_point t, const char* format)
{
    const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
    std::tm local{};
    localtime_r(&seconds, &local);
    char text[32];
    std::strftime(text, sizeof text, format, &local);
    return text;
}
} // namespace

std::string FormatUtcIso(std::chrono::system_clock::time_point t)
{
    const std::tm utc = Utc(t);
    const long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03lldZ", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                  utc.tm_hour, utc.tm_min, utc.tm_sec, ms < 0 ? ms + 1000 : ms);
    return text;
}

std::string FormatUtcStamp(std::chrono::system_clock::time_point t)
{
    const std::tm utc = Utc(t);
    char text[24];
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
    return text;
}

std::string FormatLocalMinute(std::chrono::system_clock::time_point t)
{
    return Local(t, "%Y-%m-%d %H:%M");
}

std::string FormatLocalHourMinute(std::chrono::system_clock::time_point t)
{
    return Local(t, "%H:%M");
}

} // namespace ess

// The settings' ranges: one place, one message (the configuration file's side is in
// test_config.cpp); and the screen sizes the kiosk supports.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

#include <unistd.h>

#include "core/settings.h"

using namespace ess;

TEST_CASE("a setting's range says what it wants and what it got")
{
    double value = 0;
    std::string why;
    CHECK_FALSE(ParseNumber(settings::kIdleSeconds, "abc", value, why));
    CHECK(why == "must be a number of seconds between 10 and 86400 (got \"abc\")");
    CHECK_FALSE(ParseNumber(settings::kIdleSeconds, "5", value, why));
    CHECK(why == "must be a number of seconds between 10 and 86400 (got 5)");
    CHECK(ParseNumber(settings::kIdleSeconds, "90", value, why));
    CHECK(value == 90);
    CHECK_FALSE(ParseNumber(settings::kMaxLevers, "2.5", value, why));
    CHECK(why == "must be a whole number between 1 and 10 (got 2.5)");
    CHECK_FALSE(ParseNumber(settings::kCountdownSeconds, "nan", value, why));
    CHECK_FALSE(ParseNumber(settings::kCountdownSeconds, "", value, why));
    CHECK(CheckNumber(settings::kCountdownSeconds, std::nan("")) != "");
    CHECK(CheckNumber(settings::kCooldownSeconds, 0) == "");
}

TEST_CASE("the panels kiosks are built with are supported; smaller ones are refused with the range")
{
    const struct {
        int W, H;
        double Dpi;
    } panels[] = {{1920, 1080, 92}, {1080, 1920, 69}, {1280, 800, 149}, {1024, 600, 170}, {800, 480, 133}, {720, 1280, 210}};
    for (const auto& p : panels) CHECK(CheckScreenSize(p.W, p.H, p.Dpi) == "");
    const std::string small = CheckScreenSize(320, 240, 92);
    CHECK(small.find("320x240 is smaller than the kiosk supports") == 0);
    CHECK(small.find("supported: 480 to 8192 pixels a side") != std::string::npos);
    CHECK(CheckScreenSize(800, 480, 300).find("a panel of 68 x 41 mm, too small for 15 mm touch targets") != std::string::npos);
    CHECK(CheckScreenSize(9000, 1080, 92).find("larger than the kiosk supports") != std::string::npos);
    int w = 0, h = 0;
    std::string why;
    CHECK(ParseScreenSize("1024x600", w, h, why));
    CHECK((w == 1024 && h == 600));
    CHECK_FALSE(ParseScreenSize("10by10", w, h, why));
    CHECK(why == "must be a width and a height in pixels, like 1920x1080 (got \"10by10\")");
    CHECK_FALSE(ParseScreenSize("1920x1080x2", w, h, why));
    CHECK_FALSE(ParseScreenSize("-5x10", w, h, why));
}

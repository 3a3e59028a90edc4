// The contrast of every text on its surface, in both themes (WCAG 2: 4.5:1 for body text, 7:1
// for "Contraste renforcé"), with the bundled content's mutation colours.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "content/loader.h"
#include "ui/theme.h"

using namespace ess;

namespace {
std::vector<uint32_t> BundledAccents()
{
    const ContentLoad load = LoadContent(std::string(ESS_SOURCE_DIR) + "/content", std::string(ESS_SOURCE_DIR) + "/assets");
    REQUIRE(load.Usable());
    std::vector<uint32_t> accents;
    for (const Mutation& m : load.Data.Mutations) accents.push_back(m.Colour);
    REQUIRE(accents.size() == 4);
    return accents;
}

double Smallest(const Theme& theme, double floor)
{
    double smallest = 21;
    for (const ColourPair& pair : TextColourPairs(theme, BundledAccents())) {
        const double ratio = ContrastRatio(pair.Ink, pair.Surface);
        INFO(pair.What << ": " << ratio << ":1");
        CHECK(ratio >= floor);
        smallest = std::min(smallest, ratio);
    }
    return smallest;
}
} // namespace

TEST_CASE("contrast ratio follows WCAG 2's definition")
{
    CHECK(ContrastRatio(IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255)) == doctest::Approx(21.0));
    CHECK(ContrastRatio(IM_COL32(10, 20, 30, 255), IM_COL32(10, 20, 30, 255)) == doctest::Approx(1.0));
    // #767676 on white is the classic 4.54:1 grey.
    CHECK(ContrastRatio(IM_COL32(0x76, 0x76, 0x76, 255), IM_COL32(255, 255, 255, 255)) == doctest::Approx(4.54).epsilon(0.01));
}

TEST_CASE("every text of the normal theme is at 4.5:1 or more on its surface")
{
    Theme theme;
    SetContrast(theme, false);
    const double smallest = Smallest(theme, 4.5);
    MESSAGE("normal theme: smallest contrast " << smallest << ":1");
}

TEST_CASE("every text of the high-contrast theme is at 7:1 or more on its surface")
{
    Theme theme;
    SetContrast(theme, true);
    const double smallest = Smallest(theme, 7.0);
    MESSAGE("high contrast: smallest contrast " << smallest << ":1");
}

TEST_CASE("a mutation's accent keeps its hue and is deepened only as much as white text needs")
{
    Theme theme;
    // A deep blue carries white text already: unchanged.
    CHECK(theme.Accent(0x1F2233) == Rgb(0x1F2233));
    // The study's orange does not (3:1): deepened to 4.5:1, still more red than blue.
    const ImU32 orange = theme.Accent(0xE07A3F);
    CHECK(ContrastRatio(orange, theme.Colours.White) >= 4.5);
    CHECK(ContrastRatio(orange, theme.Colours.White) < 5.2);
    CHECK(((orange >> IM_COL32_R_SHIFT) & 0xFF) > ((orange >> IM_COL32_B_SHIFT) & 0xFF));
    SetContrast(theme, true);
    CHECK(ContrastRatio(theme.Accent(0xE07A3F), theme.Colours.White) >= 7.0);
}

// Every character of the content is in the font atlas the kiosk builds (no "?" on screen).
#include <doctest/doctest.h>

#include <ios>

#include <imgui.h>

#include "content/glyphs.h"
#include "content/loader.h"
#include "core/text.h"
#include "ui/theme.h"

using namespace ess;

TEST_CASE("the font atlas holds every glyph of the content, in every text style")
{
    const std::string content = std::string(ESS_SOURCE_DIR) + "/content", assets = std::string(ESS_SOURCE_DIR) + "/assets";
    ContentLoad load = LoadContent(content, assets);
    REQUIRE(load.Usable());
    ImGui::CreateContext();
    Theme theme;
    ComputeTheme(theme, 1920, 1080, 92);
    std::set<uint32_t> cps = CodepointsToDraw(load.Data);
    std::string error;
    REQUIRE_MESSAGE(LoadFonts(theme, std::vector<uint32_t>(cps.begin(), cps.end()), assets, error), error);

    std::set<uint32_t> used;
    for (const std::string& s : AllVisibleStrings(load.Data)) CollectCodepoints(PlainText(s), used);
    used.erase('\n');
    CHECK(used.count(0x153));  // œ
    CHECK(used.count(0x21B3)); // ↳
    int missing = 0;
    for (int s = 0; s < int(TextStyle::Count); s++) {
        for (uint32_t cp : used) {
            if (!theme.Fonts[s]->FindGlyphNoFallback(ImWchar(cp))) {
                missing++;
                MESSAGE("style " << s << " lacks U+" << std::hex << cp);
            }
        }
    }
    CHECK(missing == 0);
    ImGui::DestroyContext();
}

// Every character of the content is in the font atlas the kiosk builds (no "?" on screen).
#include <doctest/doctest.h>

#include <ios>

#include <imgui.h>

#include "content/glyphs.h"
#include "content/loader.h"
#include "core/text.h"
#include "platform/startup.h"
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
    REQUIRE_MESSAGE(LoadFonts(theme, *ImGui::GetIO().Fonts, std::vector<uint32_t>(cps.begin(), cps.end()), assets, error), error);

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

TEST_CASE("headings hold the content's characters and the kiosk's name, not every Latin-1 symbol")
{
    const std::string content = std::string(ESS_SOURCE_DIR) + "/content", assets = std::string(ESS_SOURCE_DIR) + "/assets";
    ContentLoad load = LoadContent(content, assets);
    REQUIRE(load.Usable());
    const std::set<uint32_t> used = ContentCodepoints(load.Data);
    const Codepoints cps = ThemeCodepoints(&used, {}, "Hôtel ¿");
    Theme theme;
    ImFontAtlas atlas; // built without an ImGui context, as start-up does on its worker thread
    BuildTheme(theme, atlas, 1920, 1080, 92, cps, assets);
    ImFont* body = theme.Font(TextStyle::Body);
    ImFont* title = theme.Font(TextStyle::Title);
    CHECK(title->FindGlyphNoFallback(0x00BF)); // ¿ of the kiosk's name, shown in the organiser's title
    CHECK(title->FindGlyphNoFallback(0x00E9)); // é of the content
    CHECK(title->FindGlyphNoFallback('7'));    // figures
    CHECK(body->FindGlyphNoFallback(0x00A4));  // ¤: messages in body sizes may hold any Latin-1
    CHECK_FALSE(title->FindGlyphNoFallback(0x00A4));
}

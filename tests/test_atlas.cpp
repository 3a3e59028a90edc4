// Every character of the content is in the font atlas the kiosk builds (no "?" on screen).
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <ios>

#include <imgui.h>

#include "content/glyphs.h"
#include "content/loader.h"
#include "core/text.h"
#include "ui/theme_setup.h"
#include "saved_env.h"
#include "temp_dir.h"
#include "ui/font_cache.h"
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
    BuildTheme(theme, atlas, 1920, 1080, 92, cps, assets, "");
    ImFont* body = theme.Font(TextStyle::Body);
    ImFont* title = theme.Font(TextStyle::Title);
    CHECK(title->FindGlyphNoFallback(0x00BF)); // ¿ of the kiosk's name, shown in the organiser's title
    CHECK(title->FindGlyphNoFallback(0x00E9)); // é of the content
    CHECK(title->FindGlyphNoFallback('7'));    // figures
    CHECK(body->FindGlyphNoFallback(0x00A4));  // ¤: messages in body sizes may hold any Latin-1
    CHECK_FALSE(title->FindGlyphNoFallback(0x00A4));
}

namespace {

// The bitmap of glyph `g` as it sits in `atlas`'s 8-bit pixels.
std::string GlyphPixels(const ImFontAtlas& atlas, const ImFontGlyph& g)
{
    const int x = int(std::lround(g.U0 * atlas.TexWidth)), y = int(std::lround(g.V0 * atlas.TexHeight));
    const int w = int(std::lround((g.U1 - g.U0) * atlas.TexWidth)), h = int(std::lround((g.V1 - g.V0) * atlas.TexHeight));
    std::string out;
    for (int row = 0; row < h; row++)
        out.append(reinterpret_cast<const char*>(atlas.TexPixelsAlpha8 + (y + row) * atlas.TexWidth + x), w);
    return out;
}

struct Built {
    Theme Look;
    ImFontAtlas Atlas;
    Built(const Codepoints& cps, int w, int h, const std::string& cache)
    {
        BuildTheme(Look, Atlas, w, h, 92, cps, std::string(ESS_SOURCE_DIR) + "/assets", cache);
    }
    // Only ImGui's own rectangles (white pixel, lines) unless glyphs came from the cache.
    bool FromCache() const { return Atlas.CustomRects.Size > 100; }
};

Codepoints ContentChars()
{
    ContentLoad load = LoadContent(std::string(ESS_SOURCE_DIR) + "/content", std::string(ESS_SOURCE_DIR) + "/assets");
    REQUIRE(load.Usable());
    const std::set<uint32_t> used = ContentCodepoints(load.Data);
    return ThemeCodepoints(&used, {}, "borne-1");
}

} // namespace

TEST_CASE("fonts from the glyph cache are the fonts stb_truetype builds, glyph for glyph")
{
    TempDir dir("font-cache");
    const std::string path = dir / "fonts.bin";
    const Codepoints cps = ContentChars();
    Built fresh(cps, 1920, 1080, path); // no cache yet: rasterised, then written
    REQUIRE_FALSE(fresh.FromCache());
    REQUIRE(std::filesystem::exists(path));
    Built cached(cps, 1920, 1080, path);
    REQUIRE(cached.FromCache());

    int differences = 0, glyphs = 0;
    for (int s = 0; s < int(TextStyle::Count); s++) {
        const ImFont* a = fresh.Look.Fonts[s];
        const ImFont* b = cached.Look.Fonts[s];
        CHECK(a->FontSize == b->FontSize);
        CHECK(a->Ascent == b->Ascent);
        CHECK(a->Descent == b->Descent);
        CHECK(a->EllipsisChar == b->EllipsisChar);
        CHECK(a->FallbackAdvanceX == b->FallbackAdvanceX);
        CHECK(a->Glyphs.Size == b->Glyphs.Size);
        for (const ImFontGlyph& g : a->Glyphs) {
            glyphs++;
            const ImFontGlyph* h = b->FindGlyphNoFallback(ImWchar(g.Codepoint));
            if (!h || g.X0 != h->X0 || g.Y0 != h->Y0 || g.X1 != h->X1 || g.Y1 != h->Y1 || g.AdvanceX != h->AdvanceX ||
                g.Visible != h->Visible || (g.Visible && GlyphPixels(fresh.Atlas, g) != GlyphPixels(cached.Atlas, *h))) {
                if (differences++ < 5) MESSAGE("style " << s << " U+" << std::hex << g.Codepoint << " differs");
            }
        }
    }
    CHECK(glyphs > 1000);
    CHECK(differences == 0);
}

TEST_CASE("a damaged, truncated or stale glyph cache is ignored and written again")
{
    TempDir dir("font-cache-bad");
    const std::string path = dir / "fonts.bin";
    const Codepoints cps = ContentChars();
    {
        Built first(cps, 1920, 1080, path);
    }
    const auto good_size = std::filesystem::file_size(path);

    std::filesystem::resize_file(path, good_size / 2); // cut short, as by a power cut
    {
        Built b(cps, 1920, 1080, path);
        CHECK_FALSE(b.FromCache());
        CHECK(b.Look.Font(TextStyle::Body)->FindGlyphNoFallback(0x00E9)); // é: a real atlas all the same
    }
    CHECK(std::filesystem::file_size(path) == good_size); // written again

    {
        std::ofstream f(path, std::ios::binary | std::ios::trunc);
        f << "ESS-FONTS 1\n" << std::string(64, '\xff'); // a huge key length
    }
    CHECK_FALSE(Built(cps, 1920, 1080, path).FromCache());
    CHECK(Built(cps, 1920, 1080, path).FromCache()); // the rebuilt file serves the next start

    // Another screen size makes other font sizes: the cache made for 1920x1080 does not apply.
    CHECK_FALSE(Built(cps, 1280, 800, path).FromCache());
}

TEST_CASE("the glyph cache format: the fuzzing seed reads back as written")
{
    FontCache cache;
    REQUIRE(ReadFontCache(std::string(ESS_SOURCE_DIR) + "/tests/fuzz/corpus/fonts/minimal.bin", "k", cache));
    REQUIRE(cache.Glyphs[0].size() == 2);
    CHECK(cache.Glyphs[0][0].Codepoint == 'A');
    CHECK(cache.Glyphs[0][0].W == 2);
    CHECK(cache.Glyphs[0][1].W == 0); // the space: no bitmap
    CHECK(cache.Pixels.size() == 4);
    CHECK_FALSE(ReadFontCache(std::string(ESS_SOURCE_DIR) + "/tests/fuzz/corpus/fonts/minimal.bin", "other key", cache));
}

TEST_CASE("the glyph cache follows XDG_CACHE_HOME, else ~/.cache, else is nowhere")
{
    SavedVariable cache("XDG_CACHE_HOME"), home("HOME");
    setenv("XDG_CACHE_HOME", "/srv/cache", 1);
    setenv("HOME", "/home/kiosk", 1);
    CHECK(DefaultFontCachePath(800, 480) == "/srv/cache/ess-kiosk/font-atlas-800x480.bin");
    unsetenv("XDG_CACHE_HOME");
    CHECK(DefaultFontCachePath(800, 480) == "/home/kiosk/.cache/ess-kiosk/font-atlas-800x480.bin");
    unsetenv("HOME");
    CHECK(DefaultFontCachePath(800, 480).empty()); // a cache nowhere rather than somewhere odd
}

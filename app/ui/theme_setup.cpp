// See theme_setup.h.
#include "ui/theme_setup.h"

#include <cstdio>

#include "content/glyphs.h"
#include "core/text.h"

namespace ess {

Codepoints ThemeCodepoints(const std::set<uint32_t>* used, const std::vector<std::string>& problems, const std::string& kiosk_id)
{
    if (used) {
        std::set<uint32_t> cps = *used;
        CollectCodepoints(kiosk_id, cps);
        return {CodepointsToDraw(cps), CodepointsForHeadings(cps)};
    }
    std::set<uint32_t> cps;
    for (uint32_t cp = 0x20; cp <= 0xFF; cp++) cps.insert(cp);
    for (const std::string& p : problems) CollectCodepoints(p, cps);
    CollectCodepoints(kiosk_id, cps);
    for (uint32_t cp : {0x2019u, 0x2026u, 0x2013u, 0x2014u, 0x0153u, 0x00ABu, 0x00BBu}) cps.insert(cp);
    return {cps, cps};
}

void BuildTheme(Theme& look, ImFontAtlas& atlas, int width, int height, float dpi, const Codepoints& codepoints,
                const std::string& assets_dir, const std::string& font_cache, ThemeKind kind, float text_scale)
{
    const bool contrast = look.HighContrast;
    ComputeTheme(look, float(width), float(height), dpi, kind, text_scale);
    SetContrast(look, contrast);
    std::string error;
    if (!LoadFonts(look, atlas, std::vector<uint32_t>(codepoints.All.begin(), codepoints.All.end()), assets_dir, error,
                   std::vector<uint32_t>(codepoints.Headings.begin(), codepoints.Headings.end()), font_cache)) {
        std::fprintf(stderr, "ess-kiosk: %s\n", error.c_str());
        atlas.Clear();
        ImFont* fallback = atlas.AddFontDefault();
        for (ImFont*& f : look.Fonts) f = fallback;
    }
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    atlas.GetTexDataAsRGBA32(&pixels, &w, &h); // the conversion the texture upload would do
}

} // namespace ess

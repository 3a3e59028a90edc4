// Setting the theme up for a screen: the characters its fonts must hold, then the sizes and the
// font atlas. No SDL: start-up runs this on a worker thread, and tests run it without a display.
#pragma once
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <imgui.h>

#include "ui/theme.h"

namespace ess {

// The characters the atlas must hold: the content's, or what the out-of-order screen writes;
// headings hold fewer (see CodepointsForHeadings).
struct Codepoints {
    std::set<uint32_t> All, Headings;
};
// `used`: the content's code points (ContentCodepoints), null when the content is unusable.
// `kiosk_id` is written in the organiser's title: its characters are in the headings too.
Codepoints ThemeCodepoints(const std::set<uint32_t>* used, const std::vector<std::string>& problems, const std::string& kiosk_id);

// Sizes the theme for a width×height screen and builds its fonts into `atlas`, down to the
// RGBA pixels the texture is made from. Without our fonts, ImGui's built-in one still draws
// ASCII: better than a dark screen.
// `font_cache`: the file of rasterised glyphs (font_cache.h), empty for none.
void BuildTheme(Theme& look, ImFontAtlas& atlas, int width, int height, float dpi, const Codepoints& codepoints,
                const std::string& assets_dir, const std::string& font_cache, ThemeKind kind = ThemeKind::Kiosk,
                float text_scale = 1);

} // namespace ess

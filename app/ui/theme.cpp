// Palette, type scale and font atlas (see theme.h).
#include "ui/theme.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <cstdio>

#include "content/glyphs.h"
#include "ui/font_cache.h"

namespace fs = std::filesystem;

namespace ess {

void ComputeTheme(Theme& t, float width, float height, float dpi, ThemeKind kind)
{
    t.Width = width;
    t.Height = height;
    t.PxPerMm = dpi / 25.4f;
    // Physical sizes first. A finger is 15 mm on any panel. Text is sized for the distance a panel
    // is read from: a 7" panel (90 mm tall) from about 40 cm, a 24" one (290 mm) from 60 cm or
    // more; body text goes from 4 mm to 8.2 mm between the two, and the headings' steps shrink
    // with it, so that a small panel still holds a useful page.
    const float short_side_mm = std::min(width, height) / t.PxPerMm;
    const float k = std::clamp((short_side_mm - 90.0f) / (290.0f - 90.0f), 0.0f, 1.0f);
    const auto between = [k](float small, float large) { return small + (large - small) * k; };
    const float body_mm = between(4.0f, 8.2f);
    const float s = body_mm / 8.2f; // 1 on a 24" panel
    t.Touch = std::max(t.Mm(15), t.Mm(17) * s);
    t.Gap = t.Mm(6.5f) * s;
    t.Margin = t.Mm(13) * s;
    t.Radius = t.Mm(6) * s;
    t.BarHeight = t.Touch + std::max(t.Mm(2.6f), t.Mm(8) * s * s);
    const float body = t.Mm(body_mm); // ≈ 30 px on a 24" full-HD panel
    t.FontSize[int(TextStyle::Body)] = body;
    t.FontSize[int(TextStyle::BodyBold)] = body;
    t.FontSize[int(TextStyle::Small)] = body * between(0.85f, 0.8f);
    t.FontSize[int(TextStyle::SmallBold)] = body * between(0.85f, 0.8f);
    t.FontSize[int(TextStyle::Heading)] = body * between(1.25f, 1.4f);
    t.FontSize[int(TextStyle::Title)] = body * between(1.55f, 1.9f);
    t.FontSize[int(TextStyle::Display)] = body * between(2.0f, 2.6f);
    if (kind == ThemeKind::Wall) {
        // A share of the screen's short side: on a 3 m wide projection of 1080 lines the body is
        // about 5 cm, the shares 14 cm, readable across a hall. Never below the kiosk's own sizes,
        // for a small panel read from arm's length.
        const float unit = std::min(width, height);
        t.Margin = unit * 0.045f;
        t.Gap = unit * 0.018f;
        t.Radius = unit * 0.016f;
        const float sizes[int(TextStyle::Count)] = {0.030f, 0.030f, 0.025f, 0.025f, 0.042f, 0.064f, 0.085f};
        for (int s = 0; s < int(TextStyle::Count); s++) t.FontSize[s] = std::max(t.FontSize[s], unit * sizes[s]);
    }
    for (float& size : t.FontSize) size = float(int(size + 0.5f)); // whole pixels: crisp glyphs
}

ImU32 Rgb(uint32_t rgb, int alpha)
{
    return IM_COL32((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, alpha);
}

ImU32 Mix(ImU32 a, ImU32 b, float t)
{
    ImVec4 x = ImGui::ColorConvertU32ToFloat4(a), y = ImGui::ColorConvertU32ToFloat4(b);
    return ImGui::ColorConvertFloat4ToU32(
        ImVec4(x.x + (y.x - x.x) * t, x.y + (y.y - x.y) * t, x.z + (y.z - x.z) * t, x.w + (y.w - x.w) * t));
}

ImU32 WithAlpha(ImU32 c, float alpha)
{
    unsigned a = unsigned(((c >> IM_COL32_A_SHIFT) & 0xFF) * std::clamp(alpha, 0.0f, 1.0f) + 0.5f);
    return (c & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

namespace {
// ImGui wants ranges as [first, last] pairs ending with 0; they must outlive the atlas build.
std::vector<ImWchar> ToRanges(const std::vector<uint32_t>& cps)
{
    std::vector<ImWchar> ranges;
    for (uint32_t cp : cps) {
        if (cp == 0 || cp > 0xFFFF) continue; // ImWchar is 16-bit in Debian's build
        if (!ranges.empty() && uint32_t(ranges.back()) + 1 == cp) {
            ranges.back() = ImWchar(cp);
            continue;
        }
        ranges.push_back(ImWchar(cp));
        ranges.push_back(ImWchar(cp));
    }
    ranges.push_back(0);
    return ranges;
}
// Everything the rasterised glyphs depend on: a cache made under another key is not used.
std::string FontCacheKey(const std::string files[], const FontFace faces[], const Theme& t)
{
    std::ostringstream key;
    key << "imgui " << IMGUI_VERSION << ", oversample 1, pixel snap\n";
    for (int f = 0; f < int(FontFace::Count); f++) {
        std::error_code ec;
        const auto size = fs::file_size(files[f], ec);
        const auto time = fs::last_write_time(files[f], ec).time_since_epoch().count();
        key << files[f] << ' ' << size << ' ' << time << '\n';
    }
    for (int s = 0; s < int(TextStyle::Count); s++)
        key << s << ' ' << int(faces[s]) << ' ' << std::hexfloat << t.FontSize[s] << '\n';
    for (const std::vector<ImWchar>* ranges : {&t.MainRanges, &t.FallbackRanges, &t.HeadingRanges, &t.HeadingFallbackRanges}) {
        for (ImWchar c : *ranges) key << std::dec << c << ',';
        key << '\n';
    }
    return key.str();
}

// Glyphs from the cache: custom rectangles packed by ImGui, filled with the cached bitmaps;
// invisible glyphs (spaces) added directly. Each font is loaded for its metrics with one glyph.
bool PlaceCachedGlyphs(ImFontAtlas& atlas, const Theme& t, const FontCache& cache,
                       std::vector<int> (&rects)[int(TextStyle::Count)])
{
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    atlas.GetTexDataAsAlpha8(&pixels, &width, &height);
    for (int s = 0; s < int(TextStyle::Count); s++) {
        // Build() appended a tab made from the space; BuildLookupTable() below makes it again.
        ImVector<ImFontGlyph>& glyphs = t.Fonts[s]->Glyphs;
        if (!glyphs.empty() && glyphs.back().Codepoint == '\t') glyphs.pop_back();
        size_t next = 0;
        for (const CachedGlyph& g : cache.Glyphs[s]) {
            if (g.W == 0) {
                // The space came with the font's metrics; ImGui makes the tab from it.
                if (g.Codepoint != ' ' && g.Codepoint != '\t')
                    t.Fonts[s]->AddGlyph(nullptr, ImWchar(g.Codepoint), g.X0, g.Y0, g.X1, g.Y1, 0, 0, 0, 0, g.AdvanceX);
                continue;
            }
            const ImFontAtlasCustomRect* r = atlas.GetCustomRectByIndex(rects[s][next++]);
            if (!r->IsPacked() || r->X + g.W > width || r->Y + g.H > height) return false;
            for (int row = 0; row < g.H; row++)
                std::memcpy(pixels + size_t(r->Y + row) * width + r->X, cache.Pixels.data() + g.Offset + size_t(row) * g.W, g.W);
        }
        t.Fonts[s]->BuildLookupTable();
    }
    return true;
}

} // namespace

bool LoadFonts(Theme& t, ImFontAtlas& fonts, const std::vector<uint32_t>& codepoints, const std::string& assets_dir,
               std::string& error, const std::vector<uint32_t>& headings, const std::string& cache_path)
{
    std::vector<std::string> tried;
    std::string files[int(FontFace::Count)];
    for (int f = 0; f < int(FontFace::Count); f++) files[f] = FindFontFile(FontFace(f), assets_dir, tried);
    if (files[int(FontFace::Regular)].empty() || files[int(FontFace::Bold)].empty()) {
        error = "font not found; looked in:";
        for (const std::string& p : tried) error += "\n  " + p;
        return false;
    }
    for (int f = 0; f < int(FontFace::Count); f++)
        if (files[f].empty()) files[f] = files[int(FontFace::Bold)];

    std::set<uint32_t> wanted(codepoints.begin(), codepoints.end());
    std::set<uint32_t> missing = MissingGlyphs({files[int(FontFace::Regular)]}, wanted);
    std::vector<uint32_t> present;
    for (uint32_t cp : wanted)
        if (!missing.count(cp)) present.push_back(cp);
    t.MainRanges = ToRanges(present);
    t.FallbackRanges = ToRanges(std::vector<uint32_t>(missing.begin(), missing.end()));
    const std::set<uint32_t> large(headings.begin(), headings.end());
    std::vector<uint32_t> present_large, missing_large;
    for (uint32_t cp : present)
        if (large.empty() || large.count(cp)) present_large.push_back(cp);
    for (uint32_t cp : missing)
        if (large.empty() || large.count(cp)) missing_large.push_back(cp);
    t.HeadingRanges = ToRanges(present_large);
    t.HeadingFallbackRanges = ToRanges(missing_large);

    ImFontAtlas* atlas = &fonts;
    atlas->Clear();
    const FontFace faces[int(TextStyle::Count)] = {FontFace::Regular, FontFace::Bold,      FontFace::Regular,  FontFace::SemiBold,
                                                   FontFace::Bold,    FontFace::ExtraBold, FontFace::ExtraBold};
    const std::string key = cache_path.empty() ? std::string() : FontCacheKey(files, faces, t);
    FontCache cache;
    const bool cached = !cache_path.empty() && ReadFontCache(cache_path, key, cache);
    static const ImWchar kSpaceOnly[] = {0x20, 0x20, 0};
    std::vector<int> rects[int(TextStyle::Count)];
    for (int s = 0; s < int(TextStyle::Count); s++) {
        ImFontConfig config;
        config.OversampleH = 1; // pixel-exact sizes: horizontal oversampling only costs atlas memory
        config.OversampleV = 1;
        config.PixelSnapH = true;
        const bool heading = s == int(TextStyle::Heading) || s == int(TextStyle::Title) || s == int(TextStyle::Display);
        ImFont* font = atlas->AddFontFromFileTTF(files[int(faces[s])].c_str(), t.FontSize[s], &config,
                                                 cached ? kSpaceOnly : (heading ? t.HeadingRanges : t.MainRanges).data());
        if (!font) {
            error = "cannot load font " + files[int(faces[s])];
            return false;
        }
        if (cached) {
            for (const CachedGlyph& g : cache.Glyphs[s])
                if (g.W > 0)
                    rects[s].push_back(
                        atlas->AddCustomRectFontGlyph(font, ImWchar(g.Codepoint), g.W, g.H, g.AdvanceX, ImVec2(g.X0, g.Y0)));
        } else if (!(heading ? missing_large.empty() : missing.empty()) && !files[int(FontFace::Fallback)].empty()) {
            ImFontConfig merge;
            merge.MergeMode = true;
            merge.OversampleH = 1;
            merge.OversampleV = 1;
            atlas->AddFontFromFileTTF(files[int(FontFace::Fallback)].c_str(), t.FontSize[s], &merge,
                                      (heading ? t.HeadingFallbackRanges : t.FallbackRanges).data());
        }
        t.Fonts[s] = font;
    }
    if (!atlas->Build()) {
        error = "cannot build the font atlas";
        return false;
    }
    if (cached) {
        if (!PlaceCachedGlyphs(*atlas, t, cache, rects)) {
            // Read back well but does not fit: removed (the next start writes it again) and
            // built from the fonts this time.
            std::error_code ec;
            std::filesystem::remove(cache_path, ec);
            return LoadFonts(t, fonts, codepoints, assets_dir, error, headings, {});
        }
    } else if (!cache_path.empty()) {
        std::string why;
        if (!WriteFontCache(cache_path, key, t, *atlas, why))
            std::fprintf(stderr, "ess-kiosk: font cache %s: %s (not kept)\n", cache_path.c_str(), why.c_str());
    }
    return true;
}

} // namespace ess

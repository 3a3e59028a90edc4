// Palette, type scale and font atlas (see theme.h).
#include "ui/theme.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <cmath>
#include <cstdio>

#include "content/glyphs.h"
#include "ui/font_cache.h"

namespace fs = std::filesystem;

namespace ess {

void ComputeTheme(Theme& t, float width, float height, float dpi, ThemeKind kind, float text_scale)
{
    t.TextScale = text_scale;
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
    if (text_scale != 1) {
        // Larger type, and the pills, bars and rows that hold it grow with it: a line of body
        // text still sits in a button with air above and below.
        for (float& size : t.FontSize) size *= text_scale;
        t.Touch = std::max(t.Touch, t.FontSize[int(TextStyle::Body)] * 1.9f);
        t.BarHeight = std::max(t.BarHeight, t.Touch + t.Mm(2.6f));
    }
    for (float& size : t.FontSize) size = float(int(size + 0.5f)); // whole pixels: crisp glyphs
}

Palette HighContrastPalette()
{
    Palette p;
    p.Background = IM_COL32(255, 255, 255, 255);
    p.Card = IM_COL32(255, 255, 255, 255);
    p.Ink = IM_COL32(0, 0, 0, 255);
    p.InkSoft = IM_COL32(32, 32, 40, 255);
    p.Shadow = IM_COL32(0, 0, 0, 60);
    p.Night = IM_COL32(0, 0, 0, 255);
    p.NightInk = IM_COL32(255, 255, 255, 255);
    p.NightSoft = IM_COL32(235, 235, 240, 255);
    p.Neutral = IM_COL32(228, 228, 232, 255);
    p.Act = IM_COL32(0, 0, 0, 255);
    p.Lever = IM_COL32(0, 76, 40, 255);
    p.LeverSoft = IM_COL32(90, 120, 105, 255);
    p.Brake = IM_COL32(150, 20, 10, 255);
    p.NightCard = IM_COL32(28, 28, 36, 255);
    p.Drained = IM_COL32(40, 40, 48, 255);
    p.Dimmed = IM_COL32(0, 0, 0, 190);
    p.Rule = IM_COL32(0, 0, 0, 90);
    p.Edge = IM_COL32(0, 0, 0, 110);
    p.PressedArea = IM_COL32(0, 0, 0, 40);
    p.Veil = IM_COL32(0, 0, 0, 185);
    p.VeilDeep = IM_COL32(0, 0, 0, 200);
    // Glass on a colour darkens it instead of lightening: white ink keeps its contrast.
    p.GlassChip = IM_COL32(0, 0, 0, 70);
    p.GlassButton = IM_COL32(0, 0, 0, 70);
    p.GlassPicture = IM_COL32(0, 0, 0, 40);
    p.GlassDot = IM_COL32(0, 0, 0, 80);
    p.AlertFill = IM_COL32(255, 236, 226, 255);
    p.AlertInk = IM_COL32(110, 20, 0, 255);
    p.OutOfOrderMark = IM_COL32(150, 60, 0, 255);
    return p;
}

void SetContrast(Theme& t, bool high)
{
    t.HighContrast = high;
    t.Colours = high ? HighContrastPalette() : Palette{};
}

double RelativeLuminance(ImU32 c)
{
    const auto channel = [](unsigned v) {
        const double x = v / 255.0;
        return x <= 0.03928 ? x / 12.92 : std::pow((x + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel((c >> IM_COL32_R_SHIFT) & 0xFF) + 0.7152 * channel((c >> IM_COL32_G_SHIFT) & 0xFF) +
           0.0722 * channel((c >> IM_COL32_B_SHIFT) & 0xFF);
}

double ContrastRatio(ImU32 a, ImU32 b)
{
    const double la = RelativeLuminance(a), lb = RelativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

ImU32 Theme::Accent(uint32_t rgb) const
{
    const double target = HighContrast ? 7.05 : 4.6;
    ImU32 c = Rgb(rgb);
    // Towards black in small steps: the first shade that carries white text.
    for (int step = 0; step < 40 && ContrastRatio(c, Colours.White) < target; step++) c = Mix(c, IM_COL32(0, 0, 0, 255), 0.05f);
    return c;
}

namespace {
// `ink` drawn with its alpha over the opaque `surface`.
ImU32 Over(ImU32 ink, ImU32 surface)
{
    return Mix(surface | IM_COL32_A_MASK, ink | IM_COL32_A_MASK, float((ink >> IM_COL32_A_SHIFT) & 0xFF) / 255.0f);
}
} // namespace

std::vector<ColourPair> TextColourPairs(const Theme& t, const std::vector<uint32_t>& accents)
{
    const Palette& p = t.Colours;
    std::vector<ColourPair> pairs = {
        {"ink on the paper", p.Ink, p.Background},
        {"ink on a card", p.Ink, p.Card},
        {"soft ink on the paper", p.InkSoft, p.Background},
        {"soft ink on a card", p.InkSoft, p.Card},
        {"ink on a neutral chip or tab", p.Ink, p.Neutral},
        {"soft ink on a neutral chip", p.InkSoft, p.Neutral},
        {"white on a primary button", p.White, p.Ink},
        {"white on the act's colour", p.White, p.Act},
        {"white on the lever colour (vote)", p.White, p.Lever},
        {"lever colour on a card (chosen)", p.Lever, p.Card},
        {"lever colour on a chosen lever's card", p.Lever, Mix(p.White, p.Lever, 0.12f)},
        {"ink on a chosen lever's card", p.Ink, Mix(p.White, p.Lever, 0.12f)},
        {"white on the brake colour", p.White, p.Brake},
        {"brake colour on the paper (notices)", p.Brake, p.Background},
        {"brake colour on a card", p.Brake, p.Card},
        {"night ink on the dystopia", p.NightInk, p.Night},
        {"night soft ink on the dystopia", p.NightSoft, p.Night},
        {"night ink on the dystopia's cards", p.NightInk, p.NightCard},
        {"night soft ink on the dystopia's cards", p.NightSoft, p.NightCard},
        {"alert ink on the alert", p.AlertInk, p.AlertFill},
        {"ink on a dialog", p.Ink, p.Card},
    };
    for (uint32_t rgb : accents) {
        const ImU32 a = t.Accent(rgb);
        char name[16];
        std::snprintf(name, sizeof name, "#%06X", unsigned(rgb));
        pairs.push_back({std::string("white on the accent ") + name, p.White, a});
        pairs.push_back({std::string("white on glass on the accent ") + name, p.White, Over(p.GlassChip, a)});
        pairs.push_back({std::string("white on a glass button on the accent ") + name, p.White, Over(p.GlassButton, a)});
        pairs.push_back({std::string("accent ") + name + " on white (selected button)", a, p.White});
        pairs.push_back({std::string("heading in accent ") + name + " on a card", Mix(a, p.Ink, 0.4f), p.Card});
        pairs.push_back({std::string("ink on the accent's tint ") + name, p.Ink, Mix(p.White, a, 0.14f)});
        pairs.push_back({std::string("white on the drained accent ") + name, p.White, Mix(a, p.Drained, 0.55f)});
    }
    return pairs;
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

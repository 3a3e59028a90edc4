// Palette, type scale and font atlas (see theme.h).
#include "ui/theme.h"

#include <algorithm>
#include <cstdio>

#include "content/glyphs.h"

namespace ess {

void ComputeTheme(Theme& t, float width, float height, float dpi)
{
    t.Width = width;
    t.Height = height;
    t.PxPerMm = dpi / 25.4f;
    // Physical sizes first (finger, eye at 60 cm), then kept within what the screen can hold.
    float short_side_mm = std::min(width, height) / t.PxPerMm;
    float fit = std::clamp(short_side_mm / 290.0f, 0.72f, 1.0f); // 290 mm: a 24" panel's height
    t.Touch = std::max(t.Mm(15), t.Mm(17) * fit);
    t.Gap = t.Mm(6.5f) * fit;
    t.Margin = t.Mm(13) * fit;
    t.Radius = t.Mm(6) * fit;
    t.BarHeight = t.Touch + t.Mm(8) * fit;
    const float body = std::max(t.Mm(6.2f), t.Mm(8.2f) * fit); // ≈ 30 px on a 24" full-HD panel
    t.FontSize[int(TextStyle::Body)] = body;
    t.FontSize[int(TextStyle::BodyBold)] = body;
    t.FontSize[int(TextStyle::Small)] = body * 0.8f;
    t.FontSize[int(TextStyle::SmallBold)] = body * 0.8f;
    t.FontSize[int(TextStyle::Heading)] = body * 1.4f;
    t.FontSize[int(TextStyle::Title)] = body * 1.9f;
    t.FontSize[int(TextStyle::Display)] = body * 2.6f;
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
} // namespace

bool LoadFonts(Theme& t, ImFontAtlas& fonts, const std::vector<uint32_t>& codepoints, const std::string& assets_dir,
               std::string& error, const std::vector<uint32_t>& headings)
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
    for (int s = 0; s < int(TextStyle::Count); s++) {
        ImFontConfig config;
        config.OversampleH = 1; // pixel-exact sizes: horizontal oversampling only costs atlas memory
        config.OversampleV = 1;
        config.PixelSnapH = true;
        const bool heading = s == int(TextStyle::Heading) || s == int(TextStyle::Title) || s == int(TextStyle::Display);
        ImFont* font = atlas->AddFontFromFileTTF(files[int(faces[s])].c_str(), t.FontSize[s], &config,
                                                 (heading ? t.HeadingRanges : t.MainRanges).data());
        if (!font) {
            error = "cannot load font " + files[int(faces[s])];
            return false;
        }
        if (!(heading ? missing_large : std::vector<uint32_t>(missing.begin(), missing.end())).empty() &&
            !files[int(FontFace::Fallback)].empty()) {
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
    return true;
}

} // namespace ess

// Bar charts for the organisers' reports: rows are laid out first (labels wrapped as the kiosk
// wraps them), then text and bars are rasterised onto an RGB canvas and written as a PNG.
#include "tally/chart.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <fstream>
#include <iterator>
#include <string_view>

#include <stb_image_write.h>
#include <stb_truetype.h>

#include "content/glyphs.h"
#include "core/text.h"
#include "core/durable_file.h"

namespace ess {

namespace {

struct Rgb {
    uint8_t R = 0, G = 0, B = 0;
};

// The kiosk's warm paper and ink, so a printed report looks like the exhibition.
const Rgb kPaper = {0xF6, 0xF1, 0xEA};
const Rgb kInk = {0x1F, 0x22, 0x33};
const Rgb kMutedInk = {0x6A, 0x6C, 0x7A};
const Rgb kRule = {0xE3, 0xDA, 0xCD};
const Rgb kBar = {0x4C, 0x5F, 0xD5};
const Rgb kHighlight = {0xE0, 0x7A, 0x3F};

// Every size in one place, in pixels of a 1600 px wide figure: it is printed or projected,
// never shown on a kiosk screen, so the screen's DPI-based units do not apply.
constexpr int kWidth = 1600;
constexpr float kMargin = 72;
constexpr float kLabelColumnEnd = kWidth * 0.45f; // labels left of this, bars right of it
constexpr float kColumnGap = 40;
constexpr float kTitleSize = 44, kTitleLineHeight = 56;
constexpr float kNoteSize = 24;
constexpr float kLabelSize = 26, kLabelLineHeight = 36;
constexpr float kValueGap = 18; // between a bar's end and its value
constexpr float kBarThickness = 30;
constexpr float kRowPadding = 22;
constexpr float kMinVisibleBar = 6; // so a single vote is still seen as a bar, not as nothing

// A font file's bytes and the stb_truetype view into them; not copyable, since Info points
// into Data.
struct Font {
    std::vector<unsigned char> Data;
    stbtt_fontinfo Info{};
    Font() = default;
    Font(const Font&) = delete;
    Font& operator=(const Font&) = delete;
};

// How one run of text is drawn: Inter, with DejaVu for what Inter lacks (arrows, rare signs).
struct Typeface {
    const Font* Main = nullptr;
    const Font* Fallback = nullptr;
    float Size = 0; // em size in pixels, the same for both fonts so fallback glyphs match
    Rgb Color;
};

struct Glyph {
    const stbtt_fontinfo* Info = nullptr;
    int Index = 0;
    float Scale = 0;
};

struct Canvas {
    int Width = 0, Height = 0;
    std::vector<uint8_t> Pixels; // RGB, row after row
};

std::string JoinPaths(const std::vector<std::string>& paths)
{
    std::string out;
    for (const std::string& p : paths) out += (out.empty() ? "" : ", ") + p;
    return out;
}

bool LoadFont(FontFace face, const char* face_name, const std::string& assets_dir, Font& font, std::string& error)
{
    std::vector<std::string> tried;
    const std::string path = FindFontFile(face, assets_dir, tried);
    if (path.empty()) {
        error = std::string("no font file for ") + face_name + " (looked in " + JoinPaths(tried) + ")";
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    font.Data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    const int offset = font.Data.empty() ? -1 : stbtt_GetFontOffsetForIndex(font.Data.data(), 0);
    if (offset < 0 || !stbtt_InitFont(&font.Info, font.Data.data(), offset)) {
        error = "cannot use the font " + path + (font.Data.empty() ? ": unreadable or empty" : ": not a TrueType/OpenType font");
        return false;
    }
    return true;
}

Glyph FindGlyph(const Typeface& face, uint32_t cp)
{
    const int index = stbtt_FindGlyphIndex(&face.Main->Info, int(cp));
    if (index == 0 && face.Fallback) {
        const int fallback_index = stbtt_FindGlyphIndex(&face.Fallback->Info, int(cp));
        if (fallback_index)
            return {&face.Fallback->Info, fallback_index, stbtt_ScaleForMappingEmToPixels(&face.Fallback->Info, face.Size)};
    }
    // Still drawn from the main font when nobody has it: its .notdef box shows the gap.
    return {&face.Main->Info, index, stbtt_ScaleForMappingEmToPixels(&face.Main->Info, face.Size)};
}

float Advance(const Glyph& glyph)
{
    int advance = 0, left_bearing = 0;
    stbtt_GetGlyphHMetrics(glyph.Info, glyph.Index, &advance, &left_bearing);
    return advance * glyph.Scale;
}

// Kerning-free, like the drawing below, so a wrapped line never ends up wider than measured.
float MeasureText(const Typeface& face, std::string_view text)
{
    float width = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        const uint32_t cp = DecodeUtf8(text, pos);
        if (cp >= 0x20) width += Advance(FindGlyph(face, cp));
    }
    return width;
}

void Blend(Canvas& canvas, int x, int y, Rgb color, float alpha)
{
    if (x < 0 || y < 0 || x >= canvas.Width || y >= canvas.Height || alpha <= 0) return;
    alpha = std::min(alpha, 1.0f);
    uint8_t* p = &canvas.Pixels[(size_t(y) * canvas.Width + x) * 3];
    p[0] = uint8_t(std::lround(p[0] + (color.R - p[0]) * alpha));
    p[1] = uint8_t(std::lround(p[1] + (color.G - p[1]) * alpha));
    p[2] = uint8_t(std::lround(p[2] + (color.B - p[2]) * alpha));
}

// Draws text with its line box's top at `top`; returns the pen's position after it.
float DrawText(Canvas& canvas, const Typeface& face, std::string_view text, float x, float top, float line_height)
{
    // Centre the font's ascent+descent in the line box, on a whole pixel so stems stay crisp.
    int ascent = 0, descent = 0, line_gap = 0;
    stbtt_GetFontVMetrics(&face.Main->Info, &ascent, &descent, &line_gap);
    const float scale = stbtt_ScaleForMappingEmToPixels(&face.Main->Info, face.Size);
    const int baseline = int(std::lround(top + (line_height - (ascent - descent) * scale) / 2 + ascent * scale));
    size_t pos = 0;
    while (pos < text.size()) {
        const uint32_t cp = DecodeUtf8(text, pos);
        if (cp < 0x20) continue;
        const Glyph glyph = FindGlyph(face, cp);
        // Subpixel pen positions keep the spacing even; stb rasterises with the fraction.
        const float pen = std::floor(x);
        int w = 0, h = 0, x_offset = 0, y_offset = 0;
        unsigned char* coverage = stbtt_GetGlyphBitmapSubpixel(glyph.Info, glyph.Scale, glyph.Scale, x - pen, 0, glyph.Index, &w,
                                                               &h, &x_offset, &y_offset);
        if (coverage) {
            for (int gy = 0; gy < h; gy++)
                for (int gx = 0; gx < w; gx++)
                    Blend(canvas, int(pen) + x_offset + gx, baseline + y_offset + gy, face.Color, coverage[gy * w + gx] / 255.0f);
            stbtt_FreeBitmap(coverage, nullptr);
        }
        x += Advance(glyph);
    }
    return x;
}

// A bar square at its origin (it grows out of the axis) and rounded at its end, anti-aliased
// from the signed distance to a pill that starts one radius before the axis.
void DrawBar(Canvas& canvas, float x, float y, float length, float thickness, Rgb color)
{
    if (length <= 0 || thickness <= 0) return;
    const float half_width = (length + thickness / 2) / 2, half_height = thickness / 2;
    const float radius = std::min(half_width, half_height); // a bar shorter than its radius stays a bar
    const float cx = x + length - half_width, cy = y + half_height;
    const float inner_x = half_width - radius, inner_y = half_height - radius;
    for (int py = int(std::floor(y)); py < int(std::ceil(y + thickness)); py++) {
        for (int px = int(std::floor(x)); px < int(std::ceil(x + length)); px++) {
            const float qx = std::fabs(px + 0.5f - cx) - inner_x, qy = std::fabs(py + 0.5f - cy) - inner_y;
            const float outside = std::hypot(std::max(qx, 0.0f), std::max(qy, 0.0f));
            const float distance = outside + std::min(std::max(qx, qy), 0.0f) - radius;
            // Partial coverage at the origin too, when the axis is not on a pixel boundary.
            const float left_cover = std::min(1.0f, px + 1 - x);
            Blend(canvas, px, py, color, std::min(0.5f - distance, left_cover));
        }
    }
}

void FillRect(Canvas& canvas, int x, int y, int width, int height, Rgb color)
{
    for (int py = y; py < y + height; py++)
        for (int px = x; px < x + width; px++) Blend(canvas, px, py, color, 1);
}

// "12 345": French thousands, with a no-break space so a number is never split.
std::string FormatCount(int64_t value)
{
    // Through unsigned, so that even INT64_MIN has a magnitude.
    const std::string digits = std::to_string(value < 0 ? uint64_t(0) - uint64_t(value) : uint64_t(value));
    std::string out = value < 0 ? "-" : "";
    for (size_t i = 0; i < digits.size(); i++) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += "\u00A0";
        out += digits[i];
    }
    return out;
}

std::string FormatShare(int64_t value, int64_t total)
{
    if (total <= 0 || value <= 0) return "0\u00A0%";
    const long percent = std::lround(100.0 * double(value) / double(total));
    // A lone vote among thousands is not nothing: do not print "0 %" for it.
    if (percent == 0) return "<\u00A01\u00A0%";
    return std::to_string(percent) + "\u00A0%";
}

// What a visitor reads, with tabs and carriage returns that would draw as nothing made spaces.
std::string CleanText(const std::string& rich)
{
    std::string text = PlainText(rich);
    text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
    std::replace(text.begin(), text.end(), '\t', ' ');
    return text;
}

std::vector<std::string> WrapToStrings(const std::string& text, float max_width, const Typeface& face)
{
    const MeasureFn measure = [&face](std::string_view s, bool) { return MeasureText(face, s); };
    std::vector<std::string> out;
    for (const TextLine& line : WrapRichText(text, max_width, measure)) {
        std::string s;
        for (const TextPiece& piece : line.Pieces) s += text.substr(piece.Begin, piece.End - piece.Begin);
        out.push_back(s);
    }
    return out;
}

struct Row {
    std::vector<std::string> Lines;
    std::string Count, Share;
    float Top = 0, Height = 0;
};

bool Render(const std::string& title, const std::vector<ChartBar>& bars, const std::string& assets_dir,
            const std::string& png_path, std::string& error, int64_t share_of, const std::string& caption)
{
    Font regular, bold, fallback;
    if (!LoadFont(FontFace::Regular, "Inter Regular", assets_dir, regular, error)) return false;
    if (!LoadFont(FontFace::Bold, "Inter Bold", assets_dir, bold, error)) return false;
    // Without DejaVu the chart is still worth having: only characters Inter lacks show as boxes.
    std::string ignored;
    const bool has_fallback = LoadFont(FontFace::Fallback, "DejaVu Sans", assets_dir, fallback, ignored);
    const Font* fallback_font = has_fallback ? &fallback : nullptr;
    const Typeface title_face{&bold, fallback_font, kTitleSize, kInk};
    const Typeface note_face{&regular, fallback_font, kNoteSize, kMutedInk};
    const Typeface label_face{&regular, fallback_font, kLabelSize, kInk};
    const Typeface count_face{&bold, fallback_font, kLabelSize, kInk};
    const Typeface share_face{&regular, fallback_font, kLabelSize, kMutedInk};
    const std::string separator = "\u00A0\u00B7\u00A0"; // " · " between count and share

    int64_t total = 0, largest = 0;
    for (const ChartBar& bar : bars) {
        // Saturating: a corrupt tally must not overflow into a negative total.
        const int64_t votes = std::max<int64_t>(bar.Value, 0);
        total = votes > INT64_MAX - total ? INT64_MAX : total + votes;
        largest = std::max(largest, bar.Value);
    }
    // Shares of the ballots when the caller gives their number (a ballot holds several levers).
    const int64_t shares_of = share_of > 0 ? share_of : total;

    // Layout first: the canvas height depends on how many lines every label takes.
    const float label_width = kLabelColumnEnd - kMargin;
    const float bar_x = kLabelColumnEnd + kColumnGap;
    float value_width = 0;
    std::vector<Row> rows(bars.size());
    for (size_t i = 0; i < bars.size(); i++) {
        Row& row = rows[i];
        row.Lines = WrapToStrings(CleanText(bars[i].Label), label_width, label_face);
        row.Count = FormatCount(bars[i].Value);
        row.Share = separator + FormatShare(bars[i].Value, shares_of);
        value_width = std::max(value_width, MeasureText(count_face, row.Count) + MeasureText(share_face, row.Share));
    }
    const float bar_room = std::max(0.0f, kWidth - kMargin - value_width - kValueGap - bar_x);

    const std::vector<std::string> title_lines = WrapToStrings(CleanText(title), kWidth - 2 * kMargin, title_face);
    float y = kMargin * 0.8f;
    const float title_top = y;
    y += title_lines.size() * kTitleLineHeight + 8;
    const float note_top = y;
    y += kLabelLineHeight + 24;
    const float rows_top = y;
    for (Row& row : rows) {
        row.Top = y;
        row.Height = std::max(row.Lines.size() * kLabelLineHeight, kBarThickness) + 2 * kRowPadding;
        y += row.Height;
    }
    y += kMargin * 0.8f;

    Canvas canvas;
    canvas.Width = kWidth;
    canvas.Height = int(std::ceil(y));
    canvas.Pixels.resize(size_t(canvas.Width) * canvas.Height * 3);
    for (size_t i = 0; i < canvas.Pixels.size(); i += 3) {
        canvas.Pixels[i] = kPaper.R;
        canvas.Pixels[i + 1] = kPaper.G;
        canvas.Pixels[i + 2] = kPaper.B;
    }

    for (size_t i = 0; i < title_lines.size(); i++)
        DrawText(canvas, title_face, title_lines[i], kMargin, title_top + i * kTitleLineHeight, kTitleLineHeight);
    const std::string note = bars.empty() ? "Aucune donnée" : !caption.empty() ? caption : "Total\u00A0: " + FormatCount(total);
    DrawText(canvas, note_face, note, kMargin, note_top, kLabelLineHeight);

    const int rule_left = int(kMargin), rule_width = int(kWidth - 2 * kMargin);
    FillRect(canvas, rule_left, int(rows_top) - 1, rule_width, 2, kRule);
    for (size_t i = 0; i < rows.size(); i++) {
        const Row& row = rows[i];
        const float block_height = row.Lines.size() * kLabelLineHeight;
        const float content_top = row.Top + kRowPadding;
        for (size_t l = 0; l < row.Lines.size(); l++)
            DrawText(canvas, label_face, row.Lines[l], kMargin, content_top + l * kLabelLineHeight, kLabelLineHeight);

        // Bar and value are centred on the label block, so a long label reads as one row.
        const float centre = content_top + std::max(block_height, kBarThickness) / 2;
        float length = largest > 0 ? bar_room * float(std::max<int64_t>(bars[i].Value, 0)) / float(largest) : 0;
        if (bars[i].Value > 0) length = std::max(length, kMinVisibleBar);
        DrawBar(canvas, bar_x, centre - kBarThickness / 2, length, kBarThickness, bars[i].Highlight ? kHighlight : kBar);
        const float value_top = centre - kLabelLineHeight / 2;
        const float after_count =
            DrawText(canvas, count_face, row.Count, bar_x + length + kValueGap, value_top, kLabelLineHeight);
        DrawText(canvas, share_face, row.Share, after_count, value_top, kLabelLineHeight);
        FillRect(canvas, rule_left, int(row.Top + row.Height) - 1, rule_width, 1, kRule);
    }
    // The bars' common origin, just left of their square ends so even the shortest bar shows.
    if (!rows.empty()) {
        const float rows_bottom = rows.back().Top + rows.back().Height;
        FillRect(canvas, int(bar_x) - 2, int(rows_top), 2, int(rows_bottom - rows_top), kMutedInk);
    }

    // Encoded in memory and written here, because stbi_write_png does not check fwrite: a full
    // disk would give a truncated PNG and no error.
    std::string png;
    const auto append = [](void* context, void* data, int size) {
        static_cast<std::string*>(context)->append(static_cast<const char*>(data), size_t(size));
    };
    if (!stbi_write_png_to_func(append, &png, canvas.Width, canvas.Height, 3, canvas.Pixels.data(), canvas.Width * 3)) {
        error = "cannot encode the chart " + png_path + " as PNG";
        return false;
    }
    // Whole or not at all: a full disk leaves the previous file, never a truncated PNG.
    return WriteFileDurably(png_path, png, error);
}

} // namespace

bool RenderBarChart(const std::string& title, const std::vector<ChartBar>& bars, const std::string& assets_dir,
                    const std::string& png_path, std::string& error, int64_t share_of, const std::string& caption)
{
    // The tool runs unattended over whatever the databases hold: report, never crash.
    try {
        return Render(title, bars, assets_dir, png_path, error, share_of, caption);
    } catch (const std::exception& e) {
        error = "cannot render the chart " + png_path + ": " + e.what();
        return false;
    }
}

} // namespace ess

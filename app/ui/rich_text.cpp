// Drawing wrapped rich text with ImGui's fonts, using the French-aware line breaker in core.
#include <algorithm>
#include <cfloat>

#include "ui/widgets.h"

namespace ess {

namespace {
ImFont* FontFor(const Theme& t, TextStyle style, bool bold)
{
    if (!bold) return t.Font(style);
    switch (style) {
    case TextStyle::Body: return t.Font(TextStyle::BodyBold);
    case TextStyle::Small: return t.Font(TextStyle::SmallBold);
    default: return t.Font(style);
    }
}
} // namespace

const std::vector<TextLine>& TextCache::Get(std::string_view text, float width, TextStyle style, const Theme& t)
{
    Key key{std::string(text), int(width), int(style)};
    auto it = Entries.find(key);
    if (it != Entries.end()) return it->second;
    const float size = t.Size(style);
    MeasureFn measure = [&](std::string_view s, bool bold) {
        return FontFor(t, style, bold)->CalcTextSizeA(size, 1e9f, 0, s.data(), s.data() + s.size()).x;
    };
    return Entries.emplace(std::move(key), WrapRichText(text, float(int(width)), measure)).first->second;
}

const QrCode& TextCache::Qr(const std::string& text)
{
    auto it = Codes.find(text);
    if (it == Codes.end()) it = Codes.emplace(text, EncodeQr(text)).first;
    return it->second;
}

float TextHeight(Frame& f, std::string_view rich, float width, TextStyle style, float leading)
{
    const auto& lines = f.Cache.Get(rich, width, style, f.T);
    float line_height = f.T.Size(style) * leading;
    float h = 0;
    for (const TextLine& line : lines) h += line.ParagraphStart ? line_height * 1.5f : line_height;
    // The last line needs only the glyphs' height, not the leading below them.
    return h - line_height + f.T.Size(style) * 1.2f;
}

float Text(Frame& f, std::string_view rich, ImVec2 pos, float width, TextStyle style, ImU32 colour, float leading)
{
    const auto& lines = f.Cache.Get(rich, width, style, f.T);
    const float size = f.T.Size(style);
    const float line_height = size * leading;
    float y = pos.y;
    float max_x = pos.x;
    bool any_visible = false, broken = false;
    for (const TextLine& line : lines) {
        broken = broken || line.BrokenWord;
        if (line.ParagraphStart) y += line_height * 0.5f;
        if (y + line_height >= f.Clip.Min.y && y <= f.Clip.Max.y) {
            any_visible = true;
            for (const TextPiece& piece : line.Pieces) {
                f.Draw->AddText(FontFor(f.T, style, piece.Bold), size, ImVec2(pos.x + piece.X, y), colour,
                                rich.data() + piece.Begin, rich.data() + piece.End);
            }
        }
        max_x = std::max(max_x, pos.x + line.Width);
        y += line_height;
    }
    float height = TextHeight(f, rich, width, style, leading);
    if (any_visible)
        f.Record(PlainText(rich), ImRect(pos, ImVec2(max_x, pos.y + height)),
                 ImRect(pos.x, -FLT_MAX, pos.x + float(int(width)) + 1, FLT_MAX), broken);
    return height;
}

void Label(Frame& f, const std::string& text, ImVec2 pos, TextStyle style, ImU32 colour, const ImRect& box)
{
    f.Draw->AddText(f.T.Font(style), f.T.Size(style), pos, colour, text.c_str());
    ImVec2 size = LineSize(f, text, style);
    ImRect rect(pos, ImVec2(pos.x + size.x, pos.y + size.y));
    if (rect.Overlaps(f.Clip)) f.Record(text, rect, box);
}

ImVec2 LineSize(const Frame& f, std::string_view text, TextStyle style)
{
    return f.T.Font(style)->CalcTextSizeA(f.T.Size(style), 1e9f, 0, text.data(), text.data() + text.size());
}

float BulletHeight(Frame& f, std::string_view rich, float width, TextStyle style)
{
    float indent = f.T.Size(style) * 1.1f;
    return TextHeight(f, rich, width - indent, style);
}

float Bullet(Frame& f, std::string_view rich, ImVec2 pos, float width, TextStyle style, ImU32 colour, ImU32 marker, bool dash)
{
    const float size = f.T.Size(style);
    const float indent = size * 1.1f;
    const ImVec2 centre(pos.x + size * 0.3f, pos.y + size * 0.62f);
    if (dash)
        f.Draw->AddRectFilled(ImVec2(centre.x - size * 0.22f, centre.y - size * 0.05f),
                              ImVec2(centre.x + size * 0.22f, centre.y + size * 0.05f), marker, size * 0.05f);
    else
        f.Draw->AddCircleFilled(centre, size * 0.17f, marker, 16);
    return Text(f, rich, ImVec2(pos.x + indent, pos.y), width - indent, style, colour);
}

} // namespace ess

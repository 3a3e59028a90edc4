// Touch widgets, cards, icons and animation helpers (see widgets.h).
#include "ui/widgets.h"

#include <algorithm>
#include <cmath>

namespace ess {

namespace {
bool Tapped(Frame& f, const ImRect& rect)
{
    ImRect visible = rect;
    visible.ClipWith(f.Clip);
    if (!f.InputEnabled || !f.HasTap || visible.GetWidth() <= 0 || visible.GetHeight() <= 0) return false;
    if (!visible.Contains(f.Tap)) return false;
    f.HasTap = false; // one tap, one action: the topmost widget drawn first wins
    return true;
}

void Register(Frame& f, const std::string& label, const ImRect& rect)
{
    ImRect visible = rect;
    visible.ClipWith(f.Clip);
    if (!f.InputEnabled) return;
    if (visible.GetWidth() > 1 && visible.GetHeight() > 1) f.Targets.push_back({label, visible, rect, f.InPage, f.Layer});
    // Out of view only because the page is scrolled: the keypad still reaches it (it scrolls).
    if (visible.GetWidth() > 1 || f.InPage) f.Focusable.push_back({label, visible, rect, f.InPage, f.Layer});
}

bool IsPressed(const Frame& f, const ImRect& rect)
{
    return f.InputEnabled && f.Pressed && rect.Contains(f.PressPos) && f.Clip.Contains(f.PressPos);
}
} // namespace

float EaseOutCubic(float t)
{
    t = std::clamp(t, 0.0f, 1.0f);
    return 1 - (1 - t) * (1 - t) * (1 - t);
}

float EaseInOutCubic(float t)
{
    t = std::clamp(t, 0.0f, 1.0f);
    return t < 0.5f ? 4 * t * t * t : 1 - std::pow(-2 * t + 2, 3.0f) / 2;
}

void Card(Frame& f, const ImRect& r, ImU32 fill, float radius, bool shadow)
{
    if (radius < 0) radius = f.T.Radius;
    if (shadow) {
        // Two soft layers read as elevation without looking like a default widget border. Under
        // an opaque card only their lower edge shows: draw just that band, not two more layers
        // the size of the card (fill is what a CPU rasteriser pays for).
        const float d = f.T.Mm(1.2f);
        const bool opaque = (fill >> IM_COL32_A_SHIFT) == 0xFF;
        const auto layer = [&](float top, float bottom, float rounding) {
            const float band_top = opaque ? std::max(top, bottom - rounding - d * 2 - 2) : top;
            f.Draw->AddRectFilled(ImVec2(r.Min.x, band_top), ImVec2(r.Max.x, bottom), f.T.Colours.Shadow, rounding,
                                  band_top > top ? ImDrawFlags_RoundCornersBottom : ImDrawFlags_RoundCornersAll);
        };
        layer(r.Min.y + d, r.Max.y + d * 2, radius + d);
        layer(r.Min.y + d * 0.5f, r.Max.y + d, radius);
    }
    f.Draw->AddRectFilled(r.Min, r.Max, fill, radius);
    ImRect visible = r;
    visible.ClipWith(f.Clip);
    if (visible.GetWidth() > 0 && visible.GetHeight() > 0) f.Cards.push_back({r, f.Clip, f.Layer});
}

ImVec2 ChipSize(const Frame& f, const std::string& text, TextStyle style)
{
    ImVec2 s = LineSize(f, text, style);
    return ImVec2(s.x + f.T.Size(style) * 1.4f, f.T.Size(style) * 1.9f);
}

void Chip(Frame& f, const std::string& text, ImVec2 pos, ImU32 fill, ImU32 ink, TextStyle style)
{
    ImVec2 size = ChipSize(f, text, style);
    f.Draw->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y), fill, size.y * 0.5f);
    ImVec2 t = LineSize(f, text, style);
    Label(f, text, ImVec2(pos.x + (size.x - t.x) * 0.5f, pos.y + (size.y - t.y) * 0.5f), style, ink,
          ImRect(pos, ImVec2(pos.x + size.x, pos.y + size.y)));
}

void DrawIcon(Frame& f, const char* icon, ImVec2 c, float s, ImU32 col)
{
    ImDrawList* d = f.Draw;
    const float w = std::max(2.0f, s * 0.11f); // stroke
    const std::string name = icon;
    if (name == "home") {
        d->PathLineTo(ImVec2(c.x - s * 0.42f, c.y - s * 0.02f));
        d->PathLineTo(ImVec2(c.x, c.y - s * 0.4f));
        d->PathLineTo(ImVec2(c.x + s * 0.42f, c.y - s * 0.02f));
        d->PathStroke(col, 0, w);
        d->AddRect(ImVec2(c.x - s * 0.28f, c.y - s * 0.1f), ImVec2(c.x + s * 0.28f, c.y + s * 0.38f), col, s * 0.05f, 0, w);
    } else if (name == "back" || name == "prev" || name == "next") {
        float dir = name == "next" ? 1.0f : -1.0f;
        d->PathLineTo(ImVec2(c.x - dir * s * 0.12f, c.y - s * 0.3f));
        d->PathLineTo(ImVec2(c.x + dir * s * 0.18f, c.y));
        d->PathLineTo(ImVec2(c.x - dir * s * 0.12f, c.y + s * 0.3f));
        d->PathStroke(col, 0, w);
    } else if (name == "flip") {
        d->PathArcTo(c, s * 0.32f, 3.6f, 3.6f + 5.0f, 24);
        d->PathStroke(col, 0, w);
        ImVec2 tip(c.x + s * 0.32f * std::cos(3.6f), c.y + s * 0.32f * std::sin(3.6f));
        d->AddTriangleFilled(ImVec2(tip.x - s * 0.16f, tip.y - s * 0.02f), ImVec2(tip.x + s * 0.14f, tip.y - s * 0.06f),
                             ImVec2(tip.x, tip.y + s * 0.18f), col);
    } else if (name == "access") {
        // The international symbol of access: a seated figure, its wheel open towards the front.
        d->AddCircleFilled(ImVec2(c.x + s * 0.02f, c.y - s * 0.38f), s * 0.095f, col, 16);
        d->PathLineTo(ImVec2(c.x - s * 0.03f, c.y - s * 0.24f));
        d->PathLineTo(ImVec2(c.x - s * 0.05f, c.y + s * 0.06f));
        d->PathLineTo(ImVec2(c.x + s * 0.2f, c.y + s * 0.06f));
        d->PathLineTo(ImVec2(c.x + s * 0.3f, c.y + s * 0.36f));
        d->PathStroke(col, 0, w * 1.1f);
        d->AddLine(ImVec2(c.x - s * 0.04f, c.y - s * 0.12f), ImVec2(c.x + s * 0.17f, c.y - s * 0.12f), col, w);
        d->PathArcTo(ImVec2(c.x - s * 0.08f, c.y + s * 0.17f), s * 0.25f, -1.15f, 3.0f, 24);
        d->PathStroke(col, 0, w);
    } else if (name == "minus" || name == "plus") {
        d->AddLine(ImVec2(c.x - s * 0.3f, c.y), ImVec2(c.x + s * 0.3f, c.y), col, w * 1.2f);
        if (name == "plus") d->AddLine(ImVec2(c.x, c.y - s * 0.3f), ImVec2(c.x, c.y + s * 0.3f), col, w * 1.2f);
    } else if (name == "check") {
        d->PathLineTo(ImVec2(c.x - s * 0.3f, c.y));
        d->PathLineTo(ImVec2(c.x - s * 0.08f, c.y + s * 0.22f));
        d->PathLineTo(ImVec2(c.x + s * 0.32f, c.y - s * 0.22f));
        d->PathStroke(col, 0, w * 1.2f);
    } else if (name == "repeat") {
        d->PathArcTo(c, s * 0.3f, -2.6f, 2.2f, 24);
        d->PathStroke(col, 0, w);
        const ImVec2 tip(c.x + s * 0.3f * std::cos(-2.6f), c.y + s * 0.3f * std::sin(-2.6f));
        d->AddTriangleFilled(ImVec2(tip.x - s * 0.14f, tip.y - s * 0.02f), ImVec2(tip.x + s * 0.12f, tip.y - s * 0.1f),
                             ImVec2(tip.x + s * 0.04f, tip.y + s * 0.16f), col);
    } else if (name == "compare") {
        d->AddRect(ImVec2(c.x - s * 0.4f, c.y - s * 0.3f), ImVec2(c.x - s * 0.04f, c.y + s * 0.3f), col, s * 0.06f, 0, w);
        d->AddRectFilled(ImVec2(c.x + s * 0.04f, c.y - s * 0.3f), ImVec2(c.x + s * 0.4f, c.y + s * 0.3f), col, s * 0.06f);
    }
}

float ButtonWidth(const Frame& f, const std::string& label, const ButtonLook& look)
{
    if (look.IconOnly && look.Icon) return f.T.Touch;
    float size = f.T.Size(look.Style);
    float w = LineSize(f, label, look.Style).x + size * 1.6f;
    if (look.Icon) w += size * 1.2f;
    return std::max(w, f.T.Touch);
}

bool Button(Frame& f, const std::string& label, const ImRect& r, const ButtonLook& look)
{
    const Palette& p = f.T.Colours;
    const bool pressed = IsPressed(f, r);
    ImU32 fill = 0, ink = p.Ink;
    switch (look.Kind) {
    case ButtonKind::Primary:
        fill = look.Accent ? look.Accent : p.Ink;
        ink = f.T.Colours.White;
        break;
    case ButtonKind::Secondary:
        fill = look.Selected ? (look.Accent ? look.Accent : p.Ink) : p.Card;
        ink = look.Selected ? f.T.Colours.White : p.Ink;
        break;
    case ButtonKind::Quiet:
        fill = look.Selected ? p.Neutral : 0;
        ink = p.Ink;
        break;
    case ButtonKind::OnColour:
        fill = look.Selected ? f.T.Colours.White : f.T.Colours.GlassButton;
        ink = look.Selected ? (look.Accent ? look.Accent : p.Ink) : f.T.Colours.White;
        break;
    }
    if (look.Disabled) {
        fill = p.Neutral;
        ink = p.InkSoft;
    } else if (pressed) {
        fill = fill ? Mix(fill, p.Ink, 0.18f) : f.T.Colours.Edge;
    }
    const float radius = r.GetHeight() * 0.5f;
    if (fill) {
        if (look.Kind == ButtonKind::Secondary && !look.Selected)
            f.Draw->AddRectFilled(ImVec2(r.Min.x, r.Min.y + f.T.Mm(0.8f)), ImVec2(r.Max.x, r.Max.y + f.T.Mm(0.8f)), p.Shadow,
                                  radius);
        f.Draw->AddRectFilled(r.Min, r.Max, fill, radius);
    }
    if (look.Selected && f.T.HighContrast) {
        // In high contrast the selection is also a ring around the button, not only its fill.
        const float ring = std::max(2.0f, f.T.Mm(0.7f));
        f.Draw->AddRect(ImVec2(r.Min.x - ring * 1.5f, r.Min.y - ring * 1.5f),
                        ImVec2(r.Max.x + ring * 1.5f, r.Max.y + ring * 1.5f), p.Ink, radius + ring * 1.5f, 0, ring);
    }
    const float size = f.T.Size(look.Style);
    if (look.IconOnly && look.Icon) {
        DrawIcon(f, look.Icon, r.GetCenter(), size * 1.25f, ink);
        Register(f, label, r);
        return Tapped(f, r) && !look.Disabled;
    }
    ImVec2 text = LineSize(f, label, look.Style);
    float content_w = text.x + (look.Icon ? size * 1.2f : 0);
    float x = r.Min.x + (r.GetWidth() - content_w) * 0.5f;
    if (look.Icon) {
        DrawIcon(f, look.Icon, ImVec2(x + size * 0.4f, r.GetCenter().y), size * 1.05f, ink);
        x += size * 1.2f;
    }
    Label(f, label, ImVec2(x, r.GetCenter().y - text.y * 0.5f), look.Style, ink, r);
    Register(f, label, r);
    return Tapped(f, r) && !look.Disabled;
}

void OutOfView(Frame& f, const std::string& label, const ImRect& rect)
{
    if (f.InputEnabled && f.InPage) f.Focusable.push_back({label, ImRect(), rect, true, f.Layer});
}

bool TapArea(Frame& f, const std::string& label, const ImRect& rect)
{
    if (IsPressed(f, rect)) f.Draw->AddRectFilled(rect.Min, rect.Max, f.T.Colours.PressedArea, f.T.Radius);
    Register(f, label, rect);
    return Tapped(f, rect);
}

void DrawImage(Frame& f, const std::string& path, const ImRect& r, float radius, ImU32 placeholder, ImDrawFlags corners,
               ImU32 backdrop)
{
    const Image* image = f.Pictures.Find(path);
    if (!image) {
        // Over a known backdrop, the tint is mixed beforehand: an opaque fill, which a CPU
        // rasteriser draws several times faster than a translucent one (the first frame shows
        // these places before the pictures are decoded).
        const float alpha = float(placeholder >> IM_COL32_A_SHIFT) / 255.0f;
        const ImU32 fill =
            (backdrop >> IM_COL32_A_SHIFT) == 0xFF ? Mix(backdrop, placeholder | IM_COL32_A_MASK, alpha) : placeholder;
        f.Draw->AddRectFilled(r.Min, r.Max, fill, radius, corners);
        return;
    }
    // Cover the rectangle, cropping the image's excess around its centre.
    float rect_aspect = r.GetWidth() / r.GetHeight(), image_aspect = image->Width / image->Height;
    ImVec2 uv0(0, 0), uv1(1, 1);
    if (image_aspect > rect_aspect) {
        float keep = rect_aspect / image_aspect;
        uv0.x = (1 - keep) * 0.5f;
        uv1.x = 1 - uv0.x;
    } else {
        float keep = image_aspect / rect_aspect;
        uv0.y = (1 - keep) * 0.5f;
        uv1.y = 1 - uv0.y;
    }
    if ((backdrop >> IM_COL32_A_SHIFT) != 0xFF || radius <= 0) {
        f.Draw->AddImageRounded(image->Texture, r.Min, r.Max, uv0, uv1, f.T.Colours.White, radius, corners);
        return;
    }
    // Over a known, opaque backdrop: a plain rectangle of picture, then the corners painted
    // back in the backdrop's colour. Same pixels, but SDL's software renderer blits a
    // rectangle ~6 times faster than it fills a textured polygon (15 of the welcome screen's
    // 19 ms went to its four rounded pictures).
    f.Draw->AddImage(image->Texture, r.Min, r.Max, uv0, uv1);
    radius = std::min(radius, std::min(r.GetWidth(), r.GetHeight()) * 0.5f);
    const float pi = 3.14159265f;
    const struct {
        ImDrawFlags Flag;
        ImVec2 Corner, Centre;
        float From;
    } masks[] = {
        {ImDrawFlags_RoundCornersTopLeft, r.Min, ImVec2(r.Min.x + radius, r.Min.y + radius), pi * 1.5f},
        {ImDrawFlags_RoundCornersTopRight, ImVec2(r.Max.x, r.Min.y), ImVec2(r.Max.x - radius, r.Min.y + radius), pi * 2.0f},
        {ImDrawFlags_RoundCornersBottomRight, r.Max, ImVec2(r.Max.x - radius, r.Max.y - radius), pi * 0.5f},
        {ImDrawFlags_RoundCornersBottomLeft, ImVec2(r.Min.x, r.Max.y), ImVec2(r.Min.x + radius, r.Max.y - radius), pi},
    };
    for (const auto& m : masks) {
        if (!(corners & m.Flag)) continue;
        // Corner, then the quarter arc back towards it: clockwise, as ImGui's own shapes, so the
        // anti-aliased fringe falls on the picture's side.
        // The straight sides lie 1 px outside the picture, so their fringe does not show on it.
        const float to = m.From - pi * 0.5f;
        const ImVec2 out(m.Corner.x - m.Centre.x, m.Corner.y - m.Centre.y);
        const float len = std::sqrt(out.x * out.x + out.y * out.y);
        f.Draw->PathLineTo(ImVec2(m.Corner.x + out.x / len, m.Corner.y + out.y / len));
        f.Draw->PathLineTo(ImVec2(m.Centre.x + std::cos(m.From) * (radius + 1), m.Centre.y + std::sin(m.From) * (radius + 1)));
        f.Draw->PathArcTo(m.Centre, radius, m.From, to, 12);
        f.Draw->PathLineTo(ImVec2(m.Centre.x + std::cos(to) * (radius + 1), m.Centre.y + std::sin(to) * (radius + 1)));
        f.Draw->PathFillConvex(backdrop); // star-shaped from the corner: the fan is exact
    }
}

void DrawQr(Frame& f, const QrCode& code, const ImRect& r)
{
    f.Draw->AddRectFilled(r.Min, r.Max, f.T.Colours.White, f.T.Radius * 0.4f);
    if (code.Size == 0) return;
    // Four modules of quiet zone, as scanners expect; modules on whole pixels stay sharp.
    const int total = code.Size + 8;
    const float module = std::floor(std::min(r.GetWidth(), r.GetHeight()) / total);
    const float origin_x = std::floor(r.GetCenter().x - module * code.Size * 0.5f);
    const float origin_y = std::floor(r.GetCenter().y - module * code.Size * 0.5f);
    for (int y = 0; y < code.Size; y++) {
        for (int x = 0; x < code.Size; x++) {
            if (!code.At(x, y)) continue;
            // Runs of dark modules in a row become one rectangle: fewer vertices per frame.
            int run = 1;
            while (x + run < code.Size && code.At(x + run, y)) run++;
            f.Draw->AddRectFilled(ImVec2(origin_x + x * module, origin_y + y * module),
                                  ImVec2(origin_x + (x + run) * module, origin_y + (y + 1) * module), f.T.Colours.QrInk);
            x += run - 1;
        }
    }
}

void FadeAndSlide(ImDrawList* draw, int first_vertex, float alpha, float dx)
{
    for (int i = first_vertex; i < draw->VtxBuffer.Size; i++) {
        ImDrawVert& v = draw->VtxBuffer[i];
        v.pos.x += dx;
        v.col = WithAlpha(v.col, alpha);
    }
}

void SquashX(ImDrawList* draw, int first_vertex, float centre_x, float scale)
{
    for (int i = first_vertex; i < draw->VtxBuffer.Size; i++) {
        ImDrawVert& v = draw->VtxBuffer[i];
        v.pos.x = centre_x + (v.pos.x - centre_x) * scale;
    }
}

} // namespace ess

// Clipped, overflowing and overlapping texts, from what the widgets recorded (see layout_check.h).
#include "ui/layout_check.h"

#include <algorithm>
#include <cstdio>

namespace ess {

namespace {
// Sub-pixel rounding of glyph boxes is not a defect; a visitor sees a whole pixel and more.
constexpr float kTolerance = 1.0f;

std::string Quote(const std::string& text)
{
    return "\"" + (text.size() > 60 ? text.substr(0, 57) + "..." : text) + "\"";
}

std::string Pixels(float amount)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.0f px", amount);
    return text;
}

// How far `inner` goes past `outer` on its worst side (0 when inside); vertical sides only if asked.
float Excess(const ImRect& inner, const ImRect& outer, bool vertical)
{
    float excess = std::max(outer.Min.x - inner.Min.x, inner.Max.x - outer.Max.x);
    if (vertical) excess = std::max({excess, outer.Min.y - inner.Min.y, inner.Max.y - outer.Max.y});
    return std::max(0.0f, excess);
}
} // namespace

std::string FindLayoutProblem(const std::vector<VisibleText>& texts, float width, float height,
                              const std::vector<CardPlace>& cards)
{
    const ImRect screen(0, 0, width, height);
    std::vector<ImRect> seen(texts.size());
    for (size_t i = 0; i < texts.size(); i++) {
        const VisibleText& t = texts[i];
        ImRect visible = t.Rect;
        visible.ClipWith(t.Clip);
        seen[i] = visible;
        if (visible.GetWidth() <= 0 || visible.GetHeight() <= 0) continue; // scrolled out of view
        if (t.BrokenWord) return "text " + Quote(t.Text) + " has a word split between two letters: its column is too narrow";
        if (float e = Excess(t.Rect, t.Box, true); e > kTolerance)
            return "text " + Quote(t.Text) + " runs " + Pixels(e) + " out of its button, chip or column";
        if (float e = Excess(t.Rect, screen, !t.InPage); e > kTolerance)
            return "text " + Quote(t.Text) + " is cut by the screen's edge (" + Pixels(e) + " beyond it)";
        // The page's top and bottom edges only scroll a text away; any other edge cuts it.
        if (float e = Excess(t.Rect, t.Clip, !t.InPage); e > kTolerance)
            return "text " + Quote(t.Text) + " is cut by the edge of its area (" + Pixels(e) + ")";
        const ImVec2 first(t.Rect.Min.x + kTolerance, t.Rect.Min.y + kTolerance);
        const CardPlace* under = nullptr;
        for (const CardPlace& c : cards)
            if (c.Layer == t.Layer && c.Clip.Min.x == t.Clip.Min.x && c.Clip.Min.y == t.Clip.Min.y &&
                c.Clip.Max.x == t.Clip.Max.x && c.Clip.Max.y == t.Clip.Max.y && c.Rect.Contains(first) &&
                (!under || c.Rect.GetWidth() * c.Rect.GetHeight() < under->Rect.GetWidth() * under->Rect.GetHeight()))
                under = &c;
        if (under)
            if (float e = Excess(t.Rect, under->Rect, true); e > kTolerance)
                return "text " + Quote(t.Text) + " runs " + Pixels(e) + " out of its card";
    }
    for (size_t i = 0; i < texts.size(); i++) {
        for (size_t j = i + 1; j < texts.size(); j++) {
            if (texts[i].Layer != texts[j].Layer) continue; // a dialog covers what is beneath it
            ImRect both = seen[i];
            both.ClipWith(seen[j]);
            if (seen[i].GetWidth() <= 0 || seen[j].GetWidth() <= 0) continue;
            if (both.GetWidth() > kTolerance && both.GetHeight() > kTolerance)
                return "texts " + Quote(texts[i].Text) + " and " + Quote(texts[j].Text) + " overlap (" + Pixels(both.GetWidth()) +
                       " x " + Pixels(both.GetHeight()) + ")";
        }
    }
    return {};
}

} // namespace ess

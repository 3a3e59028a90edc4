// The 2040 part: one card with the desirable future on one face and the dystopian one on the
// other, flipped with an animation; or both side by side to compare them.
#include <algorithm>
#include <cmath>

#include "ui/screens.h"

namespace ess {

namespace {

struct SideLook {
    ImU32 Fill, Inner, Ink, Soft, Accent;
};

SideLook LookFor(const Theme& t, const Mutation& m, Side side)
{
    const ImU32 accent = t.Accent(m.Colour);
    if (side == Side::Desirable)
        return {Mix(t.Colours.White, accent, 0.12f), t.Colours.Card, t.Colours.Ink, t.Colours.InkSoft, accent};
    // The dystopia is night: dark card, the mutation's colour drained of its brightness.
    return {t.Colours.Night, t.Colours.NightCard, t.Colours.NightInk, t.Colours.NightSoft, Mix(accent, t.Colours.Drained, 0.55f)};
}

float SideCard(Frame& f, const Mutation& m, Side side, ImVec2 pos, float width, int columns, bool draw)
{
    const Theme& t = f.T;
    const SideLook look = LookFor(t, m, side);
    const bool desirable = side == Side::Desirable;
    const std::string& label = f.C->Ui.Get(desirable ? "futur.souhaitable" : "futur.dystopique");
    const std::string& title = desirable ? m.DesirableTitle : m.DystopiaTitle;
    const std::vector<TitledText>& visions = desirable ? m.Desirable : m.Dystopia;
    const float pad = t.Gap * 1.5f, inner_pad = t.Gap * 1.1f;
    const float inner_w = width - 2 * pad;
    const float col_w = (inner_w - t.Gap * (columns - 1)) / columns;

    // Heights first, so the card's background can be drawn beneath its content.
    const ImVec2 chip = ChipSize(f, label, TextStyle::BodyBold);
    float head = chip.y + t.Gap * 0.8f + TextHeight(f, title, inner_w, TextStyle::Title, 1.15f) + t.Gap * 1.2f;
    std::vector<float> bottoms(columns, 0.0f);
    std::vector<std::pair<int, float>> placed; // column, y offset
    for (const TitledText& v : visions) {
        float h = 2 * inner_pad + TextHeight(f, v.Title, col_w - 2 * inner_pad, TextStyle::Heading, 1.2f) + t.Gap * 0.6f +
                  TextHeight(f, v.Text, col_w - 2 * inner_pad, TextStyle::Body);
        int c = int(std::min_element(bottoms.begin(), bottoms.end()) - bottoms.begin());
        placed.push_back({c, bottoms[c]});
        bottoms[c] += h + t.Gap;
    }
    float height = pad + head + *std::max_element(bottoms.begin(), bottoms.end()) - t.Gap + pad;
    if (!draw) return height;

    Card(f, ImRect(pos, ImVec2(pos.x + width, pos.y + height)), look.Fill, t.Radius * 1.3f);
    float y = pos.y + pad;
    // The side is named twice: a label chip and the study's own heading for it.
    Chip(f, label, ImVec2(pos.x + pad, y), look.Accent, f.T.Colours.White, TextStyle::BodyBold);
    if (desirable && !m.DesirableYear.empty()) {
        ImVec2 year = ChipSize(f, m.DesirableYear, TextStyle::BodyBold);
        Chip(f, m.DesirableYear, ImVec2(pos.x + width - pad - year.x, y), f.T.Colours.Clear, look.Accent, TextStyle::BodyBold);
    }
    y += chip.y + t.Gap * 0.8f;
    Text(f, title, ImVec2(pos.x + pad, y), inner_w, TextStyle::Title, look.Ink, 1.15f);
    y = pos.y + pad + head;
    for (size_t i = 0; i < visions.size(); i++) {
        const TitledText& v = visions[i];
        ImVec2 p(pos.x + pad + placed[i].first * (col_w + t.Gap), y + placed[i].second);
        float h = 2 * inner_pad + TextHeight(f, v.Title, col_w - 2 * inner_pad, TextStyle::Heading, 1.2f) + t.Gap * 0.6f +
                  TextHeight(f, v.Text, col_w - 2 * inner_pad, TextStyle::Body);
        if (p.y > f.Clip.Max.y || p.y + h < f.Clip.Min.y) continue;
        f.Draw->AddRectFilled(p, ImVec2(p.x + col_w, p.y + h), look.Inner, t.Radius);
        f.Draw->AddRectFilled(ImVec2(p.x + inner_pad, p.y), ImVec2(p.x + inner_pad + t.Mm(14), p.y + t.Mm(1.6f)), look.Accent,
                              t.Mm(0.8f));
        float vy = p.y + inner_pad;
        vy += Text(f, v.Title, ImVec2(p.x + inner_pad, vy), col_w - 2 * inner_pad, TextStyle::Heading, look.Ink, 1.2f) +
              t.Gap * 0.6f;
        Text(f, v.Text, ImVec2(p.x + inner_pad, vy), col_w - 2 * inner_pad, TextStyle::Body, look.Ink);
    }
    return height;
}

} // namespace

void DrawFutures(Frame& f, const Mutation& m, ImVec2 pos, float width, float& height)
{
    const Theme& t = f.T;
    const Labels& ui = f.C->Ui;
    const KioskState& s = f.S;
    const float h = t.Touch;
    float x = pos.x, y = pos.y;

    // Controls: the two sides as a segmented toggle, then flip and compare.
    const Side visible = VisibleSide(s, f.Now);
    for (int i = 0; i < 2; i++) {
        ButtonLook look;
        look.Kind = ButtonKind::Secondary;
        look.Selected = !s.Compare && int(s.FutureSide) == i;
        look.Accent = i == 0 ? f.T.Accent(m.Colour) : t.Colours.Night;
        const std::string& label = ui.Get(i == 0 ? "futur.souhaitable" : "futur.dystopique");
        float w = ButtonWidth(f, label, look);
        if (x + w > pos.x + width) {
            x = pos.x;
            y += h + t.Gap * 0.6f;
        }
        if (Button(f, label, ImRect(x, y, x + w, y + h), look)) f.Emit(IntentKind::ShowSide, i);
        x += w + t.Gap * 0.5f;
    }
    x += t.Gap * 0.5f;
    const auto action = [&](const std::string& label, const char* icon, IntentKind kind) {
        ButtonLook look;
        look.Kind = ButtonKind::Quiet;
        look.Icon = icon;
        float w = ButtonWidth(f, label, look);
        if (x + w > pos.x + width) {
            x = pos.x;
            y += h + t.Gap * 0.6f;
        }
        if (Button(f, label, ImRect(x, y, x + w, y + h), look)) f.Emit(kind);
        x += w + t.Gap * 0.5f;
    };
    if (!s.Compare) action(ui.Get("futur.retourner"), "flip", IntentKind::FlipFuture);
    action(ui.Get(s.Compare ? "futur.une_carte" : "futur.comparer"), "compare", IntentKind::ToggleCompare);
    y += h + t.Gap * 1.2f;

    if (s.Compare) {
        // Side by side on a wide screen, one above the other on a narrow one.
        bool wide = width > t.Mm(250); // side by side whenever columns stay readable: comparing needs both in view
        float w = wide ? (width - t.Gap) * 0.5f : width;
        float h1 = SideCard(f, m, Side::Desirable, ImVec2(pos.x, y), w, 1, true);
        float h2 =
            SideCard(f, m, Side::Dystopian, wide ? ImVec2(pos.x + w + t.Gap, y) : ImVec2(pos.x, y + h1 + t.Gap), w, 1, true);
        height = (wide ? std::max(h1, h2) : h1 + t.Gap + h2) + (y - pos.y);
        return;
    }
    const int columns = width > t.Mm(330) ? 2 : 1;
    const float p = FlipProgress(s, f.Now);
    int first = f.Draw->VtxBuffer.Size;
    float card_h = SideCard(f, m, visible, ImVec2(pos.x, y), width, columns, true);
    if (p < 1.0f) {
        // A card turning on its vertical axis: its width follows |cos|, the face swaps edge-on.
        float scale = std::max(0.02f, std::fabs(std::cos(EaseInOutCubic(p) * 3.14159265f)));
        SquashX(f.Draw, first, pos.x + width * 0.5f, scale);
    }
    height = card_h + (y - pos.y);
}

} // namespace ess

// "Comment agir ?": the introduction, then one card per axis with its brakes and its levers.
#include <algorithm>

#include "ui/screens.h"

namespace ess {

namespace {

float ListHeight(Frame& f, const std::string& title, const std::vector<std::string>& items,
                 const std::vector<const Lever*>& levers, float w)
{
    const Theme& t = f.T;
    float h = TextHeight(f, title, w, TextStyle::Heading, 1.2f) + t.Gap * 0.7f;
    for (const std::string& s : items) h += BulletHeight(f, s, w, TextStyle::Body) + t.Gap * 0.5f;
    for (const Lever* l : levers) {
        h += BulletHeight(f, l->Text, w, TextStyle::Body) + t.Gap * 0.5f;
        for (const std::string& s : l->SubPoints) h += BulletHeight(f, s, w - t.Mm(9), TextStyle::Body) + t.Gap * 0.5f;
    }
    return h;
}

float DrawList(Frame& f, const std::string& title, const std::vector<std::string>& items, const std::vector<const Lever*>& levers,
               ImVec2 pos, float w, ImU32 accent)
{
    const Theme& t = f.T;
    float y = pos.y;
    y += Text(f, title, ImVec2(pos.x, y), w, TextStyle::Heading, accent, 1.2f) + t.Gap * 0.7f;
    for (const std::string& s : items)
        y += Bullet(f, s, ImVec2(pos.x, y), w, TextStyle::Body, t.Colours.Ink, accent, true) + t.Gap * 0.5f;
    for (const Lever* l : levers) {
        y += Bullet(f, l->Text, ImVec2(pos.x, y), w, TextStyle::Body, t.Colours.Ink, accent) + t.Gap * 0.5f;
        for (const std::string& s : l->SubPoints)
            y += Bullet(f, s, ImVec2(pos.x + t.Mm(9), y), w - t.Mm(9), TextStyle::Body, t.Colours.Ink, accent, true) +
                 t.Gap * 0.5f;
    }
    return y - pos.y;
}
} // namespace

void DrawAct(Frame& f, const Page& page)
{
    const Theme& t = f.T;
    const ActSection& act = f.C->Act;
    const float x = t.Margin, width = t.ContentWidth();
    const float reading = std::min(width, t.Mm(420));
    float y = page.Y + t.Margin * 0.8f;
    y += SectionTitle(f, act.Title, ImVec2(x, y), width, f.T.Colours.Lever) + t.Gap;
    y += Text(f, act.Introduction, ImVec2(x, y), reading, TextStyle::Body, t.Colours.InkSoft) + t.Gap * 0.8f;
    // The three axes the introduction announces, before the sentence that refers to them.
    for (const Axis& axis : act.Axes)
        y += Bullet(f, axis.Title, ImVec2(x + t.Mm(3), y), reading - t.Mm(3), TextStyle::BodyBold, t.Colours.Ink,
                    f.T.Colours.Lever) +
             t.Gap * 0.4f;
    y += t.Gap * 0.6f;
    y += Text(f, act.Conclusion, ImVec2(x, y), reading, TextStyle::Body, t.Colours.InkSoft) + t.Gap * 1.2f;
    y += VoteInvitation(f, ImVec2(x, y), width) + t.Gap * 1.6f;

    const bool wide = width > t.Mm(330);
    const float pad = t.Gap * 1.5f;
    int number = 1;
    for (const Axis& axis : act.Axes) {
        const std::string chip = f.C->Ui.Get("agir.axe") + " " + std::to_string(number++);
        const float inner = width - 2 * pad;
        const float col = wide ? (inner - t.Gap * 2) * 0.5f : inner;
        std::vector<const Lever*> levers;
        for (const Lever& l : axis.Levers) levers.push_back(&l);
        const float chip_h = ChipSize(f, chip, TextStyle::BodyBold).y;
        const float head = chip_h + t.Gap * 0.7f + TextHeight(f, axis.Title, inner, TextStyle::Title, 1.15f) + t.Gap * 1.2f;
        const float brakes_h = ListHeight(f, act.BrakesTitle, axis.Brakes, {}, col);
        const float levers_h = ListHeight(f, act.LeversTitle, {}, levers, col);
        const float h = pad * 2 + head + (wide ? std::max(brakes_h, levers_h) : brakes_h + t.Gap * 1.2f + levers_h);
        if (y + h >= page.Top && y <= page.Bottom) {
            Card(f, ImRect(x, y, x + width, y + h), t.Colours.Card);
            float cy = y + pad;
            Chip(f, chip, ImVec2(x + pad, cy), t.Colours.Ink, f.T.Colours.White, TextStyle::BodyBold);
            cy += chip_h + t.Gap * 0.7f;
            cy += Text(f, axis.Title, ImVec2(x + pad, cy), inner, TextStyle::Title, t.Colours.Ink, 1.15f) + t.Gap * 1.2f;
            if (wide) {
                DrawList(f, act.BrakesTitle, axis.Brakes, {}, ImVec2(x + pad, cy), col, f.T.Colours.Brake);
                float divider = x + pad + col + t.Gap;
                f.Draw->AddLine(ImVec2(divider, cy), ImVec2(divider, y + h - pad), t.Colours.Neutral, 2);
                DrawList(f, act.LeversTitle, {}, levers, ImVec2(x + pad + col + t.Gap * 2, cy), col, f.T.Colours.Lever);
            } else {
                cy += DrawList(f, act.BrakesTitle, axis.Brakes, {}, ImVec2(x + pad, cy), col, f.T.Colours.Brake) + t.Gap * 1.2f;
                DrawList(f, act.LeversTitle, {}, levers, ImVec2(x + pad, cy), col, f.T.Colours.Lever);
            }
        }
        y += h + t.Gap;
    }
    f.ContentHeight = y + t.Margin - page.Y;
}

} // namespace ess

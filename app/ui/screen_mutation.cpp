// A mutation: fixed tab row (parts, previous/next), a header in its colour, then the chosen
// part: 2022 findings, weak signals, the two futures of 2040, or the initiatives with QR codes.
#include <algorithm>

#include "ui/screens.h"

namespace ess {

namespace {

// Cards placed in the currently shortest column, like a printed magazine page.
struct Masonry {
    int Columns = 1;
    float X = 0, ColumnWidth = 0, Gap = 0;
    std::vector<float> Bottom;
    Masonry(int columns, float x, float y, float width, float gap)
        : Columns(columns), X(x), ColumnWidth((width - gap * (columns - 1)) / columns), Gap(gap), Bottom(columns, y)
    {
    }
    ImVec2 Place(float height)
    {
        int c = int(std::min_element(Bottom.begin(), Bottom.end()) - Bottom.begin());
        ImVec2 pos(X + c * (ColumnWidth + Gap), Bottom[c]);
        Bottom[c] += height + Gap;
        return pos;
    }
    float End() const { return *std::max_element(Bottom.begin(), Bottom.end()); }
};

int ColumnsFor(const Theme& t, float width)
{
    return width > t.Mm(330) ? 2 : 1;
}

bool Visible(const Page& page, float y, float h)
{
    return y + h >= page.Top && y <= page.Bottom;
}

// Previous / next mutation: round arrow buttons (a swipe does the same).
void MutationArrow(Frame& f, const std::string& label, const ImRect& r, const char* icon, IntentKind kind, ImU32 fill)
{
    f.Draw->AddRectFilled(r.Min, r.Max, fill, r.GetHeight() * 0.5f);
    DrawIcon(f, icon, r.GetCenter(), r.GetHeight() * 0.55f, f.T.Colours.White);
    if (TapArea(f, label, r)) f.Emit(kind);
}

// The mutation's band: number, title and picture. With `arrows` (when the tab row has no room
// for them), previous and next sit on the band, beside the number.
float DrawHeader(Frame& f, const Mutation& m, int index, float y, bool arrows)
{
    const Theme& t = f.T;
    const float x = t.Margin, width = t.ContentWidth(), pad = t.Gap * 1.4f;
    const bool with_image = !t.Portrait() && width > t.Mm(300);
    const float image_w = with_image ? std::min(width * 0.24f, t.Height > t.Mm(260) ? t.Mm(105) : t.Mm(70)) : 0;
    const float text_w = width - 2 * pad - (with_image ? image_w + pad : 0);
    const std::string number =
        f.C->Ui.Get("mutation.numero") + " " + std::to_string(index + 1) + " / " + std::to_string(f.C->Mutations.size());
    const float chip_h = ChipSize(f, number).y;
    const float top_row = arrows ? std::max(chip_h, t.Touch) : chip_h;
    // Short screens keep the header compact so the part itself starts above the fold.
    const TextStyle title_style = t.Height > t.Mm(260) ? TextStyle::Title : TextStyle::Heading;
    float text_h = top_row + t.Gap * 0.8f + TextHeight(f, m.Title, text_w, title_style, 1.15f);
    float h = std::max(text_h, with_image ? image_w * 0.625f : 0.0f) + 2 * pad;
    ImRect band(x, y, x + width, y + h);
    Card(f, band, f.T.Accent(m.Colour));
    const float text_y = y + (h - text_h) * 0.5f; // centred beside the picture
    Chip(f, number, ImVec2(x + pad, text_y + (top_row - chip_h) * 0.5f), f.T.Colours.GlassChip, f.T.Colours.White);
    if (arrows) {
        const ImU32 fill = f.T.Colours.GlassChip;
        const float right = band.Max.x - pad, s = t.Touch;
        MutationArrow(f, f.C->Ui.Get("navigation.precedente"),
                      ImRect(right - 2 * s - t.Gap, text_y, right - s - t.Gap, text_y + s), "prev", IntentKind::PreviousMutation,
                      fill);
        MutationArrow(f, f.C->Ui.Get("navigation.suivante"), ImRect(right - s, text_y, right, text_y + s), "next",
                      IntentKind::NextMutation, fill);
    }
    Text(f, m.Title, ImVec2(x + pad, text_y + top_row + t.Gap * 0.8f), text_w, title_style, f.T.Colours.White, 1.15f);
    if (with_image) {
        ImRect image(band.Max.x - pad - image_w, y + (h - image_w * 0.625f) * 0.5f, band.Max.x - pad,
                     y + (h + image_w * 0.625f) * 0.5f);
        DrawImage(f, m.Illustration, image, t.Radius * 0.7f, f.T.Colours.GlassPicture, ImDrawFlags_RoundCornersAll,
                  f.T.Accent(m.Colour));
    }
    return h;
}

// Year chip, heading and (optionally) a source line, above a part.
float PartHeading(Frame& f, const Mutation& m, const std::string& year, const std::string& title, const std::string& source,
                  float y)
{
    const Theme& t = f.T;
    const float x = t.Margin, width = t.ContentWidth();
    float h = 0, indent = 0;
    if (!year.empty()) {
        ImVec2 chip = ChipSize(f, year, TextStyle::BodyBold);
        Chip(f, year, ImVec2(x, y + (t.Size(TextStyle::Title) * 1.15f - chip.y) * 0.5f), f.T.Accent(m.Colour), f.T.Colours.White,
             TextStyle::BodyBold);
        indent = chip.x + t.Gap * 0.6f;
    }
    h += Text(f, title, ImVec2(x + indent, y), width - indent, TextStyle::Title, t.Colours.Ink, 1.15f);
    if (!source.empty())
        h += t.Gap * 0.4f + Text(f, source, ImVec2(x, y + h + t.Gap * 0.4f), width, TextStyle::Small, t.Colours.InkSoft);
    return h + t.Gap * 1.2f;
}

float TitledCardHeight(Frame& f, const TitledText& item, float w, float pad)
{
    return pad * 2 + TextHeight(f, item.Title, w - 2 * pad, TextStyle::Heading, 1.2f) + f.T.Gap * 0.6f +
           TextHeight(f, item.Text, w - 2 * pad, TextStyle::Body);
}

void DrawTitledCard(Frame& f, const TitledText& item, ImVec2 pos, float w, float h, float pad, ImU32 fill, ImU32 title_ink,
                    ImU32 ink, ImU32 rule)
{
    Card(f, ImRect(pos, ImVec2(pos.x + w, pos.y + h)), fill);
    f.Draw->AddRectFilled(ImVec2(pos.x + pad, pos.y), ImVec2(pos.x + pad + f.T.Mm(14), pos.y + f.T.Mm(1.6f)), rule, f.T.Mm(0.8f));
    float y = pos.y + pad;
    y += Text(f, item.Title, ImVec2(pos.x + pad, y), w - 2 * pad, TextStyle::Heading, title_ink, 1.2f) + f.T.Gap * 0.6f;
    Text(f, item.Text, ImVec2(pos.x + pad, y), w - 2 * pad, TextStyle::Body, ink);
}

float DrawFindings(Frame& f, const Mutation& m, const Page& page, float y)
{
    const Theme& t = f.T;
    y += PartHeading(f, m, m.FindingsYear, m.FindingsTitle, m.FindingsSource, y);
    const float pad = t.Gap * 1.2f;
    Masonry grid(ColumnsFor(t, t.ContentWidth()), t.Margin, y, t.ContentWidth(), t.Gap);
    const float w = grid.ColumnWidth, inner = w - 2 * pad;
    const ImU32 accent = f.T.Accent(m.Colour), dark = Mix(accent, t.Colours.Ink, 0.45f);
    for (const FindingGroup& g : m.FindingGroups) {
        float h = pad * 2;
        if (!g.Title.empty()) h += TextHeight(f, g.Title, inner, TextStyle::Heading, 1.2f) + t.Gap * 0.7f;
        for (const Point& p : g.Points) {
            h += BulletHeight(f, p.Text, inner, TextStyle::Body) + t.Gap * 0.5f;
            for (const std::string& s : p.SubPoints) h += BulletHeight(f, s, inner - t.Mm(9), TextStyle::Body) + t.Gap * 0.5f;
        }
        h -= t.Gap * 0.5f;
        ImVec2 pos = grid.Place(h);
        if (!Visible(page, pos.y, h)) continue;
        Card(f, ImRect(pos, ImVec2(pos.x + w, pos.y + h)), t.Colours.Card);
        float cy = pos.y + pad;
        if (!g.Title.empty())
            cy += Text(f, g.Title, ImVec2(pos.x + pad, cy), inner, TextStyle::Heading, dark, 1.2f) + t.Gap * 0.7f;
        for (const Point& p : g.Points) {
            cy += Bullet(f, p.Text, ImVec2(pos.x + pad, cy), inner, TextStyle::Body, t.Colours.Ink, accent) + t.Gap * 0.5f;
            for (const std::string& s : p.SubPoints)
                cy += Bullet(f, s, ImVec2(pos.x + pad + t.Mm(9), cy), inner - t.Mm(9), TextStyle::Body, t.Colours.Ink, accent,
                             true) +
                      t.Gap * 0.5f;
        }
    }
    return grid.End();
}

float DrawSignals(Frame& f, const Mutation& m, const Page& page, float y)
{
    const Theme& t = f.T;
    y += PartHeading(f, m, "", m.SignalsTitle, "", y);
    const float pad = t.Gap * 1.2f;
    Masonry grid(ColumnsFor(t, t.ContentWidth()), t.Margin, y, t.ContentWidth(), t.Gap);
    for (const TitledText& s : m.Signals) {
        float h = TitledCardHeight(f, s, grid.ColumnWidth, pad);
        ImVec2 pos = grid.Place(h);
        if (Visible(page, pos.y, h))
            DrawTitledCard(f, s, pos, grid.ColumnWidth, h, pad, t.Colours.Card, t.Colours.Ink, t.Colours.Ink,
                           f.T.Accent(m.Colour));
    }
    return grid.End();
}

float DrawInitiatives(Frame& f, const Mutation& m, const Page& page, float y)
{
    const Theme& t = f.T;
    y += PartHeading(f, m, "", m.InitiativesTitle, "", y);
    const float pad = t.Gap * 1.3f;
    const std::string& caption = f.C->Ui.Get("initiatives.scanner");
    Masonry grid(ColumnsFor(t, t.ContentWidth()), t.Margin, y, t.ContentWidth(), t.Gap);
    const float w = grid.ColumnWidth;
    // The code stays large enough to scan from a phone held at arm's length; its caption sits
    // on one line under it when it can, centred. A narrow card puts the code under the text.
    const float caption_w = LineSize(f, caption, TextStyle::Small).x;
    const bool beside =
        w - 3 * pad - std::clamp(caption_w + 2, t.Mm(44), t.Mm(44) * 1.4f) >= std::max(t.Mm(60), t.Size(TextStyle::Heading) * 9);
    const float qr = beside ? t.Mm(44) : std::min(t.Mm(40), w - 2 * pad);
    const float qr_col = beside ? std::clamp(caption_w + 2, qr, qr * 1.4f) : w - 2 * pad;
    const float text_w = beside ? w - 3 * pad - qr_col : w - 2 * pad;
    for (const Initiative& i : m.Initiatives) {
        // Without a place name, the description itself is the card's heading.
        const bool headed = !i.Territory.empty();
        const TextStyle text_style = headed ? TextStyle::Body : TextStyle::Heading;
        const float text_leading = headed ? 1.4f : 1.2f;
        float text_h = 0;
        if (headed) text_h += TextHeight(f, i.Territory, text_w, TextStyle::Heading, 1.2f) + t.Gap * 0.5f;
        text_h += TextHeight(f, i.Text, text_w, text_style, text_leading) + t.Gap * 0.8f;
        text_h += TextHeight(f, i.Link, text_w, TextStyle::Small);
        float qr_h = qr + t.Gap * 0.5f + TextHeight(f, caption, qr_col, TextStyle::Small, 1.25f);
        float h = (beside ? std::max(text_h, qr_h) : text_h + t.Gap * 1.2f + qr_h) + 2 * pad;
        ImVec2 pos = grid.Place(h);
        if (!Visible(page, pos.y, h)) continue;
        Card(f, ImRect(pos, ImVec2(pos.x + w, pos.y + h)), t.Colours.Card);
        float cy = pos.y + pad;
        const ImU32 heading = Mix(f.T.Accent(m.Colour), t.Colours.Ink, 0.4f);
        if (headed) cy += Text(f, i.Territory, ImVec2(pos.x + pad, cy), text_w, TextStyle::Heading, heading, 1.2f) + t.Gap * 0.5f;
        cy += Text(f, i.Text, ImVec2(pos.x + pad, cy), text_w, text_style, headed ? t.Colours.Ink : heading, text_leading) +
              t.Gap * 0.8f;
        cy += Text(f, i.Link, ImVec2(pos.x + pad, cy), text_w, TextStyle::Small, t.Colours.InkSoft);
        const float col_x = beside ? pos.x + w - pad - qr_col : pos.x + pad;
        const float code_y = beside ? pos.y + pad : cy + t.Gap * 1.2f;
        ImRect code(col_x + (qr_col - qr) * 0.5f, code_y, col_x + (qr_col + qr) * 0.5f, code_y + qr);
        f.Draw->AddRect(ImVec2(code.Min.x - 2, code.Min.y - 2), ImVec2(code.Max.x + 2, code.Max.y + 2), Rgb(m.Colour, 90),
                        t.Radius * 0.4f, 0, 2);
        DrawQr(f, f.Cache.Qr(i.Link), code);
        Text(f, caption, ImVec2(col_x + std::max(0.0f, qr_col - caption_w) * 0.5f, code.Max.y + t.Gap * 0.5f), qr_col,
             TextStyle::Small, t.Colours.InkSoft, 1.25f);
    }
    return grid.End();
}

} // namespace

namespace {
// How the four parts' tabs are set on this screen: one row with the arrows at its ends, in the
// body's type or a smaller one; else two rows of two, the arrows then on the mutation's band.
struct TabsLayout {
    bool Grid = false;
    TextStyle Style = TextStyle::BodyBold;
    bool Fixed = true; // stays under the top bar; on short panels it scrolls with the page
};

std::vector<std::string> TabLabels(const Labels& ui)
{
    return {ui.Get("mutation.constats"), ui.Get("mutation.signaux"), ui.Get("mutation.futur"), ui.Get("mutation.initiatives")};
}

TabsLayout ChooseTabs(const Frame& f)
{
    const Theme& t = f.T;
    const std::vector<std::string> labels = TabLabels(f.C->Ui);
    const float room = t.Width - t.Margin - 2 * (t.Touch + t.Gap * 0.6f);
    TabsLayout layout;
    for (TextStyle style : {TextStyle::BodyBold, TextStyle::SmallBold}) {
        ButtonLook tab;
        tab.Style = style;
        float total = -t.Gap * 0.5f;
        for (const std::string& l : labels) total += ButtonWidth(f, l, tab) + t.Gap * 0.5f;
        if (total <= room) {
            layout.Style = style;
            layout.Fixed = t.Height >= t.Mm(120);
            return layout;
        }
    }
    layout.Grid = true;
    layout.Style = TextStyle::SmallBold;
    layout.Fixed = false;
    return layout;
}

// The tabs from `top`; returns their height. `fixed`: as a bar, with its own background.
float DrawTabs(Frame& f, float top, const TabsLayout& layout)
{
    const Theme& t = f.T;
    const Mutation& m = f.C->Mutations[f.S.MutationIndex];
    const Labels& ui = f.C->Ui;
    const std::vector<std::string> labels = TabLabels(ui);
    const float h = t.Touch, pad = layout.Fixed ? t.Gap * 0.45f : 0;
    const float height = (layout.Grid ? 2 * h + t.Gap * 0.5f : h) + 2 * pad;
    if (layout.Fixed) {
        f.Draw->AddRectFilled(ImVec2(0, top), ImVec2(t.Width, top + height), t.Colours.Background);
        f.Draw->AddLine(ImVec2(0, top + height - 1), ImVec2(t.Width, top + height - 1), f.T.Colours.Rule, 2);
    }
    ButtonLook tab;
    tab.Kind = ButtonKind::Secondary;
    tab.Accent = f.T.Accent(m.Colour);
    tab.Style = layout.Style;
    const float y = top + pad;
    if (layout.Grid) {
        const float w = (t.ContentWidth() - t.Gap * 0.5f) * 0.5f;
        for (int i = 0; i < 4; i++) {
            tab.Selected = int(f.S.CurrentPart) == i;
            const float x = t.Margin + (i % 2) * (w + t.Gap * 0.5f), ty = y + (i / 2) * (h + t.Gap * 0.5f);
            if (Button(f, labels[i], ImRect(x, ty, x + w, ty + h), tab)) f.Emit(IntentKind::OpenPart, i);
        }
        return height;
    }
    float total = -t.Gap * 0.5f;
    for (const std::string& l : labels) total += ButtonWidth(f, l, tab) + t.Gap * 0.5f;
    float x = (t.Width - total) * 0.5f;
    for (int i = 0; i < 4; i++) {
        tab.Selected = int(f.S.CurrentPart) == i;
        float w = ButtonWidth(f, labels[i], tab);
        if (Button(f, labels[i], ImRect(x, y, x + w, y + h), tab)) f.Emit(IntentKind::OpenPart, i);
        x += w + t.Gap * 0.5f;
    }
    MutationArrow(f, ui.Get("navigation.precedente"), ImRect(t.Margin * 0.5f, y, t.Margin * 0.5f + h, y + h), "prev",
                  IntentKind::PreviousMutation, f.T.Accent(m.Colour));
    MutationArrow(f, ui.Get("navigation.suivante"), ImRect(t.Width - t.Margin * 0.5f - h, y, t.Width - t.Margin * 0.5f, y + h),
                  "next", IntentKind::NextMutation, f.T.Accent(m.Colour));
    return height;
}

// The end of every part: the invitation to vote, and the way on (the next part, or the next
// mutation after the initiatives), so that a visitor at the bottom of a page need not scroll back.
float DrawPartEnd(Frame& f, float y)
{
    const Theme& t = f.T;
    const Labels& ui = f.C->Ui;
    const float x = t.Margin, width = t.ContentWidth();
    const int part = int(f.S.CurrentPart), mutation = f.S.MutationIndex;
    const bool last_part = part == 3, last_mutation = mutation + 1 >= int(f.C->Mutations.size());
    // After the last part, the next mutation from its beginning; after the last mutation, how to act.
    const std::string then = !last_part ? TabLabels(ui)[size_t(part + 1)] : ui.Get("navigation.agir");
    const std::string next =
        last_part && !last_mutation ? ui.Get("mutation.suivante") : FillIn(ui.Get("mutation.suite"), {{"partie", then}});
    ButtonLook look;
    look.Kind = ButtonKind::Secondary;
    look.Icon = "next";
    const float next_w = std::min(width, ButtonWidth(f, next, look));
    const float vote_h = t.Touch * 1.3f;
    float h = VoteInvitation(f, ImVec2(x, y), width);
    // Beside the invitation when both fit, else beneath it.
    ImVec2 pos(x + width - next_w, y + (vote_h - t.Touch) * 0.5f);
    if (x + VoteInvitationWidth(f, width) + t.Gap * 2 > pos.x) {
        pos = ImVec2(x, y + h + t.Gap);
        h += t.Gap + t.Touch;
    }
    if (Button(f, next, ImRect(pos.x, pos.y, pos.x + next_w, pos.y + t.Touch), look)) {
        if (!last_part)
            f.Emit(IntentKind::OpenPart, part + 1);
        else if (!last_mutation)
            f.Emit(IntentKind::OpenMutation, mutation + 1);
        else
            f.Emit(IntentKind::OpenAct);
    }
    return h;
}
} // namespace

float MutationTabsHeight(const Frame& f)
{
    const TabsLayout layout = ChooseTabs(f);
    if (!layout.Fixed) return 0;
    return (layout.Grid ? 2 * f.T.Touch + f.T.Gap * 0.5f : f.T.Touch) + 2 * f.T.Gap * 0.45f;
}

float DrawMutationTabs(Frame& f, float top)
{
    const TabsLayout layout = ChooseTabs(f);
    return layout.Fixed ? DrawTabs(f, top, layout) : 0;
}

void DrawMutation(Frame& f, const Page& page)
{
    const Theme& t = f.T;
    const int index = f.S.MutationIndex;
    const Mutation& m = f.C->Mutations[index];
    const TabsLayout tabs = ChooseTabs(f);
    float y = page.Y + t.Gap * 1.2f;
    if (!tabs.Fixed) y += DrawTabs(f, y, tabs) + t.Gap;
    y += DrawHeader(f, m, index, y, tabs.Grid) + t.Gap * 1.6f;
    switch (f.S.CurrentPart) {
    case Part::Findings: y = DrawFindings(f, m, page, y); break;
    case Part::Signals: y = DrawSignals(f, m, page, y); break;
    case Part::Future: {
        float h = 0;
        DrawFutures(f, m, ImVec2(t.Margin, y), t.ContentWidth(), h);
        y += h + t.Gap;
        break;
    }
    case Part::Initiatives: y = DrawInitiatives(f, m, page, y); break;
    }
    // Every part ends with the invitation to vote and the way on: never a dead end.
    y += t.Gap * 0.8f;
    y += DrawPartEnd(f, y);
    f.ContentHeight = y + t.Margin - page.Y;
}

} // namespace ess

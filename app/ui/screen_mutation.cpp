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

float DrawHeader(Frame& f, const Mutation& m, int index, float y)
{
    const Theme& t = f.T;
    const float x = t.Margin, width = t.ContentWidth(), pad = t.Gap * 1.4f;
    const bool with_image = !t.Portrait() && width > t.Mm(300);
    const float image_w = with_image ? std::min(width * 0.24f, t.Height > t.Mm(260) ? t.Mm(105) : t.Mm(70)) : 0;
    const float text_w = width - 2 * pad - (with_image ? image_w + pad : 0);
    const std::string number =
        f.C->Ui.Get("mutation.numero") + " " + std::to_string(index + 1) + " / " + std::to_string(f.C->Mutations.size());
    const float chip_h = ChipSize(f, number).y;
    // Short screens keep the header compact so the part itself starts above the fold.
    const TextStyle title_style = t.Height > t.Mm(260) ? TextStyle::Title : TextStyle::Heading;
    float text_h = chip_h + t.Gap * 0.8f + TextHeight(f, m.Title, text_w, title_style, 1.15f);
    float h = std::max(text_h, with_image ? image_w * 0.625f : 0.0f) + 2 * pad;
    ImRect band(x, y, x + width, y + h);
    Card(f, band, Rgb(m.Colour));
    const float text_y = y + (h - text_h) * 0.5f; // centred beside the picture
    Chip(f, number, ImVec2(x + pad, text_y), IM_COL32(255, 255, 255, 50), IM_COL32_WHITE);
    Text(f, m.Title, ImVec2(x + pad, text_y + chip_h + t.Gap * 0.8f), text_w, title_style, IM_COL32_WHITE, 1.15f);
    if (with_image) {
        ImRect image(band.Max.x - pad - image_w, y + (h - image_w * 0.625f) * 0.5f, band.Max.x - pad,
                     y + (h + image_w * 0.625f) * 0.5f);
        DrawImage(f, m.Illustration, image, t.Radius * 0.7f, IM_COL32(255, 255, 255, 40), ImDrawFlags_RoundCornersAll,
                  Rgb(m.Colour));
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
        Chip(f, year, ImVec2(x, y + (t.Size(TextStyle::Title) * 1.15f - chip.y) * 0.5f), Rgb(m.Colour), IM_COL32_WHITE,
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
    const ImU32 accent = Rgb(m.Colour), dark = Mix(accent, t.Colours.Ink, 0.45f);
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
            DrawTitledCard(f, s, pos, grid.ColumnWidth, h, pad, t.Colours.Card, t.Colours.Ink, t.Colours.Ink, Rgb(m.Colour));
    }
    return grid.End();
}

float DrawInitiatives(Frame& f, const Mutation& m, const Page& page, float y)
{
    const Theme& t = f.T;
    y += PartHeading(f, m, "", m.InitiativesTitle, "", y);
    const float pad = t.Gap * 1.3f;
    const float qr = t.Mm(44);
    const std::string& caption = f.C->Ui.Get("initiatives.scanner");
    // The caption sits on one line under the code when it can, centred.
    const float caption_w = LineSize(f, caption, TextStyle::Small).x;
    const float qr_col = std::clamp(caption_w + 2, qr, t.Mm(80));
    Masonry grid(ColumnsFor(t, t.ContentWidth()), t.Margin, y, t.ContentWidth(), t.Gap);
    const float w = grid.ColumnWidth, text_w = w - 3 * pad - qr_col;
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
        float h = std::max(text_h, qr_h) + 2 * pad;
        ImVec2 pos = grid.Place(h);
        if (!Visible(page, pos.y, h)) continue;
        Card(f, ImRect(pos, ImVec2(pos.x + w, pos.y + h)), t.Colours.Card);
        float cy = pos.y + pad;
        const ImU32 heading = Mix(Rgb(m.Colour), t.Colours.Ink, 0.4f);
        if (headed) cy += Text(f, i.Territory, ImVec2(pos.x + pad, cy), text_w, TextStyle::Heading, heading, 1.2f) + t.Gap * 0.5f;
        cy += Text(f, i.Text, ImVec2(pos.x + pad, cy), text_w, text_style, headed ? t.Colours.Ink : heading, text_leading) +
              t.Gap * 0.8f;
        Text(f, i.Link, ImVec2(pos.x + pad, cy), text_w, TextStyle::Small, t.Colours.InkSoft);
        const float col_x = pos.x + w - pad - qr_col;
        ImRect code(col_x + (qr_col - qr) * 0.5f, pos.y + pad, col_x + (qr_col + qr) * 0.5f, pos.y + pad + qr);
        f.Draw->AddRect(ImVec2(code.Min.x - 2, code.Min.y - 2), ImVec2(code.Max.x + 2, code.Max.y + 2), Rgb(m.Colour, 90),
                        t.Radius * 0.4f, 0, 2);
        DrawQr(f, f.Cache.Qr(i.Link), code);
        Text(f, caption, ImVec2(col_x + std::max(0.0f, qr_col - caption_w) * 0.5f, code.Max.y + t.Gap * 0.5f), qr_col,
             TextStyle::Small, t.Colours.InkSoft, 1.25f);
    }
    return grid.End();
}

} // namespace

float DrawMutationTabs(Frame& f, float top)
{
    const Theme& t = f.T;
    const Mutation& m = f.C->Mutations[f.S.MutationIndex];
    const Labels& ui = f.C->Ui;
    const float h = t.Touch, row = h + t.Gap * 0.9f, y = top + (row - h) * 0.5f;
    f.Draw->AddRectFilled(ImVec2(0, top), ImVec2(t.Width, top + row), t.Colours.Background);
    f.Draw->AddLine(ImVec2(0, top + row - 1), ImVec2(t.Width, top + row - 1), IM_COL32(31, 34, 51, 20), 2);

    const std::string labels[] = {ui.Get("mutation.constats"), ui.Get("mutation.signaux"), ui.Get("mutation.futur"),
                                  ui.Get("mutation.initiatives")};
    ButtonLook tab;
    tab.Kind = ButtonKind::Secondary;
    tab.Accent = Rgb(m.Colour);
    const float arrows = 2 * (t.Touch + t.Gap * 0.6f);
    float total = 0;
    for (const std::string& l : labels) total += ButtonWidth(f, l, tab) + t.Gap * 0.5f;
    if (total > t.Width - 2 * t.Margin * 0.5f - arrows) {
        tab.Style = TextStyle::SmallBold; // narrow screens: smaller labels, same touch height
        total = 0;
        for (const std::string& l : labels) total += ButtonWidth(f, l, tab) + t.Gap * 0.5f;
    }
    float x = (t.Width - total + t.Gap * 0.5f) * 0.5f;
    for (int i = 0; i < 4; i++) {
        tab.Selected = int(f.S.CurrentPart) == i;
        float w = ButtonWidth(f, labels[i], tab);
        if (Button(f, labels[i], ImRect(x, y, x + w, y + h), tab)) f.Emit(IntentKind::OpenPart, i);
        x += w + t.Gap * 0.5f;
    }
    // Previous / next mutation: round arrow buttons at the row's ends (a swipe does the same).
    const auto arrow = [&](const std::string& label, float ax, const char* icon, IntentKind kind) {
        ImRect r(ax, y, ax + h, y + h);
        f.Draw->AddRectFilled(r.Min, r.Max, Rgb(m.Colour), h * 0.5f);
        DrawIcon(f, icon, r.GetCenter(), h * 0.55f, IM_COL32_WHITE);
        if (TapArea(f, label, r)) f.Emit(kind);
    };
    arrow(ui.Get("navigation.precedente"), t.Margin * 0.5f, "prev", IntentKind::PreviousMutation);
    arrow(ui.Get("navigation.suivante"), t.Width - t.Margin * 0.5f - h, "next", IntentKind::NextMutation);
    return row;
}

void DrawMutation(Frame& f, const Page& page)
{
    const Theme& t = f.T;
    const int index = f.S.MutationIndex;
    const Mutation& m = f.C->Mutations[index];
    float y = page.Y + t.Gap * 1.2f;
    y += DrawHeader(f, m, index, y) + t.Gap * 1.6f;
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
    // Every part ends with the invitation to vote: the visitor never reaches a dead end.
    y += t.Gap * 0.8f;
    y += VoteInvitation(f, ImVec2(t.Margin, y), t.ContentWidth());
    f.ContentHeight = y + t.Margin - page.Y;
}

} // namespace ess

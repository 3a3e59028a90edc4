// "À propos": how the study was made (the two events), the four mutations, and the credits.
#include <algorithm>

#include "core/figures.h"
#include "ui/screens.h"

namespace ess {

void DrawAbout(Frame& f, const Page& page)
{
    const Theme& t = f.T;
    const Content& c = *f.C;
    const Exhibition& e = c.Expo;
    const float x = t.Margin, width = t.ContentWidth();
    const float reading = std::min(width, t.Mm(420));
    const bool wide = width > t.Mm(330);
    const float pad = t.Gap * 1.4f;
    const ImU32 accent = c.Mutations.empty() ? t.Colours.Ink : f.T.Accent(c.Mutations[0].Colour);
    float y = page.Y + t.Margin * 0.8f;

    y += SectionTitle(f, e.ApproachTitle, ImVec2(x, y), width, accent) + t.Gap;
    y += Text(f, e.ApproachIntroduction, ImVec2(x, y), reading, TextStyle::Body, t.Colours.InkSoft) + t.Gap * 1.2f;

    // The two events, side by side: a date chip, then what happened.
    const int columns = wide ? 2 : 1;
    const float cw = (width - t.Gap * (columns - 1)) / columns;
    float row_y = y, row_h = 0;
    for (size_t i = 0; i < e.Milestones.size(); i++) {
        const Milestone& m = e.Milestones[i];
        float h = pad * 2 + ChipSize(f, m.Date, TextStyle::BodyBold).y + t.Gap * 0.8f +
                  TextHeight(f, m.Text, cw - 2 * pad, TextStyle::Body);
        if (columns == 2) {
            const Milestone& other = e.Milestones[(i ^ 1) < e.Milestones.size() ? (i ^ 1) : i];
            h = std::max(h, pad * 2 + ChipSize(f, other.Date, TextStyle::BodyBold).y + t.Gap * 0.8f +
                                TextHeight(f, other.Text, cw - 2 * pad, TextStyle::Body));
        }
        float cx = x + (i % columns) * (cw + t.Gap);
        if (i % columns == 0 && i > 0) row_y += row_h + t.Gap;
        row_h = h;
        Card(f, ImRect(cx, row_y, cx + cw, row_y + h), t.Colours.Card);
        const ImU32 chip = c.Mutations.size() > i + 1 ? f.T.Accent(c.Mutations[i + 1].Colour) : accent;
        Chip(f, m.Date, ImVec2(cx + pad, row_y + pad), chip, f.T.Colours.White, TextStyle::BodyBold);
        Text(f, m.Text, ImVec2(cx + pad, row_y + pad + ChipSize(f, m.Date, TextStyle::BodyBold).y + t.Gap * 0.8f), cw - 2 * pad,
             TextStyle::Body, t.Colours.Ink);
    }
    y = row_y + row_h + t.Gap * 1.2f;
    y += Text(f, e.ApproachConclusion, ImVec2(x, y), reading, TextStyle::Body, t.Colours.InkSoft) + t.Gap * 2;

    // The four mutations, each with its colour.
    y += SectionTitle(f, e.MutationsTitle, ImVec2(x, y), width, accent) + t.Gap;
    y += Text(f, e.MutationsText, ImVec2(x, y), reading, TextStyle::Body, t.Colours.InkSoft) + t.Gap;
    for (size_t i = 0; i < c.Mutations.size(); i++) {
        const Mutation& m = c.Mutations[i];
        const float badge = t.Size(TextStyle::Heading) * 1.3f;
        f.Draw->AddCircleFilled(ImVec2(x + badge * 0.5f, y + badge * 0.5f), badge * 0.5f, f.T.Accent(m.Colour), 32);
        std::string n = std::to_string(i + 1);
        ImVec2 ns = LineSize(f, n, TextStyle::BodyBold);
        Label(f, n, ImVec2(x + (badge - ns.x) * 0.5f, y + (badge - ns.y) * 0.5f), TextStyle::BodyBold, f.T.Colours.White,
              ImRect(x, y, x + badge, y + badge));
        float th = Text(f, m.Title, ImVec2(x + badge + t.Gap, y + (badge - t.Size(TextStyle::BodyBold) * 1.2f) * 0.5f),
                        reading - badge - t.Gap, TextStyle::BodyBold, t.Colours.Ink);
        y += std::max(badge, th) + t.Gap * 0.6f;
    }
    y += t.Gap * 1.6f;

    // Credits; in a translation, first what it is: the French text is the reference.
    y += SectionTitle(f, c.Ui.Get("a_propos.credits"), ImVec2(x, y), width, accent) + t.Gap;
    if (const std::string& note = c.Ui.Get("a_propos.traduction"); c.Translation && !note.empty()) {
        const float nh = pad * 2 + TextHeight(f, note, width - 2 * pad, TextStyle::BodyBold, 1.3f);
        Card(f, ImRect(x, y, x + width, y + nh), t.Colours.Neutral, -1, false);
        Text(f, "**" + note + "**", ImVec2(x + pad, y + pad), width - 2 * pad, TextStyle::Body, t.Colours.Ink, 1.3f);
        y += nh + t.Gap;
    }
    const float h_rtes = pad * 2 + TextHeight(f, e.CreditsRtes, cw - 2 * pad, TextStyle::Heading, 1.25f);
    const float h_lbj = pad * 2 + TextHeight(f, e.CreditsBeauxJours, cw - 2 * pad, TextStyle::Heading, 1.25f) + t.Gap * 0.6f +
                        TextHeight(f, e.CreditsBeauxJoursText, cw - 2 * pad, TextStyle::Body);
    Card(f, ImRect(x, y, x + cw, y + h_rtes), t.Colours.Card);
    Text(f, e.CreditsRtes, ImVec2(x + pad, y + pad), cw - 2 * pad, TextStyle::Heading, t.Colours.Ink, 1.25f);
    float lx = wide ? x + cw + t.Gap : x, ly = wide ? y : y + h_rtes + t.Gap;
    Card(f, ImRect(lx, ly, lx + cw, ly + h_lbj), t.Colours.Card);
    float ty = ly + pad +
               Text(f, e.CreditsBeauxJours, ImVec2(lx + pad, ly + pad), cw - 2 * pad, TextStyle::Heading, t.Colours.Ink, 1.25f) +
               t.Gap * 0.6f;
    Text(f, e.CreditsBeauxJoursText, ImVec2(lx + pad, ty), cw - 2 * pad, TextStyle::Body, t.Colours.Ink);
    y = wide ? y + std::max(h_rtes, h_lbj) : ly + h_lbj;

    // What the kiosk records of a visit (the visit log), and for how long.
    y += t.Gap * 1.6f;
    y += SectionTitle(f, c.Ui.Get("a_propos.visites_titre"), ImVec2(x, y), width, accent) + t.Gap;
    const int months = f.Facts ? f.Facts->VisitMonths : 25;
    y += Text(f, FillIn(c.Ui.Get("a_propos.visites"), {{"mois", std::to_string(months)}}), ImVec2(x, y), reading, TextStyle::Body,
              t.Colours.InkSoft);
    f.ContentHeight = y + t.Margin - page.Y;
}

} // namespace ess

// The visitor's ballot: levers of the three axes as large toggle cards, a fixed bar with the
// counter and the confirm button; then the thank-you screen with this kiosk's results.
#include <algorithm>

#include "ui/kiosk_ui.h"
#include "ui/screens.h"

namespace ess {

namespace {

std::string Number(long long n)
{
    return std::to_string(n);
}

const Lever* FindLever(const Content& c, const std::string& id)
{
    for (const Axis& a : c.Act.Axes)
        for (const Lever& l : a.Levers)
            if (l.Id == id) return &l;
    return nullptr;
}

float LeverCardHeight(Frame& f, const Lever& l, float w, float pad, float mark)
{
    float text_w = w - 2 * pad - mark - f.T.Gap * 0.8f;
    float h = TextHeight(f, l.Text, text_w, TextStyle::Body);
    for (const std::string& s : l.SubPoints) h += f.T.Gap * 0.4f + BulletHeight(f, s, text_w, TextStyle::Body);
    return std::max(h, mark) + 2 * pad;
}
} // namespace

namespace {
ButtonLook InvitationLook(const Frame& f, float width)
{
    ButtonLook look;
    look.Kind = ButtonKind::Primary;
    look.Accent = f.T.Colours.Lever;
    look.Style = TextStyle::Heading;
    look.Icon = "next";
    if (ButtonWidth(f, f.C->Ui.Get("vote.inviter"), look) > width) look.Style = TextStyle::BodyBold; // narrow panels
    return look;
}
} // namespace

float VoteInvitationWidth(const Frame& f, float width)
{
    return std::min(width, ButtonWidth(f, f.C->Ui.Get("vote.inviter"), InvitationLook(f, width)));
}

float VoteInvitation(Frame& f, ImVec2 pos, float width)
{
    const Theme& t = f.T;
    const std::string& label = f.C->Ui.Get("vote.inviter");
    const ButtonLook look = InvitationLook(f, width);
    float w = VoteInvitationWidth(f, width);
    float h = t.Touch * 1.3f;
    if (Button(f, label, ImRect(pos.x, pos.y, pos.x + w, pos.y + h), look)) f.Emit(IntentKind::OpenVote);
    return h;
}

void DrawVote(Frame& f, const Page& page)
{
    const Theme& t = f.T;
    const Content& c = *f.C;
    const KioskState& s = f.S;
    const float x = t.Margin, width = t.ContentWidth();
    float y = page.Y + t.Margin * 0.8f;
    y += SectionTitle(f, c.Ui.Get("vote.titre"), ImVec2(x, y), width, f.T.Colours.Lever) + t.Gap;
    const std::string max = Number(s.Rules.MaxLevers);
    y += Text(f, FillIn(c.Ui.Get("vote.consigne"), {{"max", max}}), ImVec2(x, y), std::min(width, t.Mm(420)), TextStyle::Body,
              t.Colours.InkSoft) +
         t.Gap * 1.5f;

    const int columns = width > t.Mm(330) ? 2 : 1;
    const float cw = (width - t.Gap * (columns - 1)) / columns;
    const float pad = t.Gap * 1.1f, mark = t.Mm(11);
    int number = 1;
    for (const Axis& axis : c.Act.Axes) {
        std::string chip = c.Ui.Get("agir.axe") + " " + std::to_string(number++);
        ImVec2 cs = ChipSize(f, chip, TextStyle::SmallBold);
        Chip(f, chip, ImVec2(x, y + (t.Size(TextStyle::Heading) * 1.2f - cs.y) * 0.5f), t.Colours.Ink, f.T.Colours.White);
        y += Text(f, axis.Title, ImVec2(x + cs.x + t.Gap * 0.6f, y), width - cs.x - t.Gap * 0.6f, TextStyle::Heading,
                  t.Colours.Ink, 1.2f) +
             t.Gap * 0.8f;
        // Levers in rows of `columns`, a row as tall as its tallest card.
        for (size_t i = 0; i < axis.Levers.size(); i += columns) {
            float row_h = 0;
            for (size_t j = i; j < std::min(axis.Levers.size(), i + columns); j++)
                row_h = std::max(row_h, LeverCardHeight(f, axis.Levers[j], cw, pad, mark));
            for (size_t j = i; j < std::min(axis.Levers.size(), i + columns); j++) {
                const Lever& l = axis.Levers[j];
                const bool chosen = s.Choice.Contains(l.Id);
                float cx = x + (j - i) * (cw + t.Gap);
                ImRect card(cx, y, cx + cw, y + row_h);
                // Said as "…de transitions, choisi": the lever's own full stop gives way to the state.
                std::string said = PlainText(l.Text);
                while (!said.empty() && (said.back() == '.' || said.back() == ' ')) said.pop_back();
                said += ", " + c.Ui.Get(chosen ? "accessibilite.choisi" : "accessibilite.pas_choisi");
                if (card.Max.y < page.Top || card.Min.y > page.Bottom) {
                    OutOfView(f, PlainText(l.Text), card);
                    f.Describe(said);
                    continue;
                }
                Card(f, card, chosen ? Mix(f.T.Colours.White, f.T.Colours.Lever, 0.12f) : t.Colours.Card);
                if (chosen) f.Draw->AddRect(card.Min, card.Max, f.T.Colours.Lever, t.Radius, 0, t.Mm(0.9f));
                // The check circle: empty, or filled with a tick once chosen.
                ImVec2 mc(card.Min.x + pad + mark * 0.5f, card.Min.y + pad + mark * 0.5f);
                if (chosen) {
                    f.Draw->AddCircleFilled(mc, mark * 0.5f, f.T.Colours.Lever, 32);
                    f.Draw->PathLineTo(ImVec2(mc.x - mark * 0.22f, mc.y + mark * 0.02f));
                    f.Draw->PathLineTo(ImVec2(mc.x - mark * 0.05f, mc.y + mark * 0.2f));
                    f.Draw->PathLineTo(ImVec2(mc.x + mark * 0.25f, mc.y - mark * 0.17f));
                    f.Draw->PathStroke(f.T.Colours.White, 0, mark * 0.12f);
                } else {
                    f.Draw->AddCircle(mc, mark * 0.5f - t.Mm(0.4f), t.Colours.InkSoft, 32, t.Mm(0.7f));
                }
                float tx = card.Min.x + pad + mark + t.Gap * 0.8f, tw = cw - 2 * pad - mark - t.Gap * 0.8f;
                float ty = card.Min.y + pad + Text(f, l.Text, ImVec2(tx, card.Min.y + pad), tw, TextStyle::Body, t.Colours.Ink);
                for (const std::string& sub : l.SubPoints)
                    ty += t.Gap * 0.4f + Bullet(f, sub, ImVec2(tx, ty + t.Gap * 0.4f), tw, TextStyle::Body, t.Colours.Ink,
                                                f.T.Colours.Lever, true);
                if (TapArea(f, PlainText(l.Text), card)) f.Emit(IntentKind::ToggleLever, 0, l.Id);
                f.Describe(said);
            }
            y += row_h + t.Gap;
        }
        y += t.Gap;
    }
    f.ContentHeight = y + t.Margin - page.Y;
}

float DrawVoteBar(Frame& f, float bottom)
{
    const Theme& t = f.T;
    const Content& c = *f.C;
    const KioskState& s = f.S;
    const std::string max = Number(s.Rules.MaxLevers);
    const int n = int(s.Choice.Levers().size());
    const bool cooling = f.Facts && f.Facts->CooldownLeft > 0;
    ButtonLook look;
    look.Kind = ButtonKind::Primary;
    look.Accent = f.T.Colours.Lever;
    look.Style = TextStyle::Heading;
    look.Disabled = n == 0 || cooling;
    const std::string& label = c.Ui.Get(cooling ? "vote.patienter" : "vote.valider");
    const bool full_notice = f.Now - s.FullNoticeAt < s.Durations.Notice;
    const std::string counter =
        n == 0 ? c.Ui.Get("vote.aucun") : FillIn(c.Ui.Get("vote.compteur"), {{"n", Number(n)}, {"max", max}});
    const std::string notice = FillIn(c.Ui.Get("vote.maximum"), {{"max", max}});
    const float r = t.Mm(2.2f), dots_w = s.Rules.MaxLevers * r * 2.8f;

    // The confirm button on the right and the counter (or a notice) on its left; on a narrow
    // panel the counter takes a row of its own above the button, in body type.
    float h = t.Touch * 1.3f, bw = ButtonWidth(f, label, look);
    float left_w = t.ContentWidth() - bw - t.Gap;
    const bool stacked = left_w - dots_w < t.Mm(50);
    TextStyle counter_style = TextStyle::Heading;
    float text_row = 0;
    if (stacked) {
        look.Style = TextStyle::BodyBold;
        h = t.Touch;
        bw = ButtonWidth(f, label, look);
        left_w = t.ContentWidth();
        counter_style = TextStyle::Body;
        text_row = std::max(TextHeight(f, notice, left_w, TextStyle::BodyBold, 1.25f),
                            TextHeight(f, counter, left_w - dots_w - t.Gap * 0.5f, counter_style, 1.2f)) +
                   t.Gap * 0.6f;
    }
    // Beside the button, the counter (or the notice) may need more than the button's height
    // (large text): the bar grows, the button stays centred on it.
    float row = h;
    if (!stacked)
        row = std::max({h, TextHeight(f, counter, left_w - dots_w - t.Gap * 0.5f, counter_style, 1.2f),
                        TextHeight(f, notice, left_w, TextStyle::BodyBold, 1.25f)});
    const float bar = row + text_row + t.Gap * 1.4f, top = bottom - bar;
    f.Draw->AddRectFilled(ImVec2(0, top), ImVec2(t.Width, bottom), t.Colours.Card);
    f.Draw->AddLine(ImVec2(0, top), ImVec2(t.Width, top), f.T.Colours.Edge, 2);
    const float button_top = top + t.Gap * 0.7f + text_row + (row - h) * 0.5f;
    ImRect button(t.Width - t.Margin - bw, button_top, t.Width - t.Margin, button_top + h);
    if (Button(f, label, button, look)) f.Emit(IntentKind::ConfirmVote);

    const float y = stacked ? top + t.Gap * 0.7f + (text_row - t.Gap * 0.6f) * 0.5f : button.GetCenter().y;
    if (full_notice) {
        float nh = TextHeight(f, notice, left_w, TextStyle::BodyBold, 1.25f);
        Text(f, "**" + notice + "**", ImVec2(t.Margin, y - nh * 0.5f), left_w, TextStyle::Body, f.T.Colours.Brake, 1.25f);
    } else {
        // One dot per lever that may be chosen: the maximum is visible before it is reached.
        float dx = t.Margin + r;
        for (int i = 0; i < s.Rules.MaxLevers; i++, dx += r * 2.8f) {
            if (i < n)
                f.Draw->AddCircleFilled(ImVec2(dx, y), r, f.T.Colours.Lever, 20);
            else
                f.Draw->AddCircle(ImVec2(dx, y), r - 1, t.Colours.InkSoft, 20, 2);
        }
        float tx = dx + t.Gap * 0.5f;
        float th = TextHeight(f, counter, left_w - (tx - t.Margin), counter_style, 1.2f);
        Text(f, counter, ImVec2(tx, y - th * 0.5f), left_w - (tx - t.Margin), counter_style, t.Colours.Ink, 1.2f);
    }
    return bar;
}

void DrawVoteFailure(Frame& f)
{
    const Theme& t = f.T;
    const Labels& ui = f.C->Ui;
    f.Draw->AddRectFilled(ImVec2(0, 0), ImVec2(t.Width, t.Height), f.T.Colours.Veil);
    const float w = std::min(t.Width - 2 * t.Margin, t.Mm(400)), pad = t.Gap * 2;
    const float text_w = w - 2 * pad;
    const float h = pad * 2 + TextHeight(f, ui.Get("erreur_vote.titre"), text_w, TextStyle::Title, 1.15f) + t.Gap +
                    TextHeight(f, ui.Get("erreur_vote.texte"), text_w, TextStyle::Body) + t.Gap * 2 + t.Touch * 1.2f;
    ImRect card((t.Width - w) * 0.5f, (t.Height - h) * 0.5f, (t.Width + w) * 0.5f, (t.Height + h) * 0.5f);
    Card(f, card, t.Colours.Card);
    float y = card.Min.y + pad;
    y +=
        Text(f, ui.Get("erreur_vote.titre"), ImVec2(card.Min.x + pad, y), text_w, TextStyle::Title, t.Colours.Ink, 1.15f) + t.Gap;
    y +=
        Text(f, ui.Get("erreur_vote.texte"), ImVec2(card.Min.x + pad, y), text_w, TextStyle::Body, t.Colours.InkSoft) + t.Gap * 2;
    ButtonLook primary;
    primary.Kind = ButtonKind::Primary;
    float bw = ButtonWidth(f, ui.Get("erreur_vote.accueil"), primary);
    if (Button(f, ui.Get("erreur_vote.accueil"), ImRect(card.Min.x + pad, y, card.Min.x + pad + bw, y + t.Touch * 1.2f), primary))
        f.Emit(IntentKind::Home);
    ButtonLook quiet;
    quiet.Kind = ButtonKind::Secondary;
    float rw = ButtonWidth(f, ui.Get("erreur_vote.reessayer"), quiet);
    float rx = card.Min.x + pad + bw + t.Gap;
    if (Button(f, ui.Get("erreur_vote.reessayer"), ImRect(rx, y, rx + rw, y + t.Touch * 1.2f), quiet))
        f.Emit(IntentKind::DismissFailure);
}

float TallyBars(Frame& f, const std::vector<std::pair<std::string, long long>>& rows, const std::vector<bool>& highlight,
                long long total, ImVec2 pos, float width, ImU32 bar, ImU32 bar_highlight, const char* singular,
                const char* plural)
{
    const Theme& t = f.T;
    const bool wide = width > t.Mm(300);
    const float label_w = wide ? width * 0.48f : width;
    const float bar_x = wide ? pos.x + label_w + t.Gap : pos.x;
    const float bar_w = pos.x + width - bar_x;
    long long top = 1;
    for (const auto& r : rows) top = std::max(top, r.second);
    const std::string& mine = f.C->Ui.Get("merci.votre_choix");
    float y = pos.y;
    for (size_t i = 0; i < rows.size(); i++) {
        const bool own = i < highlight.size() && highlight[i];
        float lh = Text(f, rows[i].first, ImVec2(pos.x, y), label_w, own ? TextStyle::BodyBold : TextStyle::Body, t.Colours.Ink);
        float by = wide ? y : y + lh + t.Gap * 0.3f;
        float bh = t.Mm(7);
        std::string value = FillIn(f.C->Ui.Get(UsesSingular(f.C->Language, rows[i].second) ? singular : plural),
                                   {{"n", std::to_string(rows[i].second)}});
        if (total > 0) value += " · " + std::to_string(int(rows[i].second * 100 / total + 0.5)) + " %";
        ImVec2 vs = LineSize(f, value, TextStyle::SmallBold);
        float room = bar_w - vs.x - t.Gap - (own ? ChipSize(f, mine).x + t.Gap * 0.5f : 0);
        float len = rows[i].second == 0 ? 0 : std::max(bh, room * float(rows[i].second) / float(top));
        f.Draw->AddRectFilled(ImVec2(bar_x, by), ImVec2(bar_x + room, by + bh), t.Colours.Neutral, bh * 0.5f);
        if (len > 0) f.Draw->AddRectFilled(ImVec2(bar_x, by), ImVec2(bar_x + len, by + bh), own ? bar_highlight : bar, bh * 0.5f);
        float vx = bar_x + room + t.Gap * 0.5f;
        Label(f, value, ImVec2(vx, by + (bh - vs.y) * 0.5f), TextStyle::SmallBold, t.Colours.Ink,
              ImRect(vx, by - bh, pos.x + width, by + bh * 2));
        if (own)
            Chip(f, mine, ImVec2(vx + vs.x + t.Gap * 0.5f, by + (bh - ChipSize(f, mine).y) * 0.5f), bar_highlight,
                 f.T.Colours.White);
        y += (wide ? std::max(lh, bh) : lh + t.Gap * 0.3f + bh) + t.Gap * 0.9f;
    }
    return y - pos.y;
}

void DrawThanks(Frame& f, const Page& page)
{
    const Theme& t = f.T;
    const Content& c = *f.C;
    const float x = t.Margin, width = t.ContentWidth();
    float y = page.Y + t.Margin * 0.8f;
    // "Terminer" sits beside the title: reachable without scrolling past the results.
    ButtonLook look;
    look.Kind = ButtonKind::Primary;
    look.Style = TextStyle::Heading;
    const std::string& done = c.Ui.Get("merci.terminer");
    const float bw = ButtonWidth(f, done, look), bh = t.Touch * 1.3f;
    if (Button(f, done, ImRect(x + width - bw, y, x + width, y + bh), look)) f.Emit(IntentKind::Home);
    const float title_h =
        Text(f, c.Ui.Get("merci.titre"), ImVec2(x, y), width - bw - t.Gap, TextStyle::Display, f.T.Colours.Lever, 1.1f);
    y += std::max(title_h, bh) + t.Gap * 0.6f;
    y += Text(f, c.Ui.Get("merci.texte"), ImVec2(x, y), width, TextStyle::Heading, t.Colours.Ink, 1.25f) + t.Gap * 1.5f;

    // This kiosk's tally, most chosen first; the visitor's own levers stand out.
    std::vector<std::pair<std::string, long long>> rows;
    std::vector<bool> own;
    std::vector<std::string> listed;
    if (f.Facts) {
        for (const Figures::Row& r : f.Facts->PerLever) {
            if (const Lever* l = FindLever(c, r.Key)) {
                rows.push_back({l->Text, r.Ballots});
                own.push_back(std::find(f.S.LastBallot.begin(), f.S.LastBallot.end(), r.Key) != f.S.LastBallot.end());
                listed.push_back(r.Key);
            }
        }
    }
    for (const Axis& a : c.Act.Axes)
        for (const Lever& l : a.Levers)
            if (std::find(listed.begin(), listed.end(), l.Id) == listed.end()) {
                rows.push_back({l.Text, 0});
                own.push_back(false);
            }
    const long long total = f.Facts ? f.Facts->Ballots : 0;
    // The card goes behind the bars, but its height is known only once they are laid out:
    // draw the bars on the upper channel first.
    const float pad = t.Gap * 1.5f;
    f.Draw->ChannelsSplit(2);
    f.Draw->ChannelsSetCurrent(1);
    float h = TallyBars(f, rows, own, total, ImVec2(x + pad, y + pad), width - 2 * pad, f.T.Colours.LeverSoft, f.T.Colours.Lever);
    f.Draw->ChannelsSetCurrent(0);
    Card(f, ImRect(x, y, x + width, y + h + pad * 2), t.Colours.Card);
    f.Draw->ChannelsMerge();
    y += h + pad * 2;
    f.ContentHeight = y + t.Margin - page.Y;
}

} // namespace ess

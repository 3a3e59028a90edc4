// Organiser mode: a PIN keypad, then the kiosk's figures (per lever, day, hour, flagged),
// its database and the actions: export, archive-and-reset, leave, quit.
#include <algorithm>
#include <cmath>

#include "ui/kiosk_ui.h"
#include "ui/screens.h"

namespace ess {

namespace {

void DrawKeypad(Frame& f, const Page& page)
{
    const Theme& t = f.T;
    const Labels& ui = f.C->Ui;
    const KioskState& s = f.S;
    const float gap = t.Gap * 0.7f;
    const float r = t.Mm(2.6f); // the typed digits' dots
    const double locked = f.Facts ? f.Facts->PinLockedFor : 0;
    std::string message;
    if (locked > 0)
        message = FillIn(ui.Get("organisateur.verrouille"), {{"s", std::to_string(int(locked + 0.999))}});
    else if (f.Now - s.PinRejectedAt < s.Durations.Notice)
        message = ui.Get("organisateur.code_faux");
    const std::string& title = ui.Get("organisateur.code");
    const std::string& cancel = ui.Get("organisateur.annuler");
    ButtonLook quiet;
    quiet.Kind = ButtonKind::Quiet;

    // The keys are large where there is room; on a short panel they shrink (never under a
    // finger's 15 mm) and the keypad moves beside the title, so that nothing needs scrolling.
    const float room_h = page.Bottom - page.Top - 2 * t.Margin * 0.6f;
    const float message_h = t.Size(TextStyle::Body) * 1.6f;
    const float column_w = std::min(t.Width - 2 * t.Margin, t.Mm(120));
    const float head_h =
        TextHeight(f, title, column_w, TextStyle::Title, 1.15f) + t.Gap * 1.2f + r * 2 + t.Gap + message_h + t.Gap;
    float key = std::max(t.Touch * 1.4f, t.Mm(22));
    const float stacked_h = head_h + 4 * (key + gap) + t.Gap + t.Touch;
    bool beside = false;
    if (stacked_h > room_h) {
        key = std::max(t.Touch, std::min(key, (room_h - 3 * gap) / 4));
        beside = t.Width > t.Height;
    }
    const float pad_w = key * 3 + gap * 2;
    const float pad_h = 4 * key + 3 * gap;
    // Where the title block and the keypad go.
    float head_x, head_w, keys_x, y, keys_y;
    if (beside) {
        head_w = std::min(column_w, t.Width - pad_w - 3 * t.Margin);
        const float total = head_w + t.Margin + pad_w;
        head_x = (t.Width - total) * 0.5f;
        keys_x = head_x + head_w + t.Margin;
        keys_y = page.Y + std::max(t.Margin * 0.6f, (page.Bottom - page.Top - pad_h) * 0.5f);
        y = page.Y + std::max(t.Margin * 0.6f, (page.Bottom - page.Top - head_h - t.Touch) * 0.5f);
    } else {
        head_w = column_w;
        head_x = (t.Width - head_w) * 0.5f;
        keys_x = (t.Width - pad_w) * 0.5f;
        y = page.Y + std::max(t.Margin * 0.6f, std::min(t.Margin, (room_h - stacked_h) * 0.5f));
        keys_y = y + head_h;
    }
    const float centre = head_x + head_w * 0.5f;
    const float title_w = std::min(head_w, LineSize(f, title, TextStyle::Title).x + 2);
    y += Text(f, title, ImVec2(centre - title_w * 0.5f, y), title_w, TextStyle::Title, t.Colours.Ink, 1.15f) + t.Gap * 1.2f;

    // One dot per digit typed: the code itself is never shown.
    const int shown = std::max<int>(4, int(s.PinDigits.size()));
    float dx = centre - (shown - 1) * r * 3.4f * 0.5f;
    for (int i = 0; i < shown; i++, dx += r * 3.4f) {
        if (i < int(s.PinDigits.size()))
            f.Draw->AddCircleFilled(ImVec2(dx, y + r), r, t.Colours.Ink, 20);
        else
            f.Draw->AddCircle(ImVec2(dx, y + r), r - 1, t.Colours.InkSoft, 20, 2);
    }
    y += r * 2 + t.Gap;
    if (!message.empty()) {
        const float mw = std::min(head_w, LineSize(f, message, TextStyle::BodyBold).x + 2);
        Text(f, "**" + message + "**", ImVec2(centre - mw * 0.5f, y), mw, TextStyle::Body, f.T.Colours.Brake);
    }
    y += message_h + t.Gap;

    const std::string keys[12] = {
        "1", "2", "3", "4", "5", "6", "7", "8", "9", ui.Get("organisateur.effacer"), "0", ui.Get("organisateur.valider")};
    for (int i = 0; i < 12; i++) {
        float kx = keys_x + (i % 3) * (key + gap), ky = keys_y + (i / 3) * (key + gap);
        ButtonLook look;
        look.Kind = i == 11 ? ButtonKind::Primary : ButtonKind::Secondary;
        look.Style = i == 9 || i == 11 ? TextStyle::SmallBold : TextStyle::Title;
        look.Disabled = locked > 0;
        if (!Button(f, keys[i], ImRect(kx, ky, kx + key, ky + key), look)) continue;
        if (i == 9)
            f.Emit(IntentKind::PinErase);
        else if (i == 11)
            f.Emit(IntentKind::PinSubmit);
        else
            f.Emit(IntentKind::PinDigit, i == 10 ? 0 : i + 1);
    }
    float cancel_y = beside ? y : keys_y + pad_h + gap + t.Gap;
    float cw = ButtonWidth(f, cancel, quiet);
    if (Button(f, cancel, ImRect(centre - cw * 0.5f, cancel_y, centre + cw * 0.5f, cancel_y + t.Touch), quiet))
        f.Emit(IntentKind::LeaveOrganiser);
    f.ContentHeight = std::max(cancel_y + t.Touch, keys_y + pad_h) + t.Margin * 0.6f - page.Y;
}

float Table(Frame& f, const std::string& title, const std::vector<Figures::Row>& rows, ImVec2 pos, float width)
{
    const Theme& t = f.T;
    float y = pos.y;
    y += Text(f, title, ImVec2(pos.x, y), width, TextStyle::Heading, t.Colours.Ink, 1.2f) + t.Gap * 0.5f;
    for (const Figures::Row& r : rows) {
        std::string n = std::to_string(r.Ballots);
        ImVec2 ns = LineSize(f, n, TextStyle::BodyBold);
        Text(f, r.Key, ImVec2(pos.x, y), width - ns.x - t.Gap, TextStyle::Body, t.Colours.InkSoft);
        Label(f, n, ImVec2(pos.x + width - ns.x, y), TextStyle::BodyBold, t.Colours.Ink,
              ImRect(pos.x, y, pos.x + width, y + t.Size(TextStyle::Body) * 1.45f));
        y += t.Size(TextStyle::Body) * 1.45f;
    }
    return y - pos.y;
}
// The central server: where, whether it answers, what is still to send, the last upload and the
// last problem; returns where it ends.
float DrawUpload(Frame& f, ImVec2 at, float width)
{
    const Theme& t = f.T;
    const Labels& ui = f.C->Ui;
    const UploadFigures& u = f.Facts->Upload;
    float y = at.y + Text(f, ui.Get("organisateur.serveur"), at, width, TextStyle::Heading, t.Colours.Ink, 1.2f) + t.Gap * 0.5f;
    std::vector<std::string> lines;
    if (!u.Configured) {
        lines.push_back(ui.Get("organisateur.serveur_aucun"));
    } else {
        if (!u.Server.empty()) lines.push_back(u.Server);
        lines.push_back(ui.Get("organisateur.etat") + " : " +
                        ui.Get(u.Reachable ? "organisateur.joignable" : "organisateur.injoignable"));
        const auto counted = [&](const char* singular, const char* plural, long long n) {
            return FillIn(ui.Get(UsesSingular(f.C->Language, n) ? singular : plural), {{"n", std::to_string(n)}});
        };
        if (u.Pending == 0 && u.VisitsPending == 0) {
            lines.push_back(ui.Get("organisateur.tout_envoye"));
        } else if (u.Pending >= 0) {
            std::string waiting = counted("merci.vote", "merci.votes", u.Pending);
            if (u.VisitsPending >= 0)
                waiting += ", " + counted("organisateur.une_visite", "organisateur.n_visites", u.VisitsPending);
            lines.push_back(FillIn(ui.Get("organisateur.en_attente"), {{"n", waiting}}));
        }
        if (!u.VisitsHeld.empty())
            lines.push_back(ui.Get("organisateur.visites_retenues") + " : " +
                            (u.VisitsOutdated ? ui.Get("organisateur.serveur_a_mettre_a_jour") : u.VisitsHeld));
        lines.push_back(ui.Get("organisateur.dernier_envoi") + " : " +
                        (u.LastSent.empty() ? ui.Get("organisateur.jamais") : u.LastSent));
        if (!u.LastError.empty())
            lines.push_back(FillIn(ui.Get("organisateur.derniere_erreur"), {{"h", u.LastErrorAt}}) + " : " + u.LastError);
    }
    for (const std::string& line : lines)
        y += Text(f, line, ImVec2(at.x, y), width, TextStyle::Body, t.Colours.InkSoft) + t.Gap * 0.3f;
    return y;
}

} // namespace

void DrawOrganiser(Frame& f, const Page& page)
{
    if (!f.S.Unlocked) {
        DrawKeypad(f, page);
        return;
    }
    const Theme& t = f.T;
    const Labels& ui = f.C->Ui;
    const Figures empty;
    const Figures& fig = f.Facts ? *f.Facts : empty;
    const float x = t.Margin, width = t.ContentWidth();
    float y = page.Y + t.Margin * 0.6f;
    y += SectionTitle(f, ui.Get("organisateur.titre") + " · " + ui.Get("organisateur.borne") + " " + fig.KioskId, ImVec2(x, y),
                      width, f.T.Colours.Ink) +
         t.Gap;

    if (!fig.Alert.empty()) {
        float h = TextHeight(f, fig.Alert, width - t.Gap * 2, TextStyle::BodyBold) + t.Gap * 1.6f;
        Card(f, ImRect(x, y, x + width, y + h), f.T.Colours.AlertFill, -1, false);
        Text(f, "**" + ui.Get("organisateur.alerte_base") + " :** " + fig.Alert, ImVec2(x + t.Gap, y + t.Gap * 0.8f),
             width - t.Gap * 2, TextStyle::Body, f.T.Colours.AlertInk);
        y += h + t.Gap;
    }

    // Actions, in a row that wraps on narrow screens.
    float bx = x;
    const auto action = [&](const std::string& label, IntentKind kind, ButtonKind kind_look) {
        ButtonLook look;
        look.Kind = kind_look;
        float w = ButtonWidth(f, label, look);
        if (bx + w > x + width) {
            bx = x;
            y += t.Touch + t.Gap * 0.6f;
        }
        if (Button(f, label, ImRect(bx, y, bx + w, y + t.Touch), look)) f.Emit(kind);
        bx += w + t.Gap * 0.6f;
    };
    action(ui.Get("organisateur.exporter"), IntentKind::Export, ButtonKind::Primary);
    if (f.S.ArchiveAsked)
        action(ui.Get("organisateur.confirmer_archivage"), IntentKind::ConfirmArchive, ButtonKind::Primary);
    else
        action(ui.Get("organisateur.archiver"), IntentKind::Archive, ButtonKind::Secondary);
    action(ui.Get("organisateur.quitter_mode"), IntentKind::LeaveOrganiser, ButtonKind::Secondary);
    action(ui.Get("organisateur.fermer"), IntentKind::QuitApp, ButtonKind::Secondary);
    y += t.Touch + t.Gap;
    if (!fig.Notice.empty()) y += Text(f, fig.Notice, ImVec2(x, y), width, TextStyle::BodyBold, t.Colours.Ink) + t.Gap;

    // Key figures.
    const std::pair<std::string, std::string> stats[] = {{ui.Get("organisateur.bulletins"), std::to_string(fig.Ballots)},
                                                         {ui.Get("organisateur.signales"), std::to_string(fig.Flagged)}};
    const float sw = (width - t.Gap) * 0.5f;
    // Both cards as tall as the taller caption needs (a narrow panel wraps them).
    float caption_h = 0;
    for (const auto& stat : stats) caption_h = std::max(caption_h, TextHeight(f, stat.first, sw - 2 * t.Gap, TextStyle::Body));
    for (int i = 0; i < 2; i++) {
        float sx = x + i * (sw + t.Gap);
        float h = t.Size(TextStyle::Display) * 1.2f + caption_h + t.Gap * 2.3f;
        Card(f, ImRect(sx, y, sx + sw, y + h), t.Colours.Card);
        Label(f, stats[i].second, ImVec2(sx + t.Gap, y + t.Gap), TextStyle::Display, t.Colours.Ink,
              ImRect(sx, y, sx + sw, y + h));
        Text(f, stats[i].first, ImVec2(sx + t.Gap, y + t.Gap + t.Size(TextStyle::Display) * 1.2f), sw - 2 * t.Gap,
             TextStyle::Body, t.Colours.InkSoft);
        if (i == 1) y += h + t.Gap;
    }

    // Per lever, with full labels.
    std::vector<std::pair<std::string, long long>> rows;
    for (const Axis& a : f.C->Act.Axes)
        for (const Lever& l : a.Levers) {
            long long n = 0;
            for (const Figures::Row& r : fig.PerLever)
                if (r.Key == l.Id) n = r.Ballots;
            rows.push_back({l.Text, n});
        }
    y += Text(f, ui.Get("organisateur.par_levier"), ImVec2(x, y), width, TextStyle::Heading, t.Colours.Ink, 1.2f) + t.Gap * 0.6f;
    y += TallyBars(f, rows, {}, fig.Ballots, ImVec2(x, y), width, f.T.Colours.Ink, f.T.Colours.Ink) + t.Gap;

    // Today's visits, briefly: how many, how long, how far (the full figures: ess-tally report).
    if (fig.Visits.Known) {
        const VisitFigures& v = fig.Visits;
        const long long s = std::llround(v.MedianSeconds);
        const std::string length = (s >= 60 ? std::to_string(s / 60) + " min " : std::string()) + std::to_string(s % 60) + " s";
        const std::string head = v.Today == 0
                                     ? ui.Get("organisateur.aucune_visite")
                                     : FillIn(ui.Get("organisateur.visites"), {{"n", std::to_string(v.Today)}, {"d", length}});
        y +=
            Text(f, ui.Get("organisateur.parcours"), ImVec2(x, y), width, TextStyle::Heading, t.Colours.Ink, 1.2f) + t.Gap * 0.4f;
        y += Text(f, head, ImVec2(x, y), width, TextStyle::Body, t.Colours.InkSoft) + t.Gap * 0.6f;
        if (v.Today > 0) {
            // The first row is every visit: the bars that follow are shares of it, a funnel.
            const std::vector<std::pair<std::string, long long>> steps = {
                {ui.Get("organisateur.parcours_debut"), v.Today},
                {ui.Get("organisateur.parcours_mutation"), v.OpenedMutation},
                {ui.Get("organisateur.parcours_2040"), v.SawFuture},
                {ui.Get("organisateur.parcours_vote"), v.OpenedVote},
                {ui.Get("organisateur.parcours_vote_confirme"), v.Voted}};
            y += TallyBars(f, steps, {}, v.Today, ImVec2(x, y), width, f.T.Colours.Lever, f.T.Colours.Lever,
                           "organisateur.une_visite", "organisateur.n_visites") +
                 t.Gap;
        }
    }

    // Per day and per hour side by side, then the database.
    const bool wide = width > t.Mm(330);
    const float cw = wide ? (width - t.Gap * 2) / 3 : width;
    float h1 = Table(f, ui.Get("organisateur.par_jour"), fig.PerDay, ImVec2(x, y), cw);
    std::vector<Figures::Row> hours(fig.PerHour.end() - std::min<size_t>(fig.PerHour.size(), 24), fig.PerHour.end());
    float h2 =
        Table(f, ui.Get("organisateur.par_heure"), hours, wide ? ImVec2(x + cw + t.Gap, y) : ImVec2(x, y + h1 + t.Gap), cw);
    ImVec2 dp = wide ? ImVec2(x + 2 * (cw + t.Gap), y) : ImVec2(x, y + h1 + h2 + 2 * t.Gap);
    float dy = dp.y + Text(f, ui.Get("organisateur.base"), dp, cw, TextStyle::Heading, t.Colours.Ink, 1.2f) + t.Gap * 0.5f;
    for (const std::string& line : {fig.DatabasePath, ui.Get("organisateur.taille") + " : " + fig.DatabaseSize,
                                    ui.Get("organisateur.etat") + " : " + fig.DatabaseHealth,
                                    ui.Get("organisateur.dernier_export") + " : " +
                                        (fig.LastExport.empty() ? ui.Get("organisateur.jamais") : fig.LastExport)})
        dy += Text(f, line, ImVec2(dp.x, dy), cw, TextStyle::Body, t.Colours.InkSoft) + t.Gap * 0.3f;
    dy = DrawUpload(f, ImVec2(dp.x, dy + t.Gap * 0.7f), cw);
    y = wide ? std::max({y + h1, y + h2, dy}) : dy;
    f.ContentHeight = y + t.Margin - page.Y;
}

} // namespace ess

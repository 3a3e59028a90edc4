// The accessibility button, at the same place on every visitor screen, and its panel of large
// switches (see screens.h).
#include <algorithm>
#include <cstdio>

#include "ui/screens.h"

namespace ess {

namespace {
// A switch: a track with its knob at the right when on, and the word saying so beside it (the
// state is never told by colour alone).
void DrawSwitch(Frame& f, const ImRect& track, bool on)
{
    const Theme& t = f.T;
    const Palette& p = t.Colours;
    const float r = track.GetHeight() * 0.5f;
    f.Draw->AddRectFilled(track.Min, track.Max, on ? p.Lever : p.Neutral, r);
    f.Draw->AddRect(track.Min, track.Max, on ? p.Lever : p.InkSoft, r, 0, std::max(2.0f, t.Mm(0.5f)));
    const ImVec2 knob(on ? track.Max.x - r : track.Min.x + r, track.GetCenter().y);
    f.Draw->AddCircleFilled(knob, r * 0.72f, on ? p.White : p.InkSoft, 32);
    if (on) DrawIcon(f, "check", knob, r * 0.9f, p.Lever);
}

struct PanelGeometry {
    float X = 0, Width = 0; // a column
};

// One row of the panel: its label, and at its right (or beneath it, when the column is narrow)
// the control; returns the row's height. Measuring only when `draw` is false.
struct Rows {
    Frame& F;
    bool Draw;
    // Compact: the panel in the smaller type, when even two columns do not hold it in the
    // body's (the largest text on a short screen, reading aloud's controls shown).
    bool Compact = false;
    TextStyle Bold = TextStyle::BodyBold, Plain = TextStyle::Body;
    Rows(Frame& f, bool draw, bool compact = false)
        : F(f), Draw(draw), Compact(compact), Bold(compact ? TextStyle::SmallBold : TextStyle::BodyBold),
          Plain(compact ? TextStyle::Small : TextStyle::Body)
    {
    }
    // A label fits beside its control in `room`: on one line, or on two whose words all fit.
    bool FitsBeside(const std::string& label, float room) const
    {
        if (LineSize(F, label, Bold).x <= room) return true;
        size_t start = 0;
        while (start < label.size()) {
            size_t end = label.find(' ', start);
            if (end == std::string::npos) end = label.size();
            if (LineSize(F, label.substr(start, end - start), Bold).x > room) return false;
            start = end + 1;
        }
        return TextHeight(F, label, room, Bold, 1.25f) <= F.T.Size(Bold) * 1.25f * 2 + 1;
    }

    // A switch: the whole row is its touch target.
    float Switch(const std::string& label, bool on, IntentKind kind, float x, float y, float w)
    {
        const Theme& t = F.T;
        const Labels& ui = F.C->Ui;
        const std::string state = ui.Get(on ? "accessibilite.active" : "accessibilite.desactive");
        const float track_w = t.Touch * 1.5f, track_h = t.Touch * 0.62f;
        const float state_w = std::max(LineSize(F, ui.Get("accessibilite.active"), TextStyle::Small).x,
                                       LineSize(F, ui.Get("accessibilite.desactive"), TextStyle::Small).x);
        const float pad = t.Gap * (Compact ? 0.4f : 0.6f);
        float control_w = track_w + t.Gap * 0.5f + state_w;
        // The label beside the switch (on two lines if need be, no word split), else above it.
        bool stacked = !FitsBeside(label, w - control_w - 3 * pad);
        // Compact, the word for the state gives way first (the knob's side and its tick still say
        // it, and speech says it): the row keeps one height.
        bool words = !(Compact && stacked && FitsBeside(label, w - track_w - 3 * pad));
        if (!words) {
            control_w = track_w;
            stacked = false;
        } else if (stacked && control_w > w - 2 * pad) {
            words = false; // under its label, the switch alone fills the column
            control_w = track_w;
        }
        const float label_w = stacked ? w - 2 * pad : w - control_w - 3 * pad;
        const float label_h = TextHeight(F, label, label_w, Bold, 1.25f);
        const float h = stacked ? pad * 2.5f + label_h + std::max(t.Touch * 0.8f, track_h) : std::max(t.Touch, label_h + 2 * pad);
        if (!Draw) return h;
        const ImRect row(x, y, x + w, y + h);
        if (TapArea(F, label, row)) F.Emit(kind);
        F.Describe(label + ", " + ui.Get("accessibilite.interrupteur") + ", " + state);
        F.Draw->AddRect(row.Min, row.Max, t.Colours.Edge, t.Radius * 0.6f, 0, 2);
        const float label_y = stacked ? y + pad : y + (h - label_h) * 0.5f;
        Text(F, "**" + label + "**", ImVec2(x + pad, label_y), label_w, Plain, t.Colours.Ink, 1.25f);
        const float cy = stacked ? y + pad * 1.5f + label_h + std::max(t.Touch * 0.8f, track_h) * 0.5f : y + h * 0.5f;
        const float cx = stacked ? x + pad : x + w - pad - control_w;
        DrawSwitch(F, ImRect(cx, cy - track_h * 0.5f, cx + track_w, cy + track_h * 0.5f), on);
        if (words) {
            const ImVec2 ss = LineSize(F, state, TextStyle::Small);
            const float sx = cx + track_w + t.Gap * 0.5f;
            Label(F, state, ImVec2(sx, cy - ss.y * 0.5f), TextStyle::Small, t.Colours.InkSoft, ImRect(sx, y, x + w, y + h));
        }
        return h;
    }

    // The label, then a row of choices of equal width (the text sizes, or − n +).
    float Choices(const std::string& label, const std::vector<std::string>& options, int selected, IntentKind kind,
                  const std::vector<int>& values, float x, float y, float w)
    {
        const Theme& t = F.T;
        const float pad = t.Gap * (Compact ? 0.4f : 0.6f);
        const float gap = t.Gap * 0.4f, n = float(options.size());
        // Each choice as it is drawn: the chosen one with its tick.
        const auto least = [&](size_t i) {
            ButtonLook look;
            look.Icon = int(i) == selected ? "check" : nullptr;
            look.Style = TextStyle::SmallBold;
            return ButtonWidth(F, options[i], look);
        };
        float choices_w = -gap;
        for (size_t i = 0; i < options.size(); i++) choices_w += least(i) + gap;
        // Compact, the label on the choices' row when both fit (the panel's height is short).
        const float label_line = LineSize(F, label, Bold).x;
        // Side by side when every choice fits its share of `room` (in the smaller type if need
        // be), else one under the other.
        const auto fits_row = [&](float room) {
            const float share = (room - gap * (n - 1)) / n;
            for (size_t i = 0; i < options.size(); i++)
                if (least(i) > share) return false;
            return true;
        };
        const bool beside =
            Compact && label_line + t.Gap + choices_w <= w - 2 * pad && fits_row(w - 2 * pad - label_line - t.Gap);
        const float left = beside ? label_line + t.Gap : 0, room = w - 2 * pad - left;
        const float label_h = beside ? 0 : TextHeight(F, label, w - 2 * pad, Bold, 1.25f);
        const float share = (room - gap * (n - 1)) / n;
        const bool in_row = fits_row(room);
        const float h = beside ? t.Touch + pad * 1.2f : pad * 2.2f + label_h + (in_row ? t.Touch : n * t.Touch + (n - 1) * gap);
        if (!Draw) return h;
        if (beside) {
            const float lh = TextHeight(F, label, label_line + 1, Bold, 1.25f);
            Text(F, "**" + label + "**", ImVec2(x + pad, y + (h - lh) * 0.5f), label_line + 1, Plain, t.Colours.Ink, 1.25f);
        } else {
            Text(F, "**" + label + "**", ImVec2(x + pad, y + pad), w - 2 * pad, Plain, t.Colours.Ink, 1.25f);
        }
        const float by = beside ? y + pad * 0.6f : y + pad * 1.6f + label_h;
        const float bw = in_row ? share : room;
        for (size_t i = 0; i < options.size(); i++) {
            ButtonLook look;
            look.Kind = ButtonKind::Secondary;
            look.Selected = int(i) == selected;
            look.Icon = look.Selected ? "check" : nullptr;
            look.Style = ButtonWidth(F, options[i], look) <= bw ? Bold : TextStyle::SmallBold;
            const float bx = in_row ? x + pad + left + float(i) * (bw + gap) : x + pad + left;
            const float top = in_row ? by : by + float(i) * (t.Touch + gap);
            if (Button(F, options[i], ImRect(bx, top, bx + bw, top + t.Touch), look) && !look.Selected) F.Emit(kind, values[i]);
            F.Describe(label + " : " + options[i] + (look.Selected ? ", " + F.C->Ui.Get("accessibilite.active") : ""));
        }
        return h;
    }

    // "Volume": − the step +. The step is written, as "3 / 5".
    float Stepper(const std::string& label, const std::string& less, const std::string& more, int value, IntentKind kind, float x,
                  float y, float w)
    {
        const Theme& t = F.T;
        const float pad = t.Gap * (Compact ? 0.4f : 0.6f);
        // No-break spaces: "3 / 5" stays whole when the line wraps.
        const std::string step = std::to_string(value) + "\u00a0/\u00a0" + std::to_string(kAccessSteps);
        float step_w = LineSize(F, "5 / 5", Bold).x + t.Gap;
        ButtonLook look;
        look.Kind = ButtonKind::Secondary;
        look.Style = Bold;
        // Compact, round − and + (their labels still name them, for speech and scripts).
        look.IconOnly = Compact;
        look.Icon = Compact ? "minus" : nullptr;
        const float bw = std::max(ButtonWidth(F, less, look), ButtonWidth(F, more, look));
        float control_w = 2 * bw + step_w;
        const bool stacked = !FitsBeside(label, w - control_w - 3 * pad);
        // A narrow column: the step is written after the label, the two buttons side by side.
        const bool step_in_label = stacked && control_w > w - 2 * pad;
        if (step_in_label) {
            step_w = t.Gap * 0.6f;
            control_w = 2 * bw + step_w;
        }
        const std::string shown = step_in_label ? label + "\u00a0· " + step : label;
        const float label_w = stacked ? w - 2 * pad : w - control_w - 3 * pad;
        const float label_h = TextHeight(F, shown, label_w, Bold, 1.25f);
        const float h = stacked ? pad * 2.2f + label_h + t.Touch : std::max(t.Touch, label_h) + 2 * pad * 0.6f;
        if (!Draw) return h;
        Text(F, "**" + shown + "**", ImVec2(x + pad, stacked ? y + pad : y + (h - label_h) * 0.5f), label_w, Plain, t.Colours.Ink,
             1.25f);
        const float by = stacked ? y + pad * 1.6f + label_h : y + (h - t.Touch) * 0.5f;
        float bx = stacked ? x + pad : x + w - pad - control_w;
        look.Disabled = value <= 1;
        if (Button(F, less, ImRect(bx, by, bx + bw, by + t.Touch), look)) F.Emit(kind, value - 1);
        if (!step_in_label) {
            const ImVec2 ss = LineSize(F, step, Bold);
            Label(F, step, ImVec2(bx + bw + (step_w - ss.x) * 0.5f, by + (t.Touch - ss.y) * 0.5f), Bold, t.Colours.Ink,
                  ImRect(bx + bw, by, bx + bw + step_w, by + t.Touch));
        }
        bx += bw + step_w;
        look.Disabled = value >= kAccessSteps;
        if (Compact) look.Icon = "plus";
        if (Button(F, more, ImRect(bx, by, bx + bw, by + t.Touch), look)) F.Emit(kind, value + 1);
        return h;
    }
};

// The panel's content, as a list of rows in reading order.
struct Entry {
    enum Kind { TextSize, Switch, Volume, Rate, Repeat } Type;
    std::string Label;
    bool On = false;
    IntentKind Toggle = IntentKind::CloseAccess;
};

std::vector<Entry> Entries(const Frame& f)
{
    const Labels& ui = f.C->Ui;
    const Access& a = f.S.Options;
    std::vector<Entry> e = {
        {Entry::TextSize, ui.Get("accessibilite.texte")},
        {Entry::Switch, ui.Get("accessibilite.contraste"), a.Contrast, IntentKind::ToggleContrast},
        {Entry::Switch, ui.Get("accessibilite.animations"), a.ReducedMotion, IntentKind::ToggleMotion},
        {Entry::Switch, ui.Get("accessibilite.en_bas"), a.Bottom, IntentKind::ToggleBottom},
        {Entry::Switch, ui.Get("accessibilite.voix"), a.Speech, IntentKind::ToggleSpeech},
    };
    if (a.Speech) {
        e.push_back({Entry::Volume, ui.Get("accessibilite.volume")});
        e.push_back({Entry::Rate, ui.Get("accessibilite.vitesse")});
        e.push_back({Entry::Repeat, ui.Get("accessibilite.repeter")});
    }
    return e;
}

float EntryHeight(Rows& rows, const Entry& e, float x, float y, float w)
{
    const Frame& f = rows.F;
    const Labels& ui = f.C->Ui;
    const Access& a = f.S.Options;
    switch (e.Type) {
    case Entry::TextSize:
        return rows.Choices(e.Label,
                            {ui.Get("accessibilite.taille_normale"), ui.Get("accessibilite.taille_grande"),
                             ui.Get("accessibilite.taille_tres_grande")},
                            a.TextSize, IntentKind::SetTextSize, {0, 1, 2}, x, y, w);
    case Entry::Switch: return rows.Switch(e.Label, e.On, e.Toggle, x, y, w);
    case Entry::Volume:
        return rows.Stepper(e.Label, ui.Get("accessibilite.volume_moins"), ui.Get("accessibilite.volume_plus"), a.Volume,
                            IntentKind::SetVolume, x, y, w);
    case Entry::Rate:
        return rows.Stepper(e.Label, ui.Get("accessibilite.vitesse_moins"), ui.Get("accessibilite.vitesse_plus"), a.Rate,
                            IntentKind::SetRate, x, y, w);
    case Entry::Repeat: {
        if (!rows.Draw) return f.T.Touch + f.T.Gap * 0.4f;
        ButtonLook look;
        look.Kind = ButtonKind::Secondary;
        look.Icon = "repeat";
        const float bw = std::min(w, ButtonWidth(f, e.Label, look));
        if (Button(rows.F, e.Label, ImRect(x, y + f.T.Gap * 0.2f, x + bw, y + f.T.Gap * 0.2f + f.T.Touch), look))
            rows.F.Emit(IntentKind::RepeatSpeech);
        return f.T.Touch + f.T.Gap * 0.4f;
    }
    }
    return 0;
}
} // namespace

ImRect AccessButtonRect(const Frame& f)
{
    const Theme& t = f.T;
    ButtonLook look;
    look.Icon = "access";
    look.IconOnly = !AccessButtonLabelled(f);
    const float w = ButtonWidth(f, f.C->Ui.Get("accessibilite.bouton"), look);
    const float edge = t.Margin * 0.5f, y = (t.BarHeight - t.Touch) * 0.5f;
    const float top = f.S.Options.Bottom ? t.Height - t.BarHeight + y : y;
    return ImRect(t.Width - edge - w, top, t.Width - edge, top + t.Touch);
}

bool AccessButtonLabelled(const Frame& f)
{
    return f.T.Width >= f.T.Mm(300) && f.T.Width >= f.T.Touch * 14;
}

bool AccessButtonTapped(Frame& f)
{
    const ImRect r = AccessButtonRect(f);
    if (!f.InputEnabled || !f.HasTap || !r.Contains(f.Tap)) return false;
    f.HasTap = false;
    f.Emit(IntentKind::OpenAccess);
    return true;
}

void DrawAccessButton(Frame& f)
{
    ButtonLook look;
    look.Kind = ButtonKind::Secondary;
    look.Icon = "access";
    look.IconOnly = !AccessButtonLabelled(f);
    look.Selected = f.S.AccessPanel;
    // Its tap was taken before the screen was drawn (AccessButtonTapped): drawn last, on top.
    const bool had_tap = f.HasTap;
    f.HasTap = false;
    Button(f, f.C->Ui.Get("accessibilite.bouton"), AccessButtonRect(f), look);
    f.HasTap = had_tap;
}

void DrawAccessPanel(Frame& f)
{
    const Theme& t = f.T;
    const Labels& ui = f.C->Ui;
    f.Draw->AddRectFilled(ImVec2(0, 0), ImVec2(t.Width, t.Height), t.Colours.Veil);
    const std::vector<Entry> entries = Entries(f);
    float pad = 0, gap = 0;
    const std::string& title = ui.Get("accessibilite.titre");
    const std::string& close = ui.Get("accessibilite.fermer");
    const float avail_h = t.Height - 2 * t.Gap;

    // The first arrangement that holds on the screen: one column; in landscape two columns (the
    // text sizes across the card, "Fermer" up in the title's row); then the same in the panel's
    // own type a step smaller (the largest text on a short or narrow screen, speech's controls
    // shown).
    struct Arrangement {
        int Columns;
        bool Compact;
    };
    ButtonLook look;
    look.Kind = ButtonKind::Primary;
    const float bw_wide = std::max(ButtonWidth(f, close, look), t.Touch * 3), bw_up = ButtonWidth(f, close, look);
    TextStyle title_style = TextStyle::Title;
    const auto title_width = [&](float w, bool up) { return w - 2 * pad - t.Touch - (up ? bw_up + t.Gap : 0); };
    std::vector<Arrangement> tries = {{1, false}};
    if (t.Width > t.Height * 1.1f) tries.push_back({2, false});
    if (t.Portrait()) tries.push_back({1, true});
    tries.push_back({2, true});                                // a narrow portrait panel too, when one column is taller than it
    if (t.Width > t.Height * 1.1f) tries.push_back({3, true}); // a 7" panel: 92 mm of height for 15 mm rows
    Rows measure{f, false};
    const auto column_height = [&](size_t from, size_t to, float w) {
        float h = 0;
        for (size_t i = from; i < to; i++) h += EntryHeight(measure, entries[i], 0, 0, w) + gap;
        return h - gap;
    };
    int columns = 1;
    bool compact = false, close_up = false; // "Fermer" in the title's row, else at the foot
    size_t first = 0;                       // entries before it span the card
    std::vector<size_t> starts;             // where each column's entries start (the last ends at the end)
    float w = 0, inner = 0, head_h = 0, body_h = 0, foot_h = 0;
    for (const Arrangement& a : tries) {
        columns = a.Columns;
        compact = a.Compact;
        pad = t.Gap * (compact ? 0.8f : 1.4f);
        gap = t.Gap * (compact ? 0.3f : 0.5f);
        title_style = compact ? TextStyle::Heading : TextStyle::Title;
        measure.Compact = compact;
        measure.Bold = compact ? TextStyle::SmallBold : TextStyle::BodyBold;
        measure.Plain = compact ? TextStyle::Small : TextStyle::Body;
        w = columns == 3   ? t.Width - 2 * t.Gap
            : columns == 2 ? std::min(t.Width - 2 * t.Gap, std::max(t.Mm(380), t.Touch * 18.0f))
            : compact
                ? t.Width - 2 * t.Gap
                : std::min(t.Width - 2 * t.Gap,
                           std::max({t.Mm(190), t.Touch * 9.0f, std::min(t.Width * (t.Portrait() ? 0.8f : 0.62f), t.Mm(300))}));
        // "Fermer" up in the title's row when the title still holds on one line beside it; the
        // title in the largest type that holds it on its line (a long word is never split).
        close_up = (columns > 1 || compact) && LineSize(f, title, TextStyle::BodyBold).x <= title_width(w, true);
        for (TextStyle smaller : {TextStyle::Heading, TextStyle::BodyBold})
            if (LineSize(f, title, title_style).x > title_width(w, close_up)) title_style = smaller;
        head_h = std::max(t.Touch, TextHeight(f, title, title_width(w, close_up), title_style, 1.1f));
        foot_h = close_up ? -t.Gap : t.Touch;
        if (columns == 1) {
            first = 0;
            starts = {0};
            inner = w - 2 * pad;
            body_h = column_height(0, entries.size(), inner);
        } else {
            first = 1;
            const float across_h = column_height(0, 1, w - 2 * pad) + gap;
            inner = (w - 2 * pad - t.Gap * 1.5f * float(columns - 1)) / float(columns);
            // The entries in reading order, cut where the tallest column is the shortest.
            body_h = 1e9f;
            const size_t n = entries.size();
            for (size_t a = first + 1; a < n; a++)
                for (size_t b = columns == 3 ? a + 1 : n; b <= n; b++) {
                    if (columns == 3 && b >= n) break;
                    float tallest = std::max(column_height(first, a, inner), column_height(a, columns == 3 ? b : n, inner));
                    if (columns == 3) tallest = std::max(tallest, column_height(b, n, inner));
                    if (tallest < body_h) {
                        body_h = tallest;
                        starts = columns == 3 ? std::vector<size_t>{first, a, b} : std::vector<size_t>{first, a};
                    }
                    if (columns == 2) break;
                }
            body_h += across_h;
        }
        if (head_h + body_h + foot_h + 2 * pad + 2 * t.Gap <= avail_h) break;
    }
    const float h = std::min(avail_h, head_h + body_h + foot_h + 2 * pad + 2 * t.Gap);
    // With "Commandes en bas" the panel too is set low, within a seated visitor's reach.
    const float card_top = f.S.Options.Bottom ? std::max(t.Gap, t.Height - t.BarHeight - t.Gap - h) : (t.Height - h) * 0.5f;
    const ImRect card((t.Width - w) * 0.5f, card_top, (t.Width + w) * 0.5f, card_top + h);
    Card(f, card, t.Colours.Card);

    float y = card.Min.y + pad;
    DrawIcon(f, "access", ImVec2(card.Min.x + pad + t.Touch * 0.4f, y + head_h * 0.5f), t.Touch * 0.8f, t.Colours.Ink);
    const float title_h = TextHeight(f, title, title_width(w, close_up), title_style, 1.1f);
    Text(f, title, ImVec2(card.Min.x + pad + t.Touch, y + (head_h - title_h) * 0.5f), title_width(w, close_up), title_style,
         t.Colours.Ink, 1.1f);
    const float bw = std::min(w - 2 * pad, close_up ? bw_up : bw_wide);
    const float head_y = y;
    y += head_h + t.Gap;
    Rows rows(f, true, compact);
    for (size_t i = 0; i < first; i++) y += EntryHeight(rows, entries[i], card.Min.x + pad, y, w - 2 * pad) + gap;
    for (size_t c = 0; c < starts.size(); c++) {
        float cy = y;
        const float x = card.Min.x + pad + float(c) * (inner + t.Gap * 1.5f);
        const size_t end = c + 1 < starts.size() ? starts[c + 1] : entries.size();
        for (size_t i = starts[c]; i < end; i++) cy += EntryHeight(rows, entries[i], x, cy, inner) + gap;
    }
    const float by = close_up ? head_y + (head_h - t.Touch) * 0.5f : card.Max.y - pad - foot_h;
    if (close_up) foot_h = t.Touch;
    if (Button(f, close, ImRect(card.Max.x - pad - bw, by, card.Max.x - pad, by + foot_h), look)) f.Emit(IntentKind::CloseAccess);
    // A tap beside the panel closes it too: never a trap.
    if (f.HasTap && !card.Contains(f.Tap)) {
        f.HasTap = false;
        f.Emit(IntentKind::CloseAccess);
    }
}

} // namespace ess

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
        const float control_w = track_w + t.Gap * 0.5f + state_w;
        const float pad = t.Gap * (Compact ? 0.4f : 0.6f);
        // The label beside the switch (on two lines if need be, no word split), else above it.
        const bool stacked = !FitsBeside(label, w - control_w - 3 * pad);
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
        const ImVec2 ss = LineSize(F, state, TextStyle::Small);
        const float sx = cx + track_w + t.Gap * 0.5f;
        Label(F, state, ImVec2(sx, cy - ss.y * 0.5f), TextStyle::Small, t.Colours.InkSoft, ImRect(sx, y, x + w, y + h));
        return h;
    }

    // The label, then a row of choices of equal width (the text sizes, or − n +).
    float Choices(const std::string& label, const std::vector<std::string>& options, int selected, IntentKind kind,
                  const std::vector<int>& values, float x, float y, float w)
    {
        const Theme& t = F.T;
        const float pad = t.Gap * (Compact ? 0.4f : 0.6f);
        const float gap = t.Gap * 0.4f, n = float(options.size());
        ButtonLook widest;
        widest.Icon = "check";
        widest.Style = TextStyle::SmallBold;
        float choices_w = -gap;
        for (const std::string& o : options) choices_w += ButtonWidth(F, o, widest) + gap;
        // Compact, the label on the choices' row when both fit (the panel's height is short).
        const float label_line = LineSize(F, label, Bold).x;
        const bool beside = Compact && label_line + t.Gap + choices_w <= w - 2 * pad;
        const float left = beside ? label_line + t.Gap : 0, room = w - 2 * pad - left;
        const float label_h = beside ? 0 : TextHeight(F, label, w - 2 * pad, Bold, 1.25f);
        // Side by side when every choice fits its share (checked, in the smaller type if need
        // be), else one under the other.
        const float share = (room - gap * (n - 1)) / n;
        bool in_row = true;
        for (const std::string& o : options) in_row = in_row && ButtonWidth(F, o, widest) <= share;
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
            ButtonLook checked = look;
            checked.Icon = "check";
            look.Style = ButtonWidth(F, options[i], checked) <= bw ? Bold : TextStyle::SmallBold;
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
        const std::string step = std::to_string(value) + " / " + std::to_string(kAccessSteps);
        const float step_w = LineSize(F, "5 / 5", Bold).x + t.Gap;
        ButtonLook look;
        look.Kind = ButtonKind::Secondary;
        look.Style = Bold;
        const float bw = std::max(ButtonWidth(F, less, look), ButtonWidth(F, more, look));
        const float control_w = 2 * bw + step_w;
        const bool stacked = !FitsBeside(label, w - control_w - 3 * pad);
        const float label_w = stacked ? w - 2 * pad : w - control_w - 3 * pad;
        const float label_h = TextHeight(F, label, label_w, Bold, 1.25f);
        const float h = stacked ? pad * 2.2f + label_h + t.Touch : std::max(t.Touch, label_h) + 2 * pad * 0.6f;
        if (!Draw) return h;
        Text(F, "**" + label + "**", ImVec2(x + pad, stacked ? y + pad : y + (h - label_h) * 0.5f), label_w, Plain, t.Colours.Ink,
             1.25f);
        const float by = stacked ? y + pad * 1.6f + label_h : y + (h - t.Touch) * 0.5f;
        float bx = stacked ? x + pad : x + w - pad - control_w;
        look.Disabled = value <= 1;
        if (Button(F, less, ImRect(bx, by, bx + bw, by + t.Touch), look)) F.Emit(kind, value - 1);
        const ImVec2 ss = LineSize(F, step, Bold);
        Label(F, step, ImVec2(bx + bw + (step_w - ss.x) * 0.5f, by + (t.Touch - ss.y) * 0.5f), Bold, t.Colours.Ink,
              ImRect(bx + bw, by, bx + bw + step_w, by + t.Touch));
        bx += bw + step_w;
        look.Disabled = value >= kAccessSteps;
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
    float pad = t.Gap * 1.4f, gap = t.Gap * 0.5f;
    const std::string& title = ui.Get("accessibilite.titre");
    const std::string& close = ui.Get("accessibilite.fermer");
    const float avail_h = t.Height - 2 * t.Gap;

    // One column when it fits the screen's height, else two side by side.
    bool compact = false;
    Rows measure{f, false};
    const auto column_height = [&](size_t from, size_t to, float w) {
        float h = 0;
        for (size_t i = from; i < to; i++) h += EntryHeight(measure, entries[i], 0, 0, w) + gap;
        return h - gap;
    };
    int columns = 1;
    size_t first = 0;      // entries before this one span the whole card (two columns: the text size)
    float across_h = 0;    // their height
    bool close_up = false; // "Fermer" in the title's row (two columns), else at the foot
    float w = std::min(t.Width - 2 * t.Gap,
                       std::max({t.Mm(190), t.Touch * 9.0f, std::min(t.Width * (t.Portrait() ? 0.8f : 0.62f), t.Mm(300))}));
    float inner = w - 2 * pad;
    const float head_h = std::max(t.Touch, TextHeight(f, title, inner - t.Touch * 1.2f, TextStyle::Title, 1.1f));
    float foot_h = t.Touch;
    float body_h = column_height(0, entries.size(), inner);
    size_t split = entries.size();
    if (head_h + body_h + foot_h + 2 * pad + 2 * t.Gap > avail_h && t.Width > t.Height * 1.1f) {
        // Two columns: the text sizes across the card, the switches beneath in two columns, and
        // "Fermer" up in the title's row.
        columns = 2;
        close_up = true;
        foot_h = -t.Gap;
        first = 1;
        w = std::min(t.Width - 2 * t.Gap, std::max(t.Mm(380), t.Touch * 18.0f));
        across_h = column_height(0, 1, w - 2 * pad) + gap;
        inner = (w - 2 * pad - t.Gap * 1.5f) * 0.5f;
        // The entries in reading order, cut where the taller column is the shortest.
        body_h = 1e9f;
        for (size_t cut = first + 1; cut < entries.size(); cut++) {
            const float tallest = std::max(column_height(first, cut, inner), column_height(cut, entries.size(), inner));
            if (tallest < body_h) {
                body_h = tallest;
                split = cut;
            }
        }
        body_h += across_h;
        if (!compact && head_h + body_h + 2 * pad + t.Gap > avail_h) {
            // Still too tall: the panel's own type a step smaller (still the larger text's).
            compact = true;
            pad = t.Gap * 0.8f;
            gap = t.Gap * 0.3f;
            inner = (w - 2 * pad - t.Gap * 1.5f) * 0.5f;
            measure.Compact = true;
            measure.Bold = TextStyle::SmallBold;
            measure.Plain = TextStyle::Small;
            across_h = column_height(0, 1, w - 2 * pad) + gap;
            body_h = 1e9f;
            for (size_t cut = first + 1; cut < entries.size(); cut++) {
                const float tallest = std::max(column_height(first, cut, inner), column_height(cut, entries.size(), inner));
                if (tallest < body_h) {
                    body_h = tallest;
                    split = cut;
                }
            }
            body_h += across_h;
        }
    }
    const float h = std::min(avail_h, head_h + body_h + foot_h + 2 * pad + 2 * t.Gap);
    // With "Commandes en bas" the panel too is set low, within a seated visitor's reach.
    const float card_top = f.S.Options.Bottom ? std::max(t.Gap, t.Height - t.BarHeight - t.Gap - h) : (t.Height - h) * 0.5f;
    const ImRect card((t.Width - w) * 0.5f, card_top, (t.Width + w) * 0.5f, card_top + h);
    Card(f, card, t.Colours.Card);

    float y = card.Min.y + pad;
    DrawIcon(f, "access", ImVec2(card.Min.x + pad + t.Touch * 0.4f, y + head_h * 0.5f), t.Touch * 0.8f, t.Colours.Ink);
    const float title_h = TextHeight(f, title, inner - t.Touch * 1.2f, TextStyle::Title, 1.1f);
    ButtonLook look;
    look.Kind = ButtonKind::Primary;
    const float bw = std::min(w - 2 * pad, std::max(ButtonWidth(f, close, look), t.Touch * 3));
    Text(f, title, ImVec2(card.Min.x + pad + t.Touch, y + (head_h - title_h) * 0.5f),
         w - 2 * pad - t.Touch - (close_up ? bw + t.Gap : 0), TextStyle::Title, t.Colours.Ink, 1.1f);
    const float head_y = y;
    y += head_h + t.Gap;
    Rows rows(f, true, compact);
    for (size_t i = 0; i < first; i++) y += EntryHeight(rows, entries[i], card.Min.x + pad, y, w - 2 * pad) + gap;
    for (int c = 0; c < columns; c++) {
        float cy = y;
        const float x = card.Min.x + pad + float(c) * (inner + t.Gap * 1.5f);
        for (size_t i = c == 0 ? first : split; i < (c == 0 ? split : entries.size()); i++)
            cy += EntryHeight(rows, entries[i], x, cy, inner) + gap;
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

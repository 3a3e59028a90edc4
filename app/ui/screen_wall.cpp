// The results wall (ess-kiosk --wall), for a projector or the event's big screen: the question,
// every lever with its bar and share, the ballots and kiosks counted, the time of the last
// update; bars grow to their new length; offline, the last figures stay with a calm notice.
// Read-only: nothing on it answers a touch.
#include <algorithm>
#include <cmath>

#include "ui/kiosk_ui.h"
#include "ui/screens.h"

namespace ess {

namespace {

// "{n} votes" or "{n} vote": French takes the singular for 0 and 1.
std::string Counted(const Content& c, const char* plural, const char* singular, long long n)
{
    return FillIn(c.Ui.Get(UsesSingular(c.Language, n) ? singular : plural), {{"n", std::to_string(n)}});
}

long long CountOf(const std::vector<FigureRow>& rows, const std::string& id)
{
    for (const FigureRow& r : rows)
        if (r.Key == id) return r.Ballots;
    return 0;
}

constexpr float kLeading = 1.15f;
constexpr int kPageDots = 20; // segments of a page dot

// Where a page's parts go: the same for every page but the rows' heights.
struct Geometry {
    float Gap, Pad, ShareWidth, TextX, TextWidth, MinRow, BarHeight, Foot;
    Geometry(Frame& f)
    {
        const Theme& t = f.T;
        Gap = Pad = t.Gap * 0.8f;
        ShareWidth = LineSize(f, "100 %", TextStyle::Display).x + t.Gap;
        TextX = t.Margin + Pad + ShareWidth;
        TextWidth = t.Width - t.Margin - Pad - TextX;
        MinRow = t.Size(TextStyle::Display) * 1.2f + 2 * Pad;
        BarHeight = t.Size(TextStyle::Small) * 0.7f;
        Foot = std::max(BarHeight, t.Size(TextStyle::SmallBold) * 1.2f);
    }
    // The rows an axis's levers need in `style`, before the room left is shared out.
    std::vector<float> Rows(Frame& f, const Axis& axis, TextStyle style) const
    {
        std::vector<float> rows;
        for (const Lever& l : axis.Levers)
            rows.push_back(std::max(MinRow, Pad + TextHeight(f, l.Text, TextWidth, style, kLeading) + Pad * 0.6f + Foot + Pad));
        return rows;
    }
    // The height `rows` rows may take between `top` and `bottom`, the gaps between them set aside.
    float Room(size_t rows, float top, float bottom) const { return bottom - top - Gap * float(std::max<size_t>(rows, 1) - 1); }
};

float Sum(const std::vector<float>& v)
{
    float s = 0;
    for (float x : v) s += x;
    return s;
}

// An axis's chip, its title and the page dots (`page` of `pages` filled), at `y`; returns their height.
float AxisLine(Frame& f, const Axis& axis, int axis_index, int page, int pages, float y, bool draw)
{
    const Theme& t = f.T;
    const Palette& p = t.Colours;
    const float m = t.Margin;
    const std::string chip = f.C->Ui.Get("agir.axe") + " " + std::to_string(axis_index + 1);
    const ImVec2 chip_size = ChipSize(f, chip, TextStyle::BodyBold);
    const float dot = t.Size(TextStyle::Body) * 0.35f;
    const float title_x = m + chip_size.x + t.Gap * 0.6f;
    const float title_w = t.Width - m - float(pages) * dot * 3.2f - title_x - t.Gap;
    const float title_y = y + (chip_size.y - t.Size(TextStyle::Title) * 1.1f) * 0.5f;
    if (!draw) return std::max(chip_size.y, title_y - y + TextHeight(f, axis.Title, title_w, TextStyle::Title, 1.1f));
    for (int i = 0; i < pages; i++) {
        const ImVec2 centre(t.Width - m - float(pages - 1 - i) * dot * 3.2f - dot, y + chip_size.y * 0.5f);
        if (i == page)
            f.Draw->AddCircleFilled(centre, dot, p.Ink, kPageDots);
        else
            f.Draw->AddCircle(centre, dot - 1, p.InkSoft, kPageDots, 2);
    }
    Chip(f, chip, ImVec2(m, y), p.Ink, p.White, TextStyle::BodyBold);
    return std::max(chip_size.y,
                    title_y - y + Text(f, axis.Title, ImVec2(title_x, title_y), title_w, TextStyle::Title, p.Ink, 1.1f));
}

// What one page of the wall shows: levers [First, First + Count) of an axis, in `Style`.
struct WallSheet {
    int Axis = 0;
    size_t First = 0, Count = 0;
    TextStyle Style = TextStyle::Small;
};

// The wall's pages below `top` (where the header ends).
std::vector<WallSheet> Paginate(Frame& f, const Geometry& g, float top)
{
    const Theme& t = f.T;
    const std::vector<Axis>& axes = f.C->Act.Axes;
    const int count = int(axes.size());
    const auto room = [&](int i, size_t rows) {
        const float start = top + AxisLine(f, axes[size_t(i)], i, 0, count, top, false) + t.Gap;
        return g.Room(rows, start, t.Height - t.Margin);
    };
    std::vector<WallSheet> book;
    for (TextStyle style : {TextStyle::Heading, TextStyle::Body, TextStyle::Small}) {
        book.clear();
        for (int i = 0; i < count; i++) {
            const std::vector<float> rows = g.Rows(f, axes[size_t(i)], style);
            if (Sum(rows) > room(i, rows.size())) break;
            book.push_back({i, 0, rows.size(), style});
        }
        if (int(book.size()) == count) return book;
    }
    // Too small for a whole axis on a page: the fewest pages that hold it, their levers shared
    // out evenly (2 + 2 rather than 3 + 1); a lever alone on its page if nothing else fits.
    book.clear();
    for (int i = 0; i < count; i++) {
        const std::vector<float> rows = g.Rows(f, axes[size_t(i)], TextStyle::Small);
        const size_t n = rows.size();
        size_t parts = 1;
        for (; parts < n; parts++) {
            bool fits = true;
            for (size_t k = 0; k < parts && fits; k++) {
                const size_t first = n * k / parts, last = n * (k + 1) / parts;
                float used = 0;
                for (size_t r = first; r < last; r++) used += rows[r];
                fits = used <= room(i, last - first);
            }
            if (fits) break;
        }
        for (size_t k = 0; k < parts; k++)
            book.push_back({i, n * k / parts, n * (k + 1) / parts - n * k / parts, TextStyle::Small});
    }
    return book;
}

} // namespace

// One axis of "Comment agir ?" at a time, in the study's order, each lever large enough to read
// across a hall; the pages turn by themselves (kWallPageSeconds), the header stays.
void DrawWall(Frame& f)
{
    const Theme& t = f.T;
    const Content& c = *f.C;
    const Labels& ui = c.Ui;
    const WallFigures& w = f.Facts->Wall;
    const Palette& p = t.Colours;
    const float m = t.Margin, full = t.Width - 2 * m;
    if (c.Act.Axes.empty()) return;

    // Growth since the last change, eased: every bar and share moves together.
    const float grow = EaseInOutCubic(float(std::clamp((f.Now - w.ChangedAt) / kWallGrowSeconds, 0.0, 1.0)));
    const double ballots = double(w.BallotsBefore) + double(w.Ballots - w.BallotsBefore) * grow;

    // The question, and what the figures are: on every page. Offline, the time of the last
    // figures gives way to a calm notice in the brakes' colour, on the same line.
    float y = m;
    y += Text(f, ui.Get("vote.titre"), ImVec2(m, y), full, TextStyle::Display, p.Ink, 1.1f) + t.Gap * 0.5f;
    if (!w.Loaded) {
        y += Text(f, ui.Get(w.Problem.empty() ? "mur.attente" : "mur.indisponible"), ImVec2(m, y), full, TextStyle::Heading,
                  p.InkSoft, 1.2f);
    } else {
        // No ballot yet: the wait said in words rather than "0 vote · 0 borne".
        const std::string counts = w.Ballots == 0 ? ui.Get("mur.attente")
                                                  : Counted(*f.C, "mur.votes", "mur.vote", w.Ballots) + " · " +
                                                        Counted(*f.C, "mur.bornes", "mur.borne", w.Kiosks);
        const std::string when = w.Online ? FillIn(ui.Get("mur.mis_a_jour"), {{"h", w.UpdatedAt}})
                                          : FillIn(ui.Get("mur.hors_ligne"), {{"h", w.OfflineSince}, {"h0", w.UpdatedAt}});
        const ImU32 when_ink = w.Online ? p.InkSoft : p.Brake;
        const float line = t.Size(TextStyle::Heading) * 1.2f;
        const float counts_w = LineSize(f, counts + " · ", TextStyle::Heading).x;
        if (counts_w + LineSize(f, when, TextStyle::Heading).x <= full) {
            Text(f, counts + " · ", ImVec2(m, y), full, TextStyle::Heading, p.InkSoft, 1.2f);
            y += Text(f, when, ImVec2(m + counts_w, y), full - counts_w, TextStyle::Heading, when_ink, 1.2f);
        } else {
            // Too long for one line: the time on a line of its own, no separator left hanging.
            y += std::max(line, Text(f, counts, ImVec2(m, y), full, TextStyle::Heading, p.InkSoft, 1.2f));
            y += Text(f, when, ImVec2(m, y), full, TextStyle::Heading, when_ink, 1.2f);
        }
        // The shares add up to more than 100 %: say why before anyone asks.
        y += t.Gap * 0.3f + Text(f, ui.Get("mur.part"), ImVec2(m, y + t.Gap * 0.3f), full, TextStyle::Small, p.InkSoft, 1.2f);
    }
    y += t.Gap;

    // The pages: one per axis, in the labels' largest type with which every axis fits; on a
    // panel too small for that, an axis takes several pages in the smallest type.
    const Geometry g(f);
    const std::vector<WallSheet> book = Paginate(f, g, y);
    const int pages = int(book.size());
    const int page = WallPage(f.Now, pages);
    const WallSheet& shown = book[size_t(page)];
    const Axis& axis = c.Act.Axes[size_t(shown.Axis)];
    const float fade = pages > 1 ? WallPageFade(f.Now) : 1.0f;
    const int first_vertex = f.Draw->VtxBuffer.Size;
    // This page's axis: a chip, its title, then one row per lever; dots say which page it is.
    y += AxisLine(f, axis, shown.Axis, page, pages, y, true) + t.Gap;
    if (shown.Count == 0) return;

    // A long label takes a taller row; the room left is shared out, up to half a row each (a
    // lever alone on its page stays a row, not a poster).
    std::vector<float> rows = g.Rows(f, axis, shown.Style);
    rows.erase(rows.begin(), rows.begin() + long(shown.First));
    rows.resize(shown.Count);
    const float spare =
        std::min(g.MinRow * 0.5f, std::max(0.0f, g.Room(shown.Count, y, t.Height - m) - Sum(rows)) / float(rows.size()));
    for (size_t i = 0; i < shown.Count; i++) {
        const Lever& lever = axis.Levers[shown.First + i];
        const float ry = y, rh = rows[i] + spare;
        y += rh + g.Gap;
        const ImRect row(m, ry, t.Width - m, ry + rh);
        Card(f, row, p.Card, -1, false);
        const long long now = CountOf(w.PerLever, lever.Id), before = CountOf(w.Before, lever.Id);
        const double count = double(before) + double(now - before) * grow;
        const double share = ballots > 0 ? count / ballots : 0;
        // No figures yet (the source never answered, or no ballot): a dash, not a misleading 0 %.
        const bool figures = w.Loaded && (w.Ballots > 0 || w.BallotsBefore > 0);
        const std::string percent = figures ? std::to_string(int(std::lround(share * 100))) + " %" : "–";
        Label(f, percent, ImVec2(m + g.Pad, ry + (rh - t.Size(TextStyle::Display) * 1.2f) * 0.5f), TextStyle::Display, p.Lever,
              ImRect(m + g.Pad, ry, m + g.Pad + g.ShareWidth, ry + rh));
        // The label and its bar, together in the middle of the row; the count at the bar's end.
        const float label_h = TextHeight(f, lever.Text, g.TextWidth, shown.Style, kLeading);
        const float top = ry + (rh - (label_h + g.Pad * 0.6f + g.Foot)) * 0.5f;
        Text(f, lever.Text, ImVec2(g.TextX, top), g.TextWidth, shown.Style, p.Ink, kLeading);
        const std::string votes = figures ? Counted(*f.C, "mur.votes", "mur.vote", now) : "";
        const float votes_w = LineSize(f, votes, TextStyle::SmallBold).x;
        const float foot_y = top + label_h + g.Pad * 0.6f;
        const float bar_y = foot_y + (g.Foot - g.BarHeight) * 0.5f, room = g.TextWidth - votes_w - t.Gap;
        const float radius = g.BarHeight * 0.5f;
        f.Draw->AddRectFilled(ImVec2(g.TextX, bar_y), ImVec2(g.TextX + room, bar_y + g.BarHeight), p.Neutral, radius);
        if (share > 0)
            f.Draw->AddRectFilled(ImVec2(g.TextX, bar_y),
                                  ImVec2(g.TextX + std::max(g.BarHeight, float(room * share)), bar_y + g.BarHeight), p.Lever,
                                  radius);
        if (!votes.empty())
            Label(f, votes,
                  ImVec2(g.TextX + g.TextWidth - votes_w, foot_y + (g.Foot - t.Size(TextStyle::SmallBold) * 1.2f) * 0.5f),
                  TextStyle::SmallBold, p.InkSoft, row);
    }
    if (fade < 1.0f) FadeAndSlide(f.Draw, first_vertex, fade, 0);
}

} // namespace ess

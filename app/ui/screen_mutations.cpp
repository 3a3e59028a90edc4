// The four mutations as large illustrated tiles; a tile opens its mutation.
#include <algorithm>

#include "ui/screens.h"

namespace ess {

float SectionTitle(Frame& f, const std::string& title, ImVec2 pos, float width, ImU32 accent)
{
    const Theme& t = f.T;
    f.Draw->AddRectFilled(ImVec2(pos.x, pos.y + t.Size(TextStyle::Title) * 0.18f),
                          ImVec2(pos.x + t.Mm(2.2f), pos.y + t.Size(TextStyle::Title) * 1.05f), accent, t.Mm(1.1f));
    float indent = t.Mm(6);
    return Text(f, title, ImVec2(pos.x + indent, pos.y), width - indent, TextStyle::Title, t.Colours.Ink, 1.15f);
}

void DrawMutations(Frame& f, const Page& page)
{
    const Theme& t = f.T;
    const Content& c = *f.C;
    const float x0 = t.Margin, width = t.ContentWidth();
    float y = page.Y + t.Margin * 0.8f;
    y += SectionTitle(f, c.Expo.MutationsTitle, ImVec2(x0, y), width, t.Colours.Ink) + t.Gap;
    y += Text(f, c.Expo.MutationsText, ImVec2(x0, y), std::min(width, t.Mm(420)), TextStyle::Body, t.Colours.InkSoft) +
         t.Gap * 1.5f;

    const int n = int(c.Mutations.size());
    const int columns = width / 4 > t.Mm(105) ? 4 : (width / 2 > t.Mm(60) ? 2 : 1);
    const float tile_w = (width - t.Gap * (columns - 1)) / columns;
    const float pad = t.Gap * 1.1f;
    const TextStyle title_style = columns >= 4 || tile_w < t.Mm(80) ? TextStyle::BodyBold : TextStyle::Heading;
    // The picture names the tile; it never takes more than a third of the screen.
    const float image_h = std::min(tile_w * (columns >= 4 ? 0.58f : 0.42f), t.Height * 0.3f);

    for (int row = 0; row * columns < n; row++) {
        // Tiles of a row share their height, so the grid stays calm.
        float text_h = 0;
        for (int i = row * columns; i < std::min(n, (row + 1) * columns); i++)
            text_h = std::max(text_h, TextHeight(f, c.Mutations[i].Title, tile_w - 2 * pad, title_style, 1.25f));
        const float chip_h = ChipSize(f, "M", TextStyle::SmallBold).y;
        const float tile_h = image_h + pad + chip_h + t.Gap * 0.6f + text_h + pad * 1.3f;
        for (int i = row * columns; i < std::min(n, (row + 1) * columns); i++) {
            const Mutation& mu = c.Mutations[i];
            float x = x0 + (i % columns) * (tile_w + t.Gap);
            ImRect tile(x, y, x + tile_w, y + tile_h);
            if (tile.Max.y < page.Top || tile.Min.y > page.Bottom) {
                OutOfView(f, mu.Title, tile);
                continue;
            }
            Card(f, tile, t.Colours.Card);
            DrawImage(f, mu.Illustration, ImRect(tile.Min, ImVec2(tile.Max.x, tile.Min.y + image_h)), t.Radius,
                      Rgb(mu.Colour, 50), ImDrawFlags_RoundCornersTop, t.Colours.Background);
            f.Draw->AddRectFilled(ImVec2(tile.Min.x, tile.Min.y + image_h), ImVec2(tile.Max.x, tile.Min.y + image_h + t.Mm(1.6f)),
                                  f.T.Accent(mu.Colour));
            float ty = tile.Min.y + image_h + pad;
            std::string number = c.Ui.Get("mutation.numero") + " " + std::to_string(i + 1);
            Chip(f, number, ImVec2(tile.Min.x + pad, ty), Rgb(mu.Colour, 36), Mix(f.T.Accent(mu.Colour), t.Colours.Ink, 0.35f));
            ty += chip_h + t.Gap * 0.6f;
            Text(f, mu.Title, ImVec2(tile.Min.x + pad, ty), tile_w - 2 * pad, title_style, t.Colours.Ink, 1.25f);
            if (TapArea(f, mu.Title, tile)) f.Emit(IntentKind::OpenMutation, i);
        }
        y += tile_h + t.Gap;
    }
    f.ContentHeight = y + t.Margin - page.Y;
}

} // namespace ess

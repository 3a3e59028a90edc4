// Welcome screen: the study's title, the four illustrations, and one obvious invitation:
// the whole screen is the button.
#include <algorithm>

#include "core/figures.h"
#include "ui/screens.h"

namespace ess {

namespace {
// How the welcome screen is set: the share of the screen the pictures take, the title's and
// subtitle's styles and the space between them. The first of these that holds the whole block
// is used: large screens get the poster, small panels a quieter one that still fits.
struct WelcomeLayout {
    float Mosaic; // share of the width (landscape) or height (portrait)
    TextStyle Title, Subtitle;
    float Air; // scales the gaps
};
constexpr WelcomeLayout kLayouts[] = {
    {0.44f, TextStyle::Display, TextStyle::Heading, 1.0f}, {0.38f, TextStyle::Display, TextStyle::Heading, 0.8f},
    {0.40f, TextStyle::Title, TextStyle::Heading, 0.8f},   {0.33f, TextStyle::Title, TextStyle::Heading, 0.6f},
    {0.36f, TextStyle::Heading, TextStyle::Body, 0.6f},    {0.30f, TextStyle::Heading, TextStyle::Body, 0.45f},
    {0.26f, TextStyle::BodyBold, TextStyle::Body, 0.35f},
};
} // namespace

void DrawWelcome(Frame& f)
{
    const Theme& t = f.T;
    const Content& c = *f.C;
    const bool portrait = t.Portrait();
    const float m = t.Margin * 1.4f;
    const std::string& invite = c.Ui.Get("accueil.invitation");
    const float large_h = std::max(t.Touch, std::min(t.Touch * 1.5f, t.Height * 0.16f)); // the invitation's height
    const float chip_h = ChipSize(f, c.Expo.Overline, TextStyle::BodyBold).y;
    // The accessibility button's corner (top right, or bottom right): nothing else goes there.
    const ImRect access = AccessButtonRect(f);
    const bool low = f.S.Options.Bottom;
    const float keep_top = low ? m : std::max(m, access.Max.y + t.Gap * 0.6f);
    const float keep_bottom = low ? std::max(m, t.Height - access.Min.y + t.Gap * 0.6f) : m;

    // Title block first: it decides how much room the pictures get.
    WelcomeLayout layout = kLayouts[0];
    float width = 0, block_h = 0, area_top = 0, area_h = 0;
    float h = large_h;
    for (const WelcomeLayout& candidate : kLayouts) {
        layout = candidate;
        h = layout.Title == TextStyle::Display ? large_h : t.Touch * 1.15f; // in keeping with its smaller type
        width = portrait ? t.Width - 2 * m : t.Width * (1 - layout.Mosaic) - m - t.Gap * 2.5f * layout.Air;
        area_top = portrait ? t.Height * layout.Mosaic : 0;
        area_h = t.Height - area_top - (portrait ? keep_bottom : 2 * m);
        const float g = t.Gap * layout.Air;
        block_h = chip_h + g * 1.2f + TextHeight(f, c.Expo.Title, width, layout.Title, 1.12f) + g * 1.1f +
                  TextHeight(f, c.Expo.Subtitle, width, layout.Subtitle, 1.3f) + g * 3.0f + h;
        if (block_h <= area_h) break;
    }
    const float g = t.Gap * layout.Air;

    // The four illustrations as a mosaic: right of the title in landscape, above it in portrait.
    ImRect mosaic = portrait ? ImRect(m, keep_top, t.Width - m, t.Height * layout.Mosaic)
                             : ImRect(t.Width * (1 - layout.Mosaic), keep_top, t.Width - m, t.Height - keep_bottom);
    const float cw = (mosaic.GetWidth() - t.Gap) * 0.5f, ch = (mosaic.GetHeight() - t.Gap) * 0.5f;
    for (size_t i = 0; i < c.Mutations.size() && i < 4; i++) {
        const Mutation& mu = c.Mutations[i];
        float x = mosaic.Min.x + (i % 2) * (cw + t.Gap), y = mosaic.Min.y + (i / 2) * (ch + t.Gap);
        ImRect r(x, y, x + cw, y + ch);
        DrawImage(f, mu.Illustration, r, t.Radius, Rgb(mu.Colour, 60), ImDrawFlags_RoundCornersAll, t.Colours.Background);
        // Number badge in the mutation's colour ties the picture to its accent.
        const TextStyle number_style = std::min(cw, ch) > t.Mm(45) ? TextStyle::Heading : TextStyle::BodyBold;
        float badge = t.Size(number_style) * 1.5f;
        ImVec2 bc(r.Min.x + badge * 0.5f + t.Gap * 0.6f, r.Min.y + badge * 0.5f + t.Gap * 0.6f);
        f.Draw->AddCircleFilled(bc, badge * 0.5f, f.T.Accent(mu.Colour), 32);
        std::string number = std::to_string(i + 1);
        ImVec2 ns = LineSize(f, number, number_style);
        Label(f, number, ImVec2(bc.x - ns.x * 0.5f, bc.y - ns.y * 0.5f), number_style, f.T.Colours.White,
              ImRect(bc.x - badge * 0.5f, bc.y - badge * 0.5f, bc.x + badge * 0.5f, bc.y + badge * 0.5f));
    }

    // Title block, then the invitation, centred together in the free space.
    float x = m;
    float y = std::max(area_top + m * 0.9f, area_top + (t.Height - area_top - block_h) * 0.5f);
    if (portrait) y = std::max(area_top + t.Gap, area_top + (t.Height - area_top - keep_bottom - block_h) * 0.5f);
    Chip(f, c.Expo.Overline, ImVec2(x, y), t.Colours.Ink, f.T.Colours.White, TextStyle::BodyBold);
    y += chip_h + g * 1.2f;
    y += Text(f, c.Expo.Title, ImVec2(x, y), width, layout.Title, t.Colours.Ink, 1.12f) + g * 1.1f;
    y += Text(f, c.Expo.Subtitle, ImVec2(x, y), width, layout.Subtitle, t.Colours.InkSoft, 1.3f) + g * 3.0f;

    // The invitation: drawn as a large pill, but the whole screen answers the touch.
    TextStyle invite_style = layout.Title == TextStyle::Display ? TextStyle::Heading : TextStyle::BodyBold;
    const auto pill_width = [&](TextStyle style) { return LineSize(f, invite, style).x + h * 1.3f + t.Size(style); };
    if (pill_width(invite_style) > width) invite_style = TextStyle::BodyBold;
    if (pill_width(invite_style) > width) invite_style = TextStyle::SmallBold;
    ImVec2 ts = LineSize(f, invite, invite_style);
    float pill_w = std::min(width, pill_width(invite_style));
    // Still too long (the largest text on a narrow panel): the invitation on two lines, the pill taller.
    const float text_room = pill_w - h - t.Size(invite_style) * 0.6f;
    const bool wrapped = ts.x > text_room;
    const float text_h = wrapped ? TextHeight(f, invite, text_room, invite_style, 1.2f) : ts.y;
    ImRect pill(x, y, x + pill_w, y + std::max(h, text_h + t.Size(invite_style) * 0.9f));
    f.Draw->AddRectFilled(ImVec2(pill.Min.x, pill.Min.y + t.Mm(1.2f)), ImVec2(pill.Max.x, pill.Max.y + t.Mm(1.5f)),
                          t.Colours.Shadow, h * 0.5f);
    f.Draw->AddRectFilled(pill.Min, pill.Max, c.Mutations.empty() ? t.Colours.Ink : f.T.Accent(c.Mutations[0].Colour), h * 0.5f);
    ImVec2 dot(pill.Min.x + h * 0.5f, pill.GetCenter().y);
    f.Draw->AddCircleFilled(dot, h * 0.3f, f.T.Colours.GlassDot, 32);
    DrawIcon(f, "next", dot, h * 0.5f, f.T.Colours.White);
    if (wrapped)
        Text(f, invite, ImVec2(pill.Min.x + h, pill.GetCenter().y - text_h * 0.5f), text_room, invite_style, f.T.Colours.White,
             1.2f);
    else
        Label(f, invite, ImVec2(pill.Min.x + h, pill.GetCenter().y - ts.y * 0.5f), invite_style, f.T.Colours.White, pill);

    // The languages, each named in itself, beside the accessibility button: before the whole
    // screen's touch area, so that they take their own touches.
    if (f.Facts && f.Facts->Languages.size() > 1) {
        ButtonLook look;
        look.Kind = ButtonKind::Secondary;
        look.Style = TextStyle::BodyBold;
        float lx = access.Min.x - t.Gap;
        for (int i = int(f.Facts->Languages.size()) - 1; i >= 0; i--) {
            const std::string& name = f.Facts->Languages[size_t(i)];
            look.Selected = f.S.Language == i;
            look.Icon = look.Selected ? "check" : nullptr;
            const float w = ButtonWidth(f, name, look);
            if (Button(f, name, ImRect(lx - w, access.Min.y, lx, access.Max.y), look) && !look.Selected)
                f.Emit(IntentKind::SetLanguage, i);
            lx -= w + t.Gap * 0.5f;
        }
    }
    if (TapArea(f, invite, ImRect(0, 0, t.Width, t.Height))) f.Emit(IntentKind::OpenMutations);
}

} // namespace ess

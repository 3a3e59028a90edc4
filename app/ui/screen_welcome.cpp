// Welcome screen: the study's title, the four illustrations, and one obvious invitation:
// the whole screen is the button.
#include <algorithm>

#include "ui/screens.h"

namespace ess {

void DrawWelcome(Frame& f)
{
    const Theme& t = f.T;
    const Content& c = *f.C;
    const bool portrait = t.Portrait();
    const float m = t.Margin * 1.4f;

    // The four illustrations as a mosaic: right half in landscape, top half in portrait.
    ImRect mosaic = portrait ? ImRect(m, m, t.Width - m, t.Height * 0.5f) : ImRect(t.Width * 0.56f, m, t.Width - m, t.Height - m);
    const float g = t.Gap;
    const float cw = (mosaic.GetWidth() - g) * 0.5f, ch = (mosaic.GetHeight() - g) * 0.5f;
    for (size_t i = 0; i < c.Mutations.size() && i < 4; i++) {
        const Mutation& mu = c.Mutations[i];
        float x = mosaic.Min.x + (i % 2) * (cw + g), y = mosaic.Min.y + (i / 2) * (ch + g);
        ImRect r(x, y, x + cw, y + ch);
        DrawImage(f, mu.Illustration, r, t.Radius, Rgb(mu.Colour, 60), ImDrawFlags_RoundCornersAll, t.Colours.Background);
        // Number badge in the mutation's colour ties the picture to its accent.
        float badge = t.Size(TextStyle::Heading) * 1.5f;
        ImVec2 bc(r.Min.x + badge * 0.5f + g * 0.6f, r.Min.y + badge * 0.5f + g * 0.6f);
        f.Draw->AddCircleFilled(bc, badge * 0.5f, Rgb(mu.Colour), 32);
        std::string number = std::to_string(i + 1);
        ImVec2 ns = LineSize(f, number, TextStyle::Heading);
        f.Draw->AddText(t.Font(TextStyle::Heading), t.Size(TextStyle::Heading), ImVec2(bc.x - ns.x * 0.5f, bc.y - ns.y * 0.5f),
                        IM_COL32_WHITE, number.c_str());
    }

    // Title block, then the invitation, centred together in the free space.
    const std::string& invite = c.Ui.Get("accueil.invitation");
    const float h = t.Touch * 1.5f;
    float x = m;
    float width = portrait ? t.Width - 2 * m : t.Width * 0.56f - m - t.Gap * 2.5f;
    const float block_h = ChipSize(f, c.Expo.Overline, TextStyle::BodyBold).y + t.Gap * 1.2f +
                          TextHeight(f, c.Expo.Title, width, TextStyle::Display, 1.12f) + t.Gap * 1.1f +
                          TextHeight(f, c.Expo.Subtitle, width, TextStyle::Heading, 1.3f) + t.Gap * 3.0f + h;
    const float area_top = portrait ? mosaic.Max.y : 0;
    float y = std::max(area_top + m * 0.9f, area_top + (t.Height - area_top - block_h) * 0.5f);
    Chip(f, c.Expo.Overline, ImVec2(x, y), t.Colours.Ink, IM_COL32_WHITE, TextStyle::BodyBold);
    y += ChipSize(f, c.Expo.Overline, TextStyle::BodyBold).y + t.Gap * 1.2f;
    y += Text(f, c.Expo.Title, ImVec2(x, y), width, TextStyle::Display, t.Colours.Ink, 1.12f) + t.Gap * 1.1f;
    y += Text(f, c.Expo.Subtitle, ImVec2(x, y), width, TextStyle::Heading, t.Colours.InkSoft, 1.3f) + t.Gap * 3.0f;

    // The invitation: drawn as a large pill, but the whole screen answers the touch.
    ImVec2 ts = LineSize(f, invite, TextStyle::Heading);
    float pill_w = std::min(width, ts.x + h * 1.6f + t.Size(TextStyle::Heading));
    ImRect pill(x, y, x + pill_w, y + h);
    f.Draw->AddRectFilled(ImVec2(pill.Min.x, pill.Min.y + t.Mm(1.2f)), ImVec2(pill.Max.x, pill.Max.y + t.Mm(1.5f)),
                          t.Colours.Shadow, h * 0.5f);
    f.Draw->AddRectFilled(pill.Min, pill.Max, c.Mutations.empty() ? t.Colours.Ink : Rgb(c.Mutations[0].Colour), h * 0.5f);
    ImVec2 dot(pill.Min.x + h * 0.5f, pill.GetCenter().y);
    f.Draw->AddCircleFilled(dot, h * 0.3f, IM_COL32(255, 255, 255, 60), 32);
    DrawIcon(f, "next", dot, h * 0.5f, IM_COL32_WHITE);
    f.Draw->AddText(t.Font(TextStyle::Heading), t.Size(TextStyle::Heading),
                    ImVec2(pill.Min.x + h, pill.GetCenter().y - ts.y * 0.5f), IM_COL32_WHITE, invite.c_str());
    f.Texts.push_back({invite, pill});

    if (TapArea(f, invite, ImRect(0, 0, t.Width, t.Height))) f.Emit(IntentKind::OpenMutations);
}

} // namespace ess

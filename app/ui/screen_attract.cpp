// Unattended screens: the attract loop cycling through the visions of 2040 (desirable, then
// dystopian, mutation after mutation), and the "Vous êtes toujours là ?" question.
#include <algorithm>
#include <cmath>

#include "ui/kiosk_ui.h"
#include "ui/screens.h"

namespace ess {

namespace {

struct Slide {
    const Mutation* M;
    Side S;
    const TitledText* Vision;
};

std::vector<Slide> Slides(const Content& c)
{
    // One vision of each side per mutation, alternating, so the loop shows both futures.
    std::vector<Slide> out;
    for (const Mutation& m : c.Mutations) {
        if (!m.Desirable.empty()) out.push_back({&m, Side::Desirable, &m.Desirable.front()});
        if (!m.Dystopia.empty()) out.push_back({&m, Side::Dystopian, &m.Dystopia.front()});
    }
    return out;
}

// The invitation's pill at the bottom left, the same on every slide.
ImRect InvitationPill(const Frame& f, TextStyle& style)
{
    const Theme& t = f.T;
    const std::string& invite = f.C->Ui.Get("accueil.invitation");
    const float room = t.Width - 3 * t.Margin;
    style = TextStyle::Heading;
    float h = t.Touch * 1.5f;
    if (LineSize(f, invite, style).x + h * 1.6f > room || t.Height < t.Mm(150)) {
        style = TextStyle::BodyBold;
        h = t.Touch * 1.15f;
    }
    const float w = std::min(room, LineSize(f, invite, style).x + h * 1.6f);
    const float m = t.Margin * 1.5f;
    return ImRect(m, t.Height - m - h, m + w, t.Height - m);
}

void DrawSlide(Frame& f, const Slide& slide, float text_bottom)
{
    const Theme& t = f.T;
    const Labels& ui = f.C->Ui;
    const bool desirable = slide.S == Side::Desirable;
    const ImU32 accent = f.T.Accent(slide.M->Colour);
    const ImU32 background = desirable ? Mix(f.T.Colours.White, accent, 0.14f) : t.Colours.Night;
    const ImU32 ink = desirable ? t.Colours.Ink : t.Colours.NightInk;
    const ImU32 soft = desirable ? t.Colours.InkSoft : t.Colours.NightSoft;
    f.Draw->AddRectFilled(ImVec2(0, 0), ImVec2(t.Width, t.Height), background);

    const bool portrait = t.Portrait();
    const float m = t.Margin * 1.5f;
    const std::string& side = ui.Get(desirable ? "futur.souhaitable" : "futur.dystopique");
    const std::string chip = slide.M->DesirableYear.empty() ? side : slide.M->DesirableYear + " · " + side;
    const std::string& heading = desirable ? slide.M->DesirableTitle : slide.M->DystopiaTitle;
    // The largest type, and the largest picture, with which the words end above the invitation.
    struct Choice {
        float Picture; // share of the height (portrait) or width (landscape)
        TextStyle Vision;
    };
    const Choice choices[] = {{portrait ? 0.36f : 0.40f, TextStyle::Display},
                              {portrait ? 0.30f : 0.36f, TextStyle::Title},
                              {portrait ? 0.24f : 0.32f, TextStyle::Heading}};
    Choice choice = choices[0];
    float width = 0, top = 0;
    for (const Choice& c : choices) {
        choice = c;
        width = portrait ? t.Width - 2 * m : t.Width * (1 - c.Picture) - m - t.Gap * 2;
        top = portrait ? t.Height * c.Picture + m * 0.8f : m * 1.3f;
        const float h = ChipSize(f, chip, TextStyle::BodyBold).y + t.Gap +
                        TextHeight(f, heading, width, TextStyle::Heading, 1.2f) + t.Gap * 0.6f +
                        TextHeight(f, slide.Vision->Title, width, c.Vision, 1.1f) + t.Gap * 1.2f +
                        TextHeight(f, slide.M->Title, width, TextStyle::Body);
        if (top + h <= text_bottom) break;
    }
    ImRect picture = portrait ? ImRect(m, m, t.Width - m, t.Height * choice.Picture)
                              : ImRect(t.Width * (1 - choice.Picture), m, t.Width - m, t.Height - m * 2.2f);
    DrawImage(f, slide.M->Illustration, picture, t.Radius * 1.5f, WithAlpha(accent, 0.3f), ImDrawFlags_RoundCornersAll,
              background);
    if (!desirable) // the dystopia's picture is dimmed, as if the lights had gone down
        f.Draw->AddRectFilled(picture.Min, picture.Max, f.T.Colours.Dimmed, t.Radius * 1.5f);

    float y = top;
    Chip(f, chip, ImVec2(m, y), desirable ? accent : Mix(accent, f.T.Colours.Drained, 0.55f), f.T.Colours.White,
         TextStyle::BodyBold);
    y += ChipSize(f, chip, TextStyle::BodyBold).y + t.Gap;
    y += Text(f, heading, ImVec2(m, y), width, TextStyle::Heading, soft, 1.2f) + t.Gap * 0.6f;
    y += Text(f, slide.Vision->Title, ImVec2(m, y), width, choice.Vision, ink, 1.1f) + t.Gap * 1.2f;
    Text(f, slide.M->Title, ImVec2(m, y), width, TextStyle::Body, soft);
}

} // namespace

void DrawAttract(Frame& f)
{
    const Theme& t = f.T;
    const std::vector<Slide> slides = Slides(*f.C);
    if (slides.empty()) return;
    const double elapsed = std::max(0.0, f.Now - f.S.AttractAt);
    const size_t index = size_t(elapsed / kAttractSlide) % slides.size();
    const double into = std::fmod(elapsed, kAttractSlide);
    TextStyle invite_style = TextStyle::Heading;
    const ImRect pill = InvitationPill(f, invite_style);
    DrawSlide(f, slides[index], pill.Min.y - t.Gap);
    if (into < kAttractFade && elapsed >= kAttractSlide && !f.S.Options.ReducedMotion) {
        // (Reduced motion: still slides, one replacing the other without a fade.)
        // Cross-fade: the previous slide drawn over the new one, fading out. Its texts are not
        // recorded: they are on their way out, drawn over the new ones.
        int first = f.Draw->VtxBuffer.Size;
        const size_t texts = f.Texts.size();
        DrawSlide(f, slides[(index + slides.size() - 1) % slides.size()], pill.Min.y - t.Gap);
        f.Texts.resize(texts);
        FadeAndSlide(f.Draw, first, 1.0f - EaseInOutCubic(float(into / kAttractFade)), 0);
    }
    // The invitation, always in the same place; the whole screen answers the touch.
    const std::string& invite = f.C->Ui.Get("accueil.invitation");
    const float h = pill.GetHeight();
    ImVec2 ts = LineSize(f, invite, invite_style);
    f.Draw->AddRectFilled(pill.Min, pill.Max, f.T.Accent(slides[index].M->Colour),
                          h * 0.5f); // stands out on light and dark slides
    DrawIcon(f, "next", ImVec2(pill.Min.x + h * 0.5f, pill.GetCenter().y), h * 0.5f, f.T.Colours.White);
    Label(f, invite, ImVec2(pill.Min.x + h, pill.GetCenter().y - ts.y * 0.5f), invite_style, f.T.Colours.White, pill);
    if (TapArea(f, invite, ImRect(0, 0, t.Width, t.Height))) f.Emit(IntentKind::LeaveAttract);
}

void DrawIdleQuestion(Frame& f, double countdown_seconds)
{
    const Theme& t = f.T;
    const Labels& ui = f.C->Ui;
    f.Draw->AddRectFilled(ImVec2(0, 0), ImVec2(t.Width, t.Height), f.T.Colours.VeilDeep);
    const int left = std::max(0, int(std::ceil(countdown_seconds - (f.Now - f.S.IdleQuestionAt))));
    const std::string number = std::to_string(left);
    const float w = std::min(t.Width - 2 * t.Margin, t.Mm(210)), pad = t.Gap * 2;
    const float text_w = w - 2 * pad;
    const float h = pad * 2 + t.Size(TextStyle::Display) * 1.3f + t.Gap +
                    TextHeight(f, ui.Get("veille.question"), text_w, TextStyle::Title, 1.15f) + t.Gap * 0.6f +
                    TextHeight(f, ui.Get("veille.texte"), text_w, TextStyle::Heading, 1.25f);
    ImRect card((t.Width - w) * 0.5f, (t.Height - h) * 0.5f, (t.Width + w) * 0.5f, (t.Height + h) * 0.5f);
    Card(f, card, t.Colours.Card);
    // The seconds left, in a ring that empties as they pass.
    const float r = t.Size(TextStyle::Display) * 0.65f;
    ImVec2 centre(card.GetCenter().x, card.Min.y + pad + r);
    const float fraction = float(std::clamp((f.Now - f.S.IdleQuestionAt) / countdown_seconds, 0.0, 1.0));
    f.Draw->AddCircle(centre, r, t.Colours.Neutral, 48, t.Mm(1.6f));
    f.Draw->PathArcTo(centre, r, -1.5708f, -1.5708f + 6.2832f * (1 - fraction), 48);
    f.Draw->PathStroke(t.Colours.Ink, 0, t.Mm(1.6f));
    ImVec2 ns = LineSize(f, number, TextStyle::Title);
    Label(f, number, ImVec2(centre.x - ns.x * 0.5f, centre.y - ns.y * 0.5f), TextStyle::Title, t.Colours.Ink,
          ImRect(centre.x - r, centre.y - r, centre.x + r, centre.y + r));
    float y = card.Min.y + pad + t.Size(TextStyle::Display) * 1.3f + t.Gap;
    y += Text(f, ui.Get("veille.question"), ImVec2(card.Min.x + pad, y), text_w, TextStyle::Title, t.Colours.Ink, 1.15f) +
         t.Gap * 0.6f;
    Text(f, ui.Get("veille.texte"), ImVec2(card.Min.x + pad, y), text_w, TextStyle::Heading, t.Colours.InkSoft, 1.25f);
}

} // namespace ess

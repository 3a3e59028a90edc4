// Frame orchestration: background, fixed bars, the current screen and its transition.
#include "ui/kiosk_ui.h"

#include <algorithm>

#include "ui/screens.h"

namespace ess {

namespace {
// The fixed top bar: home and back always at the left, the study's sections at the right. On a
// narrow panel home and back show only their icons, then the sections get smaller type, then a
// second row: never a label cut or two buttons over each other. Returns the bar's height.
float DrawTopBar(Frame& f)
{
    const Theme& t = f.T;
    const Labels& ui = f.C->Ui;
    struct Item {
        std::string Label;
        IntentKind Kind;
        bool Selected;
        const char* Icon;
    };
    const Item left[] = {{ui.Get("navigation.accueil"), IntentKind::Home, false, "home"},
                         {ui.Get("navigation.retour"), IntentKind::Back, false, "back"}};
    const Item right[] = {{ui.Get("navigation.mutations"), IntentKind::OpenMutations, f.S.Current == Screen::Mutations, nullptr},
                          {ui.Get("navigation.agir"), IntentKind::OpenAct, f.S.Current == Screen::Act, nullptr},
                          {ui.Get("navigation.a_propos"), IntentKind::OpenAbout, f.S.Current == Screen::About, nullptr}};
    const float edge = t.Margin * 0.5f, gap = t.Gap * 0.5f, room = t.Width - 2 * edge;
    const auto look_of = [](const Item& item, bool icon_only, TextStyle style) {
        ButtonLook look;
        look.Kind = item.Icon ? ButtonKind::Secondary : ButtonKind::Quiet;
        look.Selected = item.Selected;
        look.Icon = item.Icon;
        look.IconOnly = icon_only;
        look.Style = style;
        return look;
    };
    const auto row_width = [&](const Item* items, size_t n, bool icon_only, TextStyle style) {
        float w = 0;
        for (size_t i = 0; i < n; i++) w += ButtonWidth(f, items[i].Label, look_of(items[i], icon_only, style)) + gap;
        return w - gap;
    };
    // The first arrangement that fits on one row, else two rows.
    bool icon_only = false, two_rows = false;
    TextStyle style = TextStyle::BodyBold;
    const auto fits = [&] { return row_width(left, 2, icon_only, style) + t.Gap + row_width(right, 3, false, style) <= room; };
    if (!fits()) icon_only = true;
    if (!fits()) style = TextStyle::SmallBold;
    if (!fits()) {
        two_rows = true;
        icon_only = false;
        style = row_width(right, 3, false, TextStyle::BodyBold) <= room ? TextStyle::BodyBold : TextStyle::SmallBold;
    }
    const float h = t.Touch, row = t.BarHeight;
    const float height = two_rows ? row + h + (row - h) * 0.5f : row;
    f.Draw->AddRectFilled(ImVec2(0, 0), ImVec2(t.Width, height), t.Colours.Background);
    f.Draw->AddLine(ImVec2(0, height - 1), ImVec2(t.Width, height - 1), f.T.Colours.Rule, 2);
    const auto draw = [&](const Item& item, const ImRect& r, const ButtonLook& look) {
        if (Button(f, item.Label, r, look) && !item.Selected) f.Emit(item.Kind);
    };
    float y = (row - h) * 0.5f, x = edge;
    for (const Item& item : left) {
        const ButtonLook look = look_of(item, icon_only, two_rows ? TextStyle::BodyBold : style);
        const float w = ButtonWidth(f, item.Label, look);
        draw(item, ImRect(x, y, x + w, y + h), look);
        x += w + gap * 1.2f;
    }
    if (two_rows) {
        // The sections share the second row evenly, like a tab bar.
        y += h + (row - h) * 0.5f;
        const float spare = (room - row_width(right, 3, false, style)) / 3;
        x = edge;
        for (const Item& item : right) {
            const ButtonLook look = look_of(item, false, style);
            const float w = ButtonWidth(f, item.Label, look) + spare;
            draw(item, ImRect(x, y, x + w, y + h), look);
            x += w + gap;
        }
        return height;
    }
    x = t.Width - edge;
    for (int i = 2; i >= 0; i--) {
        const ButtonLook look = look_of(right[i], false, style);
        const float w = ButtonWidth(f, right[i].Label, look);
        draw(right[i], ImRect(x - w, y, x, y + h), look);
        x -= w + gap;
    }
    return height;
}
} // namespace

UiOutput KioskUi::DrawFrame(const KioskState& state, const Content* content, const std::vector<std::string>& problems,
                            const Figures& figures, const Theme& theme, const Images& images, const FrameInput& input, double now)
{
    ImDrawList* draw = ImGui::GetBackgroundDrawList();
    Frame f{theme, content, state, images, Cache, now, draw};
    f.Facts = &figures;
    f.HasTap = input.HasTap;
    f.Tap = ImVec2(input.TapX, input.TapY);
    f.Pressed = input.Pressed;
    f.PressPos = ImVec2(input.PressX, input.PressY);
    f.Clip = ImRect(0, 0, theme.Width, theme.Height);
    // The background is the renderer's clear colour (theme.Colours.Background): a full-screen
    // rectangle here would cost a whole extra layer of fill on a CPU rasteriser.

    UiOutput out;
    out.PageArea = f.Clip;
    if ((state.Current == Screen::OutOfOrder || !content) && state.Current != Screen::Organiser) {
        DrawOutOfOrder(f, problems);
        out.Intents = std::move(f.Intents);
        out.Targets = std::move(f.Targets);
        out.Texts = std::move(f.Texts);
        out.Cards = std::move(f.Cards);
        return out;
    }

    // No taps while a screen slides in: a visitor's double tap must not skip a screen.
    const float progress = TransitionProgress(state, now);
    f.InputEnabled = progress >= 1.0f;

    // While the idle question shows, the screen beneath is inert: a touch only answers it.
    if (state.IdleQuestion) f.InputEnabled = false;
    if (state.Current == Screen::Wall) {
        DrawWall(f);
    } else if (state.Current == Screen::Welcome || state.Current == Screen::Attract) {
        int first = draw->VtxBuffer.Size;
        if (state.Current == Screen::Welcome)
            DrawWelcome(f);
        else
            DrawAttract(f);
        FadeAndSlide(draw, first, EaseOutCubic(progress), 0);
    } else {
        // Fixed bars are drawn first so they take taps before the page beneath them. The
        // organiser screen has none: a visitor's navigation has no place there.
        const bool failure = state.Current == Screen::Vote && state.BallotFailedNotice;
        if (failure) f.InputEnabled = false; // only the apology's buttons answer
        float top = 0, bottom = theme.Height;
        if (state.Current != Screen::Organiser) top = DrawTopBar(f);
        if (state.Current == Screen::Mutation) top += DrawMutationTabs(f, top);
        if (state.Current == Screen::Vote) bottom -= DrawVoteBar(f);
        Page page{top, bottom, top - state.Scroll.Offset};
        f.Clip = ImRect(0, top, theme.Width, bottom);
        draw->PushClipRect(f.Clip.Min, f.Clip.Max);
        f.InPage = true;
        f.ScrollOffset = state.Scroll.Offset;
        int first = draw->VtxBuffer.Size;
        switch (state.Current) {
        case Screen::Mutations: DrawMutations(f, page); break;
        case Screen::Mutation: DrawMutation(f, page); break;
        case Screen::Act: DrawAct(f, page); break;
        case Screen::About: DrawAbout(f, page); break;
        case Screen::Vote: DrawVote(f, page); break;
        case Screen::Thanks: DrawThanks(f, page); break;
        case Screen::Organiser: DrawOrganiser(f, page); break;
        default: break;
        }
        float eased = EaseOutCubic(progress);
        FadeAndSlide(draw, first, eased, (1 - eased) * theme.Mm(18) * state.TransitionDirection);
        draw->PopClipRect();
        f.InPage = false;
        out.ScrollMax = std::max(0.0f, f.ContentHeight - (bottom - top));
        out.PageArea = ImRect(0, top, theme.Width, bottom);
        if (failure) {
            f.Clip = ImRect(0, 0, theme.Width, theme.Height);
            f.InputEnabled = true;
            f.Layer = 1;
            DrawVoteFailure(f);
        }
    }
    if (state.IdleQuestion) {
        f.Clip = ImRect(0, 0, theme.Width, theme.Height);
        f.Layer = 1;
        DrawIdleQuestion(f, figures.IdleCountdown);
    }
    out.Intents = std::move(f.Intents);
    out.Targets = std::move(f.Targets);
    out.Texts = std::move(f.Texts);
    out.Cards = std::move(f.Cards);
    return out;
}

} // namespace ess

// Frame orchestration: background, fixed bars, the current screen and its transition.
#include "ui/kiosk_ui.h"

#include <algorithm>

#include "ui/screens.h"

namespace ess {

namespace {
// The fixed top bar: home and back always at the left, the study's sections at the right, then
// the accessibility button. On a narrow panel home and back show only their icons, then the
// sections get smaller type, then a second row: never a label cut or two buttons over each
// other. With "Commandes en bas" the same bar is set at the bottom of the screen.
struct TopBar {
    struct Item {
        std::string Label;
        IntentKind Kind;
        bool Selected;
        const char* Icon;
    };
    std::vector<Item> Left, Right;
    bool IconOnly = false, TwoRows = false;
    TextStyle Style = TextStyle::BodyBold;
    float Height = 0;
};

ButtonLook LookOf(const TopBar::Item& item, bool icon_only, TextStyle style)
{
    ButtonLook look;
    look.Kind = item.Icon ? ButtonKind::Secondary : ButtonKind::Quiet;
    look.Selected = item.Selected;
    look.Icon = item.Icon;
    look.IconOnly = icon_only;
    look.Style = style;
    return look;
}

TopBar ChooseTopBar(const Frame& f)
{
    const Theme& t = f.T;
    const Labels& ui = f.C->Ui;
    TopBar bar;
    bar.Left = {{ui.Get("navigation.accueil"), IntentKind::Home, false, "home"},
                {ui.Get("navigation.retour"), IntentKind::Back, false, "back"}};
    bar.Right = {{ui.Get("navigation.mutations"), IntentKind::OpenMutations, f.S.Current == Screen::Mutations, nullptr},
                 {ui.Get("navigation.agir"), IntentKind::OpenAct, f.S.Current == Screen::Act, nullptr},
                 {ui.Get("navigation.a_propos"), IntentKind::OpenAbout, f.S.Current == Screen::About, nullptr}};
    const float edge = t.Margin * 0.5f, gap = t.Gap * 0.5f;
    const float access = AccessButtonRect(f).GetWidth() + t.Gap;
    const float room = t.Width - 2 * edge - access;
    const auto row_width = [&](const std::vector<TopBar::Item>& items, bool icon_only, TextStyle style) {
        float w = 0;
        for (const TopBar::Item& item : items) w += ButtonWidth(f, item.Label, LookOf(item, icon_only, style)) + gap;
        return w - gap;
    };
    // The first arrangement that fits on one row, else two rows.
    const auto fits = [&] {
        return row_width(bar.Left, bar.IconOnly, bar.Style) + t.Gap + row_width(bar.Right, false, bar.Style) <= room;
    };
    if (!fits()) bar.IconOnly = true;
    if (!fits()) bar.Style = TextStyle::SmallBold;
    if (!fits()) {
        bar.TwoRows = true;
        bar.IconOnly = false;
        const float second = t.Width - 2 * edge;
        bar.Style = row_width(bar.Right, false, TextStyle::BodyBold) <= second ? TextStyle::BodyBold : TextStyle::SmallBold;
    }
    const float h = t.Touch, row = t.BarHeight;
    bar.Height = bar.TwoRows ? row + h + (row - h) * 0.5f : row;
    return bar;
}

// Draws the bar from `top`; returns its height.
float DrawTopBar(Frame& f, const TopBar& bar, float top)
{
    const Theme& t = f.T;
    const float edge = t.Margin * 0.5f, gap = t.Gap * 0.5f, room = t.Width - 2 * edge;
    const float h = t.Touch, row = t.BarHeight, height = bar.Height;
    const bool bottom = f.S.Options.Bottom;
    f.Draw->AddRectFilled(ImVec2(0, top), ImVec2(t.Width, top + height), t.Colours.Background);
    const float rule = bottom ? top + 1 : top + height - 1;
    f.Draw->AddLine(ImVec2(0, rule), ImVec2(t.Width, rule), f.T.Colours.Rule, 2);
    const auto draw = [&](const TopBar::Item& item, const ImRect& r, const ButtonLook& look) {
        if (Button(f, item.Label, r, look) && !item.Selected) f.Emit(item.Kind);
    };
    // At the bottom the row of home, back and the accessibility button is the lowest, nearest the
    // hand; at the top it is the first.
    const float first = bottom && bar.TwoRows ? top + h + (row - h) * 0.5f : top;
    float y = first + (row - h) * 0.5f, x = edge;
    for (const TopBar::Item& item : bar.Left) {
        const ButtonLook look = LookOf(item, bar.IconOnly, bar.TwoRows ? TextStyle::BodyBold : bar.Style);
        const float w = ButtonWidth(f, item.Label, look);
        draw(item, ImRect(x, y, x + w, y + h), look);
        x += w + gap * 1.2f;
    }
    float section_w = -gap;
    for (const TopBar::Item& item : bar.Right) section_w += ButtonWidth(f, item.Label, LookOf(item, false, bar.Style)) + gap;
    if (bar.TwoRows) {
        // The sections share the other row evenly, like a tab bar.
        y = bottom ? top + (row - h) * 0.5f : y + h + (row - h) * 0.5f;
        const float spare = (room - section_w) / 3;
        x = edge;
        for (const TopBar::Item& item : bar.Right) {
            const ButtonLook look = LookOf(item, false, bar.Style);
            const float w = ButtonWidth(f, item.Label, look) + spare;
            draw(item, ImRect(x, y, x + w, y + h), look);
            x += w + gap;
        }
        return height;
    }
    x = AccessButtonRect(f).Min.x - t.Gap;
    for (int i = 2; i >= 0; i--) {
        const ButtonLook look = LookOf(bar.Right[size_t(i)], false, bar.Style);
        const float w = ButtonWidth(f, bar.Right[size_t(i)].Label, look);
        draw(bar.Right[size_t(i)], ImRect(x - w, y, x, y + h), look);
        x -= w + gap;
    }
    return height;
}
} // namespace

// The keypad's focus: a ring of ink and a ring of white around the target, seen on any ground.
static void DrawFocusRing(Frame& f, const ImRect& page)
{
    const FocusMark& mark = f.S.Focus;
    if (mark.Label.empty()) return;
    int seen = 0;
    for (const TouchTarget& target : f.Focusable) {
        if (target.Label != mark.Label || seen++ != mark.Nth) continue;
        if (target.Rect.GetWidth() <= 1 || target.Rect.GetHeight() <= 1) return;
        const Theme& t = f.T;
        const ImRect& r = target.Full;
        const float w = std::max(3.0f, t.Mm(1.0f)), radius = std::min(r.GetHeight() * 0.5f, t.Radius) + w * 2;
        f.Draw->PushClipRect(target.InPage ? page.Min : ImVec2(0, 0), target.InPage ? page.Max : ImVec2(t.Width, t.Height));
        const ImVec2 a(r.Min.x - w * 1.5f, r.Min.y - w * 1.5f), b(r.Max.x + w * 1.5f, r.Max.y + w * 1.5f);
        f.Draw->AddRect(ImVec2(a.x - w * 0.5f, a.y - w * 0.5f), ImVec2(b.x + w * 0.5f, b.y + w * 0.5f), t.Colours.White,
                        radius + w * 0.5f, 0, w * 2.2f);
        f.Draw->AddRect(a, b, t.Colours.Ink, radius, 0, w);
        f.Draw->PopClipRect();
        return;
    }
}

float TopBarHeight(Frame& f)
{
    return ChooseTopBar(f).Height;
}

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
        out.Focusable = std::move(f.Focusable);
        out.Texts = std::move(f.Texts);
        out.Cards = std::move(f.Cards);
        return out;
    }

    // No taps while a screen slides in: a visitor's double tap must not skip a screen.
    const float progress = TransitionProgress(state, now);
    f.InputEnabled = progress >= 1.0f;

    // While the idle question shows, the screen beneath is inert: a touch only answers it.
    if (state.IdleQuestion) f.InputEnabled = false;
    // The accessibility panel, open over the screen, takes every touch; the button that opens
    // it is on every visitor screen, and takes its touch before the screen beneath it.
    const bool visitor = state.Current != Screen::Wall && state.Current != Screen::Organiser;
    const bool panel = visitor && state.AccessPanel && !state.IdleQuestion;
    const bool screen_input = f.InputEnabled;
    if (panel) f.InputEnabled = false;
    if (visitor && !panel) AccessButtonTapped(f);
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
        // organiser screen has none: a visitor's navigation has no place there. With "Commandes
        // en bas" the bars are set from the bottom up: navigation, then the tabs or the vote's.
        const bool failure = state.Current == Screen::Vote && state.BallotFailedNotice;
        if (failure) f.InputEnabled = false; // only the apology's buttons answer
        const bool low = state.Options.Bottom;
        float top = 0, bottom = theme.Height;
        if (state.Current != Screen::Organiser) {
            const TopBar bar = ChooseTopBar(f);
            if (low) {
                bottom -= DrawTopBar(f, bar, theme.Height - bar.Height);
            } else {
                top = DrawTopBar(f, bar, 0);
            }
        }
        if (state.Current == Screen::Mutation) {
            if (low) {
                const float tabs = MutationTabsHeight(f);
                if (tabs > 0) bottom -= DrawMutationTabs(f, bottom - tabs);
            } else {
                top += DrawMutationTabs(f, top);
            }
        }
        if (state.Current == Screen::Vote) bottom -= DrawVoteBar(f, bottom);
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
    f.Clip = ImRect(0, 0, theme.Width, theme.Height);
    if (visitor) {
        f.InputEnabled = screen_input && !(state.Current == Screen::Vote && state.BallotFailedNotice);
        if (panel) f.InputEnabled = false;
        DrawAccessButton(f);
    }
    if (panel) {
        f.InputEnabled = screen_input;
        f.Layer = 1;
        DrawAccessPanel(f);
    }
    if (state.IdleQuestion) {
        f.Clip = ImRect(0, 0, theme.Width, theme.Height);
        f.Layer = 1;
        DrawIdleQuestion(f, figures.IdleCountdown);
    }
    DrawFocusRing(f, out.PageArea);
    out.Intents = std::move(f.Intents);
    out.Targets = std::move(f.Targets);
    out.Focusable = std::move(f.Focusable);
    out.Texts = std::move(f.Texts);
    out.Cards = std::move(f.Cards);
    return out;
}

} // namespace ess

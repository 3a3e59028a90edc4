// Frame orchestration: background, fixed bars, the current screen and its transition.
#include "ui/kiosk_ui.h"

#include <algorithm>

#include "ui/screens.h"

namespace ess {

namespace {
// The fixed top bar: home and back always in the same place, study sections on the right.
void DrawTopBar(Frame& f)
{
    const Theme& t = f.T;
    const Labels& ui = f.C->Ui;
    f.Draw->AddRectFilled(ImVec2(0, 0), ImVec2(t.Width, t.BarHeight), t.Colours.Background);
    f.Draw->AddLine(ImVec2(0, t.BarHeight - 1), ImVec2(t.Width, t.BarHeight - 1), IM_COL32(31, 34, 51, 20), 2);
    const float h = t.Touch;
    const float y = (t.BarHeight - h) * 0.5f;
    float x = t.Margin * 0.5f;
    ButtonLook look;
    look.Kind = ButtonKind::Secondary;
    look.Icon = "home";
    float w = ButtonWidth(f, ui.Get("navigation.accueil"), look);
    if (Button(f, ui.Get("navigation.accueil"), ImRect(x, y, x + w, y + h), look)) f.Emit(IntentKind::Home);
    x += w + t.Gap * 0.6f;
    look.Icon = "back";
    w = ButtonWidth(f, ui.Get("navigation.retour"), look);
    if (Button(f, ui.Get("navigation.retour"), ImRect(x, y, x + w, y + h), look)) f.Emit(IntentKind::Back);

    float right = t.Width - t.Margin * 0.5f;
    const auto nav = [&](const std::string& label, IntentKind kind, bool selected) {
        ButtonLook quiet;
        quiet.Kind = ButtonKind::Quiet;
        quiet.Selected = selected;
        float bw = ButtonWidth(f, label, quiet);
        if (Button(f, label, ImRect(right - bw, y, right, y + h), quiet) && !selected) f.Emit(kind);
        right -= bw + t.Gap * 0.4f;
    };
    nav(ui.Get("navigation.a_propos"), IntentKind::OpenAbout, f.S.Current == Screen::About);
    nav(ui.Get("navigation.agir"), IntentKind::OpenAct, f.S.Current == Screen::Act);
    if (t.Width > t.Mm(300)) nav(ui.Get("navigation.mutations"), IntentKind::OpenMutations, f.S.Current == Screen::Mutations);
}
} // namespace

UiOutput KioskUi::DrawFrame(const KioskState& state, const Content* content, const std::vector<std::string>& problems,
                            const Figures& figures, const Theme& theme, const Images& images, const UiInput& input, double now)
{
    ImDrawList* draw = ImGui::GetBackgroundDrawList();
    Frame f{theme, content, state, images, Cache, now, draw};
    f.Facts = &figures;
    f.HasTap = input.HasTap;
    f.Tap = input.Tap;
    f.Pressed = input.Pressed;
    f.PressPos = input.PressPos;
    f.Clip = ImRect(0, 0, theme.Width, theme.Height);
    // The background is the renderer's clear colour (theme.Colours.Background): a full-screen
    // rectangle here would cost a whole extra layer of fill on a CPU rasteriser.

    UiOutput out;
    if ((state.Current == Screen::OutOfOrder || !content) && state.Current != Screen::Organiser) {
        DrawOutOfOrder(f, problems);
        out.Intents = std::move(f.Intents);
        out.Targets = std::move(f.Targets);
        out.Texts = std::move(f.Texts);
        return out;
    }

    // No taps while a screen slides in: a visitor's double tap must not skip a screen.
    const float progress = TransitionProgress(state, now);
    f.InputEnabled = progress >= 1.0f;

    // While the idle question shows, the screen beneath is inert: a touch only answers it.
    if (state.IdleQuestion) f.InputEnabled = false;
    if (state.Current == Screen::Welcome || state.Current == Screen::Attract) {
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
        if (state.Current != Screen::Organiser) {
            DrawTopBar(f);
            top = theme.BarHeight;
        }
        if (state.Current == Screen::Mutation) top += DrawMutationTabs(f, top);
        if (state.Current == Screen::Vote) bottom -= DrawVoteBar(f);
        Page page{top, bottom, top - state.Scroll.Offset};
        f.Clip = ImRect(0, top, theme.Width, bottom);
        draw->PushClipRect(f.Clip.Min, f.Clip.Max);
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
        out.ScrollMax = std::max(0.0f, f.ContentHeight - (bottom - top));
        if (failure) {
            f.Clip = ImRect(0, 0, theme.Width, theme.Height);
            f.InputEnabled = true;
            DrawVoteFailure(f);
        }
    }
    if (state.IdleQuestion) {
        f.Clip = ImRect(0, 0, theme.Width, theme.Height);
        DrawIdleQuestion(f, figures.IdleCountdown);
    }
    out.Intents = std::move(f.Intents);
    out.Targets = std::move(f.Targets);
    out.Texts = std::move(f.Texts);
    return out;
}

} // namespace ess

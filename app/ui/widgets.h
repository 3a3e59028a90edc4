// Touch widgets and the per-frame context every screen draws into. Widgets record what they
// show (label → rectangle, visible texts) so scripts and tests can tap and read like a visitor.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h> // ImRect

#include "core/navigation.h"
#include "core/qr.h"
#include "core/text.h"
#include "ui/theme.h"

namespace ess {

struct Image {
    ImTextureID Texture = nullptr;
    float Width = 0, Height = 0;
};

// Pictures uploaded by the platform layer, by path relative to assets/.
struct Images {
    std::map<std::string, Image> ByPath;
    const Image* Find(const std::string& path) const
    {
        auto it = ByPath.find(path);
        return it == ByPath.end() || !it->second.Texture ? nullptr : &it->second;
    }
};

// A card as drawn (screen pixels): a text that starts on it must end on it.
struct CardPlace {
    ImRect Rect;
    ImRect Clip; // the region it was drawn in: only texts of the same region can be on it
    int Layer = 0;
};

struct TouchTarget {
    std::string Label;
    ImRect Rect; // visible part, screen pixels
    ImRect Full; // whole target, even where scrolled out of view
    bool InPage = false;
    int Layer = 0;
    std::string Said = {}; // what speech says of it, when more than its label (a switch's state)
};

// What a visitor can read, as drawn: scripts read it, and the layout check (layout_check.h)
// finds texts cut by an edge, out of their box or over each other.
struct VisibleText {
    std::string Text;        // without **bold** markers
    ImRect Rect;             // the text's own extent, screen pixels
    ImRect Box;              // what it must stay inside: its button, chip or column
    ImRect Clip;             // the region it was drawn in: the page between the bars, or the screen
    bool InPage = false;     // scrolls with the page: a page edge cutting it is scrolling, not a defect
    bool BrokenWord = false; // a word was split between two letters to fit
    int Layer = 0;           // 0: the screen; 1: a dialog over it
    float PageY = 0;         // Rect.Min.y with the scroll undone: the same on every frame
};

// Line layouts survive frames: laying out a long text once, not every frame, keeps frames cheap.
class TextCache {
public:
    const std::vector<TextLine>& Get(std::string_view text, float width, TextStyle style, const Theme& theme);
    void Clear() { Entries.clear(); }
    // Called between frames: only dynamic texts (problem lists) could grow the cache; bound it.
    void Trim()
    {
        if (Entries.size() > 20000) Entries.clear();
    }
    const QrCode& Qr(const std::string& text); // encoded once per link

private:
    using Key = std::tuple<std::string, int, int>; // text, width, style
    std::map<Key, std::vector<TextLine>> Entries;
    std::map<std::string, QrCode> Codes;
};

struct Figures;

struct Frame {
    Frame(const Theme& theme, const Content* content, const KioskState& state, const Images& pictures, TextCache& cache,
          double now, ImDrawList* draw)
        : T(theme), C(content), S(state), Pictures(pictures), Cache(cache), Now(now), Draw(draw)
    {
    }

    const Theme& T;
    const Content* C; // null when out of order
    const KioskState& S;
    const Images& Pictures;
    TextCache& Cache;
    double Now = 0;
    ImDrawList* Draw = nullptr;
    const Figures* Facts = nullptr;

    // Input for this frame.
    bool HasTap = false;
    ImVec2 Tap;
    bool Pressed = false; // a finger is down at PressPos (pressed look, not an action)
    ImVec2 PressPos;
    bool InputEnabled = true;

    // What the frame produced.
    std::vector<Intent> Intents;
    std::vector<TouchTarget> Targets;
    std::vector<TouchTarget> Focusable; // every target that takes a touch, also out of view: the keypad's
    std::vector<VisibleText> Texts;
    std::vector<CardPlace> Cards;
    ImRect Clip;             // visible region for the content being drawn
    float ContentHeight = 0; // height of the scrolling page, set by the screen
    bool InPage = false;     // drawing the scrolling page (not a fixed bar or a dialog)
    float ScrollOffset = 0;  // how far that page is scrolled
    int Layer = 0;           // 1 while drawing a dialog over the screen

    // Records a text as drawn at `rect`, which must stay inside `box`.
    void Record(std::string text, const ImRect& rect, const ImRect& box, bool broken_word = false)
    {
        Texts.push_back({std::move(text), rect, box, Clip, InPage, broken_word, Layer, rect.Min.y + (InPage ? ScrollOffset : 0)});
    }

    void Emit(IntentKind kind, int index = 0, std::string text = {}) { Intents.push_back({kind, index, std::move(text)}); }

    // What speech says of the target just drawn, when its label is not enough.
    void Describe(const std::string& said)
    {
        if (!Focusable.empty()) Focusable.back().Said = said;
        if (!Targets.empty() && Targets.back().Label == (Focusable.empty() ? "" : Focusable.back().Label))
            Targets.back().Said = said;
    }
};

enum class ButtonKind { Primary, Secondary, Quiet, OnColour };

struct ButtonLook {
    ButtonKind Kind = ButtonKind::Secondary;
    ImU32 Accent = 0;      // fill of Primary buttons (0 = ink)
    bool Selected = false; // tabs and toggles
    bool Disabled = false; // drawn muted; a tap does nothing
    TextStyle Style = TextStyle::BodyBold;
    const char* Icon = nullptr; // drawn before the label: "home", "back", "prev", "next", "flip", "compare"
    bool IconOnly = false;      // a round button showing only its icon (narrow screens); the label still names it
};

// A pill button of at least the touch size; returns true when tapped this frame.
bool Button(Frame& f, const std::string& label, const ImRect& rect, const ButtonLook& look = {});
// Width a Button needs for `label` (padding and icon included).
float ButtonWidth(const Frame& f, const std::string& label, const ButtonLook& look = {});
// An invisible touch area (a whole card); the label is what scripts tap.
bool TapArea(Frame& f, const std::string& label, const ImRect& rect);
// A target the screen does not draw because the page is scrolled away from it: the keypad can
// still reach it (the page then scrolls to it).
void OutOfView(Frame& f, const std::string& label, const ImRect& rect);

void Card(Frame& f, const ImRect& rect, ImU32 fill, float radius = -1, bool shadow = true);
void Chip(Frame& f, const std::string& text, ImVec2 pos, ImU32 fill, ImU32 ink, TextStyle style = TextStyle::SmallBold);
ImVec2 ChipSize(const Frame& f, const std::string& text, TextStyle style = TextStyle::SmallBold);
void DrawIcon(Frame& f, const char* icon, ImVec2 centre, float size, ImU32 colour);
void DrawQr(Frame& f, const QrCode& code, const ImRect& rect);
// The picture covers `rect` (cropped around its centre), corners rounded. With `backdrop`, the
// opaque colour around the picture, corners are painted in it over a plain rectangle (cheaper).
void DrawImage(Frame& f, const std::string& path, const ImRect& rect, float radius, ImU32 placeholder,
               ImDrawFlags corners = ImDrawFlags_RoundCornersAll, ImU32 backdrop = 0);

// Wrapped rich text (see WrapRichText); returns its height. Lines outside the clip are skipped.
float Text(Frame& f, std::string_view rich, ImVec2 pos, float width, TextStyle style, ImU32 colour, float leading = 1.4f);
float TextHeight(Frame& f, std::string_view rich, float width, TextStyle style, float leading = 1.4f);
// A bullet list item: marker then wrapped text; returns its height.
float Bullet(Frame& f, std::string_view rich, ImVec2 pos, float width, TextStyle style, ImU32 colour, ImU32 marker,
             bool dash = false);
float BulletHeight(Frame& f, std::string_view rich, float width, TextStyle style);
ImVec2 LineSize(const Frame& f, std::string_view text, TextStyle style);
// One line of plain text at `pos`, recorded as visible; it must stay inside `box`.
void Label(Frame& f, const std::string& text, ImVec2 pos, TextStyle style, ImU32 colour, const ImRect& box);

// Vertex post-processing for animations: everything drawn since `first_vertex`.
void FadeAndSlide(ImDrawList* draw, int first_vertex, float alpha, float dx);
void SquashX(ImDrawList* draw, int first_vertex, float centre_x, float scale);

float EaseOutCubic(float t);
float EaseInOutCubic(float t);

} // namespace ess

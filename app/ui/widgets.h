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

struct TouchTarget {
    std::string Label;
    ImRect Rect; // visible part, screen pixels
    ImRect Full; // whole target, even where scrolled out of view
};

struct VisibleText {
    std::string Text; // without **bold** markers
    ImRect Rect;
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
    std::vector<VisibleText> Texts;
    ImRect Clip;             // visible region for the content being drawn
    float ContentHeight = 0; // height of the scrolling page, set by the screen

    void Emit(IntentKind kind, int index = 0, std::string text = {}) { Intents.push_back({kind, index, std::move(text)}); }
};

enum class ButtonKind { Primary, Secondary, Quiet, OnColour };

struct ButtonLook {
    ButtonKind Kind = ButtonKind::Secondary;
    ImU32 Accent = 0;      // fill of Primary buttons (0 = ink)
    bool Selected = false; // tabs and toggles
    bool Disabled = false; // drawn muted; a tap does nothing
    TextStyle Style = TextStyle::BodyBold;
    const char* Icon = nullptr; // drawn before the label: "home", "back", "prev", "next", "flip", "compare"
};

// A pill button of at least the touch size; returns true when tapped this frame.
bool Button(Frame& f, const std::string& label, const ImRect& rect, const ButtonLook& look = {});
// Width a Button needs for `label` (padding and icon included).
float ButtonWidth(const Frame& f, const std::string& label, const ButtonLook& look = {});
// An invisible touch area (a whole card); the label is what scripts tap.
bool TapArea(Frame& f, const std::string& label, const ImRect& rect);

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

// Vertex post-processing for animations: everything drawn since `first_vertex`.
void FadeAndSlide(ImDrawList* draw, int first_vertex, float alpha, float dx);
void SquashX(ImDrawList* draw, int first_vertex, float centre_x, float scale);

float EaseOutCubic(float t);
float EaseInOutCubic(float t);

} // namespace ess

// Visual identity of the kiosk: palette, type scale and sizes, all derived once from the
// screen's DPI so that a touch target is ~15 mm and body text reads well from 60 cm.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <imgui.h>

#include "core/content_model.h"

namespace ess {

struct Palette {
    ImU32 Background = IM_COL32(246, 241, 234, 255); // warm paper
    ImU32 Card = IM_COL32(255, 255, 255, 255);
    ImU32 Ink = IM_COL32(31, 34, 51, 255);
    ImU32 InkSoft = IM_COL32(84, 88, 110, 255);
    ImU32 Shadow = IM_COL32(31, 34, 51, 28);
    ImU32 Night = IM_COL32(35, 38, 56, 255); // the dystopian card
    ImU32 NightInk = IM_COL32(236, 233, 245, 255);
    ImU32 NightSoft = IM_COL32(176, 174, 196, 255);
    ImU32 Neutral = IM_COL32(233, 226, 216, 255);     // chips, inactive tabs
    ImU32 Act = IM_COL32(31, 34, 51, 255);            // "Comment agir ?" has no mutation colour
    ImU32 White = IM_COL32(255, 255, 255, 255);       // ink on a colour
    ImU32 Lever = IM_COL32(30, 116, 70, 255);         // levers and the vote: what helps (5.5:1 with white)
    ImU32 LeverSoft = IM_COL32(140, 170, 155, 255);   // other visitors' choices in the thanks' bars
    ImU32 Brake = IM_COL32(176, 72, 58, 255);         // brakes, and notices that something was refused
    ImU32 NightCard = IM_COL32(48, 51, 72, 255);      // the dystopia's inner cards
    ImU32 Drained = IM_COL32(92, 92, 106, 255);       // a mutation's colour drained for the dystopia, mixed with this
    ImU32 Dimmed = IM_COL32(35, 38, 56, 150);         // the dystopia's picture, lights gone down
    ImU32 Rule = IM_COL32(31, 34, 51, 20);            // under the fixed bars
    ImU32 Edge = IM_COL32(31, 34, 51, 30);            // above the vote bar; a quiet button pressed
    ImU32 PressedArea = IM_COL32(31, 34, 51, 22);     // a whole card pressed
    ImU32 Veil = IM_COL32(31, 34, 51, 150);           // under a dialog
    ImU32 VeilDeep = IM_COL32(31, 34, 51, 170);       // under the idle question
    ImU32 GlassChip = IM_COL32(0, 0, 0, 36);          // chips and arrows on a mutation's colour (darker: white ink keeps 4.5:1)
    ImU32 GlassButton = IM_COL32(0, 0, 0, 36);        // buttons on a colour
    ImU32 GlassPicture = IM_COL32(255, 255, 255, 40); // a picture's place on a colour, before it loads
    ImU32 GlassDot = IM_COL32(255, 255, 255, 60);     // the invitation's arrow disc
    ImU32 Clear = IM_COL32(255, 255, 255, 0);
    ImU32 AlertFill = IM_COL32(251, 228, 214, 255); // organiser's alert (a damaged database)
    ImU32 AlertInk = IM_COL32(140, 50, 30, 255);
    ImU32 OutOfOrderMark = IM_COL32(224, 122, 63, 255);
    ImU32 QrInk = IM_COL32(20, 20, 30, 255);
};

// The palette of "Contraste renforcé": every text at 7:1 or more on what it is drawn on (WCAG
// AAA), the accents deepened, the soft inks and glass tints made firm.
Palette HighContrastPalette();

enum class TextStyle { Body, BodyBold, Small, SmallBold, Heading, Title, Display, Count };

struct Theme {
    float PxPerMm = 92.0f / 25.4f;
    float Width = 1920, Height = 1080;
    // Sizes in pixels, computed by Compute().
    float Touch = 54;     // minimum touch target (15 mm)
    float Gap = 24;       // space between cards
    float Margin = 48;    // page margin
    float Radius = 24;    // card corners
    float BarHeight = 90; // top bar
    float FontSize[int(TextStyle::Count)] = {};
    ImFont* Fonts[int(TextStyle::Count)] = {};
    Palette Colours;
    bool HighContrast = false; // Colours is HighContrastPalette()
    float TextScale = 1;       // "Texte plus grand": type (and what holds it) this much larger
    // Glyph ranges the atlas was built from (body styles, then headings): ImGui keeps pointers to them.
    std::vector<ImWchar> MainRanges, FallbackRanges, HeadingRanges, HeadingFallbackRanges;

    bool Portrait() const { return Height > Width; }
    float Mm(float mm) const { return mm * PxPerMm; }
    ImFont* Font(TextStyle s) const { return Fonts[int(s)]; }
    float Size(TextStyle s) const { return FontSize[int(s)]; }
    float ContentWidth() const { return Width - 2 * Margin; }
    // A mutation's colour (0xRRGGBB) as a surface white text is written on: deepened, when it
    // must be, to 4.5:1 against white (7:1 in high contrast). Its hue stays.
    ImU32 Accent(uint32_t rgb) const;
};

// The kiosk, sized for a finger and a reader at arm's length; or the results wall, sized for a
// room: its type is a share of the screen's height, read from up to 10 m on a projector.
enum class ThemeKind { Kiosk, Wall };

// Fills the sizes for a screen of width×height pixels at `dpi`, type scaled by `text_scale`.
void ComputeTheme(Theme& theme, float width, float height, float dpi, ThemeKind kind = ThemeKind::Kiosk, float text_scale = 1);
// The palette, normal or high contrast.
void SetContrast(Theme& theme, bool high);

// WCAG 2 contrast ratio of two opaque colours (1 to 21), and the relative luminance it uses.
double RelativeLuminance(ImU32 colour);
double ContrastRatio(ImU32 a, ImU32 b);
// Every pair of text colour and surface colour the screens write with, named for a report:
// `accents` are the mutations' colours of the content shown. A unit test holds them to 4.5:1
// (normal) and 7:1 (high contrast).
struct ColourPair {
    std::string What;
    ImU32 Ink, Surface;
};
std::vector<ColourPair> TextColourPairs(const Theme& theme, const std::vector<uint32_t>& accents);

// Builds the font atlas with exactly the glyphs the content needs (plus ASCII and Latin-1),
// falling back to DejaVu for characters Inter lacks. Returns false with `error` if no font.
// Needs no ImGui context: start-up builds the atlas on a worker thread.
// `headings` (may be empty: the same as `codepoints`) is what Heading, Title and Display hold.
// With `cache_path`, the rasterised glyphs are read from that file when it was made for the
// same fonts, sizes and characters, and written to it otherwise (font_cache.h).
bool LoadFonts(Theme& theme, ImFontAtlas& atlas, const std::vector<uint32_t>& codepoints, const std::string& assets_dir,
               std::string& error, const std::vector<uint32_t>& headings = {}, const std::string& cache_path = {});

ImU32 Rgb(uint32_t rgb, int alpha = 255);
ImU32 Mix(ImU32 a, ImU32 b, float t); // t = 0 → a, 1 → b
ImU32 WithAlpha(ImU32 c, float alpha);

} // namespace ess

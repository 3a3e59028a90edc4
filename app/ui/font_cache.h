// The rasterised glyphs of the font atlas, kept in a file so that every start after the first
// skips stb_truetype's rasterising, the longest path of start-up (~12 ms of 7 styles). The file
// is only a cache: a missing, stale (other fonts, sizes, characters or ImGui) or damaged one is
// ignored and written again.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "ui/theme.h"

namespace ess {

struct CachedGlyph {
    uint32_t Codepoint = 0;
    float X0 = 0, Y0 = 0, X1 = 0, Y1 = 0, AdvanceX = 0; // as ImFontGlyph has them
    uint16_t W = 0, H = 0;                              // bitmap size; 0: an invisible glyph (a space)
    uint32_t Offset = 0;                                // of the bitmap in FontCache::Pixels
};

struct FontCache {
    std::vector<CachedGlyph> Glyphs[int(TextStyle::Count)];
    std::vector<unsigned char> Pixels; // 8-bit coverage, one bitmap after the other
};

// True when `path` holds glyphs for exactly `key` and is consistent throughout.
bool ReadFontCache(const std::string& path, const std::string& key, FontCache& out);

// Takes the glyphs of `theme`'s fonts from a built atlas (whose 8-bit pixels are still there)
// and writes them under `key`, through a temporary file and a rename.
bool WriteFontCache(const std::string& path, const std::string& key, const Theme& theme, const ImFontAtlas& atlas,
                    std::string& error);

// $XDG_CACHE_HOME (else ~/.cache)/ess-kiosk/font-atlas-WIDTHxHEIGHT.bin; empty without either.
// `text_size`: the step of "Texte plus grand" (0 normal): each has its own file.
std::string DefaultFontCachePath(int width, int height, ThemeKind kind = ThemeKind::Kiosk, int text_size = 0);

} // namespace ess

// UTF-8 helpers and the French-aware line breaker used for every text the kiosk draws.
// Measuring is injected, so wrapping is tested without a font.
#pragma once
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ess {

// Decodes one code point at `pos`, advancing it; returns 0xFFFD on a malformed sequence.
uint32_t DecodeUtf8(std::string_view s, size_t& pos);
// Byte offset of the first invalid sequence, or npos when `s` is valid UTF-8.
size_t FindInvalidUtf8(std::string_view s);
void CollectCodepoints(std::string_view s, std::set<uint32_t>& out);
std::string EncodeUtf8(uint32_t cp);

// Replaces each "{name}" in `pattern` by its value: interface wording with numbers in it.
std::string FillIn(std::string_view pattern, const std::vector<std::pair<std::string, std::string>>& values);

// Text without "**" bold markers: what a visitor reads.
std::string PlainText(std::string_view rich);

struct TextPiece {
    size_t Begin = 0, End = 0; // byte range in the source string (markers excluded)
    bool Bold = false;
    float X = 0; // offset from the line start
};

struct TextLine {
    std::vector<TextPiece> Pieces;
    float Width = 0;
    bool ParagraphStart = false; // first line of a paragraph after a blank line
    bool BrokenWord = false;     // ends inside a word split between letters (no room for it whole)
};

using MeasureFn = std::function<float(std::string_view, bool bold)>;

// Breaks `rich` into lines no wider than `max_width`. "**" toggles bold, "\n" breaks a
// line, a blank line starts a paragraph. French typography: a space before ? ! : ; » or
// after « never breaks, so a visitor never sees a lone "?" at the start of a line. A line may
// also break after a compound word's hyphen, and after a link's slash; a word wider than the
// line is split between letters only as a last resort (TextLine::BrokenWord says so).
std::vector<TextLine> WrapRichText(std::string_view rich, float max_width, const MeasureFn& measure);

} // namespace ess

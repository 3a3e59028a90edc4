// Fonts the kiosk draws with, where to find them, and whether they cover the content.
#pragma once
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "content/loader.h"

namespace ess {

enum class FontFace { Regular, SemiBold, Bold, ExtraBold, Fallback, Count };

// Looks a face up in assets/fonts, then in the Debian packages' folders. `tried` lists
// every path looked at, so a missing font is reported with all the places searched.
std::string FindFontFile(FontFace face, const std::string& assets_dir, std::vector<std::string>& tried);

// Code points that no available face can draw.
std::set<uint32_t> MissingGlyphs(const std::vector<std::string>& font_files, const std::set<uint32_t>& codepoints);

// Adds a (non-fatal) problem for each character of the content that the fonts cannot draw,
// pointing at the first place it is written in content_dir.
void CheckGlyphCoverage(const Content& content, const std::string& content_dir, const std::string& assets_dir,
                        std::vector<ContentProblem>& problems);
// The same from the content's code points (ContentCodepoints), when the content itself is elsewhere.
void CheckGlyphCoverage(const std::set<uint32_t>& used, const std::string& content_dir, const std::string& assets_dir,
                        std::vector<ContentProblem>& problems);

// The code points of the content's visible strings.
std::set<uint32_t> ContentCodepoints(const Content& content);
// The same for every language of a load, the French and its translations: one atlas draws them
// all, the language a visitor chooses being known only later.
std::set<uint32_t> ContentCodepoints(const ContentLoad& load);
// Every code point the kiosk may draw: the content's (`used`), plus ASCII and Latin-1 for messages.
std::set<uint32_t> CodepointsToDraw(const std::set<uint32_t>& used);
std::set<uint32_t> CodepointsToDraw(const Content& content);
// What the large styles (headings, titles) may draw: the content's, plus ASCII for figures.
// Messages (paths, alerts) are set in body sizes; Latin-1 in all seven styles cost ~30 % of
// the atlas's build time, mostly in the largest sizes.
std::set<uint32_t> CodepointsForHeadings(const std::set<uint32_t>& used);

} // namespace ess

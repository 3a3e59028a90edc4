// Bar charts of the votes as PNG files, for the organisers' reports: no window, no GPU,
// only stb_truetype and stb_image_write, so the tally tool runs on any machine.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace ess {

struct ChartBar {
    std::string Label; // a lever's text in full, UTF-8 (French: é, œ, ’, « », …)
    int64_t Value = 0;
    bool Highlight = false; // drawn in the accent colour (e.g. the visitor's own choices)
};

// Renders a horizontal bar chart to a PNG: title on top, one row per bar with its label in
// full (wrapped over several lines when long, never cut), the bar, and its value and share.
// Shares are of `share_of` (e.g. the number of ballots) or, when it is 0, of the sum of all
// values; bars are scaled to the largest value. `caption` goes under the title (default: the
// total). Fonts are looked up as the kiosk does (assets_dir/fonts, then the Debian packages).
// Returns false with a message in `error` when a font is missing or the file cannot be written.
bool RenderBarChart(const std::string& title, const std::vector<ChartBar>& bars, const std::string& assets_dir,
                    const std::string& png_path, std::string& error, int64_t share_of = 0, const std::string& caption = {});

} // namespace ess

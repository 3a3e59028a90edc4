// The report's building blocks: French number formats, HTML escaping, and the inline SVG charts
// (no script, no external resource), sized for an A4 page's printable width.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace ess::report {

// French formats: "12 345" (narrow no-break space), "12,3 %" (no-break space before %),
// "2 min 05 s"; an unknown share (of nothing) is "—".
std::string Integer(int64_t n);
std::string Decimal(double x, int digits);
std::string Percent(int64_t part, int64_t whole, int digits = 1);
std::string Duration(double seconds);
std::string Escape(const std::string& text);
// "Lundi 1er décembre 2026" from "2026-12-01" (the text as is when it is not a date).
std::string LongDate(const std::string& day);
std::string ShortDate(const std::string& day); // "01/12"

// 0xRRGGBB as "#rrggbb", and deepened towards black until it reaches 4.5:1 on white (the
// kiosk theme's Accent), for text and thin marks in that colour.
std::string Css(uint32_t rgb);
uint32_t DeepenForWhite(uint32_t rgb);
double ContrastOnWhite(uint32_t rgb);

struct Bar {
    std::string Label; // HTML-escaped already (may hold markup)
    double Value = 0;
    std::string Shown; // the figure written beside the bar
    uint32_t Colour = 0x1E7446;
};
// Horizontal bars, one row each: the label in HTML above (wraps as text does), the bar in SVG
// with its figure; scaled to `max` (the largest value when 0).
std::string HorizontalBars(const std::vector<Bar>& bars, double max = 0);

// Vertical columns in one SVG: `labels` under them (every `label_every`-th shown), the values'
// scale on the left with a few grid lines.
std::string Columns(const std::vector<double>& values, const std::vector<std::string>& labels, uint32_t colour,
                    const std::string& title, int label_every = 1);

} // namespace ess::report

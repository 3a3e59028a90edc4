// French numbers and the report's inline SVG charts (see report_html.h).
#include "tally/report_html.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ess::report {

namespace {
const char* const kNarrowNbsp = "\u202F";
const char* const kNbsp = "\u00A0";

std::string Fixed(double x, int digits)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", digits, x);
    return text;
}

// A nice step for a scale from 0 to `max` in about `lines` steps: 1, 2 or 5 times a power of ten.
double NiceStep(double max, int lines)
{
    if (max <= 0) return 1;
    const double raw = max / lines;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * power >= raw) return std::max(1.0, m * power);
    return std::max(1.0, 10 * power);
}

double Channel(uint32_t rgb, int shift)
{
    const double c = ((rgb >> shift) & 0xFF) / 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
} // namespace

std::string Integer(int64_t n)
{
    const bool negative = n < 0;
    std::string digits = std::to_string(negative ? -n : n), out;
    for (size_t i = 0; i < digits.size(); i++) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += kNarrowNbsp;
        out += digits[i];
    }
    return negative ? "−" + out : out;
}

std::string Decimal(double x, int digits)
{
    if (!std::isfinite(x)) return "—";
    std::string text = Fixed(x, digits);
    const size_t dot = text.find('.');
    std::string whole = text.substr(0, dot), fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
    const bool negative = !whole.empty() && whole[0] == '-';
    if (negative) whole.erase(0, 1);
    std::string out = Integer(std::stoll(whole));
    if (negative && x != 0) out = "−" + out;
    return fraction.empty() ? out : out + "," + fraction;
}

std::string Percent(int64_t part, int64_t whole, int digits)
{
    if (whole <= 0) return "—";
    return Decimal(100.0 * (double)part / (double)whole, digits) + kNbsp + "%";
}

std::string Duration(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0) return "—";
    const long long s = std::llround(seconds);
    if (s < 60) return std::to_string(s) + kNbsp + "s";
    char text[64];
    if (s < 3600)
        std::snprintf(text, sizeof text, "%lld%smin%s%02lld%ss", s / 60, kNbsp, kNbsp, s % 60, kNbsp);
    else
        std::snprintf(text, sizeof text, "%lld%sh%s%02lld%smin", s / 3600, kNbsp, kNbsp, (s % 3600) / 60, kNbsp);
    return text;
}

std::string Escape(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string LongDate(const std::string& day)
{
    static const char* const kMonths[] = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                                          "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
    int y = 0, m = 0, d = 0;
    if (std::sscanf(day.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12) return Escape(day);
    return (d == 1 ? std::string("1er") : std::to_string(d)) + kNbsp + kMonths[m - 1] + " " + std::to_string(y);
}

std::string ShortDate(const std::string& day)
{
    return day.size() >= 10 ? day.substr(8, 2) + "/" + day.substr(5, 2) : Escape(day);
}

std::string Css(uint32_t rgb)
{
    char text[8];
    std::snprintf(text, sizeof text, "#%06x", (unsigned)(rgb & 0xFFFFFF));
    return text;
}

double ContrastOnWhite(uint32_t rgb)
{
    const double l = 0.2126 * Channel(rgb, 16) + 0.7152 * Channel(rgb, 8) + 0.0722 * Channel(rgb, 0);
    return 1.05 / (l + 0.05);
}

uint32_t DeepenForWhite(uint32_t rgb)
{
    // Towards black in small steps, as the kiosk's Theme::Accent: the hue stays.
    for (int step = 0; step < 40 && ContrastOnWhite(rgb) < 4.6; step++) {
        uint32_t r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
        r = (uint32_t)std::lround(r * 0.95), g = (uint32_t)std::lround(g * 0.95), b = (uint32_t)std::lround(b * 0.95);
        rgb = (r << 16) | (g << 8) | b;
    }
    return rgb;
}

std::string HorizontalBars(const std::vector<Bar>& bars, double max)
{
    for (const Bar& b : bars) max = std::max(max, b.Value);
    std::string out = "<div class=\"bars\">\n";
    for (const Bar& b : bars) {
        const double w = max > 0 ? 560.0 * b.Value / max : 0;
        out += "<div class=\"bar\"><div class=\"bar-label\">" + b.Label + "</div>";
        out += "<svg viewBox=\"0 0 680 22\" width=\"100%\" role=\"img\" aria-label=\"" + Escape(b.Shown) + "\">";
        out += "<rect x=\"0\" y=\"3\" width=\"560\" height=\"16\" fill=\"#eceae6\"/>";
        out += "<rect x=\"0\" y=\"3\" width=\"" + Fixed(w, 1) + "\" height=\"16\" fill=\"" + Css(b.Colour) + "\"/>";
        out += "<text x=\"570\" y=\"16\" class=\"fig\">" + Escape(b.Shown) + "</text></svg></div>\n";
    }
    return out + "</div>\n";
}

std::string Columns(const std::vector<double>& values, const std::vector<std::string>& labels, uint32_t colour,
                    const std::string& title, int label_every)
{
    const double left = 46, right = 674, top = 12, bottom = 196, height = 224;
    double max = 0;
    for (double v : values) max = std::max(max, v);
    const double step = NiceStep(max, 4);
    const double scale_max = std::max(step, std::ceil(max / step) * step);
    std::string out =
        "<svg viewBox=\"0 0 680 " + Fixed(height, 0) + "\" width=\"100%\" role=\"img\" aria-label=\"" + Escape(title) + "\">";
    for (double v = 0; v <= scale_max + step / 2; v += step) {
        const double y = bottom - (bottom - top) * v / scale_max;
        out += "<line x1=\"" + Fixed(left, 0) + "\" x2=\"" + Fixed(right, 0) + "\" y1=\"" + Fixed(y, 1) + "\" y2=\"" +
               Fixed(y, 1) + "\" stroke=\"" + (v == 0 ? "#1f2233" : "#d9d6d0") + "\" stroke-width=\"" + (v == 0 ? "1" : "0.6") +
               "\"/>";
        out += "<text x=\"" + Fixed(left - 6, 0) + "\" y=\"" + Fixed(y + 4, 1) + "\" class=\"axis\" text-anchor=\"end\">" +
               Integer((int64_t)std::llround(v)) + "</text>";
    }
    const size_t n = std::max<size_t>(values.size(), 1);
    const double slot = (right - left) / (double)n;
    const double gap = std::min(slot * 0.2, 6.0);
    for (size_t i = 0; i < values.size(); i++) {
        const double h = (bottom - top) * values[i] / scale_max;
        const double w = std::min(slot - gap, 40.0); // a few days' columns stay columns
        const double x = left + slot * (double)i + (slot - w) / 2;
        out += "<rect x=\"" + Fixed(x, 2) + "\" y=\"" + Fixed(bottom - h, 2) + "\" width=\"" + Fixed(w, 2) + "\" height=\"" +
               Fixed(h, 2) + "\" fill=\"" + Css(colour) + "\"><title>" + Escape(i < labels.size() ? labels[i] : "") + " : " +
               Integer((int64_t)std::llround(values[i])) + "</title></rect>";
        if (i < labels.size() && label_every > 0 && i % (size_t)label_every == 0)
            out += "<text x=\"" + Fixed(x + w / 2, 2) + "\" y=\"" + Fixed(bottom + 16, 0) +
                   "\" class=\"axis\" text-anchor=\"middle\">" + Escape(labels[i]) + "</text>";
    }
    return out + "</svg>\n";
}

} // namespace ess::report

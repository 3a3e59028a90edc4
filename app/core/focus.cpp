// Reading order of the touch targets (see focus.h).
#include "core/focus.h"

#include <algorithm>
#include <cmath>

namespace ess {

std::vector<size_t> ReadingOrder(const std::vector<Spot>& spots, float page_top, float row)
{
    int top_layer = 0;
    for (const Spot& s : spots) top_layer = std::max(top_layer, s.Layer);
    std::vector<size_t> order;
    for (size_t i = 0; i < spots.size(); i++)
        if (spots[i].Layer == top_layer) order.push_back(i);
    // Bands: a fixed bar above the page, the page, a fixed bar below it (dialogs are one band).
    const auto band = [&](const Spot& s) { return s.Layer > 0 || s.InPage ? 1 : s.Y1 <= page_top + 1 ? 0 : 2; };
    const float r = std::max(1.0f, row);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const Spot &p = spots[a], &q = spots[b];
        if (band(p) != band(q)) return band(p) < band(q);
        const long rp = std::lround(std::floor(p.Y0 / r)), rq = std::lround(std::floor(q.Y0 / r));
        if (rp != rq) return rp < rq;
        return p.X0 < q.X0;
    });
    return order;
}

int FindSpot(const std::vector<Spot>& spots, const FocusMark& mark)
{
    if (mark.Label.empty()) return -1;
    int seen = 0;
    for (size_t i = 0; i < spots.size(); i++)
        if (spots[i].Label == mark.Label && seen++ == mark.Nth) return int(i);
    return -1;
}

FocusMark MarkOf(const std::vector<Spot>& spots, size_t index)
{
    FocusMark mark{spots[index].Label, 0};
    for (size_t i = 0; i < index; i++)
        if (spots[i].Label == mark.Label) mark.Nth++;
    return mark;
}

} // namespace ess

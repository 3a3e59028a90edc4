// Procedurally draws the four flat illustrations of the "L'ESS en 2040" kiosk
// (one per mutation), so the artwork stays reproducible and editable as code.
#include <stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace {

constexpr int kWidth = 960;
constexpr int kHeight = 600;
constexpr float kPi = 3.14159265358979f;

struct Vec2 {
    float x, y;
};
Vec2 operator+(Vec2 a, Vec2 b)
{
    return {a.x + b.x, a.y + b.y};
}
Vec2 operator-(Vec2 a, Vec2 b)
{
    return {a.x - b.x, a.y - b.y};
}
Vec2 operator*(Vec2 a, float s)
{
    return {a.x * s, a.y * s};
}
float Dot(Vec2 a, Vec2 b)
{
    return a.x * b.x + a.y * b.y;
}
float Length(Vec2 a)
{
    return std::sqrt(Dot(a, a));
}

struct Color {
    float r, g, b;
};
Color Hex(uint32_t rgb)
{
    return {float((rgb >> 16) & 255), float((rgb >> 8) & 255), float(rgb & 255)};
}
Color Mix(Color a, Color b, float t)
{
    return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

const Color kWhite = Hex(0xFFFFFF);
const Color kNeutral = Hex(0xF4EDE4);
const Color kInk = Hex(0x1F2233);

// Every illustration derives its whole palette from one accent, which keeps
// the four images consistent with each other and with the kiosk UI.
struct Palette {
    Color background, pale, light, mid, accent, deep;
};
Palette MakePalette(uint32_t accent_rgb)
{
    Color accent = Hex(accent_rgb);
    return {
        Mix(kWhite, accent, 0.09f), Mix(kWhite, accent, 0.20f), Mix(kWhite, accent, 0.38f), Mix(kWhite, accent, 0.65f), accent,
        Mix(accent, kInk, 0.35f)};
}

// --- Signed distance functions (negative inside, in pixels) ---------------

float SdCircle(Vec2 p, Vec2 c, float r)
{
    return Length(p - c) - r;
}

// First-order distance (value over gradient length): exact on the outline,
// which is all the 1px anti-aliasing needs.
float SdEllipse(Vec2 p, Vec2 c, Vec2 radii)
{
    Vec2 q = {(p.x - c.x) / radii.x, (p.y - c.y) / radii.y};
    float len = std::max(Length(q), 1e-4f);
    Vec2 grad = {q.x / (radii.x * len), q.y / (radii.y * len)};
    return (len - 1.0f) / std::max(Length(grad), 1e-6f);
}

float SdRoundBox(Vec2 p, Vec2 c, Vec2 half, float radius)
{
    Vec2 q = {std::fabs(p.x - c.x) - half.x + radius, std::fabs(p.y - c.y) - half.y + radius};
    Vec2 outside = {std::max(q.x, 0.0f), std::max(q.y, 0.0f)};
    return Length(outside) + std::min(std::max(q.x, q.y), 0.0f) - radius;
}

float SdSegment(Vec2 p, Vec2 a, Vec2 b)
{
    Vec2 pa = p - a, ba = b - a;
    float h = std::clamp(Dot(pa, ba) / Dot(ba, ba), 0.0f, 1.0f);
    return Length(pa - ba * h);
}

// Exact polygon distance (Inigo Quilez): winding parity decides the sign.
float SdPolygon(Vec2 p, const std::vector<Vec2>& v)
{
    float d = Dot(p - v[0], p - v[0]);
    float sign = 1.0f;
    for (size_t i = 0, j = v.size() - 1; i < v.size(); j = i, ++i) {
        Vec2 e = v[j] - v[i], w = p - v[i];
        Vec2 b = w - e * std::clamp(Dot(w, e) / Dot(e, e), 0.0f, 1.0f);
        d = std::min(d, Dot(b, b));
        bool c1 = p.y >= v[i].y, c2 = p.y<v[j].y, c3 = e.x * w.y> e.y * w.x;
        if ((c1 && c2 && c3) || (!c1 && !c2 && !c3)) sign = -sign;
    }
    return sign * std::sqrt(d);
}

// Teeth are found by folding the angle into one sector, so a gear costs the
// same as a single tooth whatever its tooth count.
float SdGear(Vec2 p, Vec2 c, float radius, int teeth, float tooth_len, float rotation)
{
    Vec2 q = p - c;
    float len = Length(q);
    float sector = 2.0f * kPi / teeth;
    float a = std::atan2(q.y, q.x) - rotation;
    a -= sector * std::round(a / sector);
    Vec2 local = {len * std::cos(a), len * std::sin(a)};
    float tooth =
        SdRoundBox(local, {radius + tooth_len * 0.5f - 4.0f, 0.0f}, {tooth_len * 0.5f + 4.0f, radius * sector * 0.23f}, 5.0f);
    float body = std::min(len - radius, tooth);
    return std::max(body, radius * 0.36f - len);
}

// --- Canvas ----------------------------------------------------------------

struct Canvas {
    std::vector<Color> pixels = std::vector<Color>(kWidth * kHeight);

    void Fill(Color color) { std::fill(pixels.begin(), pixels.end(), color); }

    // Coverage comes from the distance at the pixel centre through a 1px
    // smoothstep, which gives clean anti-aliasing without supersampling.
    template <class Sdf> void Paint(Vec2 lo, Vec2 hi, Color color, Sdf sdf)
    {
        int x0 = std::max(0, int(std::floor(lo.x)) - 2), y0 = std::max(0, int(std::floor(lo.y)) - 2);
        int x1 = std::min(kWidth, int(std::ceil(hi.x)) + 2), y1 = std::min(kHeight, int(std::ceil(hi.y)) + 2);
        for (int y = y0; y < y1; ++y) {
            for (int x = x0; x < x1; ++x) {
                float d = sdf(Vec2{x + 0.5f, y + 0.5f});
                float t = std::clamp(0.5f - d, 0.0f, 1.0f);
                float coverage = t * t * (3.0f - 2.0f * t);
                if (coverage <= 0.0f) continue;
                Color& dst = pixels[y * kWidth + x];
                dst = Mix(dst, color, coverage);
            }
        }
    }

    bool Save(const std::string& path) const
    {
        std::vector<uint8_t> bytes;
        bytes.reserve(pixels.size() * 3);
        for (const Color& c : pixels) {
            for (float v : {c.r, c.g, c.b}) bytes.push_back(uint8_t(std::clamp(v, 0.0f, 255.0f) + 0.5f));
        }
        return stbi_write_png(path.c_str(), kWidth, kHeight, 3, bytes.data(), kWidth * 3) != 0;
    }
};

// --- Shape helpers ---------------------------------------------------------

void Circle(Canvas& cv, Vec2 c, float r, Color color)
{
    cv.Paint({c.x - r, c.y - r}, {c.x + r, c.y + r}, color, [=](Vec2 p) { return SdCircle(p, c, r); });
}

void Ellipse(Canvas& cv, Vec2 c, Vec2 radii, Color color)
{
    cv.Paint(c - radii, c + radii, color, [=](Vec2 p) { return SdEllipse(p, c, radii); });
}

void Ring(Canvas& cv, Vec2 c, float r, float thickness, Color color)
{
    float outer = r + thickness * 0.5f;
    cv.Paint({c.x - outer, c.y - outer}, {c.x + outer, c.y + outer}, color,
             [=](Vec2 p) { return std::fabs(Length(p - c) - r) - thickness * 0.5f; });
}

void RoundRect(Canvas& cv, Vec2 c, Vec2 half, float radius, Color color)
{
    cv.Paint(c - half, c + half, color, [=](Vec2 p) { return SdRoundBox(p, c, half, radius); });
}

void Capsule(Canvas& cv, Vec2 a, Vec2 b, float r, Color color)
{
    Vec2 lo = {std::min(a.x, b.x) - r, std::min(a.y, b.y) - r};
    Vec2 hi = {std::max(a.x, b.x) + r, std::max(a.y, b.y) + r};
    cv.Paint(lo, hi, color, [=](Vec2 p) { return SdSegment(p, a, b) - r; });
}

void Polygon(Canvas& cv, const std::vector<Vec2>& points, Color color)
{
    Vec2 lo = points[0], hi = points[0];
    for (Vec2 v : points) {
        lo = {std::min(lo.x, v.x), std::min(lo.y, v.y)};
        hi = {std::max(hi.x, v.x), std::max(hi.y, v.y)};
    }
    cv.Paint(lo, hi, color, [&](Vec2 p) { return SdPolygon(p, points); });
}

void Gear(Canvas& cv, Vec2 c, float radius, int teeth, float tooth_len, float rotation, Color color)
{
    float reach = radius + tooth_len;
    cv.Paint({c.x - reach, c.y - reach}, {c.x + reach, c.y + reach}, color,
             [=](Vec2 p) { return SdGear(p, c, radius, teeth, tooth_len, rotation); });
}

// An abstract person: round head over a bust with rounded shoulders, cut flat
// at `bottom` (feet, a table top or the picture edge). An optional raised arm
// (side -1 left, +1 right) is merged into the body so no seam shows.
void Person(Canvas& cv, Vec2 head, float s, float bottom, Color body, Color skin, int raised_side = 0)
{
    float top = head.y + 34.0f * s;
    // The box runs past `bottom` so only its rounded top corners survive the cut.
    Vec2 torso = {head.x, (top + bottom + 40.0f * s) * 0.5f};
    Vec2 half = {50.0f * s, (bottom + 40.0f * s - top) * 0.5f};
    Vec2 shoulder = {head.x + raised_side * 34.0f * s, top + 32.0f * s};
    Vec2 hand = {head.x + raised_side * 66.0f * s, head.y - 36.0f * s};
    cv.Paint({head.x - 80.0f * s, hand.y - 14.0f * s}, {head.x + 80.0f * s, bottom}, body, [=](Vec2 p) {
        // Intersecting with a slightly rounded box softens the cut corners.
        float cut = SdRoundBox(p, {head.x, bottom - 100.0f * s}, {60.0f * s, 100.0f * s}, 8.0f * s);
        float d = std::max(SdRoundBox(p, torso, half, 44.0f * s), cut);
        if (raised_side != 0) d = std::min(d, SdSegment(p, shoulder, hand) - 11.0f * s);
        return d;
    });
    if (raised_side != 0) Circle(cv, hand, 13.0f * s, skin);
    Circle(cv, head, 27.0f * s, skin);
}

// Simple house: body plus pitched roof; the door gives it scale.
void House(Canvas& cv, Vec2 base, float w, float h, Color wall, Color roof, Color door)
{
    RoundRect(cv, {base.x, base.y - h * 0.5f}, {w * 0.5f, h * 0.5f}, 2.0f, wall);
    Polygon(cv,
            {{base.x - w * 0.62f, base.y - h + 1.0f}, {base.x + w * 0.62f, base.y - h + 1.0f}, {base.x, base.y - h - w * 0.5f}},
            roof);
    RoundRect(cv, {base.x, base.y - h * 0.2f}, {w * 0.12f, h * 0.2f}, 2.0f, door);
}

// --- Illustrations ---------------------------------------------------------

// Democracy: an assembly standing in a circle around a ballot box, with a
// shared voice above. Depth comes from drawing back-to-front on an ellipse.
void DrawDemocratie(Canvas& cv)
{
    Palette pal = MakePalette(0x4C5FD5);
    cv.Fill(pal.background);
    Circle(cv, {480, 300}, 255, pal.pale);
    Vec2 centre = {480, 468}, radii = {310, 96};
    Ellipse(cv, {centre.x, centre.y + 20}, {radii.x + 70, radii.y + 34}, Mix(pal.pale, pal.light, 0.5f));

    Vec2 bubble = {480, 136};
    std::vector<Vec2> tail = {{452, 176}, {498, 176}, {446, 218}};
    cv.Paint({360, 70}, {600, 230}, pal.accent, [&](Vec2 p) {
        return std::min(SdRoundBox(p, bubble, {104, 54}, 30), SdPolygon(p, tail));
    });
    for (int i = -1; i <= 1; ++i) Circle(cv, {bubble.x + i * 46.0f, bubble.y}, 12, kNeutral);

    struct Member {
        float angle_deg;
        Color body, head;
        int raised;
    };
    // Listed back to front; the ballot box slots in once the back half is drawn.
    const Member members[] = {{250, pal.light, pal.deep, 0}, {290, pal.mid, pal.deep, +1},   {203, pal.mid, pal.deep, -1},
                              {337, pal.light, pal.deep, 0}, {122, pal.accent, pal.deep, 0}, {58, pal.deep, pal.light, +1}};
    bool box_drawn = false;
    for (const Member& m : members) {
        float a = m.angle_deg * kPi / 180.0f;
        if (!box_drawn && std::sin(a) > 0.2f) {
            RoundRect(cv, {480, 388}, {36, 46}, 6, kWhite);
            Capsule(cv, {464, 380}, {474, 391}, 5, pal.accent);
            Capsule(cv, {474, 391}, {495, 367}, 5, pal.accent);
            RoundRect(cv, {480, 480}, {96, 70}, 14, kNeutral);
            RoundRect(cv, {480, 428}, {54, 6}, 6, kInk);
            RoundRect(cv, {480, 492}, {96, 9}, 0, pal.light);
            box_drawn = true;
        }
        float depth = (std::sin(a) + 1.0f) * 0.5f;
        float s = 0.78f + 0.34f * depth;
        Vec2 feet = {centre.x + radii.x * std::cos(a), centre.y + radii.y * std::sin(a)};
        Person(cv, {feet.x, feet.y - 150.0f * s}, s, feet.y, m.body, m.head, m.raised);
    }
}

// Territories: a town and a village on separate hills, tied by a dotted path.
void DrawTerritoires(Canvas& cv)
{
    Palette pal = MakePalette(0x2A9D8F);
    cv.Fill(pal.background);
    Ring(cv, {760, 140}, 90, 8, pal.light);
    Circle(cv, {760, 140}, 66, kNeutral);
    // Two quiet clouds keep the large sky from feeling empty.
    Capsule(cv, {470, 120}, {570, 120}, 20, kWhite);
    Capsule(cv, {500, 96}, {536, 96}, 22, kWhite);
    Capsule(cv, {96, 112}, {164, 112}, 15, kWhite);

    Circle(cv, {180, 1060}, 760, pal.pale);
    Circle(cv, {860, 1010}, 640, pal.light);
    Circle(cv, {250, 1150}, 800, pal.mid);
    Circle(cv, {880, 1200}, 720, pal.accent);

    // Town: taller blocks with a grid of windows read as "urban".
    struct Block {
        float x, w, h;
    };
    for (Block b : {Block{170, 56, 150}, Block{236, 64, 210}, Block{304, 52, 120}}) {
        float base = 392;
        RoundRect(cv, {b.x, base - b.h * 0.5f}, {b.w * 0.5f, b.h * 0.5f}, 4, kNeutral);
        for (float wy = base - b.h + 22; wy < base - 24; wy += 30) {
            for (float wx : {b.x - b.w * 0.2f, b.x + b.w * 0.2f}) RoundRect(cv, {wx, wy}, {6, 8}, 2, pal.light);
        }
    }
    House(cv, {368, 398}, 58, 56, kNeutral, pal.deep, pal.mid);

    // Village: two small houses and a tree on the near hill.
    House(cv, {680, 444}, 70, 60, kNeutral, pal.deep, pal.mid);
    House(cv, {770, 452}, 54, 46, kNeutral, pal.deep, pal.mid);
    Capsule(cv, {842, 448}, {842, 420}, 4, pal.deep);
    Circle(cv, {842, 404}, 24, pal.deep);

    // Dotted path along a quadratic curve: the solidarity link between them.
    Vec2 a = {390, 430}, ctrl = {500, 590}, b = {640, 470};
    for (int i = 0; i <= 14; ++i) {
        float t = i / 14.0f;
        Vec2 p = a * ((1 - t) * (1 - t)) + ctrl * (2 * (1 - t) * t) + b * (t * t);
        Circle(cv, p, 6.5f, kNeutral);
    }
    for (Vec2 end : {a, b}) {
        Circle(cv, end, 15, kNeutral);
        Circle(cv, end, 7, kInk);
    }
}

// Public intervention: a civic building feeding a network of local nodes,
// with the public money that circulates through it.
void DrawInterventionsPubliques(Canvas& cv)
{
    Palette pal = MakePalette(0xE07A3F);
    cv.Fill(pal.background);
    Circle(cv, {380, 320}, 240, pal.pale);

    // Links start at the hub hidden behind the building's back wall.
    std::vector<Vec2> nodes = {{716, 136}, {852, 250}, {690, 320}, {864, 414}, {126, 186}, {106, 400}};
    Vec2 hub = {380, 320};
    for (Vec2 n : nodes) Capsule(cv, hub, n, 3.5f, pal.mid);
    for (auto [i, j] : {std::pair{0, 1}, {1, 3}, {4, 5}}) Capsule(cv, nodes[i], nodes[j], 3.5f, pal.light);
    for (size_t i = 0; i < nodes.size(); ++i) {
        float r = (i % 2 == 0) ? 30.0f : 24.0f;
        Circle(cv, nodes[i], r, (i % 3 == 0) ? pal.accent : pal.deep);
        Circle(cv, nodes[i], r * 0.42f, kNeutral);
    }

    RoundRect(cv, {380, 340}, {132, 80}, 0, pal.light);
    Polygon(cv, {{236, 240}, {524, 240}, {380, 156}}, pal.deep);
    Circle(cv, {380, 208}, 14, kNeutral);
    RoundRect(cv, {380, 250}, {148, 14}, 3, pal.accent);
    for (int i = 0; i < 5; ++i) RoundRect(cv, {282 + i * 49.0f, 342}, {14, 78}, 3, kNeutral);
    RoundRect(cv, {380, 428}, {158, 10}, 3, pal.accent);
    RoundRect(cv, {380, 448}, {174, 10}, 3, pal.deep);
    RoundRect(cv, {380, 468}, {190, 10}, 3, pal.accent);

    for (int stack = 0; stack < 2; ++stack) {
        float x = 640 + stack * 86.0f;
        int count = stack == 0 ? 4 : 6;
        for (int i = 0; i < count; ++i) {
            Vec2 c = {x, 540 - i * 22.0f};
            RoundRect(cv, c, {36, 11}, 11, pal.deep);
            RoundRect(cv, {c.x, c.y - 2}, {30, 5}, 5, pal.mid);
        }
    }
}

// Work: people sharing one table under interlocking gears (co-ops, third places).
void DrawTravailEmploi(Canvas& cv)
{
    Palette pal = MakePalette(0xC2407A);
    cv.Fill(pal.background);
    Circle(cv, {480, 290}, 250, pal.pale);

    // Equal pitch (radius proportional to tooth count) and a half-tooth offset
    // let the teeth of the two gears genuinely interleave.
    float big_r = 96, small_r = 64, tooth = 22;
    float dir = -28.0f * kPi / 180.0f;
    Vec2 big_c = {400, 196};
    float gap = big_r + small_r + tooth + 2.0f;
    Vec2 small_c = big_c + Vec2{std::cos(dir), std::sin(dir)} * gap;
    Gear(cv, big_c, big_r, 12, tooth, dir, pal.mid);
    Gear(cv, small_c, small_r, 8, tooth, dir + kPi + kPi / 8, pal.accent);

    // Far side of the table, then the table, then people seen from behind.
    const float table_y = 420;
    Person(cv, {300, 300}, 0.95f, table_y, pal.mid, pal.deep);
    Person(cv, {480, 286}, 0.95f, table_y, pal.accent, pal.deep, +1);
    Person(cv, {660, 300}, 0.95f, table_y, pal.mid, pal.deep);

    // Laptops seen from behind and mugs: a shared working table.
    for (float x : {300.0f, 660.0f}) {
        RoundRect(cv, {x, 384}, {42, 28}, 6, kNeutral);
        Circle(cv, {x, 384}, 6, pal.light);
    }
    for (float x : {410.0f, 552.0f}) {
        Ring(cv, {x + 16, 398}, 9, 5, kNeutral);
        RoundRect(cv, {x, 398}, {15, 18}, 5, kNeutral);
    }

    RoundRect(cv, {480, 430}, {330, 14}, 7, pal.deep);
    Capsule(cv, {190, 440}, {190, 580}, 7, pal.deep);
    Capsule(cv, {770, 440}, {770, 580}, 7, pal.deep);

    Person(cv, {370, 492}, 1.15f, 640, pal.deep, pal.mid);
    Person(cv, {590, 492}, 1.15f, 640, pal.light, pal.deep);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
        return 1;
    }
    const std::string out_dir = argv[1];
    std::error_code ec;
    std::filesystem::create_directories(out_dir, ec);
    if (ec) {
        std::fprintf(stderr, "error: cannot create folder %s: %s\n", out_dir.c_str(), ec.message().c_str());
        return 1;
    }

    struct Job {
        const char* name;
        void (*draw)(Canvas&);
    };
    const Job jobs[] = {{"democratie", DrawDemocratie},
                        {"territoires", DrawTerritoires},
                        {"interventions-publiques", DrawInterventionsPubliques},
                        {"travail-emploi", DrawTravailEmploi}};

    stbi_write_png_compression_level = 9;
    for (const Job& job : jobs) {
        Canvas canvas;
        job.draw(canvas);
        std::string path = out_dir + "/" + job.name + ".png";
        if (!canvas.Save(path)) {
            std::fprintf(stderr, "error: cannot write %s\n", path.c_str());
            return 1;
        }
        std::printf("wrote %s\n", path.c_str());
    }
    return 0;
}

// See font_cache.h. Format: "ESS-FONTS 1\n", the key's length and bytes, then per style the
// glyph count and the glyphs, then the pixels' length and bytes; little-endian, as written.
#include "ui/font_cache.h"

#include "core/durable_file.h"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "core/paths.h"

namespace fs = std::filesystem;

namespace ess {

namespace {

const char kMagic[] = "ESS-FONTS 1\n";
constexpr uint32_t kMaxPixels = 64u << 20; // a damaged length must not make us allocate gigabytes
constexpr uint32_t kMaxGlyphs = 1u << 16;
constexpr uint16_t kMaxGlyphSide = 1024; // a 4K screen's largest title glyph is a few hundred pixels

template <typename T> void Put(std::string& out, const T& value)
{
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

struct Reader {
    const std::string& In;
    size_t Pos = 0;
    template <typename T> bool Get(T& value)
    {
        if (In.size() - Pos < sizeof value) return false;
        std::memcpy(&value, In.data() + Pos, sizeof value);
        Pos += sizeof value;
        return true;
    }
    bool Bytes(size_t n, std::string& out)
    {
        if (In.size() - Pos < n) return false;
        out.assign(In, Pos, n);
        Pos += n;
        return true;
    }
};

} // namespace

bool ReadFontCache(const std::string& path, const std::string& key, FontCache& out)
{
    std::ifstream file(path, std::ios::binary | std::ios::ate);
    if (!file) return false;
    const std::streamoff size = file.tellg();
    if (size <= 0 || size > std::streamoff(kMaxPixels) * 2) return false;
    std::string data(size_t(size), '\0');
    file.seekg(0);
    if (!file.read(data.data(), size)) return false;

    Reader r{data};
    std::string magic, stored_key;
    uint32_t key_size = 0;
    if (!r.Bytes(sizeof kMagic - 1, magic) || magic != kMagic || !r.Get(key_size) || key_size != key.size() ||
        !r.Bytes(key_size, stored_key) || stored_key != key)
        return false;
    FontCache cache;
    uint64_t pixels_needed = 0;
    for (std::vector<CachedGlyph>& glyphs : cache.Glyphs) {
        uint32_t count = 0;
        if (!r.Get(count) || count > kMaxGlyphs) return false;
        glyphs.resize(count);
        for (CachedGlyph& g : glyphs) {
            if (!r.Get(g.Codepoint) || !r.Get(g.X0) || !r.Get(g.Y0) || !r.Get(g.X1) || !r.Get(g.Y1) || !r.Get(g.AdvanceX) ||
                !r.Get(g.W) || !r.Get(g.H) || !r.Get(g.Offset))
                return false;
            const float values[] = {g.X0, g.Y0, g.X1, g.Y1, g.AdvanceX};
            for (float v : values)
                if (!std::isfinite(v) || std::fabs(v) > 1e5f) return false;
            if (g.Codepoint == 0 || g.Codepoint > 0xFFFF || (g.W == 0) != (g.H == 0) || g.W > kMaxGlyphSide ||
                g.H > kMaxGlyphSide)
                return false;
            pixels_needed = std::max<uint64_t>(pixels_needed, uint64_t(g.Offset) + uint64_t(g.W) * g.H);
        }
    }
    uint32_t pixel_count = 0;
    std::string pixels;
    if (!r.Get(pixel_count) || pixel_count > kMaxPixels || pixel_count < pixels_needed || !r.Bytes(pixel_count, pixels) ||
        r.Pos != data.size())
        return false;
    cache.Pixels.assign(pixels.begin(), pixels.end());
    out = std::move(cache);
    return true;
}

bool WriteFontCache(const std::string& path, const std::string& key, const Theme& theme, const ImFontAtlas& atlas,
                    std::string& error)
{
    if (!atlas.TexPixelsAlpha8 || atlas.TexWidth <= 0 || atlas.TexHeight <= 0) {
        error = "the atlas has no 8-bit pixels";
        return false;
    }
    std::string out(kMagic, sizeof kMagic - 1);
    Put(out, uint32_t(key.size()));
    out += key;
    std::string pixels;
    for (const ImFont* font : theme.Fonts) {
        if (!font || font->ContainerAtlas != &atlas) {
            error = "a style has no font of this atlas";
            return false;
        }
        Put(out, uint32_t(font->Glyphs.Size));
        for (const ImFontGlyph& glyph : font->Glyphs) {
            CachedGlyph g;
            g.Codepoint = glyph.Codepoint;
            g.X0 = glyph.X0;
            g.Y0 = glyph.Y0;
            g.X1 = glyph.X1;
            g.Y1 = glyph.Y1;
            g.AdvanceX = glyph.AdvanceX;
            g.Offset = uint32_t(pixels.size());
            if (glyph.Visible) {
                const int x = int(std::lround(glyph.U0 * atlas.TexWidth)), y = int(std::lround(glyph.V0 * atlas.TexHeight));
                const int w = int(std::lround((glyph.U1 - glyph.U0) * atlas.TexWidth));
                const int h = int(std::lround((glyph.V1 - glyph.V0) * atlas.TexHeight));
                if (w <= 0 || h <= 0 || x < 0 || y < 0 || x + w > atlas.TexWidth || y + h > atlas.TexHeight || w > 0xFFFF ||
                    h > 0xFFFF) {
                    error = "a glyph lies outside the atlas";
                    return false;
                }
                g.W = uint16_t(w);
                g.H = uint16_t(h);
                for (int row = 0; row < h; row++)
                    pixels.append(reinterpret_cast<const char*>(atlas.TexPixelsAlpha8 + size_t(y + row) * atlas.TexWidth + x),
                                  size_t(w));
            }
            Put(out, g.Codepoint);
            Put(out, g.X0);
            Put(out, g.Y0);
            Put(out, g.X1);
            Put(out, g.Y1);
            Put(out, g.AdvanceX);
            Put(out, g.W);
            Put(out, g.H);
            Put(out, g.Offset);
        }
    }
    Put(out, uint32_t(pixels.size()));
    out += pixels;

    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    DurableOptions cache;
    cache.Sync = false; // a cache: a torn or missing one is made again, the disk is not waited for
    return WriteFileDurably(path, out, error, cache);
}

std::string DefaultFontCachePath(int width, int height, ThemeKind kind, int text_size)
{
    const std::string cache_home = XdgCacheHome();
    if (cache_home.empty()) return {};
    const std::string name = std::string(kind == ThemeKind::Wall ? "font-atlas-wall-" : "font-atlas-") + std::to_string(width) +
                             "x" + std::to_string(height) +
                             (text_size > 0 ? "-larger" + std::to_string(text_size) : std::string()) + ".bin";
    return (fs::path(cache_home) / "ess-kiosk" / name).string();
}

} // namespace ess

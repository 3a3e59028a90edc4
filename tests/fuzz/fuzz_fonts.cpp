// libFuzzer target for the glyph cache file (ess::ReadFontCache), which a power cut can leave
// damaged: the input is written to a file and read under the key "k"; whatever it holds, a
// cache that reads back is consistent (every bitmap inside the pixels, sizes within bounds).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "scratch.h"
#include "ui/font_cache.h"

namespace fs = std::filesystem;

namespace {

fs::path Dir;
std::string CachePath;

void RemoveScratch()
{
    std::error_code ec;
    fs::remove_all(Dir, ec);
}

void Require(bool condition, const char* promise)
{
    if (condition) return;
    std::fprintf(stderr, "fuzz_fonts: broken promise: %s\n", promise);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    Dir = fuzz::MakeScratchDir("fonts");
    CachePath = (Dir / "font-atlas.bin").string();
    std::atexit(RemoveScratch);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    {
        std::ofstream out(CachePath, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    ess::FontCache cache;
    if (!ess::ReadFontCache(CachePath, "k", cache)) return 0;
    for (const auto& glyphs : cache.Glyphs) {
        for (const ess::CachedGlyph& g : glyphs) {
            Require(g.Codepoint > 0 && g.Codepoint <= 0xFFFF, "code points fit ImGui's 16 bits");
            Require((g.W == 0) == (g.H == 0), "a glyph has a bitmap or none");
            Require(g.W <= 1024 && g.H <= 1024, "glyph bitmaps are glyph-sized");
            Require(uint64_t(g.Offset) + uint64_t(g.W) * g.H <= cache.Pixels.size(), "every bitmap lies inside the pixels");
        }
    }
    return 0;
}

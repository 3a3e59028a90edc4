// Font lookup and glyph coverage, read with stb_truetype from Debian's libstb.
#include "content/glyphs.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <stb_truetype.h>

#include "core/text.h"

namespace fs = std::filesystem;

namespace ess {

std::string FindFontFile(FontFace face, const std::string& assets_dir, std::vector<std::string>& tried)
{
    static const char* const names[] = {"Inter-Regular.otf", "Inter-SemiBold.otf", "Inter-Bold.otf", "InterDisplay-ExtraBold.otf",
                                        "DejaVuSans.ttf"};
    const std::string name = names[int(face)];
    const std::vector<fs::path> places = {
        fs::path(assets_dir) / "fonts" / name,
        fs::path("/usr/share/fonts/opentype/inter") / name,
        fs::path("/usr/share/fonts/truetype/dejavu") / name,
    };
    for (const fs::path& p : places) {
        tried.push_back(p.string());
        std::error_code ec; // never the throwing overloads: the glyph check runs on a start-up thread
        if (fs::exists(p, ec)) return p.string();
    }
    return {};
}

std::set<uint32_t> MissingGlyphs(const std::vector<std::string>& font_files, const std::set<uint32_t>& codepoints)
{
    std::vector<std::vector<unsigned char>> data;
    std::vector<stbtt_fontinfo> fonts;
    for (const std::string& file : font_files) {
        // One read of the whole file (a byte-by-byte istreambuf_iterator took ~3 ms per font).
        std::ifstream in(file, std::ios::binary | std::ios::ate);
        std::vector<unsigned char>& bytes = data.emplace_back();
        const std::streamoff size = in ? std::streamoff(in.tellg()) : 0;
        if (size > 0 && size < (64 << 20)) { // a font; not /dev/zero
            bytes.resize(size_t(size));
            in.seekg(0);
            if (!in.read(reinterpret_cast<char*>(bytes.data()), size)) bytes.clear();
        }
    }
    fonts.resize(data.size());
    std::vector<bool> ok(data.size(), false);
    for (size_t i = 0; i < data.size(); i++)
        ok[i] = !data[i].empty() && stbtt_InitFont(&fonts[i], data[i].data(), stbtt_GetFontOffsetForIndex(data[i].data(), 0));
    std::set<uint32_t> missing;
    for (uint32_t cp : codepoints) {
        if (cp == '\n' || cp == '\t') continue;
        bool found = false;
        for (size_t i = 0; i < fonts.size() && !found; i++) found = ok[i] && stbtt_FindGlyphIndex(&fonts[i], int(cp)) != 0;
        if (!found) missing.insert(cp);
    }
    return missing;
}

std::set<uint32_t> ContentCodepoints(const Content& content)
{
    std::set<uint32_t> cps;
    for (const std::string& s : AllVisibleStrings(content)) CollectCodepoints(PlainText(s), cps);
    cps.erase('\n');
    return cps;
}

std::set<uint32_t> ContentCodepoints(const ContentLoad& load)
{
    std::set<uint32_t> cps = ContentCodepoints(load.Data);
    for (const Content& translation : load.Translations) cps.merge(ContentCodepoints(translation));
    return cps;
}

std::set<uint32_t> CodepointsForHeadings(const std::set<uint32_t>& used)
{
    std::set<uint32_t> cps = used;
    for (uint32_t cp = 0x20; cp < 0x7F; cp++) cps.insert(cp);
    return cps;
}

std::set<uint32_t> CodepointsToDraw(const std::set<uint32_t>& used)
{
    std::set<uint32_t> cps = CodepointsForHeadings(used);
    for (uint32_t cp = 0xA0; cp <= 0xFF; cp++) cps.insert(cp);
    return cps;
}

std::set<uint32_t> CodepointsToDraw(const Content& content)
{
    return CodepointsToDraw(ContentCodepoints(content));
}

void CheckGlyphCoverage(const Content& content, const std::string& content_dir, const std::string& assets_dir,
                        std::vector<ContentProblem>& problems)
{
    CheckGlyphCoverage(ContentCodepoints(content), content_dir, assets_dir, problems);
}

void CheckGlyphCoverage(const std::set<uint32_t>& cps, const std::string& content_dir, const std::string& assets_dir,
                        std::vector<ContentProblem>& problems)
{
    std::vector<std::string> files, tried;
    for (FontFace face : {FontFace::Regular, FontFace::Bold, FontFace::Fallback}) {
        std::string f = FindFontFile(face, assets_dir, tried);
        if (!f.empty()) files.push_back(f);
    }
    if (files.empty()) {
        std::string where;
        for (const std::string& t : tried) where += (where.empty() ? "" : ", ") + t;
        problems.push_back({"fonts", 0, 0, "no font found (looked in " + where + ")", true});
        return;
    }
    // Point at the first place each missing character is written, as for any content problem.
    // A folder that cannot be listed leaves the problems without a place, never the thread
    // without its end: no overload here throws.
    std::vector<fs::path> sources;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(content_dir, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".toml") sources.push_back(it->path());
    std::sort(sources.begin(), sources.end());
    for (uint32_t cp : MissingGlyphs(files, cps)) {
        char code[16];
        snprintf(code, sizeof code, "U+%04X", cp);
        ContentProblem problem{"content", 0, 0, std::string("the fonts cannot draw ") + code + " \"" + EncodeUtf8(cp) + "\"",
                               false};
        for (const fs::path& file : sources) {
            std::ifstream in(file, std::ios::binary);
            std::string line;
            for (int number = 1; std::getline(in, line) && problem.Line == 0; number++) {
                size_t pos = 0;
                for (int col = 1; pos < line.size(); col++) {
                    if (DecodeUtf8(line, pos) == cp) {
                        problem = {file.lexically_normal().string(), number, col, problem.Message, false};
                        break;
                    }
                }
            }
            if (problem.Line) break;
        }
        problems.push_back(problem);
    }
}

} // namespace ess

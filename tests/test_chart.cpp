// The organisers' bar charts: rendered to real PNG files, read back with stb_image, and checked
// on their pixels (size, bar lengths, colours, wrapped labels) rather than on the code's insides.
#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <stb_image.h>
#include <unistd.h>

#include "tally/chart.h"

#include "temp_dir.h"

using namespace ess;
namespace fs = std::filesystem;

namespace {

const std::string kAssets = std::string(ESS_SOURCE_DIR) + "/assets";
const uint8_t kBarColor[3] = {0x4C, 0x5F, 0xD5};
const uint8_t kHighlightColor[3] = {0xE0, 0x7A, 0x3F};

const char* const kShortLabel = "Un portage politique lisible et au plus haut des enjeux.";
const char* const kFrenchLabel = "Le développement de la culture du « lâcher prise » et de la mise en œuvre.";
const char* const kLongLabel = "Une organisation en transversalité et en mode projet, avec la création d’espaces "
                               "d’échange, d’acculturation, de formation et d’intelligence collective entre agent.es "
                               "et élu.es (sur les transitions, les modes de contractualisation…).";

struct Image {
    int Width = 0, Height = 0;
    std::vector<uint8_t> Rgb;
    const uint8_t* At(int x, int y) const { return &Rgb[(size_t(y) * Width + x) * 3]; }
};

bool LoadPng(const fs::path& path, Image& image)
{
    int channels = 0;
    unsigned char* data = stbi_load(path.string().c_str(), &image.Width, &image.Height, &channels, 3);
    if (!data) return false;
    image.Rgb.assign(data, data + size_t(image.Width) * image.Height * 3);
    stbi_image_free(data);
    return true;
}

Image RenderAndLoad(const std::string& name, const std::vector<ChartBar>& bars)
{
    const TempDir dir("chart-" + name); // a folder of its own: parallel CTest runs never share a file
    const fs::path path = dir.Path / "chart.png";
    std::string error;
    const bool rendered = RenderBarChart("Comment agir ? Les leviers choisis", bars, kAssets, path.string(), error);
    REQUIRE_MESSAGE(rendered, error);
    REQUIRE(fs::exists(path));
    Image image;
    REQUIRE_MESSAGE(LoadPng(path, image), "stb_image cannot decode " << path.string());
    return image;
}

// A bar as seen in the picture: rows that hold the colour exactly (the anti-aliased rim does
// not), and its longest run of that colour.
struct SeenBar {
    int Left = 0, Length = 0;
};

std::vector<SeenBar> FindBars(const Image& image, const uint8_t color[3])
{
    std::vector<SeenBar> bars;
    bool in_bar = false;
    for (int y = 0; y < image.Height; y++) {
        int count = 0, left = -1;
        for (int x = 0; x < image.Width; x++) {
            const uint8_t* p = image.At(x, y);
            if (p[0] == color[0] && p[1] == color[1] && p[2] == color[2]) {
                if (left < 0) left = x;
                count++;
            }
        }
        if (count == 0) {
            in_bar = false;
            continue;
        }
        if (!in_bar) bars.push_back({left, 0});
        in_bar = true;
        bars.back().Length = std::max(bars.back().Length, count);
    }
    return bars;
}

// Lines of text in the label column: bands of rows holding dark ink. A gap of a few rows is
// not a new line: the dot of "enjeux" or an accent floats above a line without ascenders.
int CountTextLines(const Image& image, int column_end)
{
    const int min_line_gap = 5;
    int lines = 0, blank_rows = min_line_gap;
    for (int y = 0; y < image.Height; y++) {
        bool ink = false;
        for (int x = 0; x < column_end && !ink; x++) {
            const uint8_t* p = image.At(x, y);
            ink = p[0] + p[1] + p[2] < 3 * 128;
        }
        if (ink && blank_rows >= min_line_gap) lines++;
        blank_rows = ink ? 0 : blank_rows + 1;
    }
    return lines;
}

} // namespace

TEST_CASE("a chart of French levers is a 1600 px wide PNG that stb_image decodes")
{
    const Image image = RenderAndLoad("french", {{kShortLabel, 42}, {kFrenchLabel, 19, true}, {kLongLabel, 9}});
    CHECK(image.Width == 1600);
    CHECK(image.Height > 300);
}

TEST_CASE("a long label is wrapped over several lines and the chart grows to hold it")
{
    const Image short_only = RenderAndLoad("short", {{kShortLabel, 42}, {kFrenchLabel, 19}});
    const Image with_long = RenderAndLoad("with_long", {{kShortLabel, 42}, {kFrenchLabel, 19}, {kLongLabel, 9}});
    CHECK(with_long.Height > short_only.Height);
    // Same title, note and first labels in both: the extra lines are the long label's.
    const int label_column = 1600 * 45 / 100 - 4;
    CHECK(CountTextLines(with_long, label_column) - CountTextLines(short_only, label_column) >= 3);
}

TEST_CASE("bars are scaled to the largest value and a highlighted bar has the accent colour")
{
    const Image image = RenderAndLoad("bars", {{kShortLabel, 42}, {kFrenchLabel, 21, true}, {kLongLabel, 9}});
    const std::vector<SeenBar> plain = FindBars(image, kBarColor);
    const std::vector<SeenBar> highlighted = FindBars(image, kHighlightColor);
    REQUIRE(plain.size() == 2);
    REQUIRE(highlighted.size() == 1);

    CHECK(plain[0].Length > highlighted[0].Length);
    CHECK(highlighted[0].Length > plain[1].Length);
    // Proportional to the values, give or take the rounded end's anti-aliased pixels.
    CHECK(double(plain[0].Length) / plain[1].Length == doctest::Approx(42.0 / 9.0).epsilon(0.05));
    CHECK(double(plain[0].Length) / highlighted[0].Length == doctest::Approx(2.0).epsilon(0.05));
    // All grow from the same axis.
    CHECK(plain[0].Left == plain[1].Left);
    CHECK(plain[0].Left == highlighted[0].Left);
}

TEST_CASE("no bars, all-zero values and an empty label still render")
{
    CHECK(RenderAndLoad("empty", {}).Width == 1600);
    const Image zeros = RenderAndLoad("zeros", {{"Aucun vote", 0}, {"", 0, true}});
    CHECK(FindBars(zeros, kBarColor).empty());
    CHECK(FindBars(zeros, kHighlightColor).empty());
    CHECK(FindBars(RenderAndLoad("empty_label", {{"", 5}, {kShortLabel, 10}}), kBarColor).size() == 2);
}

TEST_CASE("an unwritable PNG path gives false and says which file")
{
    const TempDir dir("chart-unwritable");
    const std::string path = (dir.Path / "no-such-folder" / "chart.png").string();
    std::string error;
    CHECK_FALSE(RenderBarChart("Titre", {{kShortLabel, 1}}, kAssets, path, error));
    CHECK(error.find(path) != std::string::npos);
}

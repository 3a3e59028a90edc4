// UTF-8 handling and the French-aware line breaker.
#include <doctest/doctest.h>

#include "core/text.h"

using namespace ess;

namespace {
// One unit per code point: wrapping becomes countable by hand.
float Count(std::string_view s, bool)
{
    float n = 0;
    size_t pos = 0;
    while (pos < s.size()) {
        DecodeUtf8(s, pos);
        n++;
    }
    return n;
}

std::string LineText(std::string_view s, const TextLine& line)
{
    std::string out;
    for (const TextPiece& p : line.Pieces) out += std::string(s.substr(p.Begin, p.End - p.Begin));
    return out;
}
} // namespace

TEST_CASE("UTF-8 decoding accepts French text and rejects malformed bytes")
{
    std::string s = "Ça œuvre « ici » …";
    size_t pos = 0;
    CHECK(DecodeUtf8(s, pos) == 0xC7);
    CHECK(FindInvalidUtf8(s) == std::string::npos);
    CHECK(FindInvalidUtf8("abc\xC3") == 3);  // truncated sequence
    CHECK(FindInvalidUtf8("ab\xE9z") == 2);  // Latin-1 byte, not UTF-8
    CHECK(FindInvalidUtf8("\xC0\xAF") == 0); // overlong encoding
    CHECK(EncodeUtf8(0x153) == "œ");
}

TEST_CASE("PlainText removes bold markers only")
{
    CHECK(PlainText("Les actions du **Département** pour") == "Les actions du Département pour");
}

TEST_CASE("wrapping breaks at spaces within the width")
{
    std::string s = "aaa bbb ccc ddd";
    auto lines = WrapRichText(s, 7, Count);
    REQUIRE(lines.size() == 2);
    CHECK(LineText(s, lines[0]) == "aaa bbb");
    CHECK(LineText(s, lines[1]) == "ccc ddd");
    CHECK(lines[0].Width == 7);
}

TEST_CASE("a space before ? ! : ; » or after « never breaks")
{
    std::string s = "Comment agir ?";
    auto lines = WrapRichText(s, 12, Count); // "Comment agir" fits exactly; " ?" must come along
    REQUIRE(lines.size() == 2);
    CHECK(LineText(s, lines[1]) == "agir ?");

    std::string q = "dit « gilets jaunes »";
    auto quoted = WrapRichText(q, 9, Count);
    for (const TextLine& line : quoted) {
        std::string text = LineText(q, line);
        CHECK(text.rfind("»", 0) != 0); // no line starts with »
        CHECK(text.size() >= 2);
        CHECK(text.substr(text.size() - 2) != "«"); // no line ends with «
    }
}

TEST_CASE("bold markers become bold pieces, not text")
{
    std::string s = "un **mot** fort";
    auto lines = WrapRichText(s, 100, Count);
    REQUIRE(lines.size() == 1);
    CHECK(LineText(s, lines[0]) == "un mot fort");
    bool found_bold = false;
    for (const TextPiece& p : lines[0].Pieces)
        if (p.Bold) {
            CHECK(s.substr(p.Begin, p.End - p.Begin) == "mot");
            found_bold = true;
        }
    CHECK(found_bold);
    CHECK(lines[0].Width == 11);
}

TEST_CASE("line and paragraph breaks are kept")
{
    std::string s = "un\ndeux\n\ntrois";
    auto lines = WrapRichText(s, 100, Count);
    REQUIRE(lines.size() == 3);
    CHECK_FALSE(lines[1].ParagraphStart);
    CHECK(lines[2].ParagraphStart);
    CHECK(LineText(s, lines[2]) == "trois");
}

TEST_CASE("a word longer than the line is split between letters")
{
    std::string s = "Anticonstitutionnellement";
    auto lines = WrapRichText(s, 10, Count);
    REQUIRE(lines.size() == 3);
    CHECK(LineText(s, lines[0]) == "Anticonsti");
    CHECK(LineText(s, lines[2]) == "ement");
    // Said, so that a screen that lets it happen fails its layout check.
    CHECK(lines[0].BrokenWord);
    CHECK(lines[1].BrokenWord);
    CHECK_FALSE(lines[2].BrokenWord);
}

TEST_CASE("a compound word breaks after a hyphen, not between letters")
{
    std::string s = "Département de Meurthe-et-Moselle";
    auto lines = WrapRichText(s, 11, Count);
    REQUIRE(lines.size() == 3);
    CHECK(LineText(s, lines[0]) == "Département");
    CHECK(LineText(s, lines[1]) == "de Meurthe-");
    CHECK(LineText(s, lines[2]) == "et-Moselle");
    for (const TextLine& l : lines) CHECK_FALSE(l.BrokenWord);
    // Fitting whole, it stays whole; a lone dash between spaces is no break.
    CHECK(WrapRichText("Meurthe-et-Moselle", 30, Count).size() == 1);
    auto dash = WrapRichText("élus - qui", 5, Count);
    REQUIRE(dash.size() == 2);
    CHECK(LineText("élus - qui", dash[1]) == "- qui");
}

TEST_CASE("a link longer than the line is split, never lost")
{
    std::string s = "https://www.rtes.fr/system/files/inline-files/Initiatives-01.pdf";
    auto lines = WrapRichText(s, 20, Count);
    CHECK(lines.size() == 4);
    CHECK(LineText(s, lines[0]) == "https://www.rtes.fr/"); // links break after a slash
    CHECK(LineText(s, lines[1]) == "system/files/inline-"); // and after a hyphen
    std::string joined;
    for (const TextLine& l : lines) {
        CHECK(l.Width <= 20);
        joined += LineText(s, l);
    }
    CHECK(joined == s);
}

// UTF-8 decoding and rich-text wrapping (see text.h).
#include "core/text.h"

#include "core/content_model.h"

namespace ess {

bool UsesSingular(const std::string& language, long long n)
{
    return language == "fr" || language.empty() ? n <= 1 : n == 1;
}

uint32_t DecodeUtf8(std::string_view s, size_t& pos)
{
    unsigned char c = static_cast<unsigned char>(s[pos]);
    if (c < 0x80) {
        pos++;
        return c;
    }
    int extra = (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
    if (extra < 0 || pos + extra >= s.size()) {
        pos++;
        return 0xFFFD;
    }
    uint32_t cp = c & (0x3F >> extra);
    for (int i = 1; i <= extra; i++) {
        unsigned char cc = static_cast<unsigned char>(s[pos + i]);
        if ((cc & 0xC0) != 0x80) {
            pos++;
            return 0xFFFD;
        }
        cp = (cp << 6) | (cc & 0x3F);
    }
    static const uint32_t min_for_length[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min_for_length[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        pos++;
        return 0xFFFD;
    }
    pos += extra + 1;
    return cp;
}

size_t FindInvalidUtf8(std::string_view s)
{
    size_t pos = 0;
    while (pos < s.size()) {
        size_t start = pos;
        uint32_t cp = DecodeUtf8(s, pos);
        // A literal U+FFFD in the text is valid; a decoding failure advances by exactly one byte.
        if (cp == 0xFFFD && pos - start == 1) return start;
    }
    return std::string_view::npos;
}

void CollectCodepoints(std::string_view s, std::set<uint32_t>& out)
{
    size_t pos = 0;
    while (pos < s.size()) out.insert(DecodeUtf8(s, pos));
}

std::string EncodeUtf8(uint32_t cp)
{
    std::string out;
    if (cp < 0x80)
        out += char(cp);
    else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
    return out;
}

std::string FillIn(std::string_view pattern, const std::vector<std::pair<std::string, std::string>>& values)
{
    std::string out(pattern);
    for (const auto& [name, value] : values) {
        const std::string key = "{" + name + "}";
        for (size_t at = out.find(key); at != std::string::npos; at = out.find(key, at + value.size()))
            out.replace(at, key.size(), value);
    }
    return out;
}

std::string PlainText(std::string_view rich)
{
    std::string out;
    out.reserve(rich.size());
    for (size_t i = 0; i < rich.size(); i++) {
        if (rich.compare(i, 2, "**") == 0) {
            i++;
            continue;
        }
        out += rich[i];
    }
    return out;
}

namespace {

struct Token {
    enum Kind { Word, Space, LineBreak, ParagraphBreak } Type = Word;
    std::vector<TextPiece> Pieces;
};

void AppendPiece(std::vector<TextPiece>& pieces, size_t begin, size_t end, bool bold)
{
    if (!pieces.empty() && pieces.back().End == begin && pieces.back().Bold == bold) {
        pieces.back().End = end;
        return;
    }
    pieces.push_back({begin, end, bold, 0});
}

bool BindsToPrevious(uint32_t cp)
{
    return cp == '?' || cp == '!' || cp == ':' || cp == ';' || cp == 0xBB /* » */;
}

std::vector<Token> Tokenize(std::string_view s)
{
    std::vector<Token> tokens;
    Token word;
    bool bold = false;
    uint32_t previous = 0;
    const auto flush_word = [&] {
        if (!word.Pieces.empty()) tokens.push_back(std::move(word));
        word = Token{};
    };
    size_t pos = 0;
    while (pos < s.size()) {
        if (s.compare(pos, 2, "**") == 0) {
            bold = !bold;
            pos += 2;
            continue;
        }
        size_t start = pos;
        uint32_t cp = DecodeUtf8(s, pos);
        if (cp == '\n') {
            flush_word();
            // Blank line (possibly with spaces) = new paragraph.
            size_t look = pos;
            while (look < s.size() && (s[look] == ' ' || s[look] == '\t')) look++;
            if (look < s.size() && s[look] == '\n') {
                while (look < s.size() && (s[look] == '\n' || s[look] == ' ' || s[look] == '\t')) look++;
                pos = look;
                tokens.push_back({Token::ParagraphBreak, {}});
            } else {
                tokens.push_back({Token::LineBreak, {}});
            }
            previous = 0;
            continue;
        }
        if (cp == ' ') {
            size_t next_pos = pos;
            while (next_pos < s.size() && s.compare(next_pos, 2, "**") == 0) next_pos += 2;
            uint32_t next = next_pos < s.size() ? DecodeUtf8(s, next_pos) : 0;
            bool glued = previous == 0xAB /* « */ || BindsToPrevious(next);
            if (glued && !word.Pieces.empty()) {
                AppendPiece(word.Pieces, start, pos, bold);
            } else {
                flush_word();
                Token space{Token::Space, {}};
                space.Pieces.push_back({start, pos, bold, 0});
                tokens.push_back(std::move(space));
            }
            previous = cp;
            continue;
        }
        AppendPiece(word.Pieces, start, pos, bold);
        previous = cp;
        // A link or a file path may break after a "/" (not inside "//"): better than between two letters.
        if (cp == '/' && (pos >= s.size() || s[pos] != '/')) flush_word();
        // A compound word may break after its hyphen, as browsers do: "Meurthe-et-" / "Moselle".
        const bool after_letter = start > 0 && s[start - 1] != ' ' && s[start - 1] != '-';
        if (cp == '-' && after_letter && pos < s.size() && s[pos] != ' ' && s[pos] != '-' && s[pos] != '\n') flush_word();
    }
    flush_word();
    return tokens;
}

} // namespace

std::vector<TextLine> WrapRichText(std::string_view s, float max_width, const MeasureFn& measure)
{
    std::vector<TextLine> lines(1);
    float x = 0;
    const Token* pending_space = nullptr;

    const auto new_line = [&](bool paragraph) {
        lines.push_back({});
        lines.back().ParagraphStart = paragraph;
        x = 0;
        pending_space = nullptr;
    };
    const auto place = [&](const TextPiece& piece, float width) {
        TextLine& line = lines.back();
        if (!line.Pieces.empty() && line.Pieces.back().End == piece.Begin && line.Pieces.back().Bold == piece.Bold)
            line.Pieces.back().End = piece.End;
        else
            line.Pieces.push_back({piece.Begin, piece.End, piece.Bold, x});
        x += width;
        line.Width = x;
    };

    for (const Token& token : Tokenize(s)) {
        if (token.Type == Token::LineBreak || token.Type == Token::ParagraphBreak) {
            new_line(token.Type == Token::ParagraphBreak);
            continue;
        }
        if (token.Type == Token::Space) {
            if (!lines.back().Pieces.empty()) pending_space = &token;
            continue;
        }
        float word_width = 0;
        std::vector<float> widths;
        for (const TextPiece& p : token.Pieces) {
            widths.push_back(measure(s.substr(p.Begin, p.End - p.Begin), p.Bold));
            word_width += widths.back();
        }
        float space_width = 0;
        if (pending_space) {
            const TextPiece& sp = pending_space->Pieces[0];
            space_width = measure(s.substr(sp.Begin, sp.End - sp.Begin), sp.Bold);
        }
        if (!lines.back().Pieces.empty() && x + space_width + word_width > max_width) {
            bool paragraph = false;
            new_line(paragraph);
        } else if (pending_space) {
            place(pending_space->Pieces[0], space_width);
        }
        pending_space = nullptr;

        if (word_width <= max_width || !lines.back().Pieces.empty()) {
            for (size_t i = 0; i < token.Pieces.size(); i++) place(token.Pieces[i], widths[i]);
            continue;
        }
        // A word wider than the line (a long link): break it between code points.
        for (const TextPiece& p : token.Pieces) {
            size_t pos = p.Begin;
            while (pos < p.End) {
                size_t start = pos;
                DecodeUtf8(s, pos);
                float w = measure(s.substr(start, pos - start), p.Bold);
                if (x + w > max_width && !lines.back().Pieces.empty()) {
                    lines.back().BrokenWord = true;
                    new_line(false);
                }
                place({start, pos, p.Bold, 0}, w);
            }
        }
    }
    if (lines.size() > 1 && lines.back().Pieces.empty()) lines.pop_back();
    return lines;
}

} // namespace ess

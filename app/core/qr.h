// QR codes for initiative links, so a visitor can open them on a phone (libqrencode).
#pragma once
#include <string>
#include <vector>

namespace ess {

struct QrCode {
    int Size = 0;                    // modules per side; 0 when encoding failed
    std::vector<unsigned char> Dark; // Size*Size, row-major, 1 = dark module
    bool At(int x, int y) const { return Dark[size_t(y) * Size + x] != 0; }
};

QrCode EncodeQr(const std::string& text);

} // namespace ess

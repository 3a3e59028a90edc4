// QR encoding through libqrencode (see qr.h).
#include "core/qr.h"

#include <qrencode.h>

namespace ess {

QrCode EncodeQr(const std::string& text)
{
    QrCode out;
    // Medium error correction: readable on a screen with reflections, still few modules.
    QRcode* code = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code) return out;
    out.Size = code->width;
    out.Dark.resize(size_t(code->width) * code->width);
    for (size_t i = 0; i < out.Dark.size(); i++) out.Dark[i] = code->data[i] & 1;
    QRcode_free(code);
    return out;
}

} // namespace ess

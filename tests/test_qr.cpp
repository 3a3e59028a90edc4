// QR codes of initiative links.
#include <doctest/doctest.h>

#include "core/qr.h"

using namespace ess;

TEST_CASE("a link encodes to a QR code with its three finder patterns")
{
    QrCode q = EncodeQr("https://www.rtes.fr/system/files/inline-files/Initiatives-01.pdf");
    REQUIRE(q.Size >= 21);
    CHECK((q.Size - 17) % 4 == 0); // sizes are 21, 25, 29... modules
    // A finder pattern: a 7×7 dark ring, a light ring, a 3×3 dark centre.
    const auto finder = [&](int ox, int oy) {
        for (int i = 0; i < 7; i++) {
            if (!q.At(ox + i, oy) || !q.At(ox + i, oy + 6) || !q.At(ox, oy + i) || !q.At(ox + 6, oy + i)) return false;
        }
        return !q.At(ox + 1, oy + 1) && q.At(ox + 3, oy + 3) && !q.At(ox + 5, oy + 5);
    };
    CHECK(finder(0, 0));
    CHECK(finder(q.Size - 7, 0));
    CHECK(finder(0, q.Size - 7));
    CHECK_FALSE(finder(q.Size - 7, q.Size - 7));
}

TEST_CASE("different links give different codes")
{
    CHECK(EncodeQr("https://a.example/1").Dark != EncodeQr("https://a.example/2").Dark);
}

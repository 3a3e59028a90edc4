// Compares two screenshots of the same screen: the one cage shows (grim) and the headless one.
// Usage: compare-png A.png B.png [MAX_MEAN [MAX_SHARE]]: exit status 0 when they have the same
// size, their mean difference per channel is at most MAX_MEAN (of 255, default 3) and at most
// MAX_SHARE of the pixels (default 0.02) differ by more than 48 in some channel; 1 otherwise.
// Two renderers (SDL's software one headless, OpenGL under cage) differ in anti-aliasing only.
#include <cstdio>
#include <cstdlib>
#include <cmath>

#include <stb_image.h>

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: compare-png A.png B.png [MAX_MEAN [MAX_SHARE]]\n");
        return 2;
    }
    const double max_mean = argc > 3 ? std::atof(argv[3]) : 3.0, max_share = argc > 4 ? std::atof(argv[4]) : 0.02;
    int aw = 0, ah = 0, bw = 0, bh = 0, n = 0;
    unsigned char* a = stbi_load(argv[1], &aw, &ah, &n, 3);
    unsigned char* b = stbi_load(argv[2], &bw, &bh, &n, 3);
    if (!a || !b) {
        std::fprintf(stderr, "compare-png: cannot read %s\n", !a ? argv[1] : argv[2]);
        return 1;
    }
    if (aw != bw || ah != bh) {
        std::printf("%s is %dx%d, %s is %dx%d: not the same size\n", argv[1], aw, ah, argv[2], bw, bh);
        return 1;
    }
    double sum = 0;
    long off = 0;
    const long pixels = long(aw) * ah;
    for (long i = 0; i < pixels; i++) {
        int worst = 0;
        for (int c = 0; c < 3; c++) {
            const int d = std::abs(int(a[i * 3 + c]) - int(b[i * 3 + c]));
            sum += d;
            if (d > worst) worst = d;
        }
        if (worst > 48) off++;
    }
    const double mean = sum / (pixels * 3.0), share = double(off) / pixels;
    const bool same = mean <= max_mean && share <= max_share;
    std::printf("%s vs %s: %dx%d, mean difference %.2f/255, %.3f%% of pixels differ by more than 48: %s\n", argv[1], argv[2], aw,
                ah, mean, share * 100, same ? "the same screen" : "DIFFERENT");
    stbi_image_free(a);
    stbi_image_free(b);
    return same ? 0 : 1;
}

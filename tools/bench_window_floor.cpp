// ess-bench-floor: the least any SDL program pays for its first frame on this machine -- SDL's
// video start, a window like the kiosk's (borderless at the display's bounds, made for OpenGL),
// its renderer, one cleared frame presented -- with no content, fonts or pictures. kiosk/bench
// launches it beside the kiosk, so the kiosk's start-up reads against what the platform costs.
// Logs the same line as the kiosk: "first frame presented … (wall clock …)".
#include <SDL.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

namespace {
const auto kStart = std::chrono::steady_clock::now();
}

int main()
{
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        std::fprintf(stderr, "ess-bench-floor: %s\n", SDL_GetError());
        return 1;
    }
    const char* driver = SDL_GetCurrentVideoDriver();
    const bool dummy = driver && std::string(driver) == "dummy";
    SDL_Rect b{0, 0, 1920, 1080};
    if (!dummy) SDL_GetDisplayBounds(0, &b);
    SDL_Window* window = SDL_CreateWindow("floor", b.x, b.y, b.w, b.h, SDL_WINDOW_BORDERLESS | (dummy ? 0 : SDL_WINDOW_OPENGL));
    SDL_Renderer* renderer =
        window
            ? SDL_CreateRenderer(window, -1, dummy ? SDL_RENDERER_SOFTWARE : SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC)
            : nullptr;
    if (!renderer) {
        std::fprintf(stderr, "ess-bench-floor: %s\n", SDL_GetError());
        return 1;
    }
    SDL_SetRenderDrawColor(renderer, 246, 241, 234, 255);
    SDL_RenderClear(renderer);
    SDL_RenderPresent(renderer);
    timespec wall{};
    clock_gettime(CLOCK_REALTIME, &wall);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - kStart).count();
    std::fprintf(stderr, "ess-bench-floor: first frame presented %.0f ms after start (wall clock %lld.%09ld)\n", ms,
                 (long long)wall.tv_sec, wall.tv_nsec);
    SDL_DestroyRenderer(renderer);
    SDL_DestroyWindow(window);
    SDL_Quit();
    return 0;
}

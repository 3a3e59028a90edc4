// The kiosk's own draw-list renderer (untextured and opaque runs) draws the same pixels as
// ImGui's stock SDL_Renderer backend, on SDL's software renderer (headless).
#include <doctest/doctest.h>

#include <cstdlib>
#include <vector>

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>

#include "platform/render.h"

namespace {

struct Canvas {
    SDL_Window* Window = nullptr;
    SDL_Renderer* Renderer = nullptr;
    SDL_Texture* Picture = nullptr;
    Canvas()
    {
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
        REQUIRE(SDL_Init(SDL_INIT_VIDEO) == 0);
        Window = SDL_CreateWindow("test", 0, 0, 400, 300, 0);
        Renderer = SDL_CreateRenderer(Window, -1, SDL_RENDERER_SOFTWARE);
        REQUIRE(Renderer);
        ImGui::CreateContext();
        ImGui::GetIO().DisplaySize = ImVec2(400, 300);
        ImGui::GetIO().IniFilename = nullptr;
        ImGui_ImplSDLRenderer_Init(Renderer);
        ImGui_ImplSDLRenderer_CreateFontsTexture();
        // An opaque picture with a gradient, as the illustrations are.
        std::vector<Uint32> pixels(64 * 64);
        for (int i = 0; i < 64 * 64; i++) pixels[i] = 0xFF000000u | Uint32((i % 64) * 4) << 8 | Uint32((i / 64) * 4);
        Picture = SDL_CreateTexture(Renderer, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STATIC, 64, 64);
        SDL_UpdateTexture(Picture, nullptr, pixels.data(), 64 * 4);
        SDL_SetTextureBlendMode(Picture, SDL_BLENDMODE_BLEND);
    }
    ~Canvas()
    {
        SDL_DestroyTexture(Picture);
        ImGui_ImplSDLRenderer_Shutdown();
        ImGui::DestroyContext();
        SDL_DestroyRenderer(Renderer);
        SDL_DestroyWindow(Window);
        SDL_Quit();
    }
    std::vector<unsigned char> Draw(bool stock)
    {
        SDL_SetRenderDrawColor(Renderer, 246, 241, 234, 255);
        SDL_RenderClear(Renderer);
        if (stock)
            ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
        else
            ess::RenderDrawData(Renderer, ImGui::GetDrawData());
        std::vector<unsigned char> pixels(400 * 300 * 4);
        REQUIRE(SDL_RenderReadPixels(Renderer, nullptr, SDL_PIXELFORMAT_ABGR8888, pixels.data(), 400 * 4) == 0);
        return pixels;
    }
};

} // namespace

TEST_CASE("the kiosk's renderer draws what ImGui's SDL_Renderer backend draws")
{
    Canvas canvas;
    ImGui::NewFrame();
    ImDrawList* d = ImGui::GetBackgroundDrawList();
    d->AddRectFilled(ImVec2(10, 10), ImVec2(390, 290), IM_COL32(255, 255, 255, 255), 24); // opaque card
    d->AddRectFilled(ImVec2(30, 200), ImVec2(300, 280), IM_COL32(31, 34, 51, 60), 12);    // translucent
    d->AddImageRounded(canvas.Picture, ImVec2(40, 40), ImVec2(200, 160), ImVec2(0, 0), ImVec2(1, 1), IM_COL32_WHITE, 16);
    d->AddText(ImVec2(220, 60), IM_COL32(31, 34, 51, 255), "Comment agir ?"); // atlas glyphs
    d->AddCircleFilled(ImVec2(300, 150), 30, IM_COL32(200, 60, 40, 255), 32);
    d->PushClipRect(ImVec2(0, 0), ImVec2(250, 300)); // a clipped shape
    d->AddRectFilled(ImVec2(230, 180), ImVec2(380, 260), IM_COL32(40, 140, 90, 255), 8);
    d->PopClipRect();
    ImGui::Render();

    const std::vector<unsigned char> stock = canvas.Draw(true), ours = canvas.Draw(false);
    int worst = 0;
    long changed = 0;
    for (size_t i = 0; i < stock.size(); i++) {
        worst = std::max(worst, std::abs(int(stock[i]) - int(ours[i])));
        if (i % 4 == 0 && (ours[i] != 246 || ours[i + 1] != 241 || ours[i + 2] != 234)) changed++;
    }
    CHECK(changed > 400 * 300 / 2); // something was drawn: the card covers most of the canvas
    CHECK(worst <= 6);              // rounding differences only
    // The clipped rectangle stops at x = 250 in both.
    const auto at = [&](const std::vector<unsigned char>& p, int x, int y) { return p[(size_t(y) * 400 + x) * 4 + 1]; };
    CHECK(at(ours, 245, 190) == at(stock, 245, 190));
    CHECK(at(ours, 245, 190) > 120); // green shows left of the clip edge
    CHECK(at(ours, 260, 190) > 230); // white card right of it
}

// Draws ImGui's draw lists with SDL_Renderer, cheaper than the stock backend on a CPU rasteriser.
#pragma once

struct SDL_Renderer;
struct ImDrawData;

namespace ess {

// Like ImGui_ImplSDLRenderer_RenderDrawData, with one difference that matters on machines
// without a GPU (llvmpipe, SDL's software renderer): triangles that only sample the font
// atlas's white pixel (every filled shape) are drawn untextured, and those that are also fully
// opaque are drawn without blending. Order is kept: consecutive triangles of one kind make one
// draw call. On llvmpipe a full-screen layer costs ~12 ms textured and blended, ~6 ms
// untextured, ~4 ms untextured and opaque (BENCHMARKS.md).
void RenderDrawData(SDL_Renderer* renderer, const ImDrawData* data);

} // namespace ess

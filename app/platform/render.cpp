// See render.h.
#include "platform/render.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <SDL.h>
#include <imgui.h>

namespace ess {

namespace {

enum class Kind { Textured, Solid, Opaque };

Kind Classify(const ImDrawVert* v, const ImDrawIdx* tri, bool atlas, ImVec2 white)
{
    bool solid = atlas, opaque = true;
    for (int k = 0; k < 3; k++) {
        const ImDrawVert& x = v[tri[k]];
        solid = solid && x.uv.x == white.x && x.uv.y == white.y;
        opaque = opaque && (x.col >> IM_COL32_A_SHIFT) == 0xFF;
    }
    return !solid ? Kind::Textured : opaque ? Kind::Opaque : Kind::Solid;
}

float TriangleArea(const ImDrawVert* v, const ImDrawIdx* tri)
{
    const ImVec2 a = v[tri[0]].pos, b = v[tri[1]].pos, c = v[tri[2]].pos;
    return std::fabs((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)) * 0.5f;
}

// Below this many pixels, a separate draw call costs more than it saves.
constexpr float kMinRunArea = 64 * 64;

struct Run {
    Kind K;
    unsigned Start, End;
    float Area;
};
std::vector<Run> Runs; // reused from frame to frame: no allocation once warm

} // namespace

void RenderDrawData(SDL_Renderer* renderer, const ImDrawData* data)
{
    const int fb_w = int(data->DisplaySize.x * data->FramebufferScale.x);
    const int fb_h = int(data->DisplaySize.y * data->FramebufferScale.y);
    if (fb_w <= 0 || fb_h <= 0) return;
    const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    const ImVec2 white = atlas->TexUvWhitePixel;
    SDL_BlendMode previous_blend = SDL_BLENDMODE_NONE;
    SDL_GetRenderDrawBlendMode(renderer, &previous_blend);

    for (int n = 0; n < data->CmdListsCount; n++) {
        const ImDrawList* list = data->CmdLists[n];
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback) {
                if (cmd.UserCallback != ImDrawCallback_ResetRenderState) cmd.UserCallback(list, &cmd);
                continue;
            }
            const ImVec2 off = data->DisplayPos, scale = data->FramebufferScale;
            const float x0 = std::max(0.0f, (cmd.ClipRect.x - off.x) * scale.x),
                        y0 = std::max(0.0f, (cmd.ClipRect.y - off.y) * scale.y);
            const float x1 = std::min(float(fb_w), (cmd.ClipRect.z - off.x) * scale.x);
            const float y1 = std::min(float(fb_h), (cmd.ClipRect.w - off.y) * scale.y);
            if (x1 <= x0 || y1 <= y0) continue;
            const SDL_Rect clip{int(x0), int(y0), int(x1 - x0), int(y1 - y0)};
            SDL_RenderSetClipRect(renderer, &clip);

            const ImDrawVert* vtx = list->VtxBuffer.Data + cmd.VtxOffset;
            const ImDrawIdx* idx = list->IdxBuffer.Data + cmd.IdxOffset;
            const int vertex_count = list->VtxBuffer.Size - int(cmd.VtxOffset);
            const bool atlas_texture = cmd.GetTexID() == atlas->TexID;
            const auto* xy = reinterpret_cast<const float*>(reinterpret_cast<const char*>(vtx) + IM_OFFSETOF(ImDrawVert, pos));
            const auto* uv = reinterpret_cast<const float*>(reinterpret_cast<const char*>(vtx) + IM_OFFSETOF(ImDrawVert, uv));
            const auto* colour =
                reinterpret_cast<const SDL_Color*>(reinterpret_cast<const char*>(vtx) + IM_OFFSETOF(ImDrawVert, col));
            // Runs of one kind; a small untextured run is not worth its own draw call (and a
            // state change): it stays with its neighbours, textured or blended.
            Runs.clear();
            for (unsigned e = 0; e < cmd.ElemCount; e += 3) {
                const Kind kind = Classify(vtx, idx + e, atlas_texture, white);
                if (Runs.empty() || Runs.back().K != kind) Runs.push_back({kind, e, e, 0});
                Run& r = Runs.back();
                r.End = e + 3;
                r.Area += TriangleArea(vtx, idx + e);
            }
            for (Run& r : Runs)
                if (r.K != Kind::Textured && r.Area < kMinRunArea) r.K = Kind::Textured;
            size_t i = 0;
            while (i < Runs.size()) {
                const Kind kind = Runs[i].K;
                const unsigned start = Runs[i].Start;
                unsigned end = Runs[i].End;
                for (i++; i < Runs.size() && Runs[i].K == kind; i++) end = Runs[i].End;
                SDL_Texture* texture = kind == Kind::Textured ? static_cast<SDL_Texture*>(cmd.GetTexID()) : nullptr;
                if (!texture)
                    SDL_SetRenderDrawBlendMode(renderer, kind == Kind::Opaque ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
                SDL_RenderGeometryRaw(renderer, texture, xy, sizeof(ImDrawVert), colour, sizeof(ImDrawVert), uv,
                                      sizeof(ImDrawVert), vertex_count, idx + start, int(end - start), sizeof(ImDrawIdx));
            }
        }
    }
    SDL_RenderSetClipRect(renderer, nullptr);
    SDL_SetRenderDrawBlendMode(renderer, previous_blend);
}

} // namespace ess

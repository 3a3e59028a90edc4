// What a visitor would see as broken in a frame's texts: one cut by an edge or running out of
// its button, chip or column, two drawn over each other, a word split between letters. Scripted
// runs check every settled frame with it, at every panel size the tour is run at.
#pragma once
#include <string>
#include <vector>

#include "ui/widgets.h"

namespace ess {

// Empty when every text of the frame reads cleanly on a width×height screen; else the first
// problem, naming the texts and by how many pixels. A text that starts on one of `cards` must
// end on it (the smallest card under its first pixel).
std::string FindLayoutProblem(const std::vector<VisibleText>& texts, float width, float height,
                              const std::vector<CardPlace>& cards = {});

} // namespace ess

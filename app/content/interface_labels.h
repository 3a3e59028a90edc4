// The kiosk's own wording (interface.toml): the keys the screens use, each required of the French
// and of every translation, and the optional ones shown only when given.
#pragma once
#include "content/toml_reader.h"
#include "core/content_model.h"

namespace ess {

// Reads every interface key from `r` into `labels` (a translation's over the French's already
// there: a key it leaves out keeps the French and is said once).
void ReadLabels(TomlReader& r, Labels& labels);

} // namespace ess

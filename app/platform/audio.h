// The sound device speech is played on: SDL's audio callback pulls the speech engine's samples
// (app/session/speech.h) and fills the rest with silence.
#pragma once
#include <cstdint>
#include <string>

namespace ess {

class Speech;

struct AudioOutput {
    uint32_t Device = 0; // SDL_AudioDeviceID; 0: none open
};

// SDL's audio (its dummy driver when `dummy`: headless runs never depend on a sound card) and
// the default device, 16-bit mono at the speech's sample rate, pulling from `speech` until
// CloseAudio. False with why (no device, speech unavailable); nothing is left open then.
bool OpenAudio(Speech& speech, bool dummy, AudioOutput& out, std::string& error);
// Stops the callback (SDL waits for one under way) and SDL's audio. Before the Speech goes.
void CloseAudio(AudioOutput& out);

} // namespace ess

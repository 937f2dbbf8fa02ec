#pragma once
// HTK-scale triangular mel filters without normalisation, as transformers'
// audio_utils.mel_filter_bank(..., norm=None, mel_scale="htk") builds them for Gemma 4.
#include <vector>

namespace gwb::media {

// mel(f) = 2595·log10(1 + f/700) and its inverse.
double hertzToMelHtk(double hertz);
double melToHertzHtk(double mel);

// Returns FB [numFrequencyBins × numMelFilters], row-major (bin-major): FB[k·numMelFilters + m].
// Filter m rises from f_m to f_{m+1} and falls to f_{m+2}, where f_0..f_{M+1} are M+2 points spaced
// evenly in mel between minHz and maxHz; bin k sits at k·(sampleRate/2)/(numFrequencyBins − 1) Hz.
// For Gemma 4 (257 bins, 128 filters, 0–8000 Hz) filter 0 is all zero: its peak (13.8 Hz) falls
// between bins. That is the reference behaviour, kept on purpose.
std::vector<double> melFilterBankHtk(int numFrequencyBins, int numMelFilters, double minHz, double maxHz,
                                     int sampleRate);

} // namespace gwb::media

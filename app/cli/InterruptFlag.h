#pragma once
// Ctrl-C for long CLI jobs: the first SIGINT only sets a flag (the runtime checks it before every
// decode step and between audio segments, so the job stops within one step and what it finished
// is still written); the second SIGINT ends the process at once with status 130.
#include <atomic>

namespace gwb::cli {

// Installs the SIGINT handler (idempotent) and returns the flag it sets.
const std::atomic<bool>* installInterruptFlag();

// True once a first Ctrl-C arrived.
bool interrupted();

}  // namespace gwb::cli

#include "app/cli/InterruptFlag.h"

#include <csignal>
#include <unistd.h>

namespace gwb::cli {

namespace {

std::atomic<bool> gInterrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the flag is set from a signal handler");

extern "C" void onSigint(int) {
  if (gInterrupted.exchange(true)) {
    static const char kMessage[] = "\ninterrupted again: exiting now\n";
    (void)!write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    _exit(130);
  }
  static const char kMessage[] =
      "\ninterrupted: stopping after the current step and writing what is finished (Ctrl-C again to exit now)\n";
  (void)!write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
}

}  // namespace

const std::atomic<bool>* installInterruptFlag() {
  struct sigaction sa {};
  sa.sa_handler = onSigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGINT, &sa, nullptr);
  return &gInterrupted;
}

bool interrupted() { return gInterrupted.load(); }

}  // namespace gwb::cli

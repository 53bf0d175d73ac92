#include "neurofit/run/stop_signals.hpp"

#include <unistd.h>

#include <csignal>
#include <initializer_list>

namespace neurofit::run {

namespace {

volatile std::sig_atomic_t requested = 0;
volatile std::sig_atomic_t interrupts = 0;

extern "C" void on_stop_signal(int signal) {
  if (signal == SIGINT) {
    interrupts = interrupts + 1;      // C++20 deprecates ++ on a volatile
    if (interrupts >= 2) _exit(130);  // the second Ctrl-C: at once
  }
  requested = signal;
}

void set_handler(int signal, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // blocking calls (MPI, file I/O) continue
  sigaction(signal, &action, nullptr);
}

}  // namespace

void install_stop_handlers() {
  requested = 0;
  interrupts = 0;
  for (int s : {SIGTERM, SIGINT, SIGUSR1}) set_handler(s, on_stop_signal);
}

void remove_stop_handlers() {
  for (int s : {SIGTERM, SIGINT, SIGUSR1}) set_handler(s, SIG_DFL);
}

int stop_signal() {
  return requested;
}

}  // namespace neurofit::run

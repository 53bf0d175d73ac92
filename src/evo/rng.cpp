#include "neurofit/evo/rng.hpp"

#include <istream>
#include <ostream>
#include <sstream>
#include <stdexcept>

namespace neurofit::evo {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t stream_seed(std::uint64_t run_seed, std::uint64_t task, std::uint64_t island) {
  std::uint64_t state = run_seed;
  state = splitmix64(state) ^ task;
  state = splitmix64(state) ^ island;
  return splitmix64(state);
}

std::uint64_t Rng::uniform_int(std::uint64_t n) {
  if (n == 0) throw std::invalid_argument("Rng::uniform_int: n must be positive");
  // Reject the lowest 2^64 mod n values so that the accepted range is a multiple of n.
  const std::uint64_t threshold = (0 - n) % n;
  for (;;) {
    const std::uint64_t x = engine_();
    if (x >= threshold) return x % n;
  }
}

std::string Rng::save_state() const {
  std::ostringstream os;
  os << engine_;
  return os.str();
}

void Rng::load_state(const std::string& text) {
  std::istringstream is(text);
  Engine engine;
  is >> engine;
  if (is.fail()) throw std::invalid_argument("Rng::load_state: malformed mt19937_64 state");
  is >> std::ws;
  if (!is.eof()) throw std::invalid_argument("Rng::load_state: trailing text after the state");
  engine_ = engine;
}

std::ostream& operator<<(std::ostream& os, const Rng& rng) {
  return os << rng.engine_;
}

std::istream& operator>>(std::istream& is, Rng& rng) {
  return is >> rng.engine_;
}

}  // namespace neurofit::evo

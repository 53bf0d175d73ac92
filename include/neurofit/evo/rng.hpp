// Random numbers of the optimizer: one std::mt19937_64 per island, seeded through SplitMix64,
// with our own draws on top so that results are bit-identical on any standard library.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <random>
#include <string>

namespace neurofit::evo {

// One step of SplitMix64 (Steele, Lea & Flood 2014): advances `state`, returns the mixed output.
std::uint64_t splitmix64(std::uint64_t& state);

// Seed of the stream of one island of one task; depends only on the three numbers, never on
// which rank runs the island.
std::uint64_t stream_seed(std::uint64_t run_seed, std::uint64_t task, std::uint64_t island);

class Rng {
 public:
  using Engine = std::mt19937_64;

  explicit Rng(std::uint64_t seed = 0) : engine_(seed) {}

  void seed(std::uint64_t seed) { engine_.seed(seed); }
  std::uint64_t next_u64() { return engine_(); }

  // Uniform in [0, 1) with 53 random bits; std::uniform_real_distribution is not portable.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

  // Uniform in {0, ..., n-1} without modulo bias; throws std::invalid_argument for n == 0.
  std::uint64_t uniform_int(std::uint64_t n);

  // Engine state as the text the standard specifies for mersenne_twister_engine (portable).
  std::string save_state() const;
  // Restores a state written by save_state(); throws std::invalid_argument on malformed text.
  void load_state(const std::string& text);

  const Engine& engine() const { return engine_; }

  friend bool operator==(const Rng& a, const Rng& b) { return a.engine_ == b.engine_; }
  friend std::ostream& operator<<(std::ostream& os, const Rng& rng);
  friend std::istream& operator>>(std::istream& is, Rng& rng);

 private:
  Engine engine_;
};

}  // namespace neurofit::evo

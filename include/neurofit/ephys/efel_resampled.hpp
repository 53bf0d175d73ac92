#pragma once
// eFEL's resampled trace (V interpolated linearly on a grid of interp_step, held at the last
// sample beyond it), computed whole, or only where the features read it. The second
// serves traces sampled on the grid's own step (a simulated sweep read at its step, as protocols
// read them): each block of 64 grid times is first bounded by the samples around it, since a
// resampled value lies between the two samples it interpolates, so a search for a level (the
// threshold, a spike's half height) passes over most blocks with one test, and only the blocks
// read are computed. Both give the same values bit for bit (tests: EfelResampled.*).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace neurofit::ephys::efel {

// What the sample times alone decide, worked out once for all the traces sampled at them (a
// protocol sweep's lanes): t checked as TraceFeatures checks it, eFEL's grid of `step` on t, and,
// where the grid is t's own step, which blocks of grid times lie within a sample of theirs.
// t must outlive it. Throws std::invalid_argument for a bad t or step.
class SampleTimes {
 public:
  SampleTimes(std::span<const double> t, double step);

  std::span<const double> t() const { return t_; }
  double step() const { return step_; }
  const std::vector<double>& grid() const { return grid_; }  // the resampled trace's times
  std::size_t inside() const { return inside_; }             // grid times up to t's last
  bool aligned() const { return aligned_; }                  // the grid is t's own step
  // Whether block b's grid times k lie within a sample of sample k (t[k-1] < x_k <= t[k+2]), so
  // that each value there interpolates samples from k0 - 1 to k1 + 1 (detail::block_range).
  bool bracketed(std::size_t b) const { return bracketed_[b] != 0; }

 private:
  std::span<const double> t_;
  double step_;
  std::vector<double> grid_;
  std::size_t inside_ = 0;
  bool aligned_ = false;
  std::vector<std::uint8_t> bracketed_;
};

namespace detail {

inline constexpr std::size_t block = 64;  // grid times bounded together
inline constexpr std::size_t group = 16;  // grid times resampled together (4 to a block)
// Block b's grid indices [first, end) of a grid of `size` times: 1 + 64 b onwards (index 0 is
// no block's).
struct BlockRange {
  std::size_t first, end;
};
inline BlockRange block_range(std::size_t b, std::size_t size) {
  const std::size_t first = 1 + b * block;
  return {first, first + block < size ? first + block : size};
}

class Resampled {
 public:
  Resampled() = default;
  // Every value, from V sampled at t (checked by the caller).
  Resampled(std::span<const double> t, std::span<const double> v, double step);
  // Only where read, from V sampled at `times` (both must outlive it), where the grid is the
  // sampling step and every |V| < 1e6 (the bound the blocks' margin holds for); otherwise every
  // value, as above. Throws std::invalid_argument where V is not as long as t or not finite.
  Resampled(const SampleTimes& times, std::span<const double> v);
  Resampled(Resampled&&) = default;  // the spans stay valid: vectors keep their memory
  Resampled& operator=(Resampled&&) = default;
  Resampled(const Resampled&) = delete;
  Resampled& operator=(const Resampled&) = delete;

  std::size_t size() const { return t_.size(); }
  std::span<const double> t() const { return t_; }  // the grid times
  double operator[](std::size_t k) const {
    if (!by_value_ || k == 0) return by_value_ ? values_[0] : v_[k];
    const std::size_t g = (k - 1) / group;
    if (!filled_[g]) fill(g);
    return values_[k];
  }
  bool by_value() const { return by_value_; }

  // The first k in [from, to) whose value is >= level (rising) or <= level (falling); `to` when
  // none is, `from` when from >= to.
  std::size_t first_reaching(std::size_t from, std::size_t to, double level, bool rising) const;
  // The first k in [a, b] (a < b) whose value is the highest there (the first where several are;
  // the first value's index where it is NaN, as a scan that keeps the first and replaces it only
  // by a higher value gives).
  std::size_t first_highest(std::size_t a, std::size_t b) const;
  // eFEL's threshold crossings: up at k where value k lies above thr and value k - 1 below it,
  // down the other way round.
  void crossings(double thr, std::vector<std::int64_t>& up, std::vector<std::int64_t>& down) const;

 private:
  void fill(std::size_t g) const;  // group g's values, as the whole resampling gives them
  // Value k as fill gives it, computed alone where its group is not filled (by value only; for a
  // search that reads a few values of a group).
  double value_alone(std::size_t k) const;
  // Block b's values all lie above `level` (+1), all below it (-1), or that is not known (0).
  int side_of_block(std::size_t b, double level) const;

  std::vector<double> t_own_, v_own_;  // computed whole
  std::span<const double> t_, v_;      // grid times; the values, when computed whole
  bool by_value_ = false;
  const SampleTimes* times_ = nullptr;  // by value: the samples
  std::span<const double> samples_;
  std::vector<double> low_, high_;    // by value: per block, the samples' bounds (+-inf: none)
  std::unique_ptr<double[]> values_;  // by value: the groups computed so far
  mutable std::vector<std::uint8_t> filled_;  // per group of grid times [1 + 16 g, 17 + 16 g)
};

}  // namespace detail

}  // namespace neurofit::ephys::efel

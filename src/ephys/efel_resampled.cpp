// eFEL's resampled trace, whole or value by value (efel_resampled.hpp). A resampled value
// interpolates two neighbouring samples, so it lies between them but for rounding, far below the
// margin for |V| < 1e6: where every sample around a block lies more than the margin above a level
// (or below it), so does every value of the block.
#include "neurofit/ephys/efel_resampled.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "neurofit/ephys/efel.hpp"

namespace neurofit::ephys::efel {

namespace {

constexpr double margin = 1e-6;  // [mV]
constexpr double bound = 1e6;    // [mV] |V| below it for the margin to hold
constexpr double inf = std::numeric_limits<double>::infinity();

int side(double value, double level) {
  return value > level ? 1 : value < level ? -1 : 0;
}

// The least and greatest of v[first, last], and whether any of them is NaN; eight at a time in
// GCC's vector types (GCC does not vectorize a floating-point min or max reduction by itself).
struct Bounds {
  double low, high;
  bool nan;
};
Bounds bounds(const double* v, std::size_t first, std::size_t last) {
  using Pack = double __attribute__((vector_size(8 * sizeof(double))));
  using Mask = std::int64_t __attribute__((vector_size(8 * sizeof(double))));
  constexpr std::size_t w = 8;
  Pack lo = Pack{} + inf, hi = Pack{} - inf, x;
  Mask nan = Mask{};
  std::size_t j = first;
  for (; j + w <= last + 1; j += w) {
    std::memcpy(&x, v + j, sizeof x);
    lo = x < lo ? x : lo;
    hi = x > hi ? x : hi;
    nan |= x != x;
  }
  Bounds out{inf, -inf, false};
  for (std::size_t i = 0; i < w; ++i) {
    out.low = std::min(out.low, lo[i]);
    out.high = std::max(out.high, hi[i]);
    out.nan |= nan[i] != 0;
  }
  for (; j <= last; ++j) {
    out.low = std::min(out.low, v[j]);
    out.high = std::max(out.high, v[j]);
    out.nan |= std::isnan(v[j]);
  }
  return out;
}

// For k = first .. first + m - 1: the side of `level` that a value interpolating two of the
// samples k - 1 .. k + 2 lies on where they all lie beyond the margin on one side, else 0 (a loop
// that vectorizes).
void sides_of_samples(const double* __restrict v, std::size_t first, std::size_t m, double level,
                      std::int64_t* __restrict out) {
  for (std::size_t i = 0; i < m; ++i) {
    const std::size_t k = first + i;
    const double lo = std::min(std::min(v[k - 1], v[k]), std::min(v[k + 1], v[k + 2]));
    const double hi = std::max(std::max(v[k - 1], v[k]), std::max(v[k + 1], v[k + 2]));
    out[i] = std::int64_t{lo > level + margin} - std::int64_t{hi < level - margin};
  }
}

}  // namespace

SampleTimes::SampleTimes(std::span<const double> t, double step) : t_(t), step_(step) {
  detail::check_samples(t, t);  // t's checks (t as V passes V's)
  detail::check_step(step);
  const detail::Grid g = detail::grid(t, step);
  grid_.assign(g.times->begin(), g.times->begin() + static_cast<std::ptrdiff_t>(g.size));
  inside_ = g.inside;
  aligned_ = detail::aligned(t, step);
  if (!aligned_) return;
  // A block at either end of the trace is never bracketed.
  const auto& x = grid_;
  for (std::size_t b = 0; 1 + b * detail::block < grid_.size(); ++b) {
    const auto [first, end] = detail::block_range(b, grid_.size());
    int ok = end <= inside_ && end + 1 < t.size();
    for (std::size_t k = first; ok && k < end; ++k) ok &= (t[k - 1] < x[k]) & (x[k] <= t[k + 2]);
    bracketed_.push_back(static_cast<std::uint8_t>(ok));
  }
}

namespace detail {

Resampled::Resampled(std::span<const double> t, std::span<const double> v, double step) {
  interpolate(t, v, step, t_own_, v_own_);
  t_ = t_own_;
  v_ = v_own_;
}

Resampled::Resampled(const SampleTimes& times, std::span<const double> v) {
  const std::size_t n = v.size();
  if (n != times.t().size()) throw std::invalid_argument("trace: t and V differ in length");
  by_value_ = times.aligned();
  if (by_value_) {
    // Each block's bounds, in one pass over the samples that also checks them all.
    t_ = times.grid();
    const std::size_t n_blocks = (size() + block - 2) / block;
    low_.resize(n_blocks);
    high_.resize(n_blocks);
    std::size_t checked = 0;  // samples [0, checked) are
    for (std::size_t b = 0; b < n_blocks; ++b) {
      const auto [first, end] = block_range(b, size());
      const std::size_t last = std::min(end + 1, n - 1);
      const Bounds x = bounds(v.data(), first - 1, last);
      by_value_ &= !x.nan & (x.low > -bound) & (x.high < bound);
      const bool known = times.bracketed(b);
      low_[b] = known ? x.low : -inf;
      high_[b] = known ? x.high : inf;
      checked = last + 1;
    }
    for (std::size_t j = checked; j < n; ++j) by_value_ &= std::fabs(v[j]) < bound;
  }
  if (!by_value_) {
    check_samples(times.t(), v);
    *this = Resampled(times.t(), v, times.step());
    return;
  }
  times_ = &times;
  samples_ = v;
  values_.reset(new double[size()]);  // not initialized: written group by group as read
  filled_.assign((size() + group - 2) / group, 0);
  values_[0] = value_at(times.t(), v, t_[0], 0);
}

double Resampled::value_alone(std::size_t k) const {
  if (k == 0 || filled_[(k - 1) / group]) return values_[k];
  const std::span<const double> t = times_->t(), v = samples_;
  if (times_->bracketed((k - 1) / block)) {
    const auto [ta, tb, va, vb] = pair_near(t.data(), v.data(), k, t_[k]);
    return linear(ta, tb, va, vb, t_[k]);
  }
  return k < times_->inside() ? value_at(t, v, t_[k], k) : v.back();
}

void Resampled::fill(std::size_t g) const {
  const std::size_t first = 1 + g * group, end = std::min(first + group, size());
  const std::span<const double> t = times_->t(), v = samples_;
  double* out = values_.get();
  if (times_->bracketed((first - 1) / block)) {
    // Grid time k lies within a sample of sample k, as detail::interpolate finds it there.
    const double* __restrict x = t_.data();
    for (std::size_t k = first; k < end; ++k) {
      const auto [ta, tb, va, vb] = pair_near(t.data(), v.data(), k, x[k]);
      out[k] = linear(ta, tb, va, vb, x[k]);
    }
  } else {
    for (std::size_t k = first; k < end; ++k) out[k] = value_alone(k);  // the group is not filled
  }
  filled_[g] = 1;
}

int Resampled::side_of_block(std::size_t b, double level) const {
  return low_[b] > level + margin ? 1 : high_[b] < level - margin ? -1 : 0;
}

std::size_t Resampled::first_reaching(std::size_t from, std::size_t to, double level,
                                      bool rising) const {
  auto reaches = [&](double x) { return rising ? x >= level : x <= level; };
  if (!by_value_) {
    while (from < to && !reaches(v_[from])) ++from;
    return from;
  }
  if (from >= to) return from;
  std::size_t k = from;
  if (k == 0) {
    if (reaches((*this)[0])) return 0;
    k = 1;
  }
  while (k < to) {
    const std::size_t b = (k - 1) / block;
    const std::size_t end = std::min(block_range(b, size()).end, to);
    if (side_of_block(b, level) == (rising ? -1 : 1)) {  // no value of the block reaches it
      k = end;
      continue;
    }
    for (; k < end; ++k)
      if (reaches((*this)[k])) return k;
  }
  return to;
}

std::size_t Resampled::first_highest(std::size_t a, std::size_t b) const {
  bool bracketed = by_value_ && a > 0;
  for (std::size_t blk = bracketed ? (a - 1) / block : 0; bracketed && blk <= (b - 1) / block;
       ++blk)
    bracketed = times_->bracketed(blk);
  if (!bracketed) {  // every value, in order
    std::size_t best = a;
    double peak = (*this)[a];
    for (std::size_t k = a + 1; k <= b; ++k)
      if (const double x = (*this)[k]; peak < x) {
        best = k;
        peak = x;
      }
    return best;
  }
  // Value k interpolates two of the samples k - 1 .. k + 2 (bracketed), so it exceeds their
  // highest by less than the margin: only values whose samples come near the highest value of
  // those next to the highest sample are computed.
  const double* v = samples_.data();
  const double top = bounds(v, a - 1, b + 2).high;
  std::size_t j = a - 1;
  while (v[j] != top) ++j;
  double floor = -inf;
  for (std::size_t k = std::max(a, j > 2 ? j - 2 : 0); k <= std::min(b, j + 1); ++k)
    floor = std::max(floor, (*this)[k]);
  std::size_t best = a;
  double peak = -inf;
  for (std::size_t k = a; k <= b; ++k) {
    const double near = std::max(std::max(v[k - 1], v[k]), std::max(v[k + 1], v[k + 2]));
    if (near < floor - margin) continue;  // its value lies below the highest
    if (const double x = (*this)[k]; peak < x) {
      best = k;
      peak = x;
    }
  }
  return best;
}

void Resampled::crossings(double thr, std::vector<std::int64_t>& up,
                          std::vector<std::int64_t>& down) const {
  const std::size_t n = size();
  if (!by_value_) {
    // Blocks without a crossing are passed over after one test that vectorizes.
    for (std::size_t first = 1; first < n; first += block) {
      const std::size_t last = std::min(first + block, n);
      int crossing = 0;
      for (std::size_t i = first; i < last; ++i)
        crossing |= ((v_[i] > thr) & (v_[i - 1] < thr)) | ((v_[i] < thr) & (v_[i - 1] > thr));
      if (!crossing) continue;
      for (std::size_t i = first; i < last; ++i) {
        if (v_[i] > thr && v_[i - 1] < thr)
          up.push_back(static_cast<std::int64_t>(i));
        else if (v_[i] < thr && v_[i - 1] > thr)
          down.push_back(static_cast<std::int64_t>(i));
      }
    }
    return;
  }
  int before = side((*this)[0], thr);
  auto step = [&](std::size_t k, int now) {
    if (now == 1 && before == -1) up.push_back(static_cast<std::int64_t>(k));
    if (now == -1 && before == 1) down.push_back(static_cast<std::int64_t>(k));
    before = now;
  };
  std::int64_t clear[block];  // per value of a block: the side its samples decide, or 0
  for (std::size_t b = 0; 1 + b * block < n; ++b) {
    const auto [first, end] = block_range(b, n);
    if (const int all = side_of_block(b, thr); all != 0) {  // one value stands for the block
      step(first, all);
      continue;
    }
    std::fill_n(clear, end - first, 0);
    if (times_->bracketed(b)) sides_of_samples(samples_.data(), first, end - first, thr, clear);
    for (std::size_t k = first; k < end; ++k)
      step(k,
           clear[k - first] != 0 ? static_cast<int>(clear[k - first]) : side(value_alone(k), thr));
  }
}

}  // namespace detail

}  // namespace neurofit::ephys::efel

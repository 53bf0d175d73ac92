#pragma once
// std::vector storage aligned to 64 bytes. The kernels load and store lane rows a whole vector
// (8 doubles, 64 bytes with AVX-512) at a time; rows that start at a cache line's start keep
// every such access within one line (malloc aligns to 16 bytes only, and an access split across
// two lines costs about twice as much).
#include <cstddef>
#include <new>
#include <vector>

namespace neurofit::sim {

inline constexpr std::size_t row_alignment = 64;  // [bytes]: a cache line, one AVX-512 vector

template <class T>
struct AlignedAllocator {
  using value_type = T;
  AlignedAllocator() = default;
  template <class U>
  AlignedAllocator(const AlignedAllocator<U>&) {}
  T* allocate(std::size_t n) {
    return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(row_alignment)));
  }
  void deallocate(T* p, std::size_t) { ::operator delete(p, std::align_val_t(row_alignment)); }
  template <class U>
  bool operator==(const AlignedAllocator<U>&) const {
    return true;
  }
};

template <class T>
using AlignedVector = std::vector<T, AlignedAllocator<T>>;

}  // namespace neurofit::sim

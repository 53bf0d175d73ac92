#pragma once
// Faults injected on purpose, to test how errors end a run under MPI (tests/cli). The environment
// variable NEUROFIT_FAULT=RANK:POINT:KIND makes rank RANK raise, at POINT, an InputError (KIND
// "input") or an InternalError ("internal"). POINT is "start" (before the first generation),
// "generation-N" (after generation N) or "checkpoint" (on writing the first checkpoint, once the
// ranks have sent their populations to rank 0). Unset, nothing happens.
#include <string_view>

namespace neurofit::run {

void inject_fault(std::string_view point, int rank);

}  // namespace neurofit::run

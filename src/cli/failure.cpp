#include "neurofit/cli/failure.hpp"

#include <stdexcept>

#include "neurofit/cli/commands.hpp"
#include "neurofit/errors.hpp"

namespace neurofit::cli {

Cause cause_of(const std::exception& e) {
  if (dynamic_cast<const InputError*>(&e)) return Cause::bad_input;
  if (dynamic_cast<const std::logic_error*>(&e)) return Cause::internal;  // InternalError too
  return Cause::failure;
}

int exit_status(Cause c) {
  return c == Cause::bad_input ? exit_bad_input : exit_failure;
}

std::string failure_line(const std::exception& e, int rank) {
  const Cause c = cause_of(e);
  const char* kind = c == Cause::bad_input  ? "error"
                     : c == Cause::internal ? "internal error"
                                            : "failed";
  return std::string("neurofit: ") + kind + ": " + e.what() +
         (rank >= 0 ? " (rank " + std::to_string(rank) + ")" : "");
}

}  // namespace neurofit::cli

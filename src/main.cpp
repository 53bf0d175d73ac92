#include "neurofit/cli/app.hpp"

int main(int argc, char** argv) {
  return neurofit::cli::main(argc, argv);
}

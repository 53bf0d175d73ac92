#pragma once

namespace neurofit::cli {

// The `neurofit` command: parses the subcommand and runs it; returns the process exit status.
int main(int argc, char** argv);

}  // namespace neurofit::cli

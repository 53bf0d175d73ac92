#pragma once
// The island model over Boost.MPI. Islands are logical: their number comes from the settings and
// each rank of the communicator evolves a contiguous block of them. Every island has its own
// algorithm and Rng stream (stream_seed(seed, task, island)); migration is synchronous at fixed
// generations and applied in island order, so results depend on the settings and the seed only,
// never on the number of ranks. All exchanges are collectives (deadlock-free when oversubscribed).
#include <boost/mpi/communicator.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "neurofit/evo/algorithm.hpp"
#include "neurofit/evo/problem.hpp"
#include "neurofit/evo/rng.hpp"
#include "neurofit/island/settings.hpp"
#include "neurofit/island/snapshot.hpp"

namespace neurofit::island {

// Islands [first, first + count) of `rank` among `size` ranks; the first n % size ranks get one
// island more. Throws std::invalid_argument when n_islands < size (a rank would idle).
struct IslandBlock {
  long first = 0;
  long count = 0;
};
IslandBlock block_of(long n_islands, int rank, int size);

struct Island {
  long index = 0;
  std::unique_ptr<evo::Algorithm> algorithm;
  evo::Rng rng;
};

// What rank 0 receives at a gather: the first front of every island, island after island.
struct Gathered {
  Eigen::MatrixXd x;  // problem units, one column per point
  Eigen::MatrixXd f;
  Eigen::MatrixXd extra;          // the problem's extra data (0 rows when it has none)
  std::uint64_t evaluations = 0;  // total over all islands
};

class Archipelago {
 public:
  // Collective over comm. Throws std::invalid_argument for bad settings or too few islands.
  Archipelago(const boost::mpi::communicator& comm, const evo::Problem& problem,
              ArchipelagoSettings settings, std::uint64_t seed, std::uint64_t task = 0);

  const boost::mpi::communicator& comm() const { return comm_; }
  const ArchipelagoSettings& settings() const { return settings_; }
  long n_islands() const { return settings_.n_islands(); }
  const IslandBlock& block() const { return block_; }
  std::vector<Island>& islands() { return islands_; }  // this rank's, in index order
  const std::vector<Island>& islands() const { return islands_; }
  Island* find(long index);  // nullptr when another rank holds it

  std::uint64_t generation() const { return generation_; }
  std::uint64_t migrations() const { return migrations_; }  // migration events so far
  // Restart: the counters of a checkpoint (the islands' own are set with their populations).
  void set_counters(std::uint64_t generation, std::uint64_t migrations);
  // Wall time this rank spent in migration and gathering, waiting for other ranks included.
  double exchange_seconds() const { return exchange_seconds_; }

  // Local: evaluates a random initial population on each local island that has none yet.
  bool initialized() const;
  void initialize();
  // One generation on every local island; at a migration generation, the exchange (collective).
  void step();
  bool migration_due() const;
  // Collective: rank 0 receives every island's first front; the other ranks an empty result.
  Gathered gather_fronts();
  // Collective: rank 0 receives every island's snapshot, in island order; the others nothing.
  std::vector<IslandSnapshot> snapshot();
  // Local: sets this rank's islands from the snapshots of all islands (a checkpoint) and the
  // counters; throws std::invalid_argument when they do not fit the settings or the problem.
  void restore(const std::vector<IslandSnapshot>& all, std::uint64_t generation,
               std::uint64_t migrations);

 private:
  void migrate();

  boost::mpi::communicator comm_;
  const evo::Problem& problem_;
  ArchipelagoSettings settings_;
  IslandBlock block_;
  std::vector<std::vector<long>> sources_;  // per island, the islands it receives from
  std::vector<Island> islands_;
  std::uint64_t generation_ = 0;
  std::uint64_t migrations_ = 0;
  double exchange_seconds_ = 0.0;
};

}  // namespace neurofit::island

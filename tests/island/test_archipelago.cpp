// The island model under MPI (run by CTest under mpiexec -n 1, 2 and 4): results that do not
// depend on the number of ranks, and migration that does what the settings say.
#include <gtest/gtest.h>

#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/serialization/vector.hpp>
#include <cmath>
#include <functional>

#include "neurofit/evo/archive.hpp"
#include "neurofit/evo/nsga2.hpp"
#include "neurofit/evo/test_problems.hpp"
#include "neurofit/island/archipelago.hpp"
#include "neurofit/island/evolve.hpp"

using namespace neurofit;
using namespace neurofit::island;
namespace mpi = boost::mpi;

namespace {

// Four islands, heterogeneous on purpose: three algorithms and two mutation strengths.
ArchipelagoSettings four_islands(std::uint64_t interval, Topology topology = Topology::ring) {
  ArchipelagoSettings s;
  for (int i = 0; i < 4; ++i) {
    evo::AlgorithmSettings a;
    a.name = i == 3 ? "shade" : i % 2 ? "nsga2" : "ibea";
    a.ga.population = 16;
    a.ga.eta_m = i < 2 ? 20.0 : 5.0;
    s.islands.push_back(a);
  }
  s.migration.interval = interval;
  s.migration.emigrants = 2;
  s.migration.topology = topology;
  s.gather_every = 2;
  return s;
}

// Everything rank 0 of `comm` ends with, flattened: archive, then history; empty elsewhere.
std::vector<double> run_on(const mpi::communicator& comm, Topology topology) {
  const auto problem = evo::make_test_problem("zdt1", 8);
  Archipelago arch(comm, *problem, four_islands(3, topology), 42);
  evo::Archive archive(40);
  EvolveOptions options;
  options.last_generation = 13;
  const auto out = evolve(arch, archive, {}, options);
  std::vector<double> flat;
  if (comm.rank() != 0) return flat;
  flat.assign(archive.x().data(), archive.x().data() + archive.x().size());
  flat.insert(flat.end(), archive.f().data(), archive.f().data() + archive.f().size());
  for (const auto& r : out.history) {
    flat.insert(flat.end(), {double(r.generation), double(r.evaluations), r.hypervolume,
                             double(r.archive_size), double(r.migrations)});
    flat.insert(flat.end(), r.best.data(), r.best.data() + r.best.size());
  }
  return flat;
}

// True on every rank when `pred` holds on the rank that holds island `index`.
bool on_island(Archipelago& arch, long index, const std::function<bool(const Island&)>& pred) {
  const Island* island = arch.find(index);
  const bool local = island && pred(*island);
  return mpi::all_reduce(arch.comm(), local, std::logical_or<bool>());
}

bool holds_origin(const Island& island) {
  const auto& x = island.algorithm->x();
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    if ((x.col(j).array() == 0.0).all()) return true;
  return false;
}

// Puts x = 0 (on ZDT1 the point (f1, f2) = (0, 1), an extreme of the true front that no random
// member reaches) into island 0's population.
void seed_origin(Archipelago& arch, const evo::Problem& problem) {
  Island* island = arch.find(0);
  if (!island) return;
  Eigen::MatrixXd x = island->algorithm->x(), f = island->algorithm->f();
  x.col(0).setZero();
  Eigen::MatrixXd f0;
  problem.evaluate(evo::to_problem_units(problem, x.col(0)), f0);
  f.col(0) = f0.col(0);
  island->algorithm->set_population(x, f);
}

}  // namespace

TEST(Archipelago, SameResultsOnOneTwoAndFourRanks) {
  mpi::communicator world;
  for (auto topology : {Topology::ring, Topology::random}) {
    // The reference: world rank 0 alone.
    const std::vector<double> reference =
        world.rank() == 0 ? run_on(world.split(world.rank()), topology) : std::vector<double>{};
    if (world.rank() != 0) (void)world.split(1);  // split is collective
    for (int size : {1, 2, 4}) {
      if (world.size() % size != 0) continue;
      const auto group = world.split(world.rank() / size);
      const std::vector<double> mine = run_on(group, topology);
      std::vector<std::vector<double>> all;
      mpi::gather(world, mine, all, 0);
      if (world.rank() != 0) continue;
      ASSERT_FALSE(reference.empty());
      for (int r = 0; r < world.size(); r += size)
        EXPECT_EQ(all[r], reference)
            << topology_name(topology) << ", group of " << size << " ranks starting at rank " << r;
    }
  }
}

TEST(Archipelago, BestIndividualReachesItsRingNeighbourAfterOneInterval) {
  mpi::communicator world;
  const auto problem = evo::make_test_problem("zdt1", 10);
  auto settings = four_islands(5);
  for (auto& a : settings.islands) a.name = "nsga2";  // elitist by front and crowding
  Archipelago arch(world, *problem, settings, 3);
  arch.initialize();
  seed_origin(arch, *problem);
  for (int g = 0; g < 4; ++g) arch.step();
  EXPECT_TRUE(on_island(arch, 0, holds_origin));
  EXPECT_FALSE(on_island(arch, 1, holds_origin));
  arch.step();  // generation 5: the first migration
  EXPECT_EQ(arch.migrations(), 1u);
  EXPECT_TRUE(on_island(arch, 1, holds_origin));
  EXPECT_FALSE(on_island(arch, 2, holds_origin));  // one hop per migration on a ring
  EXPECT_FALSE(on_island(arch, 3, holds_origin));
  for (int g = 0; g < 5; ++g) arch.step();
  EXPECT_TRUE(on_island(arch, 2, holds_origin));
  EXPECT_FALSE(on_island(arch, 3, holds_origin));
}

TEST(Archipelago, WithoutMigrationIslandsEvolveAsSeparateRuns) {
  mpi::communicator world;
  const auto problem = evo::make_test_problem("zdt1", 10);
  auto settings = four_islands(0);
  for (auto& a : settings.islands) a.name = "nsga2";
  Archipelago arch(world, *problem, settings, 9);
  arch.initialize();
  seed_origin(arch, *problem);
  for (int g = 0; g < 12; ++g) arch.step();
  EXPECT_EQ(arch.migrations(), 0u);
  EXPECT_FALSE(on_island(arch, 1, holds_origin));
  // Every island other than 0 (whose population was changed) equals a standalone run of its
  // own stream and settings.
  for (auto& island : arch.islands()) {
    if (island.index == 0) continue;
    evo::Nsga2 alone(settings.islands[static_cast<std::size_t>(island.index)].ga);
    evo::Rng rng(evo::stream_seed(9, 0, static_cast<std::uint64_t>(island.index)));
    alone.initialize(*problem, rng);
    for (int g = 0; g < 12; ++g) alone.step(*problem, rng);
    EXPECT_EQ(alone.x(), island.algorithm->x()) << "island " << island.index;
    EXPECT_EQ(alone.f(), island.algorithm->f()) << "island " << island.index;
  }
}

// Ranks agree on stopping only at exchanges (migration every 3, gather every 4, checkpoint every
// 5): between them no rank waits for another.
TEST(Archipelago, StopOnOneRankStopsEveryRankAtTheNextExchange) {
  mpi::communicator world;
  const auto problem = evo::make_test_problem("zdt1", 6);
  ArchipelagoSettings settings = four_islands(3);
  settings.gather_every = 4;
  Archipelago arch(world, *problem, settings, 5);
  evo::Archive archive;
  std::vector<std::uint64_t> polled;
  EvolveOptions options;
  options.last_generation = 50;
  options.checkpoint_every = 5;
  // Only the last rank asks, at its fourth poll.
  options.stop_requested = [&] {
    polled.push_back(arch.generation());
    return polled.size() == 4 && world.rank() == world.size() - 1;
  };
  int steps = 0, checkpoints = 0, stopping_checkpoints = 0;
  options.after_step = [&] { ++steps; };
  options.checkpoint = [&](bool stopping) { (stopping ? stopping_checkpoints : checkpoints)++; };
  const auto out = evolve(arch, archive, {}, options);
  EXPECT_TRUE(out.stopped);
  EXPECT_EQ(polled, (std::vector<std::uint64_t>{3, 4, 5, 6}));
  EXPECT_EQ(arch.generation(), 6u);
  EXPECT_EQ(steps, 6);
  EXPECT_EQ(checkpoints, 1);  // at 5
  EXPECT_EQ(stopping_checkpoints, 1);
  if (world.rank() == 0) {
    ASSERT_FALSE(out.history.empty());
    EXPECT_EQ(out.history.back().generation, 4u);  // the last gather, not the stop
    EXPECT_EQ(out.history.back().evaluations, 4u * 16 * 5);
    EXPECT_GT(archive.size(), 0);
  } else {
    EXPECT_TRUE(out.history.empty());
  }
}

TEST(Archipelago, IslandsAreSplitIntoContiguousBlocks) {
  EXPECT_EQ(block_of(10, 0, 4).first, 0);
  EXPECT_EQ(block_of(10, 0, 4).count, 3);
  EXPECT_EQ(block_of(10, 1, 4).first, 3);
  EXPECT_EQ(block_of(10, 2, 4).first, 6);
  EXPECT_EQ(block_of(10, 2, 4).count, 2);
  EXPECT_EQ(block_of(10, 3, 4).first, 8);
  EXPECT_THROW(block_of(3, 0, 4), std::invalid_argument);
}

TEST(Archipelago, RestartFromASnapshotContinuesBitIdentically) {
  mpi::communicator world;
  const auto self = world.split(world.rank());  // each rank on its own
  const auto problem = evo::make_test_problem("zdt1", 8);
  const auto settings = four_islands(3);
  EvolveOptions to12;
  to12.last_generation = 12;
  Archipelago whole(self, *problem, settings, 21);
  evo::Archive whole_archive(30);
  const auto whole_history = evolve(whole, whole_archive, {}, to12).history;

  Archipelago first(self, *problem, settings, 21);
  evo::Archive archive(30);
  EvolveOptions to6;  // a gather generation (every 2): a call ends with a gather
  to6.last_generation = 6;
  auto history = evolve(first, archive, {}, to6).history;
  const auto snapshots = first.snapshot();
  ASSERT_EQ(snapshots.size(), 4u);

  Archipelago second(self, *problem, settings, 21);
  second.restore(snapshots, first.generation(), first.migrations());
  evo::Archive restored(30);
  restored.insert(archive.x(), archive.f(), archive.extra());
  ASSERT_EQ(restored.f(), archive.f());
  const auto rest = evolve(second, restored, {}, to12).history;
  history.insert(history.end(), rest.begin(), rest.end());
  EXPECT_EQ(restored.x(), whole_archive.x());
  EXPECT_EQ(restored.f(), whole_archive.f());
  ASSERT_EQ(history.size(), whole_history.size());
  for (std::size_t g = 0; g < history.size(); ++g) {
    EXPECT_EQ(history[g].generation, whole_history[g].generation);
    EXPECT_EQ(history[g].evaluations, whole_history[g].evaluations);
    EXPECT_EQ(history[g].migrations, whole_history[g].migrations);
    EXPECT_EQ(history[g].best, whole_history[g].best);
  }
  // A snapshot of another shape is refused.
  auto wrong = snapshots;
  wrong.pop_back();
  Archipelago third(self, *problem, settings, 21);
  EXPECT_THROW(third.restore(wrong, 6, 2), std::invalid_argument);
}

TEST(Archipelago, HypervolumeOnlyEveryNGatheredGenerations) {
  mpi::communicator world;
  const auto problem = evo::make_test_problem("zdt1", 6);
  auto settings = four_islands(3);
  settings.gather_every = 1;
  Archipelago arch(world, *problem, settings, 8);
  evo::Archive archive;
  EvolveOptions options;
  options.last_generation = 7;
  options.hypervolume_every = 3;
  const auto history = evolve(arch, archive, {}, options).history;
  if (world.rank() != 0) return;
  ASSERT_EQ(history.size(), 8u);
  for (const auto& r : history)
    EXPECT_EQ(std::isnan(r.hypervolume), r.generation % 3 != 0) << "generation " << r.generation;
  EXPECT_GT(history[6].hypervolume, 0.0);
}

#include "neurofit/island/archipelago.hpp"

#include <boost/mpi/collectives.hpp>
#include <boost/serialization/vector.hpp>
#include <chrono>
#include <stdexcept>
#include <string>

#include "neurofit/evo/nondominated.hpp"
#include "neurofit/island/migration.hpp"
#include "neurofit/island/topology.hpp"

namespace neurofit::island {

namespace {

// Columns of one island travelling between ranks (emigrants, or a first front).
struct Packet {
  long island = 0;
  std::uint64_t evaluations = 0;
  long n_var = 0, n_obj = 0, n_extra = 0;
  std::vector<double> x, f, e;  // column-major, n_var, n_obj and n_extra x cols

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    // clang-format off
    ar & island & evaluations & n_var & n_obj & n_extra & x & f & e;
    // clang-format on
  }
  Eigen::Index cols() const { return n_obj ? static_cast<Eigen::Index>(f.size()) / n_obj : 0; }
  Eigen::Map<const Eigen::MatrixXd> x_matrix() const { return {x.data(), n_var, cols()}; }
  Eigen::Map<const Eigen::MatrixXd> f_matrix() const { return {f.data(), n_obj, cols()}; }
  Eigen::Map<const Eigen::MatrixXd> e_matrix() const { return {e.data(), n_extra, cols()}; }
};

// A whole island (IslandSnapshot) travelling to rank 0.
struct StatePacket {
  Packet population;
  std::string algorithm, rng_state;
  std::vector<double> algorithm_state;
  std::uint64_t generation = 0;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    // clang-format off
    ar & population & algorithm & rng_state & algorithm_state & generation;
    // clang-format on
  }
};

Packet pack(const Island& island, const std::vector<Eigen::Index>& columns) {
  const auto& a = *island.algorithm;
  Packet p;
  p.island = island.index;
  p.evaluations = a.evaluations();
  p.n_var = a.x().rows();
  p.n_obj = a.f().rows();
  p.n_extra = a.extra().rows();
  for (Eigen::Index j : columns) {
    p.x.insert(p.x.end(), a.x().col(j).data(), a.x().col(j).data() + p.n_var);
    p.f.insert(p.f.end(), a.f().col(j).data(), a.f().col(j).data() + p.n_obj);
    if (p.n_extra > 0)
      p.e.insert(p.e.end(), a.extra().col(j).data(), a.extra().col(j).data() + p.n_extra);
  }
  return p;
}

class Stopwatch {
 public:
  explicit Stopwatch(double& total) : total_(total), start_(std::chrono::steady_clock::now()) {}
  ~Stopwatch() {
    total_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  double& total_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

IslandBlock block_of(long n_islands, int rank, int size) {
  if (size < 1 || rank < 0 || rank >= size) throw std::invalid_argument("block_of: bad rank");
  if (n_islands < size)
    throw std::invalid_argument("islands (" + std::to_string(n_islands) + ") fewer than ranks (" +
                                std::to_string(size) + "): every rank needs at least one island");
  const long base = n_islands / size, extra = n_islands % size;
  return {rank * base + std::min<long>(rank, extra), base + (rank < extra ? 1 : 0)};
}

Archipelago::Archipelago(const boost::mpi::communicator& comm, const evo::Problem& problem,
                         ArchipelagoSettings settings, std::uint64_t seed, std::uint64_t task)
    : comm_(comm), problem_(problem), settings_(std::move(settings)) {
  settings_.validate();
  block_ = block_of(settings_.n_islands(), comm_.rank(), comm_.size());
  const auto& m = settings_.migration;
  sources_ = sources_of(m.topology, settings_.n_islands(), m.degree, seed);
  for (long i = block_.first; i < block_.first + block_.count; ++i) {
    Island island;
    island.index = i;
    island.algorithm = evo::make_algorithm(settings_.islands[static_cast<std::size_t>(i)]);
    island.rng.seed(evo::stream_seed(seed, task, static_cast<std::uint64_t>(i)));
    islands_.push_back(std::move(island));
  }
}

Island* Archipelago::find(long index) {
  if (index < block_.first || index >= block_.first + block_.count) return nullptr;
  return &islands_[static_cast<std::size_t>(index - block_.first)];
}

void Archipelago::set_counters(std::uint64_t generation, std::uint64_t migrations) {
  generation_ = generation;
  migrations_ = migrations;
}

bool Archipelago::initialized() const {
  for (const auto& island : islands_)
    if (!island.algorithm->initialized()) return false;
  return true;
}

void Archipelago::initialize() {
  for (auto& island : islands_)
    if (!island.algorithm->initialized()) island.algorithm->initialize(problem_, island.rng);
}

bool Archipelago::migration_due() const {
  const auto& m = settings_.migration;
  return m.enabled() && n_islands() > 1 && generation_ > 0 && generation_ % m.interval == 0;
}

void Archipelago::step() {
  for (auto& island : islands_) island.algorithm->step(problem_, island.rng);
  ++generation_;
  if (migration_due()) migrate();
}

void Archipelago::migrate() {
  Stopwatch watch(exchange_seconds_);
  const auto& m = settings_.migration;
  std::vector<Packet> outgoing;
  for (const auto& island : islands_)
    outgoing.push_back(pack(island, select_emigrants(island.algorithm->best_first(), m.emigrants)));
  std::vector<std::vector<Packet>> by_rank;
  boost::mpi::all_gather(comm_, outgoing, by_rank);
  std::vector<const Packet*> emigrants(static_cast<std::size_t>(n_islands()), nullptr);
  for (const auto& packets : by_rank)
    for (const auto& p : packets) emigrants[static_cast<std::size_t>(p.island)] = &p;

  for (auto& island : islands_) {
    const auto& from = sources_[static_cast<std::size_t>(island.index)];
    if (from.empty()) continue;
    const auto& a = *island.algorithm;
    Eigen::MatrixXd imm_x(a.x().rows(), 0), imm_f(a.f().rows(), 0), imm_e(a.extra().rows(), 0);
    for (long s : from) {  // in increasing island order: the same on any number of ranks
      const Packet& p = *emigrants[static_cast<std::size_t>(s)];
      const Eigen::Index at = imm_x.cols();
      imm_x.conservativeResize(Eigen::NoChange, at + p.cols());
      imm_f.conservativeResize(Eigen::NoChange, at + p.cols());
      imm_e.conservativeResize(Eigen::NoChange, at + p.cols());
      imm_x.rightCols(p.cols()) = p.x_matrix();
      imm_f.rightCols(p.cols()) = p.f_matrix();
      if (imm_e.rows() > 0) imm_e.rightCols(p.cols()) = p.e_matrix();
    }
    Eigen::MatrixXd x = a.x(), f = a.f(), e = a.extra();
    if (place_immigrants(x, f, e, imm_x, imm_f, imm_e, m.replacement, a.best_first()) > 0)
      island.algorithm->set_population(x, f, e);
  }
  ++migrations_;
}

Gathered Archipelago::gather_fronts() {
  Stopwatch watch(exchange_seconds_);
  std::vector<Packet> fronts;
  for (const auto& island : islands_)
    fronts.push_back(pack(island, island.algorithm->first_front()));
  Gathered g;
  if (comm_.rank() != 0) {
    boost::mpi::gather(comm_, fronts, 0);
    return g;
  }
  std::vector<std::vector<Packet>> by_rank;
  boost::mpi::gather(comm_, fronts, by_rank, 0);
  Eigen::Index cols = 0;
  for (const auto& packets : by_rank)  // ranks hold ascending blocks: island order
    for (const auto& p : packets) cols += p.cols();
  g.x.resize(problem_.n_var(), cols);
  g.f.resize(problem_.n_obj(), cols);
  g.extra.resize(problem_.n_extra(), cols);
  Eigen::Index at = 0;
  for (const auto& packets : by_rank)
    for (const auto& p : packets) {
      g.x.middleCols(at, p.cols()) = evo::to_problem_units(problem_, p.x_matrix());
      g.f.middleCols(at, p.cols()) = p.f_matrix();
      if (p.n_extra > 0) g.extra.middleCols(at, p.cols()) = p.e_matrix();
      at += p.cols();
      g.evaluations += p.evaluations;
    }
  return g;
}

std::vector<IslandSnapshot> Archipelago::snapshot() {
  std::vector<StatePacket> mine;
  for (const auto& island : islands_) {
    const auto& a = *island.algorithm;
    std::vector<Eigen::Index> all(static_cast<std::size_t>(a.population_size()));
    for (std::size_t j = 0; j < all.size(); ++j) all[j] = static_cast<Eigen::Index>(j);
    mine.push_back(
        {pack(island, all), a.name(), island.rng.save_state(), a.state(), a.generation()});
  }
  std::vector<IslandSnapshot> out;
  if (comm_.rank() != 0) {
    boost::mpi::gather(comm_, mine, 0);
    return out;
  }
  std::vector<std::vector<StatePacket>> by_rank;
  boost::mpi::gather(comm_, mine, by_rank, 0);
  for (const auto& packets : by_rank)
    for (const auto& s : packets) {
      IslandSnapshot snap;
      snap.index = s.population.island;
      snap.algorithm = s.algorithm;
      snap.x = s.population.x_matrix();
      snap.f = s.population.f_matrix();
      snap.extra = s.population.e_matrix();
      snap.rng_state = s.rng_state;
      snap.algorithm_state = s.algorithm_state;
      snap.generation = s.generation;
      snap.evaluations = s.population.evaluations;
      out.push_back(std::move(snap));
    }
  return out;
}

void Archipelago::restore(const std::vector<IslandSnapshot>& all, std::uint64_t generation,
                          std::uint64_t migrations) {
  if (static_cast<long>(all.size()) != n_islands())
    throw std::invalid_argument("the checkpoint holds " + std::to_string(all.size()) +
                                " islands, the run has " + std::to_string(n_islands()));
  for (auto& island : islands_) {
    const IslandSnapshot& s = all[static_cast<std::size_t>(island.index)];
    const std::string which = "island " + std::to_string(island.index) + ": ";
    if (s.index != island.index) throw std::invalid_argument(which + "islands out of order");
    if (s.algorithm != island.algorithm->name())
      throw std::invalid_argument(which + "the checkpoint's algorithm is " + s.algorithm +
                                  ", the run's " + island.algorithm->name());
    if (s.x.rows() != problem_.n_var() || s.f.rows() != problem_.n_obj() ||
        (s.extra.size() > 0 && s.extra.rows() != problem_.n_extra()))
      throw std::invalid_argument(which + "the population does not fit the problem");
    island.algorithm->set_population(s.x, s.f, s.extra);
    island.algorithm->set_state(s.algorithm_state);
    island.algorithm->set_counters(s.generation, s.evaluations);
    island.rng.load_state(s.rng_state);
  }
  set_counters(generation, migrations);
}

}  // namespace neurofit::island

// External archive of the non-dominated points found so far: parameters, objectives and an
// optional payload (e.g. features) per point, bounded by crowding-distance truncation that keeps
// the best point of the minimax order (minimax.hpp).
#pragma once

#include <Eigen/Core>
#include <vector>

namespace neurofit::evo {

class Archive {
 public:
  // capacity 0 means unbounded.
  explicit Archive(Eigen::Index capacity = 0);

  // Adds the columns of (x, f, extra) and keeps exactly the non-dominated set: a point already
  // archived leaves only when a new point dominates it (or by truncation past capacity); a new
  // point whose objective vector equals one already present is not added. extra may be empty
  // (0 rows) when the archive holds no payload; its row count is fixed by the first insert.
  // Returns how many of the new points are in the archive afterwards.
  Eigen::Index insert(const Eigen::MatrixXd& x, const Eigen::MatrixXd& f,
                      const Eigen::MatrixXd& extra = Eigen::MatrixXd());

  Eigen::Index size() const { return f_.cols(); }
  bool empty() const { return size() == 0; }
  Eigen::Index capacity() const { return capacity_; }
  const Eigen::MatrixXd& x() const { return x_; }
  const Eigen::MatrixXd& f() const { return f_; }
  const Eigen::MatrixXd& extra() const { return extra_; }

  // Forgets all points and the row counts. To restore a saved archive: clear(), then insert()
  // the saved columns, which reproduces them in the same order.
  void clear();

 private:
  // Removes the most crowded point, one at a time, until size() == capacity_; distances are
  // updated after each removal (boundary points are infinite, so extremes survive).
  void truncate(std::vector<char>& is_new);

  Eigen::Index capacity_;
  Eigen::MatrixXd x_;
  Eigen::MatrixXd f_;
  Eigen::MatrixXd extra_;
};

}  // namespace neurofit::evo

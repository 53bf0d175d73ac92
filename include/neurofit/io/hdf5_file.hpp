#pragma once
// Small RAII wrappers over the HDF5 C API: identifiers that close themselves, files, groups,
// 2-D double datasets stored row-major (rows = models, as h5py shows them), and attributes of
// text, numbers and lists of either. Every failure throws std::runtime_error saying what could
// not be done; HDF5's own error stack printing is switched off.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <hdf5.h>
#include <Eigen/Core>

namespace neurofit::io::hdf5 {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Owns one HDF5 identifier and closes it with the function it was made with.
class Id {
 public:
  using Closer = herr_t (*)(hid_t);

  Id() = default;
  // Throws std::runtime_error "HDF5: cannot <what>" when id < 0.
  Id(hid_t id, Closer closer, const std::string& what);
  ~Id() { reset(); }
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  Id(Id&& other) noexcept;
  Id& operator=(Id&& other) noexcept;

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  // Closes now; throws std::runtime_error "HDF5: cannot <what>" when closing fails.
  void close(const std::string& what);

 private:
  void reset() noexcept;

  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

// An HDF5 file; closing it (explicitly with close(), which reports failures) flushes it.
class File {
 public:
  static File create(const std::string& path);  // truncates an existing file
  static File open_read_only(const std::string& path);

  hid_t id() const { return id_.get(); }
  const std::string& path() const { return path_; }
  void close();

 private:
  File(Id id, std::string path) : id_(std::move(id)), path_(std::move(path)) {}

  Id id_;
  std::string path_;
};

// Switches off HDF5's automatic printing of error stacks (idempotent; called by File).
void silence_errors();

Id create_group(hid_t location, const std::string& name);
Id open_group(hid_t location, const std::string& name);
Id open_dataset(hid_t location, const std::string& name);
bool exists(hid_t location, const std::string& name);

// A dataset of doubles of shape `dims`, from `data` in row-major order (its size the product).
Id write_array(hid_t location, const std::string& name, std::span<const double> data,
               std::span<const hsize_t> dims);
// A dataset of doubles with shape m.rows() x m.cols() (zero rows allowed).
Id write_matrix(hid_t location, const std::string& name, const RowMatrix& m);
RowMatrix read_matrix(hid_t location, const std::string& name);

// Attributes of a file, group or dataset. Text is stored as variable-length UTF-8 strings.
void write_attribute(hid_t object, const std::string& name, const std::string& value);
void write_attribute(hid_t object, const std::string& name, const char* value);
void write_attribute(hid_t object, const std::string& name, const std::vector<std::string>& values);
void write_attribute(hid_t object, const std::string& name, double value);
void write_attribute(hid_t object, const std::string& name, std::int64_t value);
void write_attribute(hid_t object, const std::string& name, std::uint64_t value);
void write_attribute(hid_t object, const std::string& name, const Eigen::VectorXd& values);

std::string read_text_attribute(hid_t object, const std::string& name);
std::vector<std::string> read_texts_attribute(hid_t object, const std::string& name);
double read_number_attribute(hid_t object, const std::string& name);
std::int64_t read_integer_attribute(hid_t object, const std::string& name);
Eigen::VectorXd read_numbers_attribute(hid_t object, const std::string& name);

}  // namespace neurofit::io::hdf5

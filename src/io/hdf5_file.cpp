#include "neurofit/io/hdf5_file.hpp"

#include <stdexcept>
#include <utility>

namespace neurofit::io::hdf5 {

namespace {

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("HDF5: cannot " + what);
}

void check(herr_t status, const std::string& what) {
  if (status < 0) fail(what);
}

// Variable-length UTF-8 string type, as h5py writes and reads `str`.
Id text_type() {
  Id type(H5Tcopy(H5T_C_S1), H5Tclose, "copy the string type");
  check(H5Tset_size(type.get(), H5T_VARIABLE), "make a variable-length string type");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set the UTF-8 character set");
  return type;
}

Id scalar_space() {
  return Id(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar dataspace");
}

Id vector_space(std::size_t n) {
  const hsize_t dims[1] = {static_cast<hsize_t>(n)};
  return Id(H5Screate_simple(1, dims, nullptr), H5Sclose, "create a 1-D dataspace");
}

void write_attribute_raw(hid_t object, const std::string& name, hid_t file_type, hid_t mem_type,
                         hid_t space, const void* data, bool empty) {
  Id attr(H5Acreate2(object, name.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
          "create attribute '" + name + "'");
  if (!empty) check(H5Awrite(attr.get(), mem_type, data), "write attribute '" + name + "'");
  attr.close("close attribute '" + name + "'");
}

Id open_attribute(hid_t object, const std::string& name) {
  return Id(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute '" + name + "'");
}

// Number of elements of an attribute's dataspace (1 for a scalar).
std::size_t attribute_size(const Id& attr, const std::string& name) {
  Id space(H5Aget_space(attr.get()), H5Sclose, "get the dataspace of attribute '" + name + "'");
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  if (n < 0) fail("size attribute '" + name + "'");
  return static_cast<std::size_t>(n);
}

std::vector<std::string> read_strings(hid_t object, const std::string& name) {
  const Id attr = open_attribute(object, name);
  const Id file_type(H5Aget_type(attr.get()), H5Tclose, "get the type of attribute '" + name + "'");
  if (H5Tget_class(file_type.get()) != H5T_STRING || H5Tis_variable_str(file_type.get()) <= 0)
    fail("read attribute '" + name + "' as text: it is not a variable-length string");
  const std::size_t n = attribute_size(attr, name);
  std::vector<char*> raw(n, nullptr);
  const Id type = text_type();
  if (n > 0) check(H5Aread(attr.get(), type.get(), raw.data()), "read attribute '" + name + "'");
  std::vector<std::string> out;
  for (char* p : raw) out.emplace_back(p ? p : "");
  if (n > 0) {
    Id space(H5Aget_space(attr.get()), H5Sclose, "get a dataspace");
#if H5_VERSION_GE(1, 12, 0)
    H5Treclaim(type.get(), space.get(), H5P_DEFAULT, raw.data());
#else
    H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, raw.data());
#endif
  }
  return out;
}

template <class T>
std::vector<T> read_values(hid_t object, const std::string& name, hid_t mem_type) {
  const Id attr = open_attribute(object, name);
  std::vector<T> v(attribute_size(attr, name));
  if (!v.empty()) check(H5Aread(attr.get(), mem_type, v.data()), "read attribute '" + name + "'");
  return v;
}

}  // namespace

Id::Id(hid_t id, Closer closer, const std::string& what) : id_(id), closer_(closer) {
  if (id_ < 0) fail(what);
}

Id::Id(Id&& other) noexcept
    : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}

Id& Id::operator=(Id&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = std::exchange(other.id_, H5I_INVALID_HID);
    closer_ = other.closer_;
  }
  return *this;
}

void Id::reset() noexcept {
  if (id_ >= 0 && closer_) closer_(id_);
  id_ = H5I_INVALID_HID;
}

void Id::close(const std::string& what) {
  if (id_ < 0) return;
  const herr_t status = closer_ ? closer_(id_) : 0;
  id_ = H5I_INVALID_HID;
  check(status, what);
}

void silence_errors() {
  static const bool done = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)done;
}

File File::create(const std::string& path) {
  silence_errors();
  return File(Id(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                 "create file '" + path + "'"),
              path);
}

File File::open_read_only(const std::string& path) {
  silence_errors();
  return File(
      Id(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open file '" + path + "'"),
      path);
}

void File::close() {
  if (id_.valid()) check(H5Fflush(id_.get(), H5F_SCOPE_LOCAL), "flush file '" + path_ + "'");
  id_.close("close file '" + path_ + "'");
}

Id create_group(hid_t location, const std::string& name) {
  return Id(H5Gcreate2(location, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
            "create group '" + name + "'");
}

Id open_group(hid_t location, const std::string& name) {
  return Id(H5Gopen2(location, name.c_str(), H5P_DEFAULT), H5Gclose, "open group '" + name + "'");
}

Id open_dataset(hid_t location, const std::string& name) {
  return Id(H5Dopen2(location, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset '" + name + "'");
}

bool exists(hid_t location, const std::string& name) {
  return H5Lexists(location, name.c_str(), H5P_DEFAULT) > 0;
}

Id write_array(hid_t location, const std::string& name, std::span<const double> data,
               std::span<const hsize_t> dims) {
  Id space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
           "create the dataspace of '" + name + "'");
  Id set(H5Dcreate2(location, name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT,
                    H5P_DEFAULT),
         H5Dclose, "create dataset '" + name + "'");
  if (!data.empty())
    check(H5Dwrite(set.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()),
          "write dataset '" + name + "'");
  return set;
}

Id write_matrix(hid_t location, const std::string& name, const RowMatrix& m) {
  const hsize_t dims[2] = {static_cast<hsize_t>(m.rows()), static_cast<hsize_t>(m.cols())};
  return write_array(location, name, {m.data(), static_cast<std::size_t>(m.size())}, dims);
}

RowMatrix read_matrix(hid_t location, const std::string& name) {
  const Id set = open_dataset(location, name);
  Id space(H5Dget_space(set.get()), H5Sclose, "get the dataspace of '" + name + "'");
  if (H5Sget_simple_extent_ndims(space.get()) != 2) fail("read '" + name + "' as a 2-D dataset");
  hsize_t dims[2] = {0, 0};
  H5Sget_simple_extent_dims(space.get(), dims, nullptr);
  RowMatrix m(static_cast<Eigen::Index>(dims[0]), static_cast<Eigen::Index>(dims[1]));
  if (m.size() > 0)
    check(H5Dread(set.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, m.data()),
          "read dataset '" + name + "'");
  return m;
}

void write_attribute(hid_t object, const std::string& name, const std::string& value) {
  const Id type = text_type();
  const Id space = scalar_space();
  const char* p = value.c_str();
  write_attribute_raw(object, name, type.get(), type.get(), space.get(), &p, false);
}

void write_attribute(hid_t object, const std::string& name, const char* value) {
  write_attribute(object, name, std::string(value));
}

void write_attribute(hid_t object, const std::string& name,
                     const std::vector<std::string>& values) {
  const Id type = text_type();
  const Id space = vector_space(values.size());
  std::vector<const char*> p;
  for (const auto& v : values) p.push_back(v.c_str());
  write_attribute_raw(object, name, type.get(), type.get(), space.get(), p.data(), p.empty());
}

void write_attribute(hid_t object, const std::string& name, double value) {
  const Id space = scalar_space();
  write_attribute_raw(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, space.get(), &value, false);
}

void write_attribute(hid_t object, const std::string& name, std::int64_t value) {
  const Id space = scalar_space();
  write_attribute_raw(object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, space.get(), &value, false);
}

void write_attribute(hid_t object, const std::string& name, std::uint64_t value) {
  const Id space = scalar_space();
  write_attribute_raw(object, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, space.get(), &value, false);
}

void write_attribute(hid_t object, const std::string& name, const Eigen::VectorXd& values) {
  const Id space = vector_space(static_cast<std::size_t>(values.size()));
  write_attribute_raw(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, space.get(), values.data(),
                      values.size() == 0);
}

std::string read_text_attribute(hid_t object, const std::string& name) {
  auto v = read_strings(object, name);
  if (v.size() != 1) fail("read attribute '" + name + "' as one text");
  return v[0];
}

std::vector<std::string> read_texts_attribute(hid_t object, const std::string& name) {
  return read_strings(object, name);
}

double read_number_attribute(hid_t object, const std::string& name) {
  const auto v = read_values<double>(object, name, H5T_NATIVE_DOUBLE);
  if (v.size() != 1) fail("read attribute '" + name + "' as one number");
  return v[0];
}

std::int64_t read_integer_attribute(hid_t object, const std::string& name) {
  const auto v = read_values<std::int64_t>(object, name, H5T_NATIVE_INT64);
  if (v.size() != 1) fail("read attribute '" + name + "' as one integer");
  return v[0];
}

Eigen::VectorXd read_numbers_attribute(hid_t object, const std::string& name) {
  const auto v = read_values<double>(object, name, H5T_NATIVE_DOUBLE);
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

}  // namespace neurofit::io::hdf5

#pragma once
// A strict reader of the XML that the NeuroML exporter writes: an optional declaration, comments,
// elements with attributes, whitespace between them. Enough to check that a file is well formed
// (balanced and matching tags, quoted and unique attributes, one root, comments without "--",
// no stray text, no '<' or '&' in values) and to read its elements back. Anything else throws
// std::runtime_error naming the offset.
#include <cctype>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace neurofit::testing {

struct XmlElement {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;  // in document order
  std::vector<XmlElement> children;

  const std::string* attribute(const std::string& n) const {
    for (const auto& [k, v] : attributes)
      if (k == n) return &v;
    return nullptr;
  }
  // Descendants (this element included) named `n`, in document order.
  void find_all(const std::string& n, std::vector<const XmlElement*>& out) const {
    if (name == n) out.push_back(this);
    for (const auto& c : children) c.find_all(n, out);
  }
  std::vector<const XmlElement*> all(const std::string& n) const {
    std::vector<const XmlElement*> out;
    find_all(n, out);
    return out;
  }
};

class XmlReader {
 public:
  explicit XmlReader(const std::string& text) : s_(text) {}

  XmlElement document() {
    if (s_.compare(0, 5, "<?xml") == 0) {
      const auto end = s_.find("?>");
      if (end == std::string::npos) fail("unterminated XML declaration");
      p_ = end + 2;
    }
    skip_misc();
    if (!at("<")) fail("no root element");
    XmlElement root = element();
    skip_misc();
    if (p_ != s_.size()) fail("content after the root element");
    return root;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("XML offset " + std::to_string(p_) + ": " + what);
  }
  bool at(const char* t) const { return s_.compare(p_, std::char_traits<char>::length(t), t) == 0; }
  void skip_space() {
    while (p_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[p_]))) ++p_;
  }
  void skip_misc() {  // whitespace and comments
    for (skip_space(); at("<!--"); skip_space()) {
      const auto end = s_.find("-->", p_ + 4);
      if (end == std::string::npos) fail("unterminated comment");
      const std::string body = s_.substr(p_ + 4, end - p_ - 4);
      if (body.find("--") != std::string::npos || (!body.empty() && body.back() == '-'))
        fail("'--' inside a comment");
      p_ = end + 3;
    }
  }
  std::string name() {
    const auto start = p_;
    auto ok_first = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
    auto ok = [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
             c == ':';
    };
    if (p_ >= s_.size() || !ok_first(s_[p_])) fail("expected a name");
    while (p_ < s_.size() && ok(s_[p_])) ++p_;
    return s_.substr(start, p_ - start);
  }
  XmlElement element() {
    ++p_;  // '<'
    XmlElement e;
    e.name = name();
    for (;;) {
      const auto before = p_;
      skip_space();
      if (at("/>")) {
        p_ += 2;
        return e;
      }
      if (at(">")) {
        ++p_;
        break;
      }
      if (p_ == before) fail("expected whitespace before an attribute");
      std::string key = name();
      skip_space();
      if (!at("=")) fail("expected '=' after attribute " + key);
      ++p_;
      skip_space();
      if (p_ >= s_.size() || (s_[p_] != '"' && s_[p_] != '\'')) fail("unquoted value");
      const char q = s_[p_++];
      const auto end = s_.find(q, p_);
      if (end == std::string::npos) fail("unterminated value");
      std::string value = s_.substr(p_, end - p_);
      if (value.find_first_of("<&") != std::string::npos) fail("'<' or '&' in a value");
      if (e.attribute(key)) fail("attribute " + key + " given twice");
      e.attributes.emplace_back(std::move(key), std::move(value));
      p_ = end + 1;
    }
    for (;;) {
      skip_misc();
      if (at("</")) {
        p_ += 2;
        if (name() != e.name) fail("closing tag does not match <" + e.name + ">");
        skip_space();
        if (!at(">")) fail("expected '>'");
        ++p_;
        return e;
      }
      if (!at("<")) fail("text or end of file inside <" + e.name + ">");
      e.children.push_back(element());
    }
  }

  const std::string& s_;
  std::size_t p_ = 0;
};

inline XmlElement parse_xml(const std::string& text) {
  return XmlReader(text).document();
}

}  // namespace neurofit::testing

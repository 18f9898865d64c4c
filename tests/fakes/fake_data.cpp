#include "fakes/fake_data.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

namespace sellerwatch::testing {
namespace {

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

}  // namespace

std::string ReadTestData(std::string_view folder, std::string_view name) {
  std::ifstream in(
      std::string(SELLERWATCH_TEST_DATA) + "/" + std::string(folder) + "/" + std::string(name),
      std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

void ForEachString(boost::json::value& v,
                   const std::function<void(boost::json::string&)>& on_string) {
  if (v.is_object()) {
    for (auto& [k, child] : v.as_object()) ForEachString(child, on_string);
  } else if (v.is_array()) {
    for (auto& child : v.as_array()) ForEachString(child, on_string);
  } else if (v.is_string()) {
    on_string(v.as_string());
  }
}

std::map<std::string, std::string> DecodeForm(std::string_view s) {
  std::map<std::string, std::string> out;
  while (!s.empty()) {
    auto amp = s.find('&');
    auto pair = s.substr(0, amp);
    auto eq = pair.find('=');
    out[PercentDecode(pair.substr(0, eq))] =
        eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1));
    s = amp == std::string_view::npos ? std::string_view() : s.substr(amp + 1);
  }
  return out;
}

std::map<std::string, std::string> QueryOf(std::string_view target) {
  auto q = target.find('?');
  return q == std::string_view::npos ? std::map<std::string, std::string>{}
                                     : DecodeForm(target.substr(q + 1));
}

}  // namespace sellerwatch::testing

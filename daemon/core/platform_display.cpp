#include "core/platform_display.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>

namespace sellerwatch::core {
namespace {

struct Known {
  std::string_view name;
  std::string_view label;
};

using i18n::N_;

// The values that sum up an account's standing, in the order a seller reads them.
// TRANSLATORS: names of values a marketplace reports about an account (Amazon's account status
// and Account Health Rating, eBay's seller standards level, AliExpress' posting ban).
constexpr std::array<Known, 7> kHeadline = {{
    {"platform.account_status", N_("account status")},
    {"platform.ahr_status", N_("AHR status")},
    {"platform.ahr_score", N_("AHR score")},
    {"platform.policy_violation_warnings.count", N_("policy violation warnings")},
    {"platform.standards_level", N_("standards level")},
    {"platform.standards_projection", N_("standards projection")},
    {"platform.product_posting_forbidden", N_("product posting forbidden")},
}};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Amazon names a value of a further marketplace "<name>.<marketplaceId>" (ATVPDKIKX0DER).
bool IsMarketplaceId(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](char c) { return IsDigit(c) || (c >= 'A' && c <= 'Z'); });
}

// The headline entry a name is, with the marketplace id it is for ("" for the primary one).
std::optional<std::pair<std::size_t, std::string_view>> FindHeadline(std::string_view name) {
  for (std::size_t i = 0; i < kHeadline.size(); ++i) {
    std::string_view known = kHeadline[i].name;
    if (name == known) return std::pair{i, std::string_view()};
    if (name.size() > known.size() + 1 && name.substr(0, known.size()) == known &&
        name[known.size()] == '.' && IsMarketplaceId(name.substr(known.size() + 1))) {
      return std::pair{i, name.substr(known.size() + 1)};
    }
  }
  return std::nullopt;
}

// "platform.standards_level" for "platform.standards_level_projected", and
// "platform.x_rate.threshold" for "platform.x_rate_projected.threshold"; empty for other names.
std::string ProjectedBase(std::string_view name) {
  constexpr std::string_view kProjected = "_projected";
  for (std::size_t at = name.find(kProjected); at != std::string_view::npos;
       at = name.find(kProjected, at + 1)) {
    std::size_t end = at + kProjected.size();
    if (end == name.size() || name[end] == '.') {
      return std::string(name.substr(0, at)) + std::string(name.substr(end));
    }
  }
  return {};
}

}  // namespace

std::optional<double> PlatformNumber(std::string_view value) {
  // JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  std::size_t i = 0;
  const std::size_t n = value.size();
  auto digits = [&] {
    std::size_t from = i;
    while (i < n && IsDigit(value[i])) ++i;
    return i - from;
  };
  if (i < n && value[i] == '-') ++i;
  if (i < n && value[i] == '0') {
    ++i;
  } else if (digits() == 0) {
    return std::nullopt;
  }
  if (i < n && value[i] == '.') {
    ++i;
    if (digits() == 0) return std::nullopt;
  }
  if (i < n && (value[i] == 'e' || value[i] == 'E')) {
    ++i;
    if (i < n && (value[i] == '+' || value[i] == '-')) ++i;
    if (digits() == 0) return std::nullopt;
  }
  if (i != n) return std::nullopt;
  double out = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + n, out);
  if (ec != std::errc() || end != value.data() + n || !std::isfinite(out)) return std::nullopt;
  return out;
}

std::string PlatformLabel(std::string_view name) { return PlatformLabel(i18n::Translator(), name); }

std::string PlatformLabel(const i18n::Translator& tr, std::string_view name) {
  if (auto known = FindHeadline(name)) {
    std::string label = tr.Tr(kHeadline[known->first].label);
    // TRANSLATORS: a reported value's name with the marketplace it is for: "AHR score
    // (A1PA6795UKMFR9)".
    if (!known->second.empty()) label = tr.TrC("marketplace id", "{} ({})", label, known->second);
    return label;
  }
  constexpr std::string_view kPrefix = "platform.";
  if (name.size() > kPrefix.size() && name.substr(0, kPrefix.size()) == kPrefix) {
    name.remove_prefix(kPrefix.size());
  }
  return std::string(name);
}

std::string PlatformName(const i18n::Translator& tr, std::string_view name) {
  std::string out = PlatformLabel(tr, name);
  for (char& c : out)
    if (c == '_' || c == '.') c = ' ';
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z')
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::vector<PlatformLine> PlatformLines(const std::vector<PlatformReport>& reports) {
  std::map<std::string_view, const PlatformReport*> by_name;
  for (const auto& r : reports) by_name[r.name] = &r;
  std::vector<PlatformLine> lines;
  std::map<std::string, std::size_t> line_of;  // name → its line
  for (const auto& [name, r] : by_name) {
    if (std::string base = ProjectedBase(name); !base.empty() && by_name.count(base)) continue;
    line_of[r->name] = lines.size();
    lines.push_back({r->name, PlatformLabel(r->name), r->value, "", r->reported_at,
                     FindHeadline(r->name).has_value()});
  }
  for (const auto& [name, r] : by_name) {
    std::string base = ProjectedBase(name);
    if (base.empty() || !by_name.count(base)) continue;
    PlatformLine& line = lines[line_of.at(base)];
    line.projected = r->value;
    line.reported_at = std::max(line.reported_at, r->reported_at);
  }
  // Headline values in kHeadline's order (then by marketplace), the rest by name.
  auto rank = [](const PlatformLine& l) {
    auto known = FindHeadline(l.name);
    return known ? known->first : kHeadline.size();
  };
  std::stable_sort(lines.begin(), lines.end(), [&](const PlatformLine& a, const PlatformLine& b) {
    return rank(a) != rank(b) ? rank(a) < rank(b) : a.name < b.name;
  });
  return lines;
}

}  // namespace sellerwatch::core

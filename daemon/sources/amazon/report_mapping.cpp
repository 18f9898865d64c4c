#include "sources/amazon/report_mapping.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <optional>

namespace sellerwatch::sources::amazon {
namespace json = boost::json;

namespace {

// ------------------------------------------------------------------- performance report

std::string SnakeCase(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c >= 'A' && c <= 'Z') {
      if (!out.empty()) out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

// The schema's name for a key, whichever spelling the report used.
std::string MetricName(std::string_view key) {
  static const std::map<std::string_view, std::string_view> kAliases = {
      {"prefulfillmentCancelRate", "preFulfillmentCancellationRate"},
      {"documentRequest", "documentRequests"},
      {"warningState", "warningStates"},
  };
  auto it = kAliases.find(key);
  return SnakeCase(it == kAliases.end() ? key : it->second);
}

std::string ValueText(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_int64()) return std::to_string(v.as_int64());
  if (v.is_uint64()) return std::to_string(v.as_uint64());
  if (v.is_double()) return fmt::format("{}", v.as_double());
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  return {};
}

class PlatformWriter {
 public:
  PlatformWriter(const std::string& account, core::Timestamp now, std::string suffix)
      : account_(account), now_(now), suffix_(std::move(suffix)) {}

  void Put(const std::string& name, const json::value* v) {
    if (v == nullptr) return;
    std::string text = ValueText(*v);
    if (text.empty()) return;
    core::PlatformValue p{account_, "platform." + name + suffix_, std::move(text), now_, now_};
    core::Event event = std::move(p);
    std::string payload = core::EncodeEvent(event);
    events.push_back({std::move(event), std::move(payload)});
  }

  // A rate metric's rate/target/status, or a policy area's count/status.
  void Metric(const std::string& name, const json::object& m) {
    Put(name + ".rate", m.if_contains("rate"));
    Put(name + ".target", m.if_contains("targetValue"));
    Put(name + ".status", m.if_contains("status"));
    Put(name + ".count", m.if_contains("defectsCount"));
    if (const json::value* w = m.if_contains("warningsCount")) Put(name + ".count", w);
  }

  std::vector<core::ParsedEvent> events;

 private:
  const std::string& account_;
  core::Timestamp now_;
  std::string suffix_;
};

void MapMarketplaceMetrics(const json::object& metrics, PlatformWriter& out) {
  for (const auto& [key, value] : metrics) {
    std::string name = MetricName(key);
    if (key == "marketplaceId") continue;
    if (key == "accountHealthRating" && value.is_object()) {
      const json::object& ahr = value.as_object();
      const json::value* status = ahr.if_contains("accountHealthRatingStatus");
      if (status == nullptr) status = ahr.if_contains("ahrStatus");
      out.Put("ahr_status", status);
      out.Put("ahr_score", ahr.if_contains("ahrScore"));
    } else if (name == "warning_states" && value.is_array()) {
      for (const auto& w : value.as_array()) {
        if (!w.is_object()) continue;
        const json::value* type = w.as_object().if_contains("warningType");
        if (type == nullptr || !type->is_string()) continue;
        out.Put("warning." + SnakeCase(type->as_string()), w.as_object().if_contains("status"));
      }
    } else if (key == "orderDefectRate" && value.is_object()) {
      for (const auto& [channel, m] : value.as_object()) {
        if (m.is_object()) out.Metric(name + "." + SnakeCase(channel), m.as_object());
      }
    } else if (value.is_object()) {
      out.Metric(name, value.as_object());
    }
  }
}

std::string MarketplaceOf(const json::value& v) {
  if (!v.is_object()) return {};
  const json::value* id = v.as_object().if_contains("marketplaceId");
  return id != nullptr && id->is_string() ? std::string(id->as_string()) : std::string();
}

}  // namespace

core::Result<MappedReport> MapPerformanceReport(std::string_view json_text,
                                                const std::string& account,
                                                const std::vector<std::string>& marketplaces,
                                                core::Timestamp now) {
  boost::system::error_code ec;
  json::value doc = json::parse(json_text, ec);
  if (ec) return core::Error::Data("seller performance report: malformed JSON: " + ec.message());
  if (!doc.is_object()) return core::Error::Data("seller performance report: not a JSON object");
  const json::object& root = doc.as_object();
  const json::value* statuses = root.if_contains("accountStatuses");
  const json::value* metrics = root.if_contains("performanceMetrics");

  std::string primary = marketplaces.empty() ? std::string() : marketplaces.front();
  if (primary.empty()) {
    for (const json::value* list : {statuses, metrics}) {
      if (primary.empty() && list != nullptr && list->is_array() && !list->as_array().empty()) {
        primary = MarketplaceOf(list->as_array()[0]);
      }
    }
  }
  // The suffix for a marketplace's values, or nullopt when it is not one of ours.
  auto suffix = [&](const std::string& id) -> std::optional<std::string> {
    if (id == primary) return std::string();
    if (std::find(marketplaces.begin(), marketplaces.end(), id) != marketplaces.end()) {
      return "." + id;
    }
    return std::nullopt;
  };

  MappedReport out;
  auto collect = [&](PlatformWriter& w) {
    for (auto& e : w.events) out.events.push_back(std::move(e));
  };
  if (statuses != nullptr && statuses->is_array()) {
    for (const auto& s : statuses->as_array()) {
      auto sfx = suffix(MarketplaceOf(s));
      if (!sfx) continue;
      PlatformWriter w(account, now, *sfx);
      w.Put("account_status", s.as_object().if_contains("status"));
      collect(w);
    }
  }
  if (metrics != nullptr && metrics->is_array()) {
    for (const auto& m : metrics->as_array()) {
      auto sfx = suffix(MarketplaceOf(m));
      if (!sfx) continue;
      PlatformWriter w(account, now, *sfx);
      MapMarketplaceMetrics(m.as_object(), w);
      collect(w);
    }
  }
  if (out.events.empty()) {
    return core::Error::Data(fmt::format(
        "seller performance report: nothing for marketplace {} (neither accountStatuses nor "
        "performanceMetrics name it)",
        primary.empty() ? "(none)" : primary));
  }
  return out;
}

core::Result<std::string> Gunzip(std::string_view data, std::size_t max_bytes) {
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return core::Error::Internal("inflateInit2");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[64 * 1024];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      return core::Error::Data(fmt::format("gunzip: {}", rc == Z_BUF_ERROR ? "truncated data"
                                                         : z.msg           ? z.msg
                                                                           : "corrupt data"));
    }
    out.append(buf, sizeof buf - z.avail_out);
    if (out.size() > max_bytes) {
      inflateEnd(&z);
      return core::Error::Permanent(fmt::format("gunzip: more than {} bytes", max_bytes));
    }
  }
  inflateEnd(&z);
  return out;
}

}  // namespace sellerwatch::sources::amazon

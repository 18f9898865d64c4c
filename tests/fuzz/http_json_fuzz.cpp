// The http-json source: any JSON API read by field mapping. The first byte picks:
//   0  a page through the Kontor settings of README's worked example (orders, nested records,
//      patterns, unix and unix_ms times, value maps)
//   1  a page through feedback settings (the document itself is the list, auto time format)
//   2  a `next` link resolved against the current page: it must stay on the same origin
//   3  a `next` token put into the query
//   4  a JSON pointer and a URL template as config writes them, and a time format
// Every event must be storable.

#include <algorithm>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "config/loader.hpp"
#include "fakes/kontor_erp.hpp"
#include "fuzz_support.hpp"
#include "sources/http_json/page_mapper.hpp"
#include "sources/http_json/record_mapper.hpp"
#include "sources/http_json/settings.hpp"
#include "sources/http_json/url_template.hpp"
#include "sources/registry.hpp"
#include "sources/time_format.hpp"

using namespace sellerwatch;
using namespace sellerwatch::sources::http_json;

namespace {

const std::string kKontor =
    std::string("        url: https://erp.example.com/api/v1/orders?changedSince={since}\n") +
    testing::kKontorPaging + testing::kKontorFields;

constexpr const char* kReviews =
    "        url: https://erp.example.com/reviews?page={page}\n"
    "        event_type: feedback\n"
    "        items: \"\"\n"
    "        timezone: America/New_York\n"
    "        fields:\n"
    "          id: /review/id\n"
    "          order_id: /order\n"
    "          rating: /stars\n"
    "          received_at: {pointer: /at, format: auto}\n"
    "          comment: /text\n"
    "          removed: {pointer: /visibility, values: {hidden: true, public: false}, "
    "default: false}\n";

Settings Load(const std::string& source) {
  std::string text = std::string(
                         "accounts:\n"
                         "  - id: shop\n"
                         "    marketplace: custom\n"
                         "    sources:\n"
                         "      - type: http-json\n") +
                     source + "receivers:\n  - name: console\n    console: {}\n";
  config::LoadOptions options;
  options.source_types = sources::SourceTypeSpecs();
  auto loaded = config::ParseConfig(text, "fuzz.yaml", options);
  if (!loaded.ok()) fuzz::Fail("the target's own settings do not load", text);
  return loaded.config->accounts.at(0).sources.at(0).SettingsAs<Settings>();
}

struct Source {
  Settings settings;
  RecordMapper mapper;
  explicit Source(const std::string& yaml) : settings(Load(yaml)), mapper(settings, "shop") {}
};

const Source& Kontor() {
  static const Source s(kKontor);
  return s;
}
const Source& Reviews() {
  static const Source s(kReviews);
  return s;
}

void MapWith(const Source& s, std::string_view body) {
  auto page = MapPage(body, s.settings.items, s.settings.next, s.mapper);
  if (page) fuzz::CheckStorable(page->events);
}

bool Same(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

constexpr std::string_view kCurrent = "https://erp.example.com:8443/api/v1/orders?page=2";

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)Kontor();  // settings errors show at start-up, not as the first input's crash
  (void)Reviews();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto [mode, text] = fuzz::Select(data, size, 5);
  switch (mode) {
    case 0:
      MapWith(Kontor(), text);
      break;
    case 1:
      MapWith(Reviews(), text);
      break;
    case 2: {
      auto next = ResolveNextUrl(kCurrent, text);
      if (!next) break;
      auto a = boost::urls::parse_uri(kCurrent);
      auto b = boost::urls::parse_uri(*next);
      fuzz::Require(b.has_value(), "a next URL that does not parse", *next);
      fuzz::Require(Same(a->scheme(), b->scheme()) && Same(a->encoded_host(), b->encoded_host()) &&
                        a->port_number() == b->port_number(),
                    "a next URL off the origin: credentials would go elsewhere", *next);
      (void)ShownUrl(*next);
      break;
    }
    case 3: {
      auto url = WithQueryParam(kCurrent, "cursor", text);
      if (!url) break;
      auto parsed = boost::urls::parse_uri(*url);
      fuzz::Require(parsed.has_value(), "a URL with the token that does not parse", *url);
      fuzz::Require(parsed->encoded_host() == "erp.example.com", "the token changed the host",
                    *url);
      break;
    }
    default: {
      if (auto pointer = JsonPointer::Parse(text)) {
        static const boost::json::value doc =
            boost::json::parse(R"({"a":[1,{"b~/c":2}],"":{"0":null},"m~n":"x"})");
        (void)pointer->Find(doc);
      }
      if (auto url = UrlTemplate::Parse(text)) (void)url->Render({"2026-01-01T00:00:00Z", 3, 40});
      if (auto format = sources::ParseTimeFormat(text, "Europe/Berlin")) {
        for (const char* v : {"\"2026-03-02 09:15\"", "1772532000", "\"1772532000000\"",
                              "\"02.03.2026 09:15\"", "-1e300", "\"2026-03-02T09:15:00+01:00\""}) {
          (void)sources::ReadTime(boost::json::parse(v), *format);
        }
        (void)sources::FormatTime(core::FromUnixMillis(1772532000123), *format);
      }
      break;
    }
  }
  return 0;
}

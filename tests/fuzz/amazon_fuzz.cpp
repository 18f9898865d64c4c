// Amazon SP-API answers as the amazon-sp-api source reads them. The first byte picks the parser:
//   0  Orders v2026-01-01 searchOrders page     1  Orders v0 getOrders page
//   2  GET_V2_SELLER_PERFORMANCE_REPORT (JSON)  3  GET_SELLER_FEEDBACK_DATA (TSV)
//   4  a GZIP report document, inflated, then read as both reports
// Every event must be one the store can keep and read back.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "sources/amazon/order_mapping.hpp"
#include "sources/amazon/report_mapping.hpp"
#include "sources/flat_files/amazon_feedback_report.hpp"

using namespace sellerwatch;
using namespace sellerwatch::sources;

namespace {

const core::Timestamp kNow = core::FromUnixMillis(1795000000000);

void CheckReport(const core::Result<flat_files::MappedReport>& report) {
  if (report) fuzz::CheckStorable(report->events);
}

void Reports(std::string_view text) {
  static const std::vector<std::string> kNone;
  static const std::vector<std::string> kTwo = {"ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"};
  CheckReport(amazon::MapPerformanceReport(text, "acme-us", kNone, kNow));
  CheckReport(amazon::MapPerformanceReport(text, "acme-us", kTwo, kNow));
  CheckReport(flat_files::MapFeedbackReport(text, "acme-us"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto [mode, text] = fuzz::Select(data, size, 5);
  switch (mode) {
    case 0:
    case 1: {
      auto page = mode == 0 ? amazon::MapSearchOrdersPage(text, "acme-us")
                            : amazon::MapGetOrdersPage(text, "acme-us");
      if (page) fuzz::CheckStorable(page->orders);
      break;
    }
    case 2: {
      static const std::vector<std::string> kTwo = {"ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"};
      CheckReport(amazon::MapPerformanceReport(text, "acme-us", {}, kNow));
      CheckReport(amazon::MapPerformanceReport(text, "acme-us", kTwo, kNow));
      break;
    }
    case 3:
      CheckReport(flat_files::MapFeedbackReport(text, "acme-us"));
      break;
    default: {
      // A small cap, so a compression bomb is refused quickly rather than inflated.
      constexpr std::size_t kMax = 1 << 20;
      auto inflated = amazon::Gunzip(text, kMax);
      if (inflated) {
        fuzz::Require(inflated->size() <= kMax, "gunzip went past its cap");
        Reports(*inflated);
      }
      break;
    }
  }
  return 0;
}

// Dropped report files and exports, as the file source reads them (sources/flat_files). The
// first byte picks:
//   0  told apart by the header row, as the file source does: Amazon All Orders or Seller
//      Feedback report, else a CSV export through a German shop's `columns:` map
//   1  the raw delimited table, tab-separated, quotes as text
//   2  the raw delimited table, RFC 4180 CSV with ';'
// Every event must be storable; every table cell must be reachable by its column.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fakes/german_shop_export.hpp"
#include "fuzz_support.hpp"
#include "sources/flat_files/amazon_all_orders_report.hpp"
#include "sources/flat_files/amazon_feedback_report.hpp"
#include "sources/flat_files/csv_export.hpp"
#include "sources/flat_files/delimited_table.hpp"

using namespace sellerwatch;
using namespace sellerwatch::sources;
using namespace sellerwatch::sources::flat_files;

namespace {

TimeFormat Berlin(std::string_view format) {
  auto f = ParseTimeFormat(format, "Europe/Berlin");
  if (!f) fuzz::Fail("the target's own time format does not parse");
  return *f;
}

// The mapping of the csv_export unit test, with `auto` times for the ship-by column.
const CsvMapping& GermanOrders() {
  static const CsvMapping m = [] {
    CsvMapping m = testing::GermanShopExport();
    m.columns["ship_by"].format = Berlin("auto");
    return m;
  }();
  return m;
}

void Check(const core::Result<MappedReport>& report) {
  if (report) fuzz::CheckStorable(report->events);
}

void CheckTable(std::string_view text, char delimiter, Quoting quoting) {
  auto table = ParseDelimited(text, delimiter, quoting);
  if (!table) return;
  int last_line = table->header_line;
  for (const auto& row : table->rows) {
    fuzz::Require(row.line > last_line, "rows out of line order");
    last_line = row.line;
    for (std::size_t c = 0; c < table->header.size() + 1; ++c) (void)table->Cell(row, c);
  }
  for (const auto& name : table->header) {
    fuzz::Require(table->Column(name).has_value(), "a header cell that is not found by name", name);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto [mode, text] = fuzz::Select(data, size, 3);
  switch (mode) {
    case 0: {
      std::string_view header = FirstLine(text);
      if (IsAllOrdersReportHeader(header)) {
        Check(MapAllOrdersReport(text, "acme-us"));
      } else if (IsFeedbackReportHeader(header)) {
        Check(MapFeedbackReport(text, "acme-us"));
      } else {
        Check(MapCsvExport(text, GermanOrders(), "shop-de"));
      }
      break;
    }
    case 1:
      CheckTable(text, '\t', Quoting::kNone);
      break;
    default:
      CheckTable(text, ';', Quoting::kRfc4180);
      break;
  }
  return 0;
}

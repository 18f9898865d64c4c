#include "sources/flat_files/amazon_feedback_report.hpp"

#include <fmt/format.h>

#include "sources/flat_files/delimited_table.hpp"
#include "sources/json_fields.hpp"

namespace sellerwatch::sources::flat_files {
namespace {

constexpr std::array<std::string_view, 3> kRequired = {"date", "rating", "order id"};

std::optional<int> Number(std::string_view s) {
  if (s.empty() || s.size() > 4) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::optional<core::Timestamp> FeedbackDate(std::string_view s) {
  if (auto t = core::ParseRfc3339(s)) return t;
  using namespace std::chrono;
  auto make = [](int y, int m, int d) -> std::optional<core::Timestamp> {
    year_month_day ymd{year(y), month(static_cast<unsigned>(m)), day(static_cast<unsigned>(d))};
    if (!ymd.ok()) return std::nullopt;
    return core::Timestamp(sys_days(ymd).time_since_epoch());
  };
  if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
    auto y = Number(s.substr(0, 4)), m = Number(s.substr(5, 2)), d = Number(s.substr(8, 2));
    if (y && m && d) return make(*y, *m, *d);
    return std::nullopt;
  }
  std::size_t a = s.find('/');
  std::size_t b = a == std::string_view::npos ? a : s.find('/', a + 1);
  if (b == std::string_view::npos) return std::nullopt;
  auto m = Number(s.substr(0, a)), d = Number(s.substr(a + 1, b - a - 1));
  auto y = Number(s.substr(b + 1));
  if (!m || !d || !y) return std::nullopt;
  if (*y < 100) *y += 2000;
  return make(*y, *m, *d);
}

// Amazon's flat files do not quote, but older ones wrap some cells in quotes.
std::string_view Unquote(std::string_view s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
  return s;
}

}  // namespace

bool IsFeedbackReportHeader(std::string_view header_line) {
  auto table = ParseDelimited(header_line, '\t', Quoting::kNone);
  if (!table) return false;
  for (auto name : kRequired)
    if (!table->Column(name)) return false;
  return true;
}

core::Result<MappedReport> MapFeedbackReport(std::string_view tsv, const std::string& account) {
  auto table = ParseDelimited(tsv, '\t', Quoting::kNone);
  if (!table) return table.error().Context("feedback report");
  MappedReport out;
  if (table->header.empty()) return out;
  std::array<std::size_t, 3> at{};
  for (std::size_t i = 0; i < kRequired.size(); ++i) {
    auto column = table->Column(kRequired[i]);
    if (!column) {
      return core::Error::Data(fmt::format("feedback report line {}: no '{}' column in the header",
                                           table->header_line, kRequired[i]));
    }
    at[i] = *column;
  }
  auto comments = table->Column("comments");
  for (const auto& row : table->rows) {
    auto cell = [&](std::size_t column) { return Unquote(table->Cell(row, column)); };
    auto refuse = [&](std::string why) {
      out.rejected.push_back(fmt::format("feedback report line {}: {}", row.line, why));
    };
    core::Feedback f;
    f.account = account;
    f.order_id = std::string(cell(at[2]));
    f.id = f.order_id;
    auto rating = Number(cell(at[1]));
    auto date = FeedbackDate(cell(at[0]));
    if (f.id.empty()) {
      refuse("no Order ID");
    } else if (!rating || *rating < 1 || *rating > 5) {
      refuse(fmt::format("Rating '{}' is not 1 to 5", cell(at[1])));
    } else if (!date) {
      refuse(fmt::format("Date '{}' is not a date", cell(at[0])));
    } else {
      f.rating = *rating;
      f.received_at = *date;
      f.updated_at = *date;
      if (comments) f.comment = std::string(cell(*comments));
      out.events.push_back(Encoded(std::move(f)));
    }
  }
  return out;
}

}  // namespace sellerwatch::sources::flat_files

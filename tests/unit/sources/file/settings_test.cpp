// The file source's keys: the CSV `columns:` map is checked before any file arrives, with
// FILE:LINE:COL messages.

#include "sources/file/settings.hpp"

#include <gtest/gtest.h>

#include "config/loader.hpp"
#include "sources/registry.hpp"

namespace sellerwatch::sources::file {
namespace {

config::LoadResult Load(const std::string& source_yaml) {
  config::LoadOptions options;
  options.source_types = SourceTypeSpecs();
  options.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  return config::ParseConfig(
      "accounts:\n  - id: shop\n    marketplace: custom\n    sources:\n" + source_yaml, "f.yaml",
      options);
}

std::string Errors(const config::LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += d.Format() + "\n";
  return out;
}

TEST(FileSourceSettings, AColumnsMapIsReadFieldByField) {
  auto r = Load(R"(      - type: file
        path: /inbox
        event_type: order
        delimiter: ";"
        timezone: Europe/Berlin
        columns:
          id: Bestellnummer
          purchased_at: {column: Bestelldatum, format: "%d.%m.%Y %H:%M"}
          status: {column: Status, values: {Versandt: shipped, Offen: unshipped}}
          fulfillment: {value: merchant}
)");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& s = r.config->accounts[0].sources[0].SettingsAs<Settings>();
  ASSERT_TRUE(s.csv);
  EXPECT_EQ(s.csv->delimiter, ';');
  EXPECT_EQ(s.csv->columns.at("id").column, "Bestellnummer");
  EXPECT_EQ(s.csv->columns.at("purchased_at").format.pattern, "%d.%m.%Y %H:%M");
  EXPECT_EQ(s.csv->columns.at("purchased_at").format.timezone, "Europe/Berlin");
  EXPECT_EQ(s.csv->columns.at("status").values.at("Versandt"), "shipped");
  EXPECT_EQ(s.csv->columns.at("fulfillment").constant, "merchant");
}

TEST(FileSourceSettings, MistakesInTheColumnsMapAreNamedWhereTheyAre) {
  auto r = Load(R"(      - type: file
        path: /inbox
        delimiter: "#"
        columns:
          id: Order
          purchased_on: Date
          status: {column: Status, values: {Sent: shiped}, format: unix}
          fulfillment: {column: Channel, value: merchant}
          ship_by: {column: Due, format: dd.mm.yyyy}
)");
  ASSERT_FALSE(r.ok());
  std::string e = Errors(r);
  EXPECT_NE(e.find("f.yaml:7:20: accounts[0].sources[0].delimiter: invalid delimiter '#'"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("f.yaml:10:11: accounts[0].sources[0].columns: 'purchased_on' is not a field "
                   "of order events; did you mean 'purchased_at'?"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("unknown status value 'shiped'; did you mean 'shipped'?"), std::string::npos)
      << e;
  EXPECT_NE(e.find("'status' is not a time: 'format' does not apply"), std::string::npos) << e;
  EXPECT_NE(e.find("needs either 'column' (a header name) or 'value'"), std::string::npos) << e;
  EXPECT_NE(e.find("invalid time format 'dd.mm.yyyy'"), std::string::npos) << e;
  EXPECT_NE(e.find("f.yaml:9:11: accounts[0].sources[0].columns: order events need purchased_at "
                   "mapped"),
            std::string::npos)
      << e;
}

TEST(FileSourceSettings, CsvKeysWithoutAColumnsMapAreRefused) {
  auto r = Load("      - {type: file, path: /inbox, delimiter: \";\"}\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Errors(r).find("'delimiter' describes CSV exports: it needs a 'columns:' map"),
            std::string::npos)
      << Errors(r);
}

TEST(FileSourceSettings, FeedbackColumnsNeedTheFeedbackFields) {
  auto r = Load(R"(      - type: file
        path: /inbox
        event_type: feedback
        columns: {id: Order, received_at: Date}
)");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Errors(r).find("feedback events need rating mapped"), std::string::npos) << Errors(r);
}

}  // namespace
}  // namespace sellerwatch::sources::file

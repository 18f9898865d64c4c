#include "sources/flat_files/csv_export.hpp"

#include <gtest/gtest.h>

#include "fakes/german_shop_export.hpp"

namespace sellerwatch::sources::flat_files {
namespace {

core::Timestamp T(std::string_view s) { return *core::ParseRfc3339(s); }

CsvMapping GermanOrders() { return testing::GermanShopExport(); }

TEST(CsvExport, RowsBecomeNormalizedEventsFieldByField) {
  std::string csv =
      "Bestellnummer;Bestelldatum;Status;Versand bis;Versanddatum;Sendungsnummer vorhanden;"
      "Storniert von;Summe\n"
      "1001;01.11.2026 10:30;Versandt;03.11.2026 18:00;02.11.2026 09:00;1;;\"19,99\"\n"
      "1002;01.11.2026 11:00;Storniert;03.11.2026 18:00;;;Kunde;5,00\n"
      "1003;02.11.2026 08:00;offen;04.11.2026 18:00;;;;1,00\n";
  auto r = MapCsvExport(csv, GermanOrders(), "shop-de");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(r->rejected.empty()) << r->rejected[0];
  ASSERT_EQ(r->events.size(), 3u);
  const auto& shipped = std::get<core::Order>(r->events[0].event);
  EXPECT_EQ(shipped.account, "shop-de");
  EXPECT_EQ(shipped.id, "1001");
  EXPECT_EQ(shipped.purchased_at, T("2026-11-01T09:30:00Z"));
  EXPECT_EQ(shipped.status, core::OrderStatus::kShipped);
  EXPECT_EQ(shipped.fulfillment, core::Fulfillment::kMerchant);
  EXPECT_EQ(shipped.ship_by, T("2026-11-03T17:00:00Z"));
  EXPECT_EQ(shipped.shipped_at, T("2026-11-02T08:00:00Z"));
  EXPECT_EQ(shipped.tracking_valid, true);
  const auto& cancelled = std::get<core::Order>(r->events[1].event);
  EXPECT_EQ(cancelled.status, core::OrderStatus::kCancelled);
  EXPECT_EQ(cancelled.cancel_initiator, core::CancelInitiator::kBuyer);
  EXPECT_FALSE(cancelled.seller_cancelled());
  EXPECT_EQ(std::get<core::Order>(r->events[2].event).status, core::OrderStatus::kUnshipped);
}

TEST(CsvExport, BadCellsRefuseTheirRowNamingLineAndField) {
  CsvMapping m;
  m.columns["id"] = {"id", "", {}, {}};
  m.columns["rating"] = {"stars", "", {}, {}};
  m.columns["received_at"] = {"date", "", *ParseTimeFormat("auto", "UTC"), {}};
  m.columns["removed"] = {"removed", "", {}, {}};
  m.event_type = core::EventType::kFeedback;
  std::string csv =
      "id,stars,date,removed\n"
      "f1,1,2026-11-01,no\n"
      "f2,five,2026-11-01,no\n"
      "f3,2,next week,no\n"
      "f4,2,2026-11-01,maybe\n"
      "f5,9,2026-11-01,no\n"
      ",2,2026-11-01,no\n";
  auto r = MapCsvExport(csv, m, "shop");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->events.size(), 1u);
  EXPECT_EQ(std::get<core::Feedback>(r->events[0].event).received_at, T("2026-11-01T00:00:00Z"));
  ASSERT_EQ(r->rejected.size(), 5u);
  EXPECT_EQ(r->rejected[0],
            "line 3: field 'rating' (column 'stars'): 'five' is not a whole number");
  EXPECT_EQ(r->rejected[1],
            "line 4: field 'received_at' (column 'date'): expected a time like "
            "2026-11-01T10:00:00Z or 2026-11-01 10:00, got \"next week\"");
  EXPECT_EQ(r->rejected[2],
            "line 5: field 'removed' (column 'removed'): 'maybe' is not true or false");
  EXPECT_EQ(r->rejected[3], "line 6: field 'rating': expected an integer from 1 to 5");
  EXPECT_EQ(r->rejected[4], "line 7: missing required field 'id'");
}

TEST(CsvExport, AMappedColumnMissingFromTheHeaderIsAnError) {
  auto r = MapCsvExport("Bestellnummer;Status\n1;Versandt\n", GermanOrders(), "shop");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "line 1: the header has no column 'Storniert von' (mapped to cancel_initiator), "
            "'Bestelldatum' (mapped to purchased_at), 'Versand bis' (mapped to ship_by), "
            "'Versanddatum' (mapped to shipped_at), 'Sendungsnummer vorhanden' (mapped to "
            "tracking_valid)");
}

TEST(CsvExport, AnUnmappedStatusWordIsRefused) {
  CsvMapping m = GermanOrders();
  std::string csv =
      "Bestellnummer;Bestelldatum;Status;Versand bis;Versanddatum;Sendungsnummer vorhanden;"
      "Storniert von\n"
      "1;01.11.2026 10:30;Verloren;;;;\n";
  auto r = MapCsvExport(csv, m, "shop");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->rejected.size(), 1u);
  EXPECT_EQ(r->rejected[0],
            "line 2: field 'status' (column 'Status'): 'Verloren' is not one of the values mapped "
            "for it");
}

}  // namespace
}  // namespace sellerwatch::sources::flat_files

#include "sources/flat_files/amazon_feedback_report.hpp"

#include <gtest/gtest.h>

#include "core/event_json.hpp"

namespace sellerwatch::sources::flat_files {
namespace {

core::Timestamp T(std::string_view s) { return *core::ParseRfc3339(s); }

TEST(FeedbackReportMapping, ColumnsByHeaderNameAndRatings) {
  // An older export: extra columns, another order.
  std::string tsv =
      "Date\tRating\tComments\tArrived on Time\tItem as Described\tCustomer Service\tOrder "
      "ID\tRater Email\tRater Role\r\n"
      "2026-11-09\t1\tarrived broken\tNo\tNo\tNo\t111-2223334-5556667\tx@example.com\tBuyer\r\n"
      "11/10/26\t3\t\"fine\"\tYes\tYes\tYes\t111-0000000-0000001\ty@example.com\tBuyer\r\n";
  auto r = MapFeedbackReport(tsv, "acme-us");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->rejected.empty());
  ASSERT_EQ(r->events.size(), 2u);
  const auto& neg = std::get<core::Feedback>(r->events[0].event);
  EXPECT_EQ(neg.account, "acme-us");
  EXPECT_EQ(neg.id, "111-2223334-5556667");
  EXPECT_EQ(neg.order_id, "111-2223334-5556667");
  EXPECT_EQ(neg.rating, 1);
  EXPECT_TRUE(neg.negative());
  EXPECT_EQ(neg.comment, "arrived broken");
  EXPECT_EQ(neg.received_at, T("2026-11-09T00:00:00Z"));
  const auto& neutral = std::get<core::Feedback>(r->events[1].event);
  EXPECT_EQ(neutral.rating, 3);
  EXPECT_FALSE(neutral.negative());
  EXPECT_EQ(neutral.comment, "fine");
  EXPECT_EQ(neutral.received_at, T("2026-11-10T00:00:00Z"));
}

TEST(FeedbackReportMapping, BadRowsAreRefusedAloneWithTheirLine) {
  std::string tsv =
      "Order ID\tRating\tDate\tComments\n"
      "A-1\t9\t2026-11-09\tx\n"
      "A-2\t2\tsoon\tx\n"
      "A-3\t2\t2026-11-09\tok\n";
  auto r = MapFeedbackReport(tsv, "a");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->events.size(), 1u);
  EXPECT_EQ(std::get<core::Feedback>(r->events[0].event).id, "A-3");
  ASSERT_EQ(r->rejected.size(), 2u);
  EXPECT_NE(r->rejected[0].find("line 2"), std::string::npos) << r->rejected[0];
  EXPECT_NE(r->rejected[0].find("Rating"), std::string::npos);
  EXPECT_NE(r->rejected[1].find("line 3"), std::string::npos);
}

// Found by amazon_fuzz and flat_files_fuzz (issue 17): a report saved in Latin-1 (a European
// seller's Windows export) put its bytes into the stored payload as they were; the payload was
// no JSON, and the account's events could not be loaded again. Stray bytes are U+FFFD now, in
// the event and in what the store keeps alike.
TEST(FeedbackReportMapping, TextThatIsNotUtf8IsReadAsReplacementCharacters) {
  struct Case {
    const char* what;
    std::string cell;
    std::string comment;
  } cases[] = {
      {"Latin-1", "tr\xE8s d\xE9\xE7u", "tr\uFFFDs d\uFFFD\uFFFDu"},
      {"a cut sequence", "ok \xE2\x82", "ok \uFFFD\uFFFD"},
      {"UTF-8 stays", "tr\u00E8s bien \u00A3", "tr\u00E8s bien \u00A3"},
  };
  for (const auto& c : cases) {
    auto r = MapFeedbackReport(
        "Date\tRating\tComments\tOrder ID\n2026-11-09\t1\t" + c.cell + "\tA-\xE9\n", "a");
    ASSERT_TRUE(r) << c.what << ": " << r.error().message;
    ASSERT_EQ(r->events.size(), 1u) << c.what;
    const auto& f = std::get<core::Feedback>(r->events[0].event);
    EXPECT_EQ(f.comment, c.comment) << c.what;
    EXPECT_EQ(f.id, "A-\uFFFD") << c.what;
    auto back = core::DecodeEvent(r->events[0].payload);
    ASSERT_TRUE(back) << c.what << ": " << back.error().message;
    EXPECT_EQ(std::get<core::Feedback>(*back).comment, c.comment) << c.what;
  }
}

TEST(FeedbackReportMapping, HeaderWithoutRatingIsAnError) {
  auto r = MapFeedbackReport("Date\tComments\tOrder ID\n2026-11-09\tx\tA\n", "a");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("rating"), std::string::npos);
  auto empty = MapFeedbackReport("", "a");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->events.empty());
}

TEST(FeedbackReportMapping, HeaderIsRecognised) {
  EXPECT_TRUE(IsFeedbackReportHeader("Date\tRating\tComments\tResponse\tOrder ID\tRater Email"));
  EXPECT_FALSE(IsFeedbackReportHeader("Date,Rating,Comments,Order ID"));  // not tab-separated
  EXPECT_FALSE(IsFeedbackReportHeader("amazon-order-id\tpurchase-date"));
}

}  // namespace
}  // namespace sellerwatch::sources::flat_files

#include "sources/flat_files/delimited_table.hpp"

#include <gtest/gtest.h>

namespace sellerwatch::sources::flat_files {
namespace {

TEST(DelimitedTable, HeaderByNameRowsWithTheirLines) {
  auto t = ParseDelimited("\xEF\xBB\xBF Order ID ,Date\r\n\r\nA-1, 2026-11-01 \r\nA-2\n", ',',
                          Quoting::kRfc4180);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->header_line, 1);
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0].line, 3);
  EXPECT_EQ(t->rows[1].line, 4);
  auto id = t->Column("order id");
  auto date = t->Column("DATE");
  ASSERT_TRUE(id && date);
  EXPECT_FALSE(t->Column("rating"));
  EXPECT_EQ(t->Cell(t->rows[0], *id), "A-1");
  EXPECT_EQ(t->Cell(t->rows[0], *date), "2026-11-01");
  EXPECT_EQ(t->Cell(t->rows[1], *date), "");  // short row
}

TEST(DelimitedTable, Rfc4180QuotesSpanDelimitersLinesAndDoubledQuotes) {
  auto t = ParseDelimited("id;comment;n\n1;\"said \"\"hi\"\"; then\nleft\";2\n3;plain \"x\";4\n",
                          ';', Quoting::kRfc4180);
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->Cell(t->rows[0], 1), "said \"hi\"; then\nleft");
  EXPECT_EQ(t->Cell(t->rows[0], 2), "2");
  EXPECT_EQ(t->rows[1].line, 4);                     // the quoted line break counted
  EXPECT_EQ(t->Cell(t->rows[1], 1), "plain \"x\"");  // a quote inside a cell is text
}

TEST(DelimitedTable, AnUnclosedQuoteNamesTheLineItStartedOn) {
  auto t = ParseDelimited("a,b\n1,2\n3,\"oops\n4,5\n", ',', Quoting::kRfc4180);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().kind, core::ErrorKind::kData);
  EXPECT_NE(t.error().message.find("line 3"), std::string::npos) << t.error().message;
}

TEST(DelimitedTable, TabsWithoutQuotingKeepBuyerQuotes) {
  auto t =
      ParseDelimited("Order ID\tComments\nA\t\"Great\" seller, \"fast\n", '\t', Quoting::kNone);
  ASSERT_TRUE(t);
  ASSERT_EQ(t->rows.size(), 1u);
  EXPECT_EQ(t->Cell(t->rows[0], 1), "\"Great\" seller, \"fast");
}

TEST(DelimitedTable, FirstLineSkipsBlankLinesAndBom) {
  EXPECT_EQ(FirstLine("\xEF\xBB\xBF\n  \r\nDate\tRating\r\nx"), "Date\tRating");
  EXPECT_EQ(FirstLine(""), "");
}

}  // namespace
}  // namespace sellerwatch::sources::flat_files

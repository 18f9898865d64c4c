#include "app/log_fields.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

namespace sellerwatch::app {
namespace {

TEST(LogFields, TakesTheKnownKeysInOrder) {
  struct Case {
    std::string message;
    LogFields fields;
  };
  const std::vector<Case> cases = {
      {"source=acme/sp-api poll failed: timeout", {{"source", "acme/sp-api"}}},
      {"account=acme rule=odr matched no route; nobody is told",
       {{"account", "acme"}, {"rule", "odr"}}},
      {"receiver=ops-email, delivered", {{"receiver", "ops-email"}}},
      {"receiver=: nothing", {}},
      {"user=bob password=x account=", {}},
      {"no fields here", {}},
      {"metrics loaded: 3 events", {}},
  };
  for (const auto& c : cases) EXPECT_EQ(ExtractLogFields(c.message), c.fields) << c.message;
}

TEST(LogFields, FormatNames) {
  EXPECT_EQ(ParseLogFormat("json"), LogFormat::kJson);
  EXPECT_EQ(ParseLogFormat("journal"), LogFormat::kJournal);
  EXPECT_EQ(ParseLogFormat("auto"), LogFormat::kAuto);
  EXPECT_EQ(ParseLogFormat("text"), LogFormat::kText);
  EXPECT_EQ(ParseLogFormat("xml"), std::nullopt);
}

TEST(LogFields, JournalStreamMustNameStderrItself) {
  struct stat st {};
  ASSERT_EQ(fstat(2, &st), 0);
  std::string mine = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  EXPECT_TRUE(StderrIsJournal(mine.c_str()));
  EXPECT_FALSE(StderrIsJournal(nullptr));
  EXPECT_FALSE(StderrIsJournal(""));
  EXPECT_FALSE(
      StderrIsJournal((std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino + 1)).c_str()));
  EXPECT_FALSE(StderrIsJournal((mine + "x").c_str()));
}

}  // namespace
}  // namespace sellerwatch::app

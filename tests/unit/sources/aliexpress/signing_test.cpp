// IOP request signing against every IOP worked vector of sources.md §1.2, and the exact form a
// sync call and a token refresh sign and send.

#include "sources/aliexpress/signing.hpp"

#include <gtest/gtest.h>

#include "fakes/fake_data.hpp"
#include "sources/aliexpress/iop_client.hpp"

namespace sellerwatch::sources::aliexpress {
namespace {

constexpr std::string_view kSecret = "helloworld";

std::string SignOf(std::string_view path, const Params& params) {
  auto sign = Sign(kSecret, path, params);
  EXPECT_TRUE(sign);
  return sign ? *sign : std::string();
}

TEST(AliExpressSigning, OfficialIopGopVector) {
  // The Lazada/IOP documentation vector: /order/get, signed with its path.
  Params p = {{"access_token", "test"},
              {"app_key", "123456"},
              {"order_id", "1234"},
              {"sign_method", "sha256"},
              {"timestamp", "1517820392000"}};
  EXPECT_EQ(SigningString("/order/get", p),
            "/order/getaccess_tokentestapp_key123456order_id1234sign_methodsha256timestamp"
            "1517820392000");
  EXPECT_EQ(SignOf("/order/get", p),
            "4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A");
}

TEST(AliExpressSigning, SyncVectorSignsWithoutAPathPrefix) {
  Params p = {{"method", "aliexpress.solution.product.schema.get"},
              {"app_key", "12345678"},
              {"aliexpress_category_id", "200135143"},
              {"access_token", "test"},
              {"timestamp", "1517820392000"},
              {"sign_method", "sha256"}};
  EXPECT_EQ(SigningString("", p),
            "access_tokentestaliexpress_category_id200135143app_key12345678methodaliexpress."
            "solution.product.schema.getsign_methodsha256timestamp1517820392000");
  EXPECT_EQ(SignOf("", p), "70D6127F24BD80B1EEE615269220603CBA7DB8A79A6FEC91C955834853978FF7");
  // The value copied into many example scripts is the /order/get vector: it does not verify.
  EXPECT_NE(SignOf("", p), "4190D32361CFB9581350222F345CB77F3B19F0E31D162316848A2C1FFD5FAB4A");
}

TEST(AliExpressSigning, RestRefreshVectorSignsWithItsPath) {
  Settings s;
  s.app_key = config::Secret("12345678");
  Params p = RefreshParams(s, "test_refresh", 1517820392000);
  EXPECT_EQ(p, (Params{{"app_key", "12345678"},
                       {"refresh_token", "test_refresh"},
                       {"sign_method", "sha256"},
                       {"timestamp", "1517820392000"}}));
  EXPECT_EQ(SignOf("/auth/token/refresh", p),
            "43DA5BF8AB7C85DBD570204F7D386E402E6D1198CA55CA30D496EFDADDBE098E");
  EXPECT_NE(SignOf("", p), SignOf("/auth/token/refresh", p));
}

TEST(AliExpressSigning, SignIgnoresTheSignItselfAndEmptyValues) {
  Params p = {{"app_key", "12345678"}, {"sign_method", "sha256"}, {"timestamp", "1"}};
  Params with = p;
  with["sign"] = "ANYTHING";
  with["buyer_login_id"] = "";
  EXPECT_EQ(SignOf("", p), SignOf("", with));
  Params changed = p;
  changed["timestamp"] = "2";
  EXPECT_NE(SignOf("", p), SignOf("", changed));
  EXPECT_NE(*Sign("another secret", "", p), SignOf("", p));
}

TEST(AliExpressSigning, SyncCallCarriesEverySystemParameter) {
  Settings s;
  s.app_key = config::Secret("12345678");
  Params p = SyncParams(s, "aliexpress.trade.seller.orderlist.get", "test", 1517820392000,
                        {{"param_aeop_order_query", R"({"current_page":1,"page_size":50})"}});
  EXPECT_EQ(p, (Params{{"app_key", "12345678"},
                       {"format", "json"},
                       {"method", "aliexpress.trade.seller.orderlist.get"},
                       {"param_aeop_order_query", R"({"current_page":1,"page_size":50})"},
                       {"session", "test"},
                       {"sign_method", "sha256"},
                       {"simplify", "false"},
                       {"timestamp", "1517820392000"},
                       {"v", "2.0"}}));
  // Recomputed with Python hmac for this test.
  EXPECT_EQ(SignOf("", p), "0A07AFE81502D3AB12A8CDD22CBC1C7B546EB12144DB48D8461624B2C63C5147");
  // The form body sends exactly what was signed.
  p["sign"] = SignOf("", p);
  auto sent = testing::DecodeForm(FormBody(p));
  EXPECT_EQ(sent.size(), p.size());
  for (const auto& [k, v] : p) EXPECT_EQ(sent[k], v) << k;
}

}  // namespace
}  // namespace sellerwatch::sources::aliexpress

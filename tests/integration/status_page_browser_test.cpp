// The status page in a real browser (issue 18): the daemon runs two simulated shops, one
// deteriorating, with a hostile buyer comment imported; headless Chromium (Debian `chromium`,
// installed by scripts/install-deps.sh) loads `/` and `/accounts/shop-a`, and the DOM it built
// is checked — both accounts, the worse one first, the comment present as text, no script
// element — and a screenshot of each page is saved in the build directory.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/clock.hpp"
#include "core/time.hpp"
#include "fakes/raw_http_client.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kChromium = "/usr/bin/chromium";
constexpr const char* kHostile =
    "<script>document.title='owned'</script><img src=x onerror=alert(1)>";

std::string Config(const TempDir& dir) {
  return "daemon:\n"
         "  listen: \"127.0.0.1:0\"\n"
         "  state_dir: " +
         dir.File("state") +
         "\n"
         "  evaluation_interval: 500ms\n"
         "accounts:\n"
         "  - id: shop-a\n"
         "    marketplace: amazon\n"
         "    timezone: America/Los_Angeles\n"
         "    sources:\n"
         "      - {type: simulator, seed: 42, orders_per_day: 10, scenario: deteriorating,\n"
         "         poll: 200ms, incident_every: 300ms}\n"
         "  - id: shop-b\n"
         "    marketplace: ebay\n"
         "    sources:\n"
         "      - {type: simulator, seed: 7, orders_per_day: 10, poll: 200ms}\n"
         "routes: [{match: {}, receivers: [console], group_wait: 0s, group_interval: 1s}]\n"
         "receivers: [{name: console, console: {}}]\n";
}

class Browser {
 public:
  explicit Browser(const TempDir& dir) : profile_(dir.File("chromium-profile")) {}

  // The DOM Chromium built from the page, serialized.
  ProcessResult Dom(const std::string& url) { return Run({"--dump-dom", url}); }

  // A PNG of the page as a laptop shows it (or taller, for a whole page).
  ProcessResult Screenshot(const std::string& url, const std::string& file, int height) {
    return Run({"--hide-scrollbars", "--window-size=1366," + std::to_string(height),
                "--screenshot=" + file, url});
  }

 private:
  ProcessResult Run(std::vector<std::string> args) {
    // Bounded: a browser that hangs fails the test instead of holding CI.
    std::vector<std::string> argv = {
        "/usr/bin/timeout", "120",           kChromium,        "--headless=new",
        "--no-sandbox",     "--disable-gpu", "--no-first-run", "--user-data-dir=" + profile_};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProcess(argv, {{"HOME", profile_}});
  }
  std::string profile_;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(StatusPageBrowser, ChromiumShowsTheWorseShopFirstAndTheBuyersWordsAsText) {
  ASSERT_EQ(::access(kChromium, X_OK), 0) << "chromium missing: run scripts/install-deps.sh";
  TempDir dir;
  const std::string config = dir.Write("sellerwatch.yaml", Config(dir));
  const core::Timestamp received = core::SystemClock().Now() - std::chrono::hours(2);
  const std::string events = dir.Write(
      "feedback.jsonl",
      "{\"type\":\"feedback\",\"account\":\"shop-a\",\"id\":\"fb-hostile\",\"order_id\":\"o-1\","
      "\"rating\":1,\"received_at\":\"" +
          core::FormatRfc3339(received) + "\",\"comment\":\"" + kHostile +
          "\",\"removed\":false}\n");
  auto imported = Sellerwatch({"import", "-c", config, events});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;

  BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", config});
  ASSERT_TRUE(daemon.WaitForStderr("http endpoint listening on 127.0.0.1:", 30s)) << daemon.err();
  const std::uint16_t port = LoggedPort(daemon.err());
  ASSERT_TRUE(daemon.WaitForStdout("FIRING   critical shop-a:", 60s)) << daemon.err();
  const std::string base = "http://127.0.0.1:" + std::to_string(port);

  RawHttpClient http(port);
  ASSERT_TRUE(http.Send(RawHttpClient::Request("GET", "/")));
  auto raw = http.Read();
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->status, 200);
  EXPECT_TRUE(
      raw->Header("content-security-policy").value_or("").starts_with("default-src 'none'"));

  Browser browser(dir);
  auto overview = browser.Dom(base + "/");
  ASSERT_EQ(overview.exit_code, 0) << overview.err;
  const std::string& dom = overview.out;
  const auto a = dom.find("href=\"/accounts/shop-a\""), b = dom.find("href=\"/accounts/shop-b\"");
  ASSERT_NE(a, std::string::npos) << dom;
  ASSERT_NE(b, std::string::npos) << dom;
  EXPECT_LT(a, b) << "the shop in breach comes first";
  EXPECT_NE(dom.find("<span class=\"badge critical\">critical</span>"), std::string::npos);
  EXPECT_EQ(dom.find("<script"), std::string::npos);
  EXPECT_EQ(dom.find("late_shipment_rate"), std::string::npos) << "metric codes stay in JSON";

  auto account = browser.Dom(base + "/accounts/shop-a");
  ASSERT_EQ(account.exit_code, 0) << account.err;
  const std::string& page = account.out;
  EXPECT_NE(page.find("<title>shop-a — sellerwatch</title>"), std::string::npos)
      << "no injected script ran to change it";
  EXPECT_NE(page.find("&lt;script&gt;document.title='owned'&lt;/script&gt;"), std::string::npos)
      << page;
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_NE(page.find("<svg class=\"chart\""), std::string::npos) << "28-day charts";
  EXPECT_NE(page.find("Negative feedback, last 30 days"), std::string::npos);

  // Screenshots: the first screen of each page, kept with the build for a look.
  const std::string shots = std::string(SELLERWATCH_BUILD_DIR) + "/screenshots";
  std::filesystem::create_directories(shots);
  for (const auto& [path, file] :
       {std::pair{"/", "overview.png"}, std::pair{"/accounts/shop-a", "account.png"}}) {
    const std::string out = shots + "/" + file;
    std::filesystem::remove(out);
    auto shot = browser.Screenshot(base + path, out, 900);
    ASSERT_EQ(shot.exit_code, 0) << shot.err;
    const std::string png = ReadAll(out);
    EXPECT_GT(png.size(), 20000u) << out << ": a blank page is smaller";
    EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << out;
  }
}

}  // namespace
}  // namespace sellerwatch::testing

// The weekly digest (DESIGN.md §1.6) built and rendered from hostile input. Two ways in:
//   - an input starting with '{' is a shard's export (`digest --export`, read back by
//     `digest --merge`): DecodeExport, then the digest of its accounts;
//   - anything else is read as the digest's input field by field: buyer comments, order ids,
//     at-risk notes, names, figures and history. Its text is UTF-8, as everything the digest
//     reads is (the store's payloads, the config, an export are JSON or YAML); hostile bytes
//     are render_fuzz's. Its export must decode again.
// Checked like the alert renderers (render_checks.hpp): the HTML and every chat body never show
// the marker "<zz" unescaped, every JSON body parses, the email is well-formed 7-bit MIME whose
// parts decode to the digest's text and HTML.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/text.hpp"
#include "digest/digest_export.hpp"
#include "digest/digest_model.hpp"
#include "digest/render.hpp"
#include "fuzz_support.hpp"
#include "notify/render/digest_payloads.hpp"
#include "notify/render/notification_json.hpp"
#include "notify/render/webhook_payload.hpp"
#include "render_checks.hpp"

using namespace sellerwatch;
using namespace sellerwatch::fuzz;

namespace {

const core::Timestamp kNow = core::FromUnixMillis(1795680000000);
const std::int64_t kToday = 1795680000000 / (24 * 3600 * 1000);

// Any text of the digest's input: UTF-8, with the marker half of the time.
std::string Name(FuzzedDataProvider& in, std::size_t max_length) {
  return DropInvalidUtf8(Text(in, max_length));
}

std::optional<double> Value(FuzzedDataProvider& in, double low, double high) {
  if (in.ConsumeBool()) return std::nullopt;
  return in.ConsumeFloatingPointInRange(low, high);
}

core::Timestamp Near(FuzzedDataProvider& in) {
  return kNow + std::chrono::minutes(in.ConsumeIntegralInRange<int>(-20 * 24 * 60, 20 * 24 * 60));
}

digest::MetricInput Metric(FuzzedDataProvider& in) {
  digest::MetricInput m;
  m.name = in.ConsumeBool() ? "order_defect_rate" : Name(in, 40);
  m.unit = in.PickValueInArray({core::MetricUnit::kRate, core::MetricUnit::kCount,
                                core::MetricUnit::kDuration, core::MetricUnit::kNumber});
  m.direction = in.ConsumeBool() ? core::Direction::kAbove : core::Direction::kBelow;
  m.window_days = in.ConsumeIntegralInRange(1, 365);
  m.value = Value(in, 0, 1e6);
  m.denominator = in.ConsumeFloatingPointInRange(0.0, 1e6);
  m.insufficient_data = in.ConsumeBool();
  m.warn = Value(in, 0, 1e6);
  m.critical = Value(in, 0, 1e6);
  if (in.ConsumeBool())
    m.breached = in.ConsumeBool() ? core::Severity::kCritical : core::Severity::kWarning;
  if (in.ConsumeBool()) m.bad_events_allowed = in.ConsumeIntegralInRange<long>(0, 1000000);
  if (in.ConsumeBool()) m.good_events_needed = in.ConsumeIntegralInRange<long>(0, 1000000);
  if (in.ConsumeBool()) m.warn_in_days = in.ConsumeIntegralInRange(0, 400);
  if (in.ConsumeBool()) m.critical_in_days = in.ConsumeIntegralInRange(0, 400);
  m.warn_probability = Value(in, 0, 1);
  m.critical_probability = Value(in, 0, 1);
  m.forecast_within_days = in.ConsumeIntegralInRange(1, 60);
  m.forecast_why = Name(in, 120);
  m.bad_events = Name(in, 30);
  m.good_events = Name(in, 30);
  const int days = in.ConsumeIntegralInRange(0, 40);
  for (int d = 0; d < days; ++d) {
    m.history.push_back({kToday - in.ConsumeIntegralInRange(0, 40), Value(in, 0, 1e6)});
  }
  return m;
}

digest::AccountInput Account(FuzzedDataProvider& in) {
  digest::AccountInput a;
  a.id = Name(in, 40);
  a.marketplace = in.PickValueInArray({"amazon", "ebay", "shopify", "aliexpress", "custom"});
  for (int i = in.ConsumeIntegralInRange(0, 4); i > 0; --i) a.metrics.push_back(Metric(in));
  for (int i = in.ConsumeIntegralInRange(0, 3); i > 0; --i) {
    a.alert_events.push_back(
        {Name(in, 40), Name(in, 40),
         in.ConsumeBool() ? core::AlertState::kFiring : core::AlertState::kResolved,
         in.ConsumeBool() ? core::Severity::kCritical : core::Severity::kWarning, Near(in)});
  }
  for (int i = in.ConsumeIntegralInRange(0, 2); i > 0; --i) {
    a.active_alerts.push_back({Name(in, 40), core::Severity::kCritical, Near(in)});
  }
  for (int i = in.ConsumeIntegralInRange(0, 7); i > 0; --i) {
    a.at_risk.push_back({in.PickValueInArray({"ship_deadline_at_risk", "reply_deadline_at_risk",
                                              "dispute_deadline_at_risk"}),
                         Name(in, 40), Near(in), Name(in, 100)});
  }
  for (int i = in.ConsumeIntegralInRange(0, 7); i > 0; --i) {
    a.feedback.push_back(
        {Name(in, 20), Name(in, 40), in.ConsumeIntegralInRange(1, 5), Near(in), Name(in, 500)});
  }
  for (int i = in.ConsumeIntegralInRange(0, 2); i > 0; --i) {
    std::optional<core::Timestamp> last;
    if (in.ConsumeBool()) last = Near(in);
    a.sources.push_back({Name(in, 40), last, std::chrono::hours(in.ConsumeIntegralInRange(0, 48))});
  }
  return a;
}

void Render(const digest::DigestInput& input) {
  const digest::Digest d = digest::BuildDigest(input, kNow);
  const core::DigestPayload payload = digest::RenderDigest(d);
  Require(IsValidUtf8(payload.subject) && payload.subject.find('\n') == std::string::npos,
          "digest subject: not one line of UTF-8", payload.subject);
  for (const auto& section : payload.chat) {
    Require(IsValidUtf8(section.title), "digest chat title: not UTF-8", section.title);
    for (const auto& line : section.lines)
      Require(IsValidUtf8(line), "digest chat: not UTF-8", line);
  }

  const i18n::Translator tr;  // what the split adds (" (1/2)", "+N more"), in English
  CheckChat(notify::DigestSlackPayloads(tr, payload), Markup::kNoMarker, "digest slack");
  CheckChat(notify::DigestDiscordPayloads(tr, payload), Markup::kBackslashed, "digest discord");
  CheckChat(notify::DigestTeamsPayloads(tr, payload), Markup::kBackslashed, "digest teams");
  CheckChat(notify::DigestMattermostPayloads(tr, payload), Markup::kBackslashed,
            "digest mattermost");
  CheckChat(notify::DigestGoogleChatPayloads(tr, payload), Markup::kNoMarker, "digest google chat");
  CheckChat(notify::DigestTelegramPayloads(tr, payload, "-1001234567890"), Markup::kNoMarker,
            "digest telegram");

  core::Notification n;
  n.receiver = "weekly";
  n.group_key = "digest";
  n.created_at = kNow;
  n.digest = payload;
  RequireJson(notify::NotificationJson(n), "digest notification JSON");
  CheckEmail(tr, n);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  digest::DigestInput input;
  input.timezone = "Europe/Berlin";
  if (size > 0 && data[0] == '{') {
    auto exported = digest::DecodeExport(AsText(data, size));
    if (!exported) return 0;
    input.receiver = "weekly";
    input.accounts = exported->accounts;
    Render(input);
    return 0;
  }
  FuzzedDataProvider in(data, size);
  input.receiver = Name(in, 30);
  input.timezone =
      in.PickValueInArray({"", "UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata"});
  const int accounts =
      in.ConsumeBool() ? in.ConsumeIntegralInRange(0, 2) : in.ConsumeIntegralInRange(0, 14);
  for (int i = 0; i < accounts; ++i) input.accounts.push_back(Account(in));
  // What this shard would export must be readable by the merging instance.
  digest::DigestExport exported;
  exported.built_at = kNow;
  exported.accounts = input.accounts;
  const std::string json = digest::EncodeExport(exported);
  auto decoded = digest::DecodeExport(json);
  if (!decoded) Fail("an export that does not decode: " + decoded.error().message, json);
  Require(decoded->accounts.size() == input.accounts.size(), "an export lost accounts", json);
  Render(input);
  return 0;
}

#include <fmt/format.h>

#include <boost/json.hpp>

#include "sources/aliexpress/feedback_mapping.hpp"
#include "sources/aliexpress/pacific_time.hpp"
#include "sources/aliexpress/poll_clock.hpp"
#include "sources/aliexpress/profile_mapping.hpp"
#include "sources/aliexpress/streams.hpp"
#include "sources/json_fields.hpp"
#include "sources/updated_since.hpp"

// GCC 12 inlines Asio's coroutine-frame allocator (aligned_alloc) into these coroutines and
// then misreads its matching deallocation as a mismatch: a known false positive.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace sellerwatch::sources::aliexpress {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::string_view kEvaluationsApi = "aliexpress.evaluation.listorderevaluation.get";
constexpr std::string_view kProfileApi = "aliexpress.solution.merchant.profile.get";
constexpr core::Duration kFirstLookback = 60 * core::kDay;
// The API has no paging and may cap its answer: small windows keep each answer small.
constexpr core::Duration kWindow = core::kDay;
// How soon the rest of a backlog is read.
constexpr core::Duration kBacklogRecheck = std::chrono::seconds(1);

// (Built outside the coroutines: GCC 12 mishandles initializer lists inside them.)
Params WindowParams(core::Timestamp from, core::Timestamp to) {
  json::object o;
  o["start_valid_date"] = PacificWindowStart(from);
  o["end_valid_date"] = FormatPacific(to);
  return {{"trade_evaluation_request", json::serialize(o)}};
}

}  // namespace

FeedbackStream::FeedbackStream(std::string account, std::shared_ptr<IopClient> client)
    : account_(std::move(account)), client_(std::move(client)) {}

asio::awaitable<core::Result<SourceBatch>> FeedbackStream::Poll(std::optional<std::string> cursor,
                                                                core::Timestamp now) {
  const auto& s = client_->settings();
  auto since = ReadUpdatedSince(cursor, s.overlap, kFirstLookback, now);
  if (!since) co_return since.error().Context("feedback");
  const PollClock clock = PollClock::Start(client_->poll_timeout());
  const std::string where = client_->Where(kEvaluationsApi);

  SourceBatch batch;
  core::Timestamp from = since->after;
  std::optional<core::Timestamp> read_to;
  for (int window = 0; from < now; ++window) {
    if (window == kMaxFeedbackWindows || (window > 0 && clock.Spent())) {
      batch.poll_again_in = kBacklogRecheck;
      client_->log().info("source={}/feedback read feedback up to {}; the rest follows in {}",
                          client_->source_id(), core::FormatRfc3339(*read_to),
                          core::FormatDuration(kBacklogRecheck));
      break;
    }
    core::Timestamp to = std::min(from + kWindow, now);
    auto answer = co_await client_->Call(std::string(kEvaluationsApi), WindowParams(from, to),
                                         clock.deadline, now);
    if (!answer) co_return answer.error();
    auto feedback = MapEvaluations(*answer, account_, where);
    if (!feedback) co_return feedback.error();
    for (auto& f : *feedback) batch.events.push_back(Encoded(std::move(f)));
    read_to = to;
    from = to;
  }
  batch.cursor = UpdatedSinceCursor(read_to ? read_to : since->stored, now);
  co_return batch;
}

AccountStream::AccountStream(std::string account, std::shared_ptr<IopClient> client)
    : account_(std::move(account)), client_(std::move(client)) {}

asio::awaitable<core::Result<SourceBatch>> AccountStream::Poll(std::optional<std::string>,
                                                               core::Timestamp now) {
  const PollClock clock = PollClock::Start(client_->poll_timeout());
  auto answer = co_await client_->Call(std::string(kProfileApi), Params(), clock.deadline, now);
  if (!answer) co_return answer.error();
  auto value = MapMerchantProfile(*answer, account_, now, client_->Where(kProfileApi));
  if (!value) co_return value.error();
  SourceBatch batch;
  batch.events.push_back(Encoded(std::move(*value)));
  batch.cursor = "{}";
  co_return batch;
}

}  // namespace sellerwatch::sources::aliexpress

#include "cli/import_reader.hpp"

#include <fmt/format.h>

#include "sources/jsonl_reader.hpp"

namespace sellerwatch::cli {
namespace {

// Batches waiting for the writer; one more is being filled and one being written.
constexpr std::size_t kQueued = 2;

}  // namespace

ImportReader::ImportReader(std::vector<Input> inputs, Options options)
    : inputs_(std::move(inputs)), options_(std::move(options)), thread_([this] { Read(); }) {}

ImportReader::~ImportReader() {
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

std::optional<std::vector<core::ParsedEvent>> ImportReader::Next() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return !queue_.empty() || done_; });
  if (queue_.empty()) return std::nullopt;
  auto batch = std::move(queue_.front());
  queue_.pop_front();
  lock.unlock();
  changed_.notify_all();
  return batch;
}

bool ImportReader::Hand(std::vector<core::ParsedEvent>&& batch) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return queue_.size() < kQueued || stopped_; });
  if (stopped_) return false;
  queue_.push_back(std::move(batch));
  lock.unlock();
  changed_.notify_all();
  return true;
}

void ImportReader::Read() {
  try {
    ReadAll();
  } catch (const std::exception& e) {
    outcome_.failure = core::Error::Internal(fmt::format("reading the input: {}", e.what()));
  }
  {
    std::lock_guard lock(mutex_);
    done_ = true;
  }
  changed_.notify_all();
}

void ImportReader::ReadAll() {
  std::vector<core::ParsedEvent> batch;
  batch.reserve(options_.batch_size);
  std::string line;
  for (auto& input : inputs_) {
    std::size_t line_no = 0;
    while (!stopped_.load(std::memory_order_relaxed) && std::getline(*input.stream, line)) {
      auto parsed = sources::ParseJsonlLine(line, input.name, ++line_no, options_.default_account,
                                            options_.check_account);
      if (!parsed) {
        if (outcome_.errors.size() < options_.errors_kept)
          outcome_.errors.push_back(parsed.error().message);
        ++outcome_.bad_lines;
        batch.clear();  // nothing more is written: the transaction will be rolled back
        continue;
      }
      if (!*parsed || outcome_.bad_lines > 0) continue;
      batch.push_back(std::move(**parsed));
      if (batch.size() < options_.batch_size) continue;
      if (!Hand(std::move(batch))) return;
      batch = {};
      batch.reserve(options_.batch_size);
    }
    if (input.stream->bad()) {
      outcome_.failure = core::Error::Permanent(fmt::format("{}: read error", input.name));
      return;
    }
  }
  if (!batch.empty()) Hand(std::move(batch));
}

}  // namespace sellerwatch::cli

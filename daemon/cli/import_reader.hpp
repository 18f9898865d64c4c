#pragma once

// The input side of `sellerwatch import`: reads and parses the files on a thread of its own and
// hands the events over in batches, in file order, while the calling thread writes them to the
// store. Parsing and writing each take a good part of an import, so on two cores it takes the
// time of the slower of the two instead of their sum. At most two batches wait, so memory stays
// flat whatever the file size.
//
// The queue is the only state the two threads share, behind one mutex; the daemon's rule of no
// mutexes is for domain code, and this pipeline stays within these two files.
//
// After the first bad line no more events are handed over (the import will be rolled back), but
// reading goes on, so every bad line is counted and the first ones are named.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <istream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/event_json.hpp"

namespace sellerwatch::cli {

class ImportReader {
 public:
  struct Input {
    std::string name;  // as the errors name it
    std::unique_ptr<std::istream> stream;
  };
  struct Options {
    std::string default_account;  // fills lines without "account"
    // Empty when the account may be imported, else why not; called on the reader's thread.
    std::function<std::string(const std::string&)> check_account;
    std::size_t batch_size = 1024;
    std::size_t errors_kept = 50;  // bad lines named; the rest are counted
  };
  struct Outcome {
    std::vector<std::string> errors;  // "FILE:LINE: why", the first errors_kept
    std::size_t bad_lines = 0;
    // Reading stopped early: kPermanent names the file that could not be read, kInternal is a
    // failure of the reader itself.
    std::optional<core::Error> failure;
  };

  // Starts reading at once.
  ImportReader(std::vector<Input> inputs, Options options);
  ImportReader(const ImportReader&) = delete;
  ImportReader& operator=(const ImportReader&) = delete;
  // Stops reading (when the writer gave up early) and waits for the thread.
  ~ImportReader();

  // The next batch, or nullopt once everything was read (or reading failed).
  std::optional<std::vector<core::ParsedEvent>> Next();
  // Complete once Next() has returned nullopt.
  const Outcome& outcome() const { return outcome_; }

 private:
  void Read();
  void ReadAll();
  // Waits for room in the queue; false once the writer has stopped.
  bool Hand(std::vector<core::ParsedEvent>&& batch);

  std::vector<Input> inputs_;
  Options options_;
  Outcome outcome_;  // written by the reader until `done_`, read by the writer after

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<core::ParsedEvent>> queue_;
  bool done_ = false;                 // the reader has finished
  std::atomic<bool> stopped_{false};  // the writer wants no more; set under the mutex

  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace sellerwatch::cli

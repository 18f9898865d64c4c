#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>

namespace sellerwatch::testing {

// Runs `io` until `done()` holds, handler by handler (waits on the io_context, never sleeps).
// Not io.run(): pooled connections may keep the context busy long after the test's work.
template <class Predicate>
bool RunUntil(boost::asio::io_context& io, Predicate done,
              std::chrono::milliseconds deadline = std::chrono::seconds(30)) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= end) return false;
    io.run_one_for(std::chrono::milliseconds(50));
    if (io.stopped()) io.restart();
  }
  return true;
}

// Spawns `task` on `io`, runs the context until it finishes and returns its result; an
// exception escaping the task is rethrown here.
template <class T>
T RunAwaitable(boost::asio::io_context& io, boost::asio::awaitable<T> task,
               std::chrono::milliseconds deadline = std::chrono::seconds(30)) {
  // Shared, so a task that outlives a missed deadline does not write into a dead frame.
  struct Outcome {
    std::optional<T> result;
    std::exception_ptr error;
    bool finished = false;
  };
  auto outcome = std::make_shared<Outcome>();
  boost::asio::co_spawn(io, std::move(task), [outcome](std::exception_ptr e, T value) {
    outcome->finished = true;
    outcome->error = e;
    if (!e) outcome->result.emplace(std::move(value));
  });
  if (!RunUntil(
          io, [&] { return outcome->finished; }, deadline)) {
    throw std::runtime_error("RunAwaitable: the task did not finish before the deadline");
  }
  if (outcome->error) std::rethrow_exception(outcome->error);
  return std::move(*outcome->result);
}

}  // namespace sellerwatch::testing

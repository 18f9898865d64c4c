#pragma once

#include <memory>
#include <ostream>

#include "app/logs.hpp"
#include "config/config.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"

namespace sellerwatch::app {

// The composition root: owns the io_context, the store, the pollers, the evaluator and the
// notifier, and wires them together. One thread runs everything.
class App {
 public:
  // Fails with kConfig when a configured source or receiver cannot be built, and with
  // kPermanent when the store cannot be opened.
  static core::Result<std::unique_ptr<App>> Create(std::shared_ptr<const config::Config> config,
                                                   const Logs& logs, std::ostream& console,
                                                   const core::Clock& clock);
  ~App();

  // The daemon: polls on schedule, evaluates after new data and every evaluation_interval,
  // until SIGINT or SIGTERM; then stops the sources, evaluates once more and returns 0.
  int Run();
  // One poll of every source, one evaluation; 0, or 1 when any source failed.
  int PollOnce();

 private:
  struct Impl;
  explicit App(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sellerwatch::app

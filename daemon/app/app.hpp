#pragma once

#include <functional>
#include <memory>
#include <ostream>

#include "app/logs.hpp"
#include "config/config.hpp"
#include "config/loader.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"

namespace sellerwatch::app {

// The composition root: owns the io_context, the store, the pollers, the evaluator and the
// notifier, and wires them together. One thread runs everything.
class App {
 public:
  // Reads the config file again (SIGHUP), with the same command-line overrides.
  using ConfigReader = std::function<config::LoadResult()>;

  // Fails with kConfig when a configured source or receiver cannot be built, and with
  // kPermanent when the store cannot be opened. Without `reread`, SIGHUP only logs.
  static core::Result<std::unique_ptr<App>> Create(std::shared_ptr<const config::Config> config,
                                                   Logs& logs, std::ostream& console,
                                                   const core::Clock& clock,
                                                   ConfigReader reread = {});
  ~App();

  // The daemon: polls on schedule, evaluates after new data and every evaluation_interval,
  // reloads the config on SIGHUP, until SIGINT or SIGTERM; then stops the sources, evaluates
  // once more, lets deliveries finish within daemon.shutdown_timeout and returns 0.
  int Run();
  // One poll of every source, one evaluation; 0, or 1 when any source failed.
  int PollOnce();

 private:
  struct Impl;
  explicit App(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sellerwatch::app

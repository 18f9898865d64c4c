#pragma once

#include <curl/curl.h>

#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <memory>

namespace boost::asio {
class io_context;
}

namespace sellerwatch::net {

// A libcurl multi handle driven by an io_context (DESIGN §2.3): curl tells us which sockets to
// watch and when its timeout fires, asio waits on them, and every transfer runs on the thread
// that runs the io_context. Connections stay pooled in the multi handle between transfers.
//
// Single-threaded by design: construct, use and destroy it on the io thread only.
// Destroying it with transfers in flight completes each waiting Perform with
// CURLE_ABORTED_BY_CALLBACK (delivered through the io_context, like any completion).
class CurlMulti {
 public:
  explicit CurlMulti(boost::asio::io_context& io);
  ~CurlMulti();
  CurlMulti(const CurlMulti&) = delete;
  CurlMulti& operator=(const CurlMulti&) = delete;

  // Runs one configured easy handle to completion. The handle stays owned by the caller and
  // must outlive the call. Cancelling the awaiting coroutine (a cancellation slot, a timeout
  // race) removes the transfer and returns CURLE_ABORTED_BY_CALLBACK.
  boost::asio::awaitable<CURLcode> Perform(CURL* easy);

  // Transfers currently added to the multi handle.
  std::size_t active() const;

  boost::asio::io_context& io() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sellerwatch::net

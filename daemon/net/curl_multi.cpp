#include "net/curl_multi.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <stdexcept>
#include <unordered_map>

#include "net/curl_handles.hpp"

namespace sellerwatch::net {
namespace asio = boost::asio;

namespace {

// One socket curl asked us to watch. The descriptor never owns the fd: curl opens and closes
// it, and tells us (CURL_POLL_REMOVE) before it closes it.
struct Watch {
  explicit Watch(asio::io_context& io) : descriptor(io) {}
  ~Watch() { Release(); }
  Watch(const Watch&) = delete;
  Watch& operator=(const Watch&) = delete;

  // Aborts pending waits and drops the reactor registration without closing the fd.
  void Release() {
    removed = true;
    if (!descriptor.is_open()) return;
    boost::system::error_code ignored;
    descriptor.cancel(ignored);
    (void)descriptor.release();
  }

  asio::posix::stream_descriptor descriptor;
  int wanted = 0;        // CURL_POLL_IN / CURL_POLL_OUT bits curl last asked for
  bool reading = false;  // an async_wait(read) is pending
  bool writing = false;
  bool removed = false;  // curl is done with the socket; its fd number may already be reused
};

// A Perform waiting in its coroutine frame. `wake` never expires on its own: finishing the
// transfer cancels it, which resumes the coroutine.
struct Transfer {
  explicit Transfer(asio::io_context& io)
      : wake(io, std::chrono::steady_clock::time_point::max()) {}
  asio::steady_timer wake;
  CURLcode result = CURLE_OK;
  bool done = false;
};

}  // namespace

struct CurlMulti::Impl {
  explicit Impl(asio::io_context& context) : io(context), timer(context) {
    if (global.code() != CURLE_OK) throw std::runtime_error("curl_global_init failed");
    multi = curl_multi_init();
    if (multi == nullptr) throw std::runtime_error("curl_multi_init failed");
    curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, &Impl::OnSocket);
    curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, &Impl::OnTimer);
    curl_multi_setopt(multi, CURLMOPT_TIMERDATA, this);
  }

  ~Impl() {
    // Waiting coroutines learn of the abort through the io_context, never from inside here.
    for (auto& [easy, transfer] : transfers) {
      curl_multi_remove_handle(multi, easy);
      Complete(*transfer, CURLE_ABORTED_BY_CALLBACK);
    }
    transfers.clear();
    // Cleanup closes the pooled connections and may still call OnSocket: the maps are alive.
    curl_multi_cleanup(multi);
    for (auto& [fd, watch] : watches) watch->Release();
    watches.clear();
    timer.cancel();
  }

  static void Complete(Transfer& transfer, CURLcode result) {
    transfer.result = result;
    transfer.done = true;
    transfer.wake.cancel();
  }

  // C callbacks: nothing may be thrown through libcurl.
  static int OnSocket(CURL* /*easy*/, curl_socket_t fd, int what, void* self,
                      void* /*socketp*/) noexcept {
    try {
      return static_cast<Impl*>(self)->UpdateWatch(fd, what);
    } catch (...) {
      return -1;
    }
  }

  static int OnTimer(CURLM* /*multi*/, long timeout_ms, void* self) noexcept {
    try {
      static_cast<Impl*>(self)->UpdateTimer(timeout_ms);
      return 0;
    } catch (...) {
      return -1;
    }
  }

  int UpdateWatch(curl_socket_t fd, int what) {
    if (what == CURL_POLL_REMOVE) {
      if (auto it = watches.find(fd); it != watches.end()) {
        it->second->Release();
        watches.erase(it);
      }
      return 0;
    }
    auto& watch = watches[fd];
    if (!watch) {
      watch = std::make_shared<Watch>(io);
      boost::system::error_code ec;
      watch->descriptor.assign(fd, ec);
      if (ec) {
        watches.erase(fd);
        return -1;
      }
    }
    watch->wanted = what;
    Arm(watch, fd);
    return 0;
  }

  void UpdateTimer(long timeout_ms) {
    if (timeout_ms < 0) {
      timer.cancel();
      return;
    }
    // Curl forbids calling socket_action from inside this callback, so even a 0 ms timeout
    // goes through the io_context.
    timer.expires_after(std::chrono::milliseconds(timeout_ms));
    timer.async_wait([this, alive = std::weak_ptr<int>(alive_)](boost::system::error_code ec) {
      if (ec || alive.expired()) return;
      Action(CURL_SOCKET_TIMEOUT, 0);
    });
  }

  // Starts the waits curl wants that are not already pending. A wait curl no longer wants is
  // left to complete and is then ignored: cheaper than cancelling one direction.
  void Arm(const std::shared_ptr<Watch>& watch, curl_socket_t fd) {
    if (watch->removed) return;
    if ((watch->wanted & CURL_POLL_IN) && !watch->reading) {
      watch->reading = true;
      StartWait(watch, fd, asio::posix::descriptor_base::wait_read);
    }
    if ((watch->wanted & CURL_POLL_OUT) && !watch->writing) {
      watch->writing = true;
      StartWait(watch, fd, asio::posix::descriptor_base::wait_write);
    }
  }

  void StartWait(const std::shared_ptr<Watch>& watch, curl_socket_t fd,
                 asio::posix::descriptor_base::wait_type type) {
    const bool read = type == asio::posix::descriptor_base::wait_read;
    watch->descriptor.async_wait(
        type, [this, fd, read, weak = std::weak_ptr<Watch>(watch),
               alive = std::weak_ptr<int>(alive_)](boost::system::error_code ec) {
          auto watch = weak.lock();
          if (!watch || alive.expired() || watch->removed) return;
          (read ? watch->reading : watch->writing) = false;
          if (ec == asio::error::operation_aborted) return;
          const int bit = read ? CURL_POLL_IN : CURL_POLL_OUT;
          if (!(watch->wanted & bit)) return;
          Action(fd, ec ? CURL_CSELECT_ERR : (read ? CURL_CSELECT_IN : CURL_CSELECT_OUT));
          // Re-arm unless curl removed the socket meanwhile; an erroring fd is not re-armed
          // (curl's own timeout ends the transfer) so it cannot spin.
          if (!ec) Arm(watch, fd);
        });
  }

  void Action(curl_socket_t fd, int mask) {
    int running = 0;
    curl_multi_socket_action(multi, fd, mask, &running);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* easy = msg->easy_handle;  // msg dies with the removal below
      CURLcode result = msg->data.result;
      curl_multi_remove_handle(multi, easy);  // back to the caller; the connection stays pooled
      if (auto it = transfers.find(easy); it != transfers.end()) {
        Complete(*it->second, result);
        transfers.erase(it);
      }
    }
  }

  asio::io_context& io;
  CurlGlobal global;
  CURLM* multi = nullptr;
  asio::steady_timer timer;
  std::unordered_map<curl_socket_t, std::shared_ptr<Watch>> watches;
  std::unordered_map<CURL*, Transfer*> transfers;
  // Handlers queued in the io_context hold a weak_ptr to this: once it expires, `this` is gone.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

CurlMulti::CurlMulti(asio::io_context& io) : impl_(std::make_unique<Impl>(io)) {}

CurlMulti::~CurlMulti() = default;

std::size_t CurlMulti::active() const { return impl_->transfers.size(); }

asio::io_context& CurlMulti::io() const { return impl_->io; }

asio::awaitable<CURLcode> CurlMulti::Perform(CURL* easy) {
  Impl* impl = impl_.get();
  Transfer transfer(impl->io);
  if (curl_multi_add_handle(impl->multi, easy) != CURLM_OK) co_return CURLE_FAILED_INIT;
  impl->transfers.emplace(easy, &transfer);

  // If the frame is destroyed while suspended (the io_context is torn down first), the
  // transfer must not stay registered with a dangling pointer.
  struct Registration {
    Impl* impl;
    CURL* easy;
    Transfer& transfer;
    ~Registration() {
      if (transfer.done) return;
      impl->transfers.erase(easy);
      curl_multi_remove_handle(impl->multi, easy);
    }
  } registration{impl, easy, transfer};

  co_await transfer.wake.async_wait(asio::as_tuple(asio::use_awaitable));
  if (!transfer.done) co_return CURLE_ABORTED_BY_CALLBACK;  // the caller cancelled us
  co_return transfer.result;
}

}  // namespace sellerwatch::net

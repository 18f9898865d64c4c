#pragma once

#include <curl/curl.h>

#include <memory>

namespace sellerwatch::net {

// Owning handles for libcurl's C objects, so a throw or early return can never leak one.
struct EasyCleanup {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct SlistCleanup {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyCleanup>;
using Slist = std::unique_ptr<curl_slist, SlistCleanup>;

// Appends `line` to `list`; false when libcurl is out of memory (the list is left intact).
inline bool Append(Slist& list, const char* line) {
  curl_slist* grown = curl_slist_append(list.get(), line);
  if (grown == nullptr) return false;
  (void)list.release();  // `grown` is the same list head (or a new one when it was empty)
  list.reset(grown);
  return true;
}

// One reference on libcurl's global state. libcurl ≥ 7.84 counts these references under a lock,
// so holding one per CurlMulti is safe; the daemon's main may hold another for its whole life.
class CurlGlobal {
 public:
  CurlGlobal() : code_(curl_global_init(CURL_GLOBAL_DEFAULT)) {}
  ~CurlGlobal() {
    if (code_ == CURLE_OK) curl_global_cleanup();
  }
  CurlGlobal(const CurlGlobal&) = delete;
  CurlGlobal& operator=(const CurlGlobal&) = delete;

  CURLcode code() const { return code_; }

 private:
  CURLcode code_;
};

}  // namespace sellerwatch::net

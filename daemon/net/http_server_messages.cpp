#include "net/http_server_messages.hpp"

#include <boost/beast/http/error.hpp>
#include <boost/beast/http/status.hpp>
#include <cctype>

namespace sellerwatch::net {
namespace {

namespace http = boost::beast::http;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

void ApplyLimits(RequestParser& parser, const HttpServerLimits& limits) {
  parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
  parser.body_limit(limits.max_body_bytes);
}

HttpServerRequest ToServerRequest(const BeastRequest& req) {
  HttpServerRequest request;
  request.method = std::string(req.method_string());
  request.target = std::string(req.target());
  for (const auto& field : req) {
    request.headers.emplace_back(Lower(field.name_string()), std::string(field.value()));
  }
  return request;
}

BeastResponse ToBeastResponse(HttpServerResponse answer, unsigned version, bool keep_alive,
                              bool head) {
  BeastResponse res;
  res.version(version);
  res.result(static_cast<unsigned>(answer.status));
  res.set(http::field::server, "sellerwatch");
  res.set(http::field::content_type, answer.content_type);
  for (const auto& [name, value] : answer.headers) res.insert(name, value);
  res.keep_alive(keep_alive);
  if (head) {
    res.content_length(answer.body.size());  // what GET would send; no body
  } else {
    res.body() = std::move(answer.body);
    res.prepare_payload();
  }
  return res;
}

std::optional<int> StatusForReadError(const boost::system::error_code& ec) {
  if (ec == http::error::header_limit || ec == http::error::buffer_overflow) return 431;
  if (ec == http::error::body_limit) return 413;
  if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
      ec != http::error::end_of_stream && ec != http::error::partial_message) {
    return 400;
  }
  return std::nullopt;
}

BeastResponse ReadErrorResponse(int status) {
  std::string reason(http::obsolete_reason(static_cast<http::status>(status)));
  return ToBeastResponse(HttpServerResponse::Text(status, reason + "\n"), 11, false, false);
}

}  // namespace sellerwatch::net

#pragma once

// The pure half of HttpServer (Boost.Beast types, so kept out of http_server.hpp): how a request
// read by Beast becomes an HttpServerRequest, how a handler's answer becomes the response
// written, and what a request that could not be read is answered. The coroutines in
// http_server.cpp only move bytes; the http endpoint's fuzz target feeds raw bytes through the
// same functions.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/system/error_code.hpp>
#include <optional>

#include "net/http_server.hpp"

namespace sellerwatch::net {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;
using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

// The parser's size limits: request line and headers, and body.
void ApplyLimits(RequestParser& parser, const HttpServerLimits& limits);

// A whole request as the handler sees it: header names lower-cased.
HttpServerRequest ToServerRequest(const BeastRequest& request);

// The handler's answer as written: Server and Content-Type set, the handler's extra headers,
// Content-Length; a HEAD answer has the length GET would send and no body.
BeastResponse ToBeastResponse(HttpServerResponse answer, unsigned version, bool keep_alive,
                              bool head);

// What a failed read means for the client: 431 (headers too large), 413 (body too large), 400
// (malformed), or nothing (it went away or took too long: there is nobody to answer).
std::optional<int> StatusForReadError(const boost::system::error_code& ec);

// The answer to a request that could not be read (HTTP/1.1, then the connection closes).
BeastResponse ReadErrorResponse(int status);

}  // namespace sellerwatch::net

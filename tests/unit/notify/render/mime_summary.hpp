#pragma once

// A message as Python's email package sees it (tests/fakes/mime_summary.py): an independent
// MIME parser for the e-mail renderer's tests.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "fakes/process.hpp"
#include "fakes/temp_dir.hpp"

namespace sellerwatch::testing {

inline boost::json::value MimeSummary(const std::string& message) {
  TempDir dir;
  std::string path = dir.Write("message.eml", message);
  auto r = RunProcess({"/usr/bin/python3",
                       std::string(SELLERWATCH_SOURCE_DIR) + "/tests/fakes/mime_summary.py", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(r.out, ec);
  EXPECT_FALSE(ec) << r.out << r.err;
  return v;
}

}  // namespace sellerwatch::testing

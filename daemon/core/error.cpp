#include "core/error.hpp"

namespace sellerwatch::core {

const char* ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kTransient:
      return "transient";
    case ErrorKind::kPermanent:
      return "permanent";
    case ErrorKind::kConfig:
      return "config";
    case ErrorKind::kData:
      return "data";
    case ErrorKind::kInternal:
      return "internal";
  }
  return "internal";
}

void throw_exception_from_error(const Error& e, const boost::source_location&) {
  throw ResultError(e);
}

}  // namespace sellerwatch::core

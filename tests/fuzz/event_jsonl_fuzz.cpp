// Normalized JSONL (DESIGN.md §1.3) as the file source and `sellerwatch import` read it: every
// line through the production reader, every event it keeps through the store's read-back.

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "sources/jsonl_reader.hpp"

using namespace sellerwatch;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::AsText(data, size);
  // Accounts named "bad…" are refused, as an import's --account filter would.
  auto check = [](const std::string& account) -> std::string {
    return account.rfind("bad", 0) == 0 ? "account not in the config" : "";
  };
  sources::JsonlContent content = sources::ReadJsonl(text, "drop.jsonl", "shop", check);
  fuzz::CheckStorable(content.events);
  for (const auto& e : content.events) {
    fuzz::Require(core::AccountOf(e.event).rfind("bad", 0) != 0, "a refused account was kept");
  }
  (void)sources::SummarizeErrors(content.errors, 3);

  // The whole input as one line, without a default account, and as a stored row.
  if (auto parsed = core::ParseEventJson(text)) fuzz::CheckStorable(*parsed);
  if (auto decoded = core::DecodeEvent(text)) fuzz::CheckStorable(*decoded);
  return 0;
}

#include "config/secret_expander.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "config/read_file.hpp"

namespace sellerwatch::config {
namespace {

constexpr std::string_view kNoCredentialsDirectory =
    "$CREDENTIALS_DIRECTORY is not set (systemd sets it for LoadCredential=)";

bool IsEnvName(std::string_view s) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (!alpha && !(digit && i > 0)) return false;
  }
  return true;
}

bool IsCredentialName(std::string_view s) {
  return !s.empty() && s != "." && s != ".." && s.find('/') == std::string_view::npos;
}

// Secrets are tokens and passwords; more than this is a wrong path.
constexpr std::size_t kMaxSecretBytes = 64 * 1024;

// A secret file's content without the one trailing newline that editors and `echo` add. Only a
// regular file is read: ${file:/dev/stdin} or a FIFO would block the loader, /dev/zero fill it.
std::optional<std::string> ReadSecretFile(const std::string& path, std::string& error) {
  auto text = ReadRegularFile(path, kMaxSecretBytes, error);
  if (text && !text->empty() && text->back() == '\n') {
    text->pop_back();
    if (!text->empty() && text->back() == '\r') text->pop_back();
  }
  return text;
}

}  // namespace

std::optional<std::string> SecretExpander::GetEnv(const std::string& name) const {
  if (options_.getenv) return options_.getenv(name);
  const char* v = std::getenv(name.c_str());
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

Expansion SecretExpander::Expand(std::string_view text) const {
  Expansion out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.substr(i, 3) == "$${") {
      out.value += "${";
      i += 3;
      continue;
    }
    if (text.substr(i, 2) != "${") {
      out.value += text[i++];
      continue;
    }
    std::size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) {
      out.problems.push_back(
          {"unterminated '${': close it with '}', or write '$${' for a literal '${'", false});
      break;
    }
    out.substituted = true;
    Resolve(text.substr(i + 2, close - i - 2), out);
    i = close + 1;
  }
  if (out.unresolved) out.value.clear();
  return out;
}

void SecretExpander::Resolve(std::string_view reference, Expansion& out) const {
  constexpr std::string_view kFile = "file:";
  constexpr std::string_view kCredential = "credential:";
  if (reference.substr(0, kFile.size()) == kFile) {
    std::string path(reference.substr(kFile.size()));
    if (path.empty()) {
      out.problems.push_back({"${file:} needs a path, like ${file:/etc/sellerwatch/token}", false});
      return;
    }
    std::string error;
    if (auto text = ReadSecretFile(path, error)) {
      out.value += *text;
    } else {
      out.problems.push_back({fmt::format("cannot read secret file {}: {}", path, error), false});
    }
    return;
  }
  if (reference.substr(0, kCredential.size()) == kCredential) {
    ResolveCredential(reference.substr(kCredential.size()), out);
    return;
  }
  if (auto colon = reference.find(':'); colon != std::string_view::npos) {
    out.problems.push_back(
        {fmt::format("unknown reference '${{{}:...}}': use ${{ENV_NAME}}, ${{file:/path}} or "
                     "${{credential:NAME}}",
                     reference.substr(0, colon)),
         false});
    return;
  }
  std::string name(reference);
  if (!IsEnvName(name)) {
    out.problems.push_back(
        {fmt::format("invalid environment variable name '{}' in '${{...}}'", name), false});
    return;
  }
  if (auto v = GetEnv(name)) {
    out.value += *v;
  } else {
    out.problems.push_back({fmt::format("environment variable {} is not set", name), false});
  }
}

void SecretExpander::ResolveCredential(std::string_view name_view, Expansion& out) const {
  std::string name(name_view);
  if (!IsCredentialName(name)) {
    out.problems.push_back(
        {fmt::format("invalid credential name '{}': a file name without '/'", name), false});
    return;
  }
  const bool required = options_.require_credentials;
  auto dir = GetEnv("CREDENTIALS_DIRECTORY");
  if (!dir || dir->empty()) {
    if (required) {
      out.problems.push_back(
          {fmt::format("credential '{}' is not available: {}", name, kNoCredentialsDirectory),
           false});
    } else {
      out.problems.push_back(
          {fmt::format("credential '{}' not checked: {}", name, kNoCredentialsDirectory), true});
      out.unresolved = true;
    }
    return;
  }
  std::string path = *dir + "/" + name;
  std::string error;
  if (auto text = ReadSecretFile(path, error)) {
    out.value += *text;
    return;
  }
  if (required) {
    out.problems.push_back(
        {fmt::format("cannot read credential '{}' from {}: {}", name, path, error), false});
  } else {
    out.problems.push_back(
        {fmt::format("credential '{}' not checked: cannot read {}: {}", name, path, error), true});
    out.unresolved = true;
  }
}

}  // namespace sellerwatch::config

#include "cli_common.h"

#include <fcntl.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <utility>

#include "json_text.h"

namespace referral::cli {

namespace {
LoadLimits load_limits;
CaseLimits case_limits;
}  // namespace

bool SetLimits(const std::vector<std::string>& specs, std::string* error) {
  for (const auto& spec : specs) {
    const size_t eq = spec.find('=');
    const std::string name = spec.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : spec.substr(eq + 1);
    if (value.empty() || value.size() > 15 || value.find_first_not_of("0123456789") != std::string::npos ||
        std::stoull(value) == 0) {
      *error = "--limit `" + spec + "`: expected NAME=N with N a positive integer";
      return false;
    }
    if (!SetLimit(name, std::stoull(value), &load_limits, &case_limits)) {
      *error = "--limit `" + spec + "`: unknown limit; expected one of " + LimitNames() + " (docs/limits.md)";
      return false;
    }
  }
  return true;
}

std::optional<RecordRotation> ParseRotation(const std::string& spec, std::string* error) {
  RecordRotation r;
  if (spec.empty()) return r;
  if (spec == "daily") {
    r.daily = true;
    return r;
  }
  size_t digits = 0;
  while (digits < spec.size() && std::isdigit(static_cast<unsigned char>(spec[digits]))) ++digits;
  const std::string suffix = spec.substr(digits);
  const int64_t scale = suffix.empty() ? 1 : suffix == "K" ? 1024 : suffix == "M" ? 1024 * 1024 : suffix == "G" ? 1024 * 1024 * 1024 : 0;
  if (digits == 0 || digits > 12 || scale == 0 || std::stoll(spec.substr(0, digits)) == 0) {
    *error = "--rotate `" + spec + "` must be `daily` or a size such as 100M (bytes, or K, M, G)";
    return std::nullopt;
  }
  r.max_bytes = std::stoll(spec.substr(0, digits)) * scale;
  return r;
}

std::string WithSummary(std::string decision_json, const std::string& summary_json) {
  const size_t close = decision_json.rfind('}');
  if (close == std::string::npos || summary_json.empty()) return decision_json;
  decision_json.insert(close, ",\"summary\":" + summary_json);
  return decision_json;
}

LoadOptions CliLoadOptions(Lang lang) {
  LoadOptions options;
  options.lang = lang;
  options.limits = load_limits;
  return options;
}

CaseLimits CliCaseLimits() { return case_limits; }

void InitLogging(bool verbose) {
  auto logger = spdlog::stderr_color_mt("referral");
  logger->set_pattern("referral: %l: %v");
  logger->set_level(verbose ? spdlog::level::debug : spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

std::optional<Ruleset> LoadRulesOrReport(const std::string& path, Lang lang) {
  std::vector<Diagnostic> diags;
  auto rules = LoadRuleset(path, &diags, CliLoadOptions(lang));
  for (const auto& d : diags) std::cerr << FormatDiagnostic(d) << "\n";
  if (!rules.ok()) {
    spdlog::error(MessageOf("cli.rules_invalid", lang, {path, std::to_string(diags.size())}));
    return std::nullopt;
  }
  spdlog::debug("loaded rule set {} {} ({})", rules->id(), rules->version(), rules->digest());
  return std::move(rules).value();
}

std::optional<std::string> ReadInput(const std::string& path) {
  std::ostringstream buf;
  if (path == "-") {
    buf << std::cin.rdbuf();
    return buf.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    spdlog::error(MessageOf("cli.cannot_read", CommandLang(), {path}));
    return std::nullopt;
  }
  buf << in.rdbuf();
  return buf.str();
}

bool WriteOutput(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::cout << text;
    return static_cast<bool>(std::cout.flush());
  }
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  bool ok = fd >= 0;
  for (size_t at = 0; ok && at < text.size();) {
    const ssize_t n = write(fd, text.data() + at, text.size() - at);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) at += static_cast<size_t>(n);
  }
  if (fd >= 0 && close(fd) != 0) ok = false;
  if (!ok) spdlog::error(MessageOf("cli.cannot_write", CommandLang(), {path, std::strerror(errno)}));
  return ok;
}

namespace {

namespace fs = std::filesystem;

// `p` with the links of its last component followed (also a link to a file
// that does not exist yet) and the rest resolved as far as it exists.
fs::path Resolved(fs::path p) {
  std::error_code ec;
  for (int hops = 0; hops < 40 && fs::is_symlink(fs::symlink_status(p, ec)); ++hops) {
    fs::path target = fs::read_symlink(p, ec);
    if (ec) break;
    p = target.is_absolute() ? target : p.parent_path() / target;
  }
  fs::path out = fs::weakly_canonical(fs::absolute(p, ec), ec);
  return ec ? p.lexically_normal() : out;
}

bool SameFile(const std::string& a, const std::string& b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) {
    // Hard links too: the same inode under two names.
    const bool same = fs::equivalent(a, b, ec);
    if (!ec) return same;
  }
  return Resolved(a) == Resolved(b);
}

}  // namespace

std::vector<NamedInput> RuleInputs(const std::string& rules) {
  std::vector<NamedInput> out;
  std::error_code ec;
  if (!fs::is_directory(rules, ec)) {
    out.push_back({"a rule file", rules});
    return out;
  }
  for (fs::recursive_directory_iterator it(rules, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec)) out.push_back({"a rule file", it->path().string()});
  }
  return out;
}

bool OutputClashes(const std::string& option, const std::string& output, const std::vector<NamedInput>& inputs,
                   Lang lang) {
  if (output.empty() || output == "-") return false;
  for (const NamedInput& in : inputs) {
    if (in.path.empty() || in.path == "-" || !SameFile(output, in.path)) continue;
    std::cerr << "referral: file.output_is_input: "
              << MessageOf("cli.output_is_input", lang, {option, output, in.what, in.path}) << "\n";
    return true;
  }
  return false;
}

void PrintRejection(const Status& s, Lang lang) {
  std::cerr << "referral: "
            << MessageOf("cli.case_rejected", lang, {std::to_string(s.errors().size())}) << "\n";
  for (const ErrorDetail& e : s.errors()) std::cerr << "  " << e.code << ": " << e.message << "\n";
}

std::optional<std::string> WithCapacity(const std::string& case_text, const std::string& file) {
  if (file.empty()) return case_text;
  static std::optional<nlohmann::json> places;  // read once per run (a batch merges it into every line)
  if (!places) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << "referral: " << MessageOf("cli.cannot_read", CommandLang(), {file}) << "\n";
      return std::nullopt;
    }
    auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_object()) {
      std::cerr << "referral: " << MessageOf("cli.capacity_not_object", CommandLang(), {file}) << "\n";
      return std::nullopt;
    }
    places = std::move(j);
  }
  // Merging writes the case anew, so it may only merge a case that is one
  // JSON object whose every key is given once: otherwise Decide must see the
  // text as sent, to refuse it (a NUL byte ends the parse early, and a key
  // given twice would come out once).
  if (case_text.find('\0') != std::string::npos) return case_text;
  std::vector<std::set<std::string>> keys;  // per open object (or list: unused)
  bool duplicate = false;
  auto check = [&](int, nlohmann::ordered_json::parse_event_t event, nlohmann::ordered_json& parsed) {
    using E = nlohmann::ordered_json::parse_event_t;
    if (event == E::object_start || event == E::array_start) keys.emplace_back();
    if ((event == E::object_end || event == E::array_end) && !keys.empty()) keys.pop_back();
    if (event == E::key && !keys.empty() && !keys.back().insert(parsed.get<std::string>()).second) duplicate = true;
    return true;
  };
  auto c = nlohmann::ordered_json::parse(case_text, check, false);
  if (!c.is_object() || duplicate) return case_text;
  if (!c.contains("capacity") || c["capacity"].is_null()) c["capacity"] = nlohmann::ordered_json::object();
  if (!c["capacity"].is_object()) return case_text;  // Decide names the field
  // Read only from here on: `route --jsonl --jobs N` merges on several
  // threads once the file has been read (on one).
  const nlohmann::json& given = *places;
  for (auto it = given.begin(); it != given.end(); ++it) {
    if (!c["capacity"].contains(it.key())) c["capacity"][it.key()] = it.value();
  }
  return JsonText(c);
}

CaseFormat FormatOf(const std::string& path) {
  auto ends = [&](const char* s) { return path.size() >= std::strlen(s) && path.ends_with(s); };
  return ends(".yaml") || ends(".yml") ? CaseFormat::kYaml : CaseFormat::kJson;
}

Lang ParseLang(const std::string& lang, Lang fallback) {
  if (lang == "es") return Lang::kEs;
  if (lang == "en") return Lang::kEn;
  // No --lang: the user's locale, as POSIX orders it (LC_ALL, then
  // LC_MESSAGES, then LANG), when it is Spanish or English.
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') continue;
    const std::string_view v(value);
    if (v.rfind("es", 0) == 0) return Lang::kEs;
    if (v.rfind("en", 0) == 0) return Lang::kEn;
    break;  // the first one set decides, e.g. LANG=C
  }
  return fallback;
}

namespace {
Lang command_lang = Lang::kEn;
}  // namespace

Lang CliLang(const std::string& lang, const std::string& rules) {
  // A command asks more than once (its usage errors, the load, its output):
  // the header is read once.
  static std::map<std::string, std::optional<Lang>> declared;
  auto it = declared.find(rules);
  if (it == declared.end()) it = declared.emplace(rules, DeclaredLanguage(rules)).first;
  command_lang = ParseLang(lang, it->second.value_or(Lang::kEn));
  return command_lang;
}

Lang CommandLang() { return command_lang; }

const Ruleset* ArchivedRules::Find(const std::string& digest) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = loaded_.find(digest);
  if (it == loaded_.end()) {
    auto loaded = LoadArchived(archive_, digest);
    it = loaded_.emplace(digest, loaded.ok() ? std::optional<Ruleset>(std::move(loaded).value()) : std::nullopt).first;
  }
  return it->second ? &*it->second : nullptr;
}

}  // namespace referral::cli

#include "cli_common.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

namespace referral::cli {

void InitLogging(bool verbose) {
  auto logger = spdlog::stderr_color_mt("referral");
  logger->set_pattern("referral: %l: %v");
  logger->set_level(verbose ? spdlog::level::debug : spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

std::optional<Ruleset> LoadRulesOrReport(const std::string& path, Lang lang) {
  std::vector<Diagnostic> diags;
  auto rules = LoadRuleset(path, &diags, LoadOptions{lang});
  for (const auto& d : diags) std::cerr << FormatDiagnostic(d) << "\n";
  if (!rules.ok()) {
    spdlog::error("rules `{}` are invalid ({} problem(s))", path, diags.size());
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
    spdlog::error("cannot read `{}`", path);
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
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out.flush()) {
    spdlog::error("cannot write `{}`", path);
    return false;
  }
  return true;
}

CaseFormat FormatOf(const std::string& path) {
  auto ends = [&](const char* s) { return path.size() >= std::strlen(s) && path.ends_with(s); };
  return ends(".yaml") || ends(".yml") ? CaseFormat::kYaml : CaseFormat::kJson;
}

Lang ParseLang(const std::string& lang, Lang fallback) {
  if (lang == "es") return Lang::kEs;
  if (lang == "en") return Lang::kEn;
  return fallback;
}

}  // namespace referral::cli

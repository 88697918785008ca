#include "cli_common.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstring>
#include <nlohmann/json.hpp>
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

std::optional<std::string> WithCapacity(const std::string& case_text, const std::string& file) {
  if (file.empty()) return case_text;
  static std::optional<nlohmann::json> places;  // read once per run (a batch merges it into every line)
  if (!places) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << "referral: cannot read `" << file << "`\n";
      return std::nullopt;
    }
    auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_object()) {
      std::cerr << "referral: --capacity `" << file << "` must be a JSON object {service: places}\n";
      return std::nullopt;
    }
    places = std::move(j);
  }
  auto c = nlohmann::ordered_json::parse(case_text, nullptr, false);
  if (!c.is_object()) return case_text;
  if (!c.contains("capacity") || c["capacity"].is_null()) c["capacity"] = nlohmann::ordered_json::object();
  if (!c["capacity"].is_object()) return case_text;  // Decide names the field
  for (auto it = places->begin(); it != places->end(); ++it) {
    if (!c["capacity"].contains(it.key())) c["capacity"][it.key()] = it.value();
  }
  return c.dump();
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

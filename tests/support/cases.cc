#include "support/cases.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>

#include "support/paths.h"
#include "support/process.h"

namespace referral::testing {

namespace {

using nlohmann::json;

// The non-null alternative of a property (`oneOf: [T, null]` or T itself).
const json& Alternative(const json& p) {
  if (p.contains("oneOf")) {
    for (const auto& a : p["oneOf"]) {
      if (a.value("type", "") != "null") return a;
    }
  }
  return p;
}

json RandomValue(const json& t, std::mt19937& rng) {
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  const std::string type = t.value("type", "");
  if (t.contains("enum")) return t["enum"][pick(t["enum"].size())];
  if (type == "boolean") return pick(2) == 1;
  if (type == "integer") {
    // At most 300 above the minimum: a fact with no maximum of its own has
    // int64's in the contract, and the cases should stay plausible.
    const int64_t lo = t.value("minimum", int64_t{0});
    const int64_t hi = std::min(t.value("maximum", lo + 300), lo + 300);
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  }
  if (type == "array" && t["items"].contains("enum")) {
    json out = json::array();
    for (const auto& v : t["items"]["enum"]) {
      if (pick(3) == 0) out.push_back(v);
    }
    return out;
  }
  if (type == "string" && t.value("format", "") == "date") {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(2008 + pick(18)), static_cast<int>(1 + pick(12)),
                  static_cast<int>(1 + pick(28)));
    return buf;
  }
  return nullptr;
}

}  // namespace

const std::string& BogotaCaseSchema() {
  static const std::string schema = [] {
    ProcessResult r = RunReferral({"schema", "--case", "rules/bogota"});
    if (r.exit_code != 0) throw std::runtime_error("referral schema --case failed: " + r.err);
    return r.out;
  }();
  return schema;
}

std::vector<std::string> SensitiveFacts() {
  std::vector<std::string> out;
  const json schema = json::parse(BogotaCaseSchema());
  for (const auto& [name, p] : schema["properties"].items()) {
    if (Alternative(p).value("x-sensitive", false)) out.push_back(name);
  }
  return out;
}

std::vector<std::string> SyntheticCases(int n, unsigned seed, const std::string& prefix) {
  const json schema = json::parse(BogotaCaseSchema());
  const json sample = json::parse(ReadText(SourcePath("rules/bogota/samples/nina-venezolana-3-anos.json")));
  std::mt19937 rng(seed);
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    json c = sample;
    c["case_id"] = prefix + std::to_string(i);
    for (const auto& [name, p] : schema["properties"].items()) {
      if (name == "case_id" || name == "capacity" || name == "evaluation_date") continue;
      if (std::uniform_int_distribution<int>(0, 1)(rng) == 0) continue;
      json v = RandomValue(Alternative(p), rng);
      if (!v.is_null()) c[name] = v;
    }
    out.push_back(c.dump());
  }
  return out;
}

}  // namespace referral::testing

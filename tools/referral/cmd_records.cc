// `referral review`, `referral verify`, `referral archive`: the auditor's
// commands over decision records (docs/records.md).
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "commands.h"
#include "referral/record.h"

namespace referral::cli {

int RunReview(const ReviewArgs& args) {
  const std::string now = args.now.empty() ? NowRfc3339() : args.now;
  if (!IsRfc3339(now)) {
    std::cerr << "referral: --now `" << now << "` is not an RFC 3339 time (e.g. 2026-03-01T10:00:00Z)\n";
    return kExitUsage;
  }
  auto log = RecordLog::Open(args.records);
  if (!log.ok()) {
    std::cerr << "referral: " << log.status().code() << ": " << log.status().message() << "\n";
    return kExitCannotRun;
  }
  std::string id;
  Status s = (*log)->AppendReview({args.decision, args.role, args.action, args.reason}, now, &id);
  if (!s.ok()) {
    std::cerr << "referral: " << s.code() << ": " << s.message() << "\n";
    return kExitCannotRun;
  }
  std::cout << id << "\n";
  return kExitOk;
}

int RunVerify(const VerifyArgs& args) {
  if (args.rules.empty() == args.archive.empty()) {
    std::cerr << "referral: verify needs --rules RULES or --archive DIR\n";
    return kExitUsage;
  }
  std::optional<Ruleset> fixed;
  if (!args.rules.empty()) {
    fixed = LoadRulesOrReport(args.rules, Lang::kEn);
    if (!fixed) return kExitFailed;
  }
  std::map<std::string, std::optional<Ruleset>> archived;  // by digest, loaded once
  auto rules_for = [&](const std::string& digest) -> const Ruleset* {
    if (fixed) return fixed->digest() == digest ? &*fixed : nullptr;
    auto it = archived.find(digest);
    if (it == archived.end()) {
      auto loaded = LoadArchived(args.archive, digest);
      it = archived.emplace(digest, loaded.ok() ? std::optional<Ruleset>(std::move(loaded).value()) : std::nullopt)
               .first;
    }
    return it->second ? &*it->second : nullptr;
  };
  VerifyReport report = VerifyRecords(args.records, rules_for);
  bool head_ok = args.expect_head.empty() || args.expect_head == report.head_hash;
  if (args.format == "json") {
    nlohmann::ordered_json j;
    j["ok"] = report.ok() && head_ok;
    j["records"] = report.records;
    j["decisions"] = report.decisions;
    j["reviews"] = report.reviews;
    j["replayed"] = report.replayed;
    auto problems = nlohmann::ordered_json::array();
    for (const auto& p : report.problems) problems.push_back({{"line", p.line}, {"code", p.code}, {"message", p.message}});
    j["problems"] = std::move(problems);
    j["unreviewed_duties"] = report.unreviewed_duties;
    j["head_hash"] = report.head_hash;
    std::cout << j.dump(2) << "\n";
  } else {
    for (const auto& p : report.problems) {
      std::cout << args.records << ":" << p.line << ": error[" << p.code << "]: " << p.message << "\n";
    }
    for (const auto& u : report.unreviewed_duties) std::cout << "awaiting review: " << u << "\n";
    if (!head_ok) std::cout << "error: the last record's hash is not the expected anchor " << args.expect_head << "\n";
    std::cout << report.records << " record(s): " << report.decisions << " decision(s), " << report.reviews
              << " review(s); " << report.replayed << " replayed; " << report.problems.size() << " problem(s); "
              << report.unreviewed_duties.size() << " duty referral(s) awaiting review; head " << report.head_hash
              << "\n";
  }
  return report.ok() && head_ok ? kExitOk : kExitFailed;
}

int RunArchive(const ArchiveArgs& args) {
  auto rules = LoadRulesOrReport(args.rules, Lang::kEn);
  if (!rules) return kExitFailed;
  Status s = ArchiveRuleset(*rules, args.rules, args.dir);
  if (!s.ok()) {
    std::cerr << "referral: " << s.code() << ": " << s.message() << "\n";
    return s.code() == "archive.version_conflict" ? kExitFailed : kExitCannotRun;
  }
  std::cout << "archived " << rules->id() << " " << rules->version() << " as " << rules->digest() << "\n";
  return kExitOk;
}

}  // namespace referral::cli

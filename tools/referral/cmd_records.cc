// `referral review`, `referral verify`, `referral archive`: the auditor's
// commands over decision records (docs/records.md).
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>

#include "cli_common.h"
#include "commands.h"
#include "json_text.h"
#include "json_views.h"
#include "referral/diagnostic.h"
#include "referral/record.h"

namespace referral::cli {

int RunReview(const ReviewArgs& args) {
  const std::string now = args.now.empty() ? NowRfc3339() : args.now;
  if (!IsRfc3339(now)) {
    std::cerr << "referral: " << MessageOf("cli.bad_now", CliLang("", args.rules), {now}) << "\n";
    return kExitUsage;
  }
  auto rules = LoadRulesOrReport(args.rules, CliLang("", args.rules));
  if (!rules) return kExitFailed;
  // Safe beside a running `referral serve --record` on the same file: every
  // append locks the file and first reads what the others appended.
  auto log = RecordLog::Open(args.records);
  if (!log.ok()) {
    std::cerr << "referral: " << log.status().code() << ": " << log.status().message() << "\n";
    return kExitCannotRun;
  }
  std::string id;
  Status s = (*log)->AppendReview(*rules, {args.decision, args.role, args.action, args.reason}, now, &id);
  if (!s.ok()) {
    std::cerr << "referral: " << s.code() << ": " << s.message() << "\n";
    return kExitCannotRun;
  }
  std::cout << id << "\n";
  return kExitOk;
}

int RunVerify(const VerifyArgs& args) {
  if (args.rules.empty() == args.archive.empty()) {
    std::cerr << "referral: " << MessageOf("verify.needs_rules", CliLang(args.lang, args.rules)) << "\n";
    return kExitUsage;
  }
  std::optional<Ruleset> fixed;
  if (!args.rules.empty()) {
    fixed = LoadRulesOrReport(args.rules, CliLang(args.lang, args.rules));
    if (!fixed) return kExitFailed;
  }
  const Lang lang = ParseLang(args.lang, fixed ? fixed->language() : Lang::kEn);
  const auto say = [lang](std::string_view code, const std::vector<std::string>& a = {}) {
    return MessageOf(code, lang, a);
  };
  ArchivedRules archived(args.archive);
  auto rules_for = [&](const std::string& digest) -> const Ruleset* {
    if (fixed) return fixed->digest() == digest ? &*fixed : nullptr;
    return archived.Find(digest);
  };
  std::vector<std::filesystem::path> files(args.records.begin(), args.records.end());
  VerifyReport report = VerifyRecords(files, rules_for, lang);
  std::vector<std::string> unanchored;  // chain heads that are not a published anchor
  for (const auto& head : report.heads) {
    if (!args.expect_heads.empty() &&
        std::find(args.expect_heads.begin(), args.expect_heads.end(), head) == args.expect_heads.end()) {
      unanchored.push_back(head);
    }
  }
  const bool ok = report.ok() && unanchored.empty();
  if (args.format == "json") {
    std::cout << JsonText(VerifyJson(report, ok), 2) << "\n";
  } else {
    for (const auto& p : report.problems) {
      std::cout << p.file << ":" << p.line << ": error[" << p.code << "]: " << p.message << "\n";
    }
    for (const auto& u : report.unreviewed_duties) std::cout << say("verify.awaiting", {u}) << "\n";
    for (const auto& head : unanchored) std::cout << say("verify.unanchored", {head}) << "\n";
    std::cout << say("verify.summary", {std::to_string(report.records), std::to_string(report.decisions),
                                        std::to_string(report.reviews), std::to_string(report.replayed),
                                        std::to_string(report.problems.size()),
                                        std::to_string(report.unreviewed_duties.size())});
    if (report.heads.size() == 1) {
      std::cout << say("verify.head", {report.head_hash}) << "\n";
    } else {
      std::cout << say("verify.heads", {std::to_string(report.heads.size())});
      for (const auto& head : report.heads) std::cout << " " << head;
      std::cout << "\n";
    }
  }
  return ok ? kExitOk : kExitFailed;
}

int RunArchive(const ArchiveArgs& args) {
  auto rules = LoadRulesOrReport(args.rules, CliLang("", args.rules));
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

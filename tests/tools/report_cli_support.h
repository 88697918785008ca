// Shared by the report CLI and browser tests: a fresh folder, and a record
// file made the way a user makes one (generator, then route --record).
#ifndef REFERRAL_TESTS_TOOLS_REPORT_CLI_SUPPORT_H_
#define REFERRAL_TESTS_TOOLS_REPORT_CLI_SUPPORT_H_

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "support/paths.h"
#include "support/process.h"

namespace referral::testing::report {

inline std::filesystem::path Fresh(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / "referral-report-cli" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// `count` cases from tools/report/gen_cases.py, routed by rules/bogota into
// a record file in a fresh folder `name`. Returns the record file.
inline std::string RoutedRecords(const std::string& name, int count) {
  auto dir = Fresh(name);
  const std::string cases = (dir / "cases.jsonl").string(), records = (dir / "records.jsonl").string();
  auto gen = RunProgram("python3", {SourcePath("tools/report/gen_cases.py"), "--count", std::to_string(count),
                                    "--seed", "2026", "--out", cases});
  REQUIRE(gen.exit_code == 0);
  auto route = RunReferral({"route", "--jsonl", cases, "--trace", "off", "--record", records, "--now",
                            "2026-03-31T12:00:00Z"});
  REQUIRE(route.exit_code == 0);
  return records;
}

}  // namespace referral::testing::report

#endif  // REFERRAL_TESTS_TOOLS_REPORT_CLI_SUPPORT_H_

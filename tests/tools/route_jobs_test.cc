// End-to-end: `referral route --jsonl --jobs N` decides on several threads
// but answers exactly as --jobs 1: the same bytes, in input order, with
// --out, --resume, --record, --capacity, line-size limits and error lines.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/cases.h"
#include "support/paths.h"
#include "support/process.h"

namespace fs = std::filesystem;
using referral::testing::Lines;
using referral::testing::ReadText;
using referral::testing::RunReferral;
using referral::testing::SyntheticCases;

namespace {

fs::path Fresh(const std::string& name) { return referral::testing::FreshDir("route-jobs", name); }

const std::string kNow = "2026-03-01T10:00:00Z";

// A few thousand varied Bogotá cases with broken lines among them: empty,
// blank, not JSON, not an object, a key twice, CRLF, a NUL byte, and lines
// over the 4000-byte limit the runs below set. More than one chunk (256
// lines) of each, so chunks finish out of order.
std::string MixedBatch(int n) {
  const std::vector<std::string> cases = SyntheticCases(n, 17, "jobs-");
  const std::vector<std::string> bad = {
      "",
      "   \t ",
      "not json",
      "[1, 2, 3]",
      R"({"case_id": "twice", "case_id": "again"})",
      R"({"case_id": "half)",
      std::string("{\"case_id\": \"nul") + '\0' + "\"}",
      "{\"case_id\": \"long\", \"pad\": \"" + std::string(5000, 'x') + "\"}",
  };
  std::string text;
  for (size_t i = 0; i < cases.size(); ++i) {
    text += cases[i];
    if (i % 5 == 0) text += "\r";
    text += "\n";
    if (i % 37 == 0) text += bad[(i / 37) % bad.size()] + "\n";
  }
  return text + "{\"case_id\": \"last, no newline\"}";
}

// The lines of MixedBatch(n).
size_t MixedLines(int n) { return static_cast<size_t>(n + (n - 1) / 37 + 2); }

}  // namespace

TEST_CASE("route --jsonl --jobs N writes the same bytes as --jobs 1, in input order", "[cli][batch][jobs]") {
  auto dir = Fresh("identical");
  referral::testing::WriteText(dir / "in.jsonl", MixedBatch(3000));
  referral::testing::WriteText(dir / "places.json", R"({"SDIS_JARDIN_DIURNO": 0, "SDIS_CENTRO_AMAR": 4})");
  const std::vector<std::vector<std::string>> variants = {
      {"--trace", "off"},
      {"--trace", "rules", "--capacity", (dir / "places.json").string()},
      {"--trace", "full", "--lang", "es"},
  };
  for (const auto& variant : variants) {
    std::vector<std::string> base = {"--limit", "case_bytes=4000", "route", "--jsonl", (dir / "in.jsonl").string(),
                                     "--now", kNow};
    base.insert(base.end(), variant.begin(), variant.end());
    auto with_jobs = [&](const std::string& jobs) {
      auto args = base;
      args.insert(args.end(), {"--jobs", jobs});
      return RunReferral(args);
    };
    auto one = with_jobs("1");
    INFO(variant.back() << "\n" << one.err);
    REQUIRE(one.exit_code == 0);
    auto lines = Lines(one.out);
    REQUIRE(lines.size() == MixedLines(3000));
    // Valid and broken lines both, and the broken ones numbered in order.
    CHECK_THAT(one.out, Catch::Contains("\"outcome\""));
    CHECK_THAT(one.out, Catch::Contains("limit.case_size"));
    CHECK_THAT(one.out, Catch::Contains("case.empty_line"));
    long last = 0;
    for (const auto& l : lines) {
      auto j = nlohmann::json::parse(l);
      if (j.contains("line")) {
        CHECK(j["line"].get<long>() > last);
        last = j["line"].get<long>();
      }
    }
    CHECK_THAT(one.err, Catch::Contains("line(s) were rejected"));
    for (const char* jobs : {"2", "3", "0"}) {
      auto many = with_jobs(jobs);
      INFO("--jobs " << jobs << "\n" << many.err);
      CHECK(many.exit_code == 0);
      CHECK(many.out == one.out);
      CHECK(many.err == one.err);
    }
  }
  // Nothing at all, and one line: as on one thread.
  for (const char* input : {"", "\n", "{}"}) {
    auto one = RunReferral({"route", "--jsonl", "--now", kNow, "--jobs", "1"}, input);
    auto two = RunReferral({"route", "--jsonl", "--now", kNow, "--jobs", "2"}, input);
    CHECK(two.exit_code == one.exit_code);
    CHECK(two.out == one.out);
  }
}

TEST_CASE("route --jsonl --jobs 2 with --out and --resume answers every line once, as --jobs 1", "[cli][batch][jobs]") {
  auto dir = Fresh("resume");
  referral::testing::WriteText(dir / "in.jsonl", MixedBatch(2000));
  const std::string in = (dir / "in.jsonl").string();
  const std::vector<std::string> common = {"--limit", "case_bytes=4000", "route", "--jsonl", in, "--now", kNow,
                                           "--trace", "off"};
  auto run = [&](std::vector<std::string> extra) {
    auto args = common;
    args.insert(args.end(), extra.begin(), extra.end());
    return RunReferral(args);
  };
  const std::string whole = (dir / "whole.jsonl").string();
  REQUIRE(run({"--out", whole, "--jobs", "1"}).exit_code == 0);
  const std::string expected = ReadText(whole);
  REQUIRE(Lines(expected).size() == MixedLines(2000));

  const std::string out = (dir / "out.jsonl").string();
  auto fresh = run({"--out", out, "--jobs", "2"});
  INFO(fresh.err);
  REQUIRE(fresh.exit_code == 0);
  CHECK(fresh.out.empty());
  CHECK(ReadText(out) == expected);
  CHECK((fs::status(out).permissions() & fs::perms::others_all) == fs::perms::none);

  // A crash after some lines, the last one torn: resuming on two threads
  // cuts it and writes the rest once. Also at a chunk boundary and at 0.
  for (size_t keep : {size_t{0}, size_t{256}, size_t{777}, Lines(expected).size() - 1}) {
    INFO("kept " << keep << " line(s)");
    size_t at = 0;
    for (size_t i = 0; i < keep; ++i) at = expected.find('\n', at) + 1;
    referral::testing::WriteText(out, expected.substr(0, at) + expected.substr(at, 40));  // a torn line
    auto resumed = run({"--out", out, "--resume", "--jobs", "2"});
    INFO(resumed.err);
    CHECK(resumed.exit_code == 0);
    CHECK(ReadText(out) == expected);
  }
  // Resuming a finished file writes nothing more.
  CHECK(run({"--out", out, "--resume", "--jobs", "2"}).exit_code == 0);
  CHECK(ReadText(out) == expected);
}

TEST_CASE("route --jsonl --jobs 2 --record writes a chain that verifies, in input order, as --jobs 1",
          "[cli][batch][jobs][record]") {
  auto dir = Fresh("record");
  referral::testing::WriteText(dir / "in.jsonl", MixedBatch(1500));
  const std::string in = (dir / "in.jsonl").string();
  auto run = [&](const std::string& jobs, const std::string& records) {
    return RunReferral({"--limit", "case_bytes=4000", "route", "--jsonl", in, "--now", kNow, "--trace", "off",
                        "--record", records, "--jobs", jobs});
  };
  const std::string r1 = (dir / "one.records.jsonl").string();
  const std::string r2 = (dir / "two.records.jsonl").string();
  auto one = run("1", r1);
  auto two = run("2", r2);
  INFO(two.err);
  REQUIRE(one.exit_code == 0);
  REQUIRE(two.exit_code == 0);
  CHECK(two.out == one.out);
  CHECK(ReadText(r2) == ReadText(r1));

  auto verify = RunReferral({"verify", r2, "--rules", "rules/bogota"});
  INFO(verify.out << verify.err);
  CHECK(verify.exit_code == 0);
  CHECK_THAT(verify.out, Catch::Contains("0 problema(s)"));

  // One record per decision given out, in the order of the output lines
  // (input order: case ids jobs-0, jobs-1, ...).
  std::vector<std::string> given;
  long previous = -1;
  for (const auto& l : Lines(two.out)) {
    auto j = nlohmann::json::parse(l);
    if (!j.contains("decision_id")) continue;
    given.push_back(j["decision_id"].get<std::string>());
    const std::string id = j["case_id"].get<std::string>();
    REQUIRE(id.rfind("jobs-", 0) == 0);
    const long n = std::stol(id.substr(5));
    CHECK(n > previous);
    previous = n;
  }
  REQUIRE(given.size() > 1000);
  std::vector<std::string> recorded;
  for (const auto& l : Lines(ReadText(r2))) {
    auto j = nlohmann::json::parse(l);
    if (j.contains("decision_id")) recorded.push_back(j["decision_id"].get<std::string>());
  }
  CHECK(recorded == given);
}

TEST_CASE("route --jobs refuses a negative, absurd or non-numeric count, and --jobs without --jsonl",
          "[cli][batch][jobs][errors]") {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"route", "--jsonl", "--jobs", "-1"},
           {"route", "--jsonl", "--jobs", "257"},
           {"route", "--jsonl", "--jobs", "100000000000"},
           {"route", "--jsonl", "--jobs", "two"},
           {"route", "--jobs", "2", "rules/bogota/samples/nina-venezolana-3-anos.json"},
       }) {
    INFO(args[args.size() - 1]);
    auto r = RunReferral(args, "{}\n");
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK_THAT(r.err, Catch::Contains("--jobs"));
  }
  auto most = RunReferral({"route", "--jsonl", "--jobs", "256", "--trace", "off", "--now", kNow}, "{}\n");
  CHECK(most.exit_code == 0);
  CHECK(Lines(most.out).size() == 1);
}

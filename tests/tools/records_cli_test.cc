// End-to-end: records, reviews, archive and verify with the real program,
// including a batch killed mid-way.
#include <catch2/catch.hpp>
#include <algorithm>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include "support/paths.h"
#include "support/process.h"

namespace fs = std::filesystem;
using referral::testing::Lines;
using referral::testing::RunProgram;
using referral::testing::RunReferral;

namespace {

fs::path Fresh(const std::string& name) { return referral::testing::FreshDir("records-cli", name); }

const char* kGirl = "rules/bogota/samples/nina-venezolana-3-anos.json";

}  // namespace

TEST_CASE("route --record with --now writes byte-identical records", "[cli][record]") {
  auto dir = Fresh("identical");
  for (const char* name : {"a.jsonl", "b.jsonl"}) {
    auto r = RunReferral({"route", kGirl, "--record", (dir / name).string(), "--now", "2026-03-01T10:00:00Z"});
    REQUIRE(r.exit_code == 0);
  }
  auto a = referral::testing::ReadText((dir / "a.jsonl").string());
  CHECK_FALSE(a.empty());
  CHECK(a == referral::testing::ReadText((dir / "b.jsonl").string()));
  for (const char* now : {"ayer", "2026-02-31T10:00:00Z", "2026-03-01T23:59:60+99:99"}) {
    INFO(now);
    auto bad = RunReferral({"route", kGirl, "--record", (dir / "c.jsonl").string(), "--now", now});
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Catch::Contains("RFC 3339"));
  }
  CHECK_FALSE(fs::exists(dir / "c.jsonl"));
  // Every way of routing with a record says which record it is.
  auto json_out = RunReferral({"route", kGirl, "--record", (dir / "d.jsonl").string()});
  const std::string id = nlohmann::json::parse(json_out.out)["decision_id"];
  CHECK(nlohmann::json::parse(Lines(referral::testing::ReadText((dir / "d.jsonl").string()))[0])["decision_id"] == id);
  auto human = RunReferral({"route", kGirl, "--record", (dir / "d.jsonl").string(), "--format", "human"});
  CHECK_THAT(human.out, Catch::Contains("Registro: "));
  CHECK(human.out.find(id) == std::string::npos);  // a second decision: another id
}

TEST_CASE("review appends to the chain, and verify lists duties awaiting review", "[cli][record]") {
  auto dir = Fresh("review");
  auto records = (dir / "records.jsonl").string();
  const std::string duty_case =
      R"({"case_id":"d-1","evaluation_date":"2026-03-01","identification_channel":"busqueda_activa",)"
      R"("identification_category":"mendicidad_propia","age_documented":true,"birth_date":"2018-01-01",)"
      R"("caregiver_present":"adulto_no_familiar","caregiver_consent":"rechaza"})";
  auto r = RunReferral({"route", "-", "--record", records, "--now", "2026-03-01T10:00:00Z"}, duty_case);
  REQUIRE(r.exit_code == 0);
  auto id = nlohmann::json::parse(Lines(referral::testing::ReadText(records))[0])["decision_id"].get<std::string>();
  auto before = RunReferral({"verify", records, "--rules", "rules/bogota", "--lang", "en"});
  CHECK(before.exit_code == 0);
  CHECK_THAT(before.out, Catch::Contains("awaiting review: line 1: decision " + id + ": ICBF_PARD"));
  // Without --lang (and no locale), the rule set's language: Spanish for Bogotá's auditors.
  auto spanish = RunReferral({"verify", records, "--rules", "rules/bogota"});
  CHECK(spanish.exit_code == 0);
  CHECK_THAT(spanish.out, Catch::Contains("pendiente de revisión: línea 1: decisión " + id + ": ICBF_PARD"));
  CHECK_THAT(spanish.out, Catch::Contains("1 registro(s): 1 decisión(es), 0 revisión(es); 1 reproducida(s); "
                                          "0 problema(s); ") &&
                              Catch::Contains(" remisión(es) por deber legal pendiente(s) de revisión; cabeza "));
  auto review = RunReferral({"review", records, "--decision", id, "--role", "profesional_sdis", "--action",
                             "accept", "--reason", "verificado", "--now", "2026-03-01T11:00:00Z"});
  REQUIRE(review.exit_code == 0);
  auto after = RunReferral({"verify", records, "--rules", "rules/bogota", "--lang", "en"});
  CHECK(after.exit_code == 0);
  CHECK_THAT(after.out, Catch::Contains("2 record(s): 1 decision(s), 1 review(s)"));
  CHECK(after.out.find("awaiting review:") == std::string::npos);
  CHECK_THAT(after.out, Catch::Contains("0 duty referral(s) awaiting review"));
  auto unknown = RunReferral({"review", records, "--decision", "nope", "--role", "profesional_sdis", "--action",
                              "accept", "--reason", "verificado"});
  CHECK(unknown.exit_code == 1);
  CHECK_THAT(unknown.err, Catch::Contains("record.unknown_decision"));
}

TEST_CASE("a batch killed mid-way leaves whole records that verify", "[cli][record]") {
  auto dir = Fresh("killed");
  auto input = dir / "cases.jsonl";
  {
    std::string one = referral::testing::ReadText(referral::testing::SourcePath(kGirl));
    one.erase(std::remove(one.begin(), one.end(), '\n'), one.end());
    std::ofstream out(input);
    for (int i = 0; i < 20000; ++i) out << one << "\n";
  }
  auto records = dir / "records.jsonl";
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int in = ::open(input.c_str(), O_RDONLY);
    int null = ::open("/dev/null", O_WRONLY);
    dup2(in, 0);
    dup2(null, 1);
    dup2(null, 2);
    if (chdir(REFERRAL_SOURCE_DIR) != 0) _exit(126);
    execl(REFERRAL_BINARY, REFERRAL_BINARY, "route", "--jsonl", "--trace", "off", "--record", records.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  // Let it write some records, then kill it without warning.
  for (int i = 0; i < 200 && (!fs::exists(records) || fs::file_size(records) < 20000); ++i) usleep(10000);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFSIGNALED(status));
  auto written = Lines(referral::testing::ReadText(records.string()));
  REQUIRE(written.size() > 2);
  REQUIRE(written.size() < 20000);
  // Append more after the crash: the chain goes on from the last whole record.
  auto more = RunReferral({"route", kGirl, "--record", records.string()});
  REQUIRE(more.exit_code == 0);
  auto verify = RunReferral({"verify", records.string(), "--rules", "rules/bogota"});
  INFO(verify.out);
  CHECK(verify.exit_code == 0);
  CHECK_THAT(verify.out, Catch::Contains("0 problema(s)"));
}

TEST_CASE("route --jsonl --record on a full disk: lines past the limit are errors, no record is torn, none is lost",
          "[cli][record]") {
  auto dir = Fresh("full");
  auto records = dir / "records.jsonl";
  std::string one = referral::testing::ReadText(referral::testing::SourcePath(kGirl));
  one.erase(std::remove(one.begin(), one.end(), '\n'), one.end());
  std::string batch;
  for (int i = 0; i < 6; ++i) batch += one + "\n";
  // `ulimit -f 8`: 4096 bytes, room for a record or two of this case and
  // part of the next (a full disk, as the kernel sees it).
  auto limited = referral::testing::RunProgram(
      "sh", {"-c", std::string("cd ") + REFERRAL_SOURCE_DIR + " && ulimit -f 8 && exec " + REFERRAL_BINARY +
                       " route --jsonl --trace off --record " + records.string()},
      batch);
  INFO(limited.err);
  CHECK(limited.exit_code == 0);  // every line was answered
  auto out = Lines(limited.out);
  REQUIRE(out.size() == 6);
  std::vector<std::string> given;  // ids of the decisions given out
  for (const auto& line : out) {
    auto j = nlohmann::json::parse(line);
    if (j.contains("error")) {
      CHECK(j["error"]["code"] == "record.io");
    } else {
      given.push_back(j["decision_id"]);
    }
  }
  CHECK(given.size() >= 1);
  CHECK(given.size() < 6);
  auto written = Lines(referral::testing::ReadText(records.string()));
  REQUIRE(written.size() == given.size());
  for (size_t i = 0; i < written.size(); ++i) {
    CHECK(nlohmann::json::parse(written[i])["decision_id"] == given[i]);  // every decision given out was recorded
  }
  // Space again: the chain goes on, and verifies.
  auto more = RunReferral({"route", "--jsonl", "--trace", "off", "--record", records.string()}, one + "\n");
  REQUIRE(more.exit_code == 0);
  auto verify = RunReferral({"verify", records.string(), "--rules", "rules/bogota", "--lang", "en"});
  INFO(verify.out);
  CHECK(verify.exit_code == 0);
  CHECK_THAT(verify.out, Catch::Contains(std::to_string(given.size() + 1) + " record(s)"));
}

TEST_CASE("archive by digest, refuse a changed rule set under the same version, verify with the archive", "[cli][record]") {
  auto dir = Fresh("archive");
  auto archive = (dir / "archive").string();
  auto records = (dir / "records.jsonl").string();
  REQUIRE(RunReferral({"archive", "rules/example", archive}).exit_code == 0);
  REQUIRE(RunReferral({"archive", "rules/example", archive}).exit_code == 0);  // again: a no-op
  // A changed copy with the same id and version is refused.
  fs::copy(referral::testing::SourcePath("rules/example"), dir / "changed", fs::copy_options::recursive);
  {
    std::ofstream out(dir / "changed" / "services.yaml", std::ios::app);
    out << "  EXTRA: {name: Extra, legal_basis: consent}\n";
  }
  auto conflict = RunReferral({"archive", (dir / "changed").string(), archive});
  CHECK(conflict.exit_code == 3);
  CHECK_THAT(conflict.err, Catch::Contains("archive.version_conflict"));
  // Records made by two rule sets verify together against the archive.
  REQUIRE(RunReferral({"archive", "rules/bogota", archive}).exit_code == 0);
  auto ex = RunReferral({"route", "--rules", "rules/example", "--record", records, "-"},
                        R"({"case_id":"e-1","evaluation_date":"2026-03-01","age_documented":true,)"
                        R"("birth_date":"2023-01-10","category":"own_begging","consent":"accepts"})");
  REQUIRE(ex.exit_code == 0);
  REQUIRE(RunReferral({"route", kGirl, "--record", records}).exit_code == 0);
  auto v = RunReferral({"verify", records, "--archive", archive});
  INFO(v.out << v.err);
  CHECK(v.exit_code == 0);
  CHECK_THAT(v.out, Catch::Contains("2 record(s): 2 decision(s), 0 review(s); 2 replayed; 0 problem(s)"));
  auto only_example = RunReferral({"verify", records, "--rules", "rules/example"});
  CHECK(only_example.exit_code == 3);
  CHECK_THAT(only_example.out, Catch::Contains(":2: error[record.unknown_digest]"));
}

TEST_CASE("an overlay is archived with its base, and its records verify with the archive", "[cli][record][archive]") {
  auto dir = Fresh("archive-overlay");
  auto archive = (dir / "archive").string();
  auto records = (dir / "records.jsonl").string();
  auto archived = RunReferral({"archive", "rules/maicao", archive});
  INFO(archived.out << archived.err);
  REQUIRE(archived.exit_code == 0);
  CHECK_THAT(archived.out, Catch::Contains("archived maicao 2026.1.0 as "));
  for (const auto& e : fs::directory_iterator(archive)) {
    CHECK(e.path().filename().string().rfind(".staging-", 0) == std::string::npos);
  }
  auto routed = RunReferral({"route", "--rules", "rules/maicao", "rules/maicao/samples/nina-venezolana-paraguachon.json",
                             "--record", records});
  REQUIRE(routed.exit_code == 0);
  REQUIRE(RunReferral({"route", kGirl, "--record", records}).exit_code == 0);  // a Bogotá record beside it
  REQUIRE(RunReferral({"archive", "rules/bogota", archive}).exit_code == 0);
  auto v = RunReferral({"verify", records, "--archive", archive});
  INFO(v.out << v.err);
  CHECK(v.exit_code == 0);
  CHECK_THAT(v.out, Catch::Contains("2 record(s): 2 decision(s), 0 review(s); 2 replayed; 0 problem(s)"));
}

TEST_CASE("a failed archive leaves no staging folder behind", "[cli][record][archive]") {
  // A file-size limit (as a full disk would) makes the copy fail half-way;
  // SIGXFSZ is ignored so that the write fails instead of killing the program.
  auto dir = Fresh("archive-failed");
  auto archive = dir / "archive";
  fs::create_directories(archive);
  auto r = RunProgram("/bin/sh", {"-c", "ulimit -f 1; trap '' XFSZ; exec \"$0\" archive rules/bogota \"$1\"",
                                  REFERRAL_BINARY, archive.string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("archive.io"));
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(archive)) left.push_back(e.path().filename().string());
  CHECK(left.empty());
}

// Seen: `route --record --rotate` was tested only for its usage errors.
TEST_CASE("route --jsonl --record --rotate: by size and by day, the files verify as one chain", "[cli][record]") {
  auto dir = Fresh("route-rotate");
  const std::string girl = referral::testing::ReadText(referral::testing::SourcePath(kGirl));
  std::string one_line = girl;
  one_line.erase(std::remove(one_line.begin(), one_line.end(), '\n'), one_line.end());
  {
    std::ofstream batch(dir / "cases.jsonl");
    for (int i = 0; i < 8; ++i) batch << one_line << "\n";
  }
  auto records = (dir / "records.jsonl").string();
  // Eight decisions of ~2 KB with files of at most 4 KB: several files.
  auto sized = RunReferral({"route", "--jsonl", (dir / "cases.jsonl").string(), "--record", records, "--rotate", "4K",
                            "--now", "2026-03-01T10:00:00Z", "--out", (dir / "out.jsonl").string()});
  INFO(sized.err);
  REQUIRE(sized.exit_code == 0);
  // By day: the same file, a decision on the next day begins a new file.
  for (const char* now : {"2026-03-01T23:00:00Z", "2026-03-02T01:00:00Z"}) {
    auto daily = RunReferral({"route", kGirl, "--record", records, "--rotate", "daily", "--now", now});
    REQUIRE(daily.exit_code == 0);
  }
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("records", 0) == 0) files.push_back(e.path().string());
  }
  CHECK(files.size() >= 4);
  size_t largest = 0;
  for (const auto& f : files) {
    // A file passes the size only by the one record that crossed it.
    if (f != records) largest = std::max(largest, static_cast<size_t>(fs::file_size(f)));
  }
  CHECK(largest < 4096 + 4096);
  auto last = Lines(referral::testing::ReadText(records));
  REQUIRE(last.size() == 2);  // the rotation record and the next day's decision
  CHECK(nlohmann::json::parse(last[0])["record"] == "rotation");
  CHECK(nlohmann::json::parse(last[1])["decided_at"] == "2026-03-02T01:00:00Z");
  std::vector<std::string> verify = {"verify"};
  verify.insert(verify.end(), files.begin(), files.end());
  verify.insert(verify.end(), {"--rules", "rules/bogota", "--format", "json"});
  auto v = RunReferral(verify);
  INFO(v.out);
  REQUIRE(v.exit_code == 0);
  auto report = nlohmann::json::parse(v.out);
  CHECK(report["decisions"] == 10);
  CHECK(report["heads"].size() == 1);
  // One file left out: the chain does not close.
  files.erase(std::find_if(files.begin(), files.end(), [&](const std::string& f) { return f != records; }));
  verify = {"verify"};
  verify.insert(verify.end(), files.begin(), files.end());
  verify.insert(verify.end(), {"--rules", "rules/bogota"});
  CHECK(RunReferral(verify).exit_code != 0);
}

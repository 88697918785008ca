// Decision records: what they keep, what they hide, how they chain, that a
// torn last line is cut off so the file holds whole records only, that
// several writers share one file, that a failed write is undone, ids and
// idempotency keys, and reviews checked against the rule set.
#include "referral/record.h"

#include <sys/resource.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "referral/engine.h"
#include "support/paths.h"

namespace fs = std::filesystem;

namespace {

const char* kCase = R"({"case_id":"r-1","evaluation_date":"2026-03-01","identification_channel":"busqueda_activa",)"
                    R"("identification_category":"mendicidad_propia","age_documented":true,"birth_date":"2022-12-01",)"
                    R"("nationality":"venezolana","migration_intent":"permanencia","caregiver_present":"madre",)"
                    R"("ethnic_group":"embera","health_affiliation":"ninguna","pregnant":false,)"
                    R"("localidad":"chapinero","identifying_team":"estrategia_movil","caregiver_consent":"acepta"})";

referral::Ruleset Bogota() {
  auto rules = referral::LoadRuleset(referral::testing::SourcePath("rules/bogota"), nullptr);
  REQUIRE(rules.ok());
  return std::move(rules).value();
}

fs::path TempFile(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / "referral-record-tests";
  fs::create_directories(dir);
  fs::path p = dir / name;
  fs::remove(p);
  return p;
}

std::vector<std::string> ReadLines(const fs::path& p) {
  std::ifstream in(p);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

std::string Record(const referral::Ruleset& rules, const fs::path& path, const std::string& c, const char* now) {
  auto d = referral::Decide(rules, c);
  REQUIRE(d.ok());
  auto log = referral::RecordLog::Open(path);
  REQUIRE(log.ok());
  std::string id;
  auto s = (*log)->AppendDecision(rules, *d, c, referral::CaseFormat::kJson, now, &id);
  INFO(s.message());
  REQUIRE(s.ok());
  return id;
}

// A log at `path` holding one record of `d` (kCase's decision, at 10:00).
std::unique_ptr<referral::RecordLog> LogWithOneRecord(const referral::Ruleset& rules, const referral::Decision& d,
                                                      const fs::path& path) {
  auto log = referral::RecordLog::Open(path);
  REQUIRE(log.ok());
  REQUIRE((*log)->AppendDecision(rules, d, kCase, referral::CaseFormat::kJson, "2026-03-01T10:00:00Z", nullptr).ok());
  return std::move(log).value();
}

}  // namespace

TEST_CASE("a record keeps the facts rules read and report facts, never a sensitive value", "[record]") {
  auto rules = Bogota();
  auto path = TempFile("keep.jsonl");
  Record(rules, path, kCase, "2026-03-01T10:00:00Z");
  auto lines = ReadLines(path);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].find("embera") == std::string::npos);
  CHECK(lines[0].find("ninguna") == std::string::npos);
  auto j = nlohmann::json::parse(lines[0]);
  CHECK(j["record"] == "decision");
  CHECK(j["decided_at"] == "2026-03-01T10:00:00Z");
  CHECK(j["ruleset"]["digest"] == rules.digest());
  CHECK(j["prev_hash"] == std::string(64, '0'));
  const auto& input = j["input"];
  CHECK(input["nationality"] == "venezolana");
  CHECK(input["localidad"] == "chapinero");              // a report fact no rule reads
  CHECK(input["identifying_team"] == "estrategia_movil");  // likewise
  // The first early-childhood rule fired before any rule on ethnicity was
  // reached: nothing of it is kept (record_input_test.cc has the rest).
  CHECK_FALSE(input.contains("ethnic_group"));
  for (const auto& [name, value] : input.items()) {
    if (value.is_object()) CHECK(value["redacted"] == true);
  }
  CHECK_FALSE(input.contains("identification_date"));      // neither read nor reported
  CHECK(j["referrals"][0]["service"] == "SDIS_CENTRO_ABRAZAR");
}

TEST_CASE("the same input, rules and time give byte-identical records", "[record]") {
  auto rules = Bogota();
  auto a = TempFile("same-a.jsonl"), b = TempFile("same-b.jsonl");
  std::string id_a = Record(rules, a, kCase, "2026-03-01T10:00:00Z");
  std::string id_b = Record(rules, b, kCase, "2026-03-01T10:00:00Z");
  CHECK(id_a == id_b);
  CHECK(ReadLines(a) == ReadLines(b));
  auto c = TempFile("same-c.jsonl");
  CHECK(Record(rules, c, kCase, "2026-03-01T10:00:01Z") != id_a);  // the time is part of the id
}

TEST_CASE("the same case decided twice in one second gets two ids (a client retry)", "[record]") {
  auto rules = Bogota();
  auto path = TempFile("retry.jsonl");
  std::string first = Record(rules, path, kCase, "2026-03-01T10:00:00Z");
  std::string second = Record(rules, path, kCase, "2026-03-01T10:00:00Z");
  CHECK(first != second);
  auto report = referral::VerifyRecords(path, [&](const std::string&) { return &rules; });
  CHECK(report.ok());
}

TEST_CASE("an idempotency key records a retried request once and gives the first id", "[record]") {
  auto rules = Bogota();
  auto path = TempFile("idempotent.jsonl");
  auto d = referral::Decide(rules, kCase);
  REQUIRE(d.ok());
  auto log = referral::RecordLog::Open(path);
  REQUIRE(log.ok());
  referral::RecordReceipt first, retry;
  REQUIRE((*log)->AppendDecision(rules, *d, kCase, referral::CaseFormat::kJson, "2026-03-01T10:00:00Z", "req-1", &first).ok());
  CHECK_FALSE(first.repeated);
  REQUIRE((*log)->AppendDecision(rules, *d, kCase, referral::CaseFormat::kJson, "2026-03-01T10:00:07Z", "req-1", &retry).ok());
  CHECK(retry.repeated);
  CHECK(retry.decision_id == first.decision_id);
  CHECK(retry.decided_at == "2026-03-01T10:00:00Z");
  CHECK(ReadLines(path).size() == 1);
  CHECK(ReadLines(path)[0].find("req-1") == std::string::npos);  // only the key's digest is kept

  SECTION("the key survives a restart: a new log on the file knows it") {
    log->reset();
    auto again = referral::RecordLog::Open(path);
    REQUIRE(again.ok());
    referral::RecordReceipt later;
    REQUIRE((*again)->AppendDecision(rules, *d, kCase, referral::CaseFormat::kJson, "2026-03-01T11:00:00Z", "req-1", &later).ok());
    CHECK(later.repeated);
    CHECK(later.decision_id == first.decision_id);
  }
  SECTION("a key that is not 1 to 200 printable ASCII characters is refused") {
    referral::RecordReceipt r;
    for (const std::string& key : {std::string(201, 'k'), std::string("con espacio"), std::string("ñ")}) {
      auto s = (*log)->AppendDecision(rules, *d, kCase, referral::CaseFormat::kJson, "2026-03-01T10:00:09Z", key, &r);
      CHECK(s.code() == "record.bad_idempotency_key");
    }
    CHECK(ReadLines(path).size() == 1);
  }
  SECTION("the same key with another case is refused") {
    std::string other = kCase;
    other.replace(other.find("\"r-1\""), 5, "\"r-2\"");
    auto d2 = referral::Decide(rules, other);
    REQUIRE(d2.ok());
    referral::RecordReceipt r;
    auto s = (*log)->AppendDecision(rules, *d2, other, referral::CaseFormat::kJson, "2026-03-01T10:00:09Z", "req-1", &r);
    CHECK(s.code() == "record.idempotency_conflict");
    CHECK(ReadLines(path).size() == 1);
  }
}

TEST_CASE("a decision that is not this case's is not recorded", "[record]") {
  auto rules = Bogota();
  auto path = TempFile("mismatch.jsonl");
  auto d = referral::Decide(rules, kCase);
  REQUIRE(d.ok());
  d->referrals.clear();  // a caller's decision that the rules would not make for this case
  auto log = referral::RecordLog::Open(path);
  REQUIRE(log.ok());
  auto s = (*log)->AppendDecision(rules, *d, kCase, referral::CaseFormat::kJson, "2026-03-01T10:00:00Z", nullptr);
  CHECK(s.code() == "record.decision_mismatch");
  CHECK(ReadLines(path).empty());
}

TEST_CASE("records chain: each holds the hash of the one before", "[record]") {
  auto rules = Bogota();
  auto path = TempFile("chain.jsonl");
  Record(rules, path, kCase, "2026-03-01T10:00:00Z");
  Record(rules, path, kCase, "2026-03-01T10:05:00Z");
  auto lines = ReadLines(path);
  REQUIRE(lines.size() == 2);
  auto log = referral::RecordLog::Open(path);
  REQUIRE(log.ok());
  auto second = nlohmann::json::parse(lines[1]);
  CHECK(second["prev_hash"] != std::string(64, '0'));
  auto report = referral::VerifyRecords(path, [&](const std::string&) { return &rules; });
  CHECK(report.ok());
  CHECK(report.head_hash == (*log)->head_hash());
}

TEST_CASE("a torn last line is cut off when the file is opened again", "[record]") {
  auto rules = Bogota();
  auto path = TempFile("torn.jsonl");
  Record(rules, path, kCase, "2026-03-01T10:00:00Z");
  {
    std::ofstream out(path, std::ios::app | std::ios::binary);
    out << R"({"record":"decision","decision_id":"half-writ)";  // a crash mid-write
  }
  bool repaired = false;
  auto log = referral::RecordLog::Open(path, &repaired);
  REQUIRE(log.ok());
  CHECK(repaired);
  log->reset();
  auto lines = ReadLines(path);
  CHECK(lines.size() == 1);
  Record(rules, path, kCase, "2026-03-01T10:05:00Z");
  CHECK(referral::VerifyRecords(path, [&](const std::string&) { return &rules; }).ok());
}

TEST_CASE("reviews join the chain, name a decision in the file, and use the rule set's roles and codes", "[record]") {
  auto rules = Bogota();
  auto path = TempFile("review.jsonl");
  std::string id = Record(rules, path, kCase, "2026-03-01T10:00:00Z");
  auto log = referral::RecordLog::Open(path);
  REQUIRE(log.ok());
  std::string review_id;
  CHECK((*log)->AppendReview(rules, {id, "profesional_sdis", "accept", "verificado"}, "2026-03-01T11:00:00Z", &review_id).ok());
  CHECK(review_id.size() == 32);
  auto review = [&](referral::Review r, const char* at) { return (*log)->AppendReview(rules, r, at, nullptr); };
  CHECK(review({"nope", "profesional_sdis", "accept", "verificado"}, "2026-03-01T11:00:00Z").code() ==
        "record.unknown_decision");
  CHECK(review({id, "profesional_sdis", "approve", "verificado"}, "2026-03-01T11:00:00Z").code() == "record.bad_review");
  auto role = review({id, "jefe", "accept", "verificado"}, "2026-03-01T11:00:00Z");
  CHECK(role.code() == "record.bad_review");
  CHECK(role.field() == "role");
  CHECK(role.message().find("profesional_sdis") != std::string::npos);  // names the declared roles
  auto reason = review({id, "profesional_sdis", "accept", "me pareció bien"}, "2026-03-01T11:00:00Z");
  CHECK(reason.code() == "record.bad_review");
  CHECK(reason.field() == "reason");
  CHECK(review({id, "profesional_sdis", "accept", "verificado"}, "yesterday").code() == "record.bad_time");
  CHECK(review({id, "profesional_sdis", "accept", "verificado"}, "2026-03-01T09:59:59Z").code() == "record.bad_time");
  // 05:00 in Bogotá is 10:00Z: the same instant as the decision, not before it.
  CHECK(review({id, "profesional_sdis", "accept", "verificado"}, "2026-03-01T05:00:00-05:00").ok());
  CHECK(ReadLines(path).size() == 3);  // the refused reviews wrote nothing
}

TEST_CASE("two writers share one record file: each append first reads the other's", "[record]") {
  auto rules = Bogota();
  auto path = TempFile("two-writers.jsonl");
  auto d = referral::Decide(rules, kCase);
  REQUIRE(d.ok());
  auto a = referral::RecordLog::Open(path);  // a running sidecar, say
  auto b = referral::RecordLog::Open(path);  // `referral review` beside it
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  std::string id;
  REQUIRE((*a)->AppendDecision(rules, *d, kCase, referral::CaseFormat::kJson, "2026-03-01T10:00:00Z", &id).ok());
  // b opened before the decision was written, and still finds it.
  REQUIRE((*b)->AppendReview(rules, {id, "profesional_sdis", "accept", "verificado"}, "2026-03-01T10:30:00Z", nullptr).ok());
  REQUIRE((*a)->AppendDecision(rules, *d, kCase, referral::CaseFormat::kJson, "2026-03-01T10:40:00Z", nullptr).ok());
  CHECK(ReadLines(path).size() == 3);
  CHECK((*a)->head_hash() != (*b)->head_hash());  // b has not looked since
  auto report = referral::VerifyRecords(path, [&](const std::string&) { return &rules; });
  CHECK(report.ok());
  CHECK(report.reviews == 1);
}

TEST_CASE("a failed append is undone before anything else is written", "[record]") {
  auto rules = Bogota();
  auto path = TempFile("failed-append.jsonl");
  auto d = referral::Decide(rules, kCase);
  REQUIRE(d.ok());
  auto log = LogWithOneRecord(rules, *d, path);
  const auto size = fs::file_size(path);
  // A file-size limit a little past the first record: the next line is torn
  // by the kernel, as on a full disk.
  std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit old {};
  REQUIRE(getrlimit(RLIMIT_FSIZE, &old) == 0);
  struct rlimit tight = old;
  tight.rlim_cur = size + 100;
  REQUIRE(setrlimit(RLIMIT_FSIZE, &tight) == 0);
  std::string id;
  auto failed = log->AppendDecision(rules, *d, kCase, referral::CaseFormat::kJson, "2026-03-01T10:01:00Z", &id);
  REQUIRE(setrlimit(RLIMIT_FSIZE, &old) == 0);
  CHECK(failed.code() == "record.io");
  CHECK(id.empty());
  CHECK(fs::file_size(path) == size);  // cut back to the last whole record
  REQUIRE(log->AppendDecision(rules, *d, kCase, referral::CaseFormat::kJson, "2026-03-01T10:02:00Z", &id).ok());
  CHECK(ReadLines(path).size() == 2);
  CHECK(referral::VerifyRecords(path, [&](const std::string&) { return &rules; }).ok());
}

TEST_CASE("a record file changed under the log is written no more", "[record]") {
  auto rules = Bogota();
  auto path = TempFile("shrunk.jsonl");
  auto d = referral::Decide(rules, kCase);
  REQUIRE(d.ok());
  auto log = LogWithOneRecord(rules, *d, path);
  fs::resize_file(path, 10);  // someone cut the file by hand
  auto s = log->AppendDecision(rules, *d, kCase, referral::CaseFormat::kJson, "2026-03-01T10:01:00Z", nullptr);
  CHECK(s.code() == "record.unavailable");
  CHECK(fs::file_size(path) == 10);
  CHECK(log->AppendDecision(rules, *d, kCase, referral::CaseFormat::kJson, "2026-03-01T10:02:00Z", nullptr).code() ==
        "record.unavailable");
}

TEST_CASE("RFC 3339 times are checked", "[record]") {
  CHECK(referral::IsRfc3339("2026-03-01T10:00:00Z"));
  CHECK(referral::IsRfc3339("2026-03-01T10:00:00.123-05:00"));
  CHECK(referral::IsRfc3339("2028-02-29T23:59:59+23:59"));
  CHECK_FALSE(referral::IsRfc3339("2026-03-01 10:00:00"));
  CHECK_FALSE(referral::IsRfc3339("2026-13-01T10:00:00Z"));
  CHECK_FALSE(referral::IsRfc3339("2026-03-01T10:00:00"));
  CHECK_FALSE(referral::IsRfc3339("2026-02-31T10:00:00Z"));       // no such day
  CHECK_FALSE(referral::IsRfc3339("2026-02-29T10:00:00Z"));       // not a leap year
  CHECK_FALSE(referral::IsRfc3339("2026-03-01T23:59:60+99:99"));  // offset and leap second
  CHECK_FALSE(referral::IsRfc3339("2026-03-01T10:00:00+24:00"));
  CHECK_FALSE(referral::IsRfc3339("2026-03-01T24:00:00Z"));
  CHECK_FALSE(referral::IsRfc3339("2026-03-01T10:00:00.Z"));
  CHECK(referral::IsRfc3339(referral::NowRfc3339()));
}

namespace {

// An empty folder for a rotated log; returns the live file's path.
fs::path RotationDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / "referral-record-tests" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir / "records.jsonl";
}

// The record files of a rotated log: the live file and the dated ones.
std::vector<fs::path> LogFiles(const fs::path& live) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(live.parent_path())) {
    const std::string name = e.path().filename().string();
    if (name.rfind(live.stem().string(), 0) == 0 && e.path().extension() == ".jsonl") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("rotation by size: new files chain on from the last record, and verify reads them as one chain", "[record]") {
  auto rules = Bogota();
  auto path = RotationDir("rotate-size");
  auto d = referral::Decide(rules, kCase);
  REQUIRE(d.ok());
  referral::RecordRotation rotation;
  rotation.max_bytes = 3000;  // about two records of this case
  auto log = referral::RecordLog::Open(path, nullptr, rotation);
  auto reviewer = referral::RecordLog::Open(path);  // another writer, which does not rotate
  REQUIRE(log.ok());
  REQUIRE(reviewer.ok());
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i) {
    std::string id;
    const std::string at = "2026-03-01T10:0" + std::to_string(i) + ":00Z";
    REQUIRE((*log)->AppendDecision(rules, *d, kCase, referral::CaseFormat::kJson, at, &id).ok());
    ids.push_back(id);
    if (i == 4) {
      // The reviewer's file was rotated away under it: it follows to the new
      // file, and still knows decisions of the older files.
      REQUIRE((*reviewer)->AppendReview(rules, {ids[0], "profesional_sdis", "accept", "verificado"},
                                        "2026-03-01T10:04:30Z", nullptr).ok());
    }
  }
  // A writer opened after the rotations (a later `referral review`) reads
  // back through the rotated files and finds the first decision.
  auto later = referral::RecordLog::Open(path);
  REQUIRE(later.ok());
  REQUIRE((*later)->AppendReview(rules, {ids[1], "profesional_sdis", "accept", "verificado"}, "2026-03-01T11:00:00Z",
                                 nullptr).ok());
  auto files = LogFiles(path);
  REQUIRE(files.size() >= 3);
  for (const auto& f : files) {
    if (f == path) continue;
    CHECK(fs::file_size(f) > 0);
  }
  auto first_line = ReadLines(path)[0];
  CHECK(nlohmann::json::parse(first_line)["record"] == "rotation");
  std::reverse(files.begin(), files.end());  // any order
  auto report = referral::VerifyRecords(files, [&](const std::string&) { return &rules; });
  for (const auto& p : report.problems) UNSCOPED_INFO(p.file << ":" << p.line << " " << p.code << " " << p.message);
  CHECK(report.ok());
  CHECK(report.heads.size() == 1);
  CHECK(report.decisions == 7);
  CHECK(report.reviews == 2);
  // The live file alone does not start a chain.
  CHECK_FALSE(referral::VerifyRecords(path, [&](const std::string&) { return &rules; }).ok());
}

TEST_CASE("rotation by day: a record of a new UTC day begins a new file", "[record]") {
  auto rules = Bogota();
  auto path = RotationDir("rotate-day");
  auto d = referral::Decide(rules, kCase);
  REQUIRE(d.ok());
  referral::RecordRotation rotation;
  rotation.daily = true;
  auto log = referral::RecordLog::Open(path, nullptr, rotation);
  REQUIRE(log.ok());
  for (const char* at : {"2026-03-01T10:00:00Z", "2026-03-01T23:59:59Z", "2026-03-01T19:30:00-05:00",
                         "2026-03-02T08:00:00Z"}) {
    REQUIRE((*log)->AppendDecision(rules, *d, kCase, referral::CaseFormat::kJson, at, nullptr).ok());
  }
  // 19:30 in Bogotá is 00:30Z on 2 March: the third record begins a new file.
  auto files = LogFiles(path);
  REQUIRE(files.size() == 2);
  CHECK(ReadLines(path).size() == 3);  // the rotation line and two records
  CHECK(referral::VerifyRecords(files, [&](const std::string&) { return &rules; }).ok());
}

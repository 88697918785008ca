// `referral serve --record` end to end, as an integrator and a hostile tester
// would try it: every answer carries its decision id, a retry with an
// Idempotency-Key is recorded once, reviews go through POST /v1/reviews or
// `referral review` beside the running sidecar, and a write that fails (a
// file-size limit, as a full disk) is answered 503 and never corrupts the
// chain.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <set>

#include "support/paths.h"
#include "support/process.h"

namespace fs = std::filesystem;
using nlohmann::json;
using referral::testing::Background;
using referral::testing::Lines;
using referral::testing::ReadText;
using referral::testing::RunReferral;
using referral::testing::SourcePath;

namespace {

const char* kGirl = "rules/bogota/samples/nina-venezolana-3-anos.json";

// A child alone at the scene: duty referrals (ICBF_PARD) that need review.
const char* kAlone = R"({"case_id":"solo-1","evaluation_date":"2026-03-01","identification_channel":"busqueda_activa",)"
                     R"("identification_category":"mendicidad_propia","birth_date":"2019-03-01","age_documented":true,)"
                     R"("caregiver_present":"ninguno"})";

fs::path Fresh(const std::string& name) { return referral::testing::FreshDir("serve-records", name); }

struct Served {
  explicit Served(const std::vector<std::string>& extra) : process(Args(extra)) {
    std::string line = process.ReadLine();
    INFO(process.Stderr());
    REQUIRE(line.rfind("listening on 127.0.0.1:", 0) == 0);
    client = std::make_unique<httplib::Client>("127.0.0.1", std::stoi(line.substr(line.rfind(':') + 1)));
    client->set_read_timeout(10, 0);
  }
  static std::vector<std::string> Args(const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"serve", "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  httplib::Result Decide(const std::string& body, const httplib::Headers& headers = {}) {
    return client->Post("/v1/decide", headers, body, "application/json");
  }
  httplib::Result Review(const json& body) { return client->Post("/v1/reviews", body.dump(), "application/json"); }
  Background process;
  std::unique_ptr<httplib::Client> client;
};

std::set<std::string> RecordedIds(const fs::path& file) {
  std::set<std::string> ids;
  for (const auto& line : Lines(ReadText(file.string()))) {
    auto j = json::parse(line);
    if (j["record"] == "decision") ids.insert(j["decision_id"].get<std::string>());
  }
  return ids;
}

}  // namespace

TEST_CASE("serve --record: every answer carries its decision id, and an Idempotency-Key retry is recorded once",
          "[cli][serve][record]") {
  auto dir = Fresh("ids");
  auto records = dir / "records.jsonl";
  Served s({"--record", records.string()});
  const std::string girl = ReadText(SourcePath(kGirl));

  auto a = s.Decide(girl), b = s.Decide(girl);  // a client retry without a key, same second or not
  REQUIRE(a);
  REQUIRE(b);
  REQUIRE(a->status == 200);
  const auto ja = json::parse(a->body), jb = json::parse(b->body);
  REQUIRE(ja.contains("decision_id"));
  CHECK(ja["decision_id"].get<std::string>().size() == 32);
  CHECK(ja["decision_id"] != jb["decision_id"]);
  CHECK(RecordedIds(records) == std::set<std::string>{ja["decision_id"], jb["decision_id"]});

  auto k1 = s.Decide(girl, {{"Idempotency-Key", "primero-req-77"}});
  auto k2 = s.Decide(girl, {{"Idempotency-Key", "primero-req-77"}});
  REQUIRE(k1);
  REQUIRE(k2);
  CHECK(k1->status == 200);
  CHECK(k2->status == 200);
  CHECK(json::parse(k1->body)["decision_id"] == json::parse(k2->body)["decision_id"]);
  CHECK(json::parse(k1->body)["decided_at"] == json::parse(k2->body)["decided_at"]);
  CHECK(k2->get_header_value("Idempotent-Replayed") == "true");
  CHECK(Lines(ReadText(records.string())).size() == 3);

  auto conflict = s.Decide(kAlone, {{"Idempotency-Key", "primero-req-77"}});
  REQUIRE(conflict);
  CHECK(conflict->status == 422);
  CHECK(json::parse(conflict->body)["error"]["code"] == "record.idempotency_conflict");
  auto bad_key = s.Decide(girl, {{"Idempotency-Key", std::string(201, 'k')}});
  REQUIRE(bad_key);
  CHECK(bad_key->status == 400);

  // The explanation endpoint records too, and says which record it is.
  auto explained = s.client->Post("/v1/explain?format=json", girl, "application/json");
  REQUIRE(explained);
  CHECK(json::parse(explained->body)["decision_id"].get<std::string>().size() == 32);
  // Batch lines each carry their own id.
  auto batch = s.client->Post("/v1/decide/batch", json::parse(girl).dump() + "\n" + json::parse(girl).dump() + "\n",
                              "application/x-ndjson");
  REQUIRE(batch);
  auto lines = Lines(batch->body);
  REQUIRE(lines.size() == 2);
  CHECK(json::parse(lines[0])["decision_id"] != json::parse(lines[1])["decision_id"]);
  CHECK(s.process.Stop() == 0);
  CHECK(RunReferral({"verify", records.string(), "--rules", "rules/bogota"}).exit_code == 0);
}

TEST_CASE("serve --record: POST /v1/reviews appends a review with the rule set's roles and codes",
          "[cli][serve][record]") {
  auto dir = Fresh("reviews");
  auto records = dir / "records.jsonl";
  Served s({"--record", records.string()});
  auto d = s.Decide(kAlone);
  REQUIRE(d);
  REQUIRE(d->status == 200);
  const std::string id = json::parse(d->body)["decision_id"];

  auto ok = s.Review({{"decision_id", id}, {"role", "profesional_sdis"}, {"action", "accept"}, {"reason", "verificado"}});
  REQUIRE(ok);
  CHECK(ok->status == 201);
  auto review = json::parse(ok->body);
  CHECK(review["review_id"].get<std::string>().size() == 32);
  CHECK(review["decision_id"] == id);
  CHECK(review["reviewed_at"].get<std::string>().size() >= 20);

  struct Bad {
    json body;
    int status;
    const char* code;
  };
  const Bad bad[] = {
      {{{"decision_id", id}, {"role", "vecino"}, {"action", "accept"}, {"reason", "verificado"}}, 400, "record.bad_review"},
      {{{"decision_id", id}, {"role", "profesional_sdis"}, {"action", "accept"}, {"reason", "porque sí"}}, 400,
       "record.bad_review"},
      {{{"decision_id", id}, {"role", "profesional_sdis"}, {"action", "pending"}, {"reason", "verificado"}}, 400,
       "record.bad_review"},
      {{{"decision_id", std::string(32, '0')}, {"role", "profesional_sdis"}, {"action", "accept"}, {"reason", "verificado"}},
       404, "record.unknown_decision"},
      {{{"decision_id", id}, {"role", "profesional_sdis"}, {"action", "accept"}}, 400, "review.missing_field"},
      {{{"decision_id", id}, {"role", "profesional_sdis"}, {"action", "accept"}, {"reason", "verificado"},
        {"reviewed_at", "2020-01-01T00:00:00Z"}},
       400, "review.unknown_field"},
      {{{"decision_id", id}, {"role", 7}, {"action", "accept"}, {"reason", "verificado"}}, 400, "review.bad_type"},
  };
  for (const auto& b : bad) {
    INFO(b.body.dump());
    auto r = s.Review(b.body);
    REQUIRE(r);
    CHECK(r->status == b.status);
    CHECK(json::parse(r->body)["error"]["code"] == b.code);
  }
  auto not_json = s.client->Post("/v1/reviews", "role=x", "application/json");
  REQUIRE(not_json);
  CHECK(not_json->status == 400);
  CHECK(Lines(ReadText(records.string())).size() == 2);  // the refused reviews wrote nothing
  CHECK(s.process.Stop() == 0);
  auto verify = RunReferral({"verify", records.string(), "--rules", "rules/bogota", "--lang", "en"});
  INFO(verify.out);
  CHECK(verify.exit_code == 0);
  CHECK_THAT(verify.out, Catch::Contains("0 duty referral(s) awaiting review"));

  Served unrecorded({});
  auto none = unrecorded.Review({{"decision_id", id}, {"role", "profesional_sdis"}, {"action", "accept"}, {"reason", "verificado"}});
  REQUIRE(none);
  CHECK(none->status == 409);
}

TEST_CASE("serve --record: `referral review` writes to the file the running sidecar records in", "[cli][serve][record]") {
  auto dir = Fresh("beside");
  auto records = dir / "records.jsonl";
  Served s({"--record", records.string()});
  auto d = s.Decide(kAlone);
  REQUIRE(d);
  const std::string id = json::parse(d->body)["decision_id"];
  auto review = RunReferral({"review", records.string(), "--decision", id, "--role", "profesional_sdis", "--action",
                             "accept", "--reason", "verificado"});
  INFO(review.err);
  CHECK(review.exit_code == 0);
  // The sidecar goes on recording after the line another process appended.
  auto next = s.Decide(kAlone);
  REQUIRE(next);
  CHECK(next->status == 200);
  CHECK(Lines(ReadText(records.string())).size() == 3);
  auto verify = RunReferral({"verify", records.string(), "--rules", "rules/bogota", "--lang", "en"});
  INFO(verify.out);
  CHECK(verify.exit_code == 0);
  CHECK(verify.out.find("decision " + id) == std::string::npos);  // reviewed; only the second awaits
  CHECK_THAT(verify.out, Catch::Contains("awaiting review: line 3: decision " +
                                         json::parse(next->body)["decision_id"].get<std::string>()));
  CHECK(s.process.Stop() == 0);
}

TEST_CASE("serve --record: a failed write answers 503, leaves no torn line, and the next record chains on",
          "[cli][serve][record]") {
  auto dir = Fresh("full");
  auto records = dir / "records.jsonl";
  Served s({"--record", records.string()});
  const std::string girl = ReadText(SourcePath(kGirl));
  std::vector<std::string> answered;
  auto decide = [&]() {
    auto r = s.Decide(girl);
    REQUIRE(r);
    if (r->status == 200) answered.push_back(json::parse(r->body)["decision_id"]);
    return r;
  };
  REQUIRE(decide()->status == 200);
  const auto size = fs::file_size(records);
  // The disk "fills": a file-size limit on the running sidecar, a little past
  // its last record, so the next line is cut short by the kernel.
  struct rlimit tight {};
  REQUIRE(prlimit(s.process.pid(), RLIMIT_FSIZE, nullptr, &tight) == 0);
  const struct rlimit old = tight;
  tight.rlim_cur = size + 200;
  REQUIRE(prlimit(s.process.pid(), RLIMIT_FSIZE, &tight, nullptr) == 0);
  for (int i = 0; i < 3; ++i) {
    auto r = decide();
    CHECK(r->status == 503);
    auto error = json::parse(r->body)["error"];
    CHECK(error["code"] == "record.io");
    CHECK(r->get_header_value("Retry-After") == "5");
    CHECK(fs::file_size(records) == size);  // cut back to the last whole record
  }
  // Space again: the sidecar records on, in the same process.
  REQUIRE(prlimit(s.process.pid(), RLIMIT_FSIZE, &old, nullptr) == 0);
  CHECK(decide()->status == 200);
  CHECK(decide()->status == 200);
  CHECK(s.process.Stop() == 0);
  CHECK(answered.size() == 3);
  CHECK(RecordedIds(records) == std::set<std::string>(answered.begin(), answered.end()));  // every 200 has its record
  auto verify = RunReferral({"verify", records.string(), "--rules", "rules/bogota"});
  INFO(verify.out);
  CHECK(verify.exit_code == 0);
}

TEST_CASE("serve --record --rotate: a size-rotated sequence verifies and reports as one chain, in any order",
          "[cli][serve][record]") {
  auto dir = Fresh("rotate");
  auto records = dir / "records.jsonl";
  {
    Served s({"--record", records.string(), "--rotate", "3K"});
    const std::string girl = ReadText(SourcePath(kGirl));
    for (int i = 0; i < 6; ++i) REQUIRE(s.Decide(girl)->status == 200);
    auto d = s.Decide(kAlone);
    REQUIRE(d->status == 200);
    // Reviewed from the command line while the sidecar rotates beside it.
    auto review = RunReferral({"review", records.string(), "--decision", json::parse(d->body)["decision_id"],
                               "--role", "profesional_sdis", "--action", "accept", "--reason", "verificado"});
    CHECK(review.exit_code == 0);
    CHECK(s.process.Stop() == 0);
  }
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path().string());
  REQUIRE(files.size() >= 3);
  std::sort(files.rbegin(), files.rend());
  std::vector<std::string> verify_args = {"verify"};
  verify_args.insert(verify_args.end(), files.begin(), files.end());
  verify_args.insert(verify_args.end(), {"--rules", "rules/bogota", "--format", "json"});
  auto verify = RunReferral(verify_args);
  INFO(verify.out);
  CHECK(verify.exit_code == 0);
  auto v = json::parse(verify.out);
  CHECK(v["decisions"] == 7);
  CHECK(v["reviews"] == 1);
  CHECK(v["heads"].size() == 1);
  CHECK(v["unreviewed_duties"].empty());

  std::vector<std::string> report_args = {"report"};
  report_args.insert(report_args.end(), files.begin(), files.end());
  report_args.insert(report_args.end(), {"--format", "csv"});
  auto report = RunReferral(report_args);
  INFO(report.err);
  CHECK(report.exit_code == 0);  // rotation lines are not malformed lines
  CHECK_THAT(report.out, Catch::Contains("duty_awaiting_review"));

  auto bad = RunReferral({"serve", "--record", records.string(), "--rotate", "weekly"});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("--rotate `weekly`"));
  auto zero = RunReferral({"route", kGirl, "--record", records.string(), "--rotate", "0M"});
  CHECK(zero.exit_code == 2);
  CHECK_THAT(zero.err, Catch::Contains("--rotate `0M`"));
  // A rotation with nothing to rotate is a mistake, not a silent no-op.
  for (const char* command : {"serve", "route"}) {
    INFO(command);
    auto alone = RunReferral({command, kGirl, "--rotate", "daily"});
    CHECK(alone.exit_code == 2);
    CHECK_THAT(alone.err, Catch::Contains("--rotate requires --record"));
  }
}

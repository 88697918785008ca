// VerifyRecords: walk each chain, recompute what each record claims, check
// every review as strictly as every decision, replay every decision with the
// rule set of its own digest.
#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "record/record_input.h"
#include "referral/engine.h"
#include "diag/diag_sink.h"
#include "referral/record.h"
#include "util/date.h"
#include "util/json_text.h"
#include "util/sha256.h"

namespace referral {

namespace {

using ojson = nlohmann::ordered_json;

const std::string kGenesis(64, '0');

using internal::Sha256Hex;

// The parts of a decision a replay must reproduce, as the record holds them.
ojson RecordedOutcome(const ojson& j) {
  ojson out;
  for (const char* key : {"outcome", "reason", "follow_up", "referrals", "fired_rules", "warnings"}) {
    out[key] = j.contains(key) ? j[key] : ojson(nullptr);
  }
  return out;
}

std::string Str(const ojson& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

bool IsHex(const std::string& s, size_t n) {
  return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// A record file read whole: its lines, the first record's prev_hash and the
// last record's hash (how files of one rotated chain link up).
struct RecordFile {
  std::filesystem::path path;
  std::vector<std::string> lines;
  bool readable = true;
  bool torn = false;  // the last line has no newline
  std::string first_prev;
  std::string last_hash;
};

RecordFile ReadRecordFile(const std::filesystem::path& path) {
  RecordFile f;
  f.path = path;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    f.readable = false;
    return f;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  f.torn = !text.empty() && text.back() != '\n';
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    f.lines.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  if (!f.lines.empty()) {
    f.first_prev = Str(ojson::parse(f.lines.front(), nullptr, false), "prev_hash");
    f.last_hash = Sha256Hex(f.lines.back());
  }
  return f;
}

// Orders files into chains: a file whose first record links to another
// file's last record follows it (a rotated sequence); the others start a
// chain of their own (one per replica, say). Returns chains of file indices.
std::vector<std::vector<size_t>> Chains(const std::vector<RecordFile>& files) {
  std::map<std::string, size_t> by_last;  // last hash -> file
  for (size_t i = 0; i < files.size(); ++i) {
    if (!files[i].lines.empty()) by_last.emplace(files[i].last_hash, i);
  }
  std::vector<bool> placed(files.size(), false);
  std::vector<std::vector<size_t>> chains;
  auto follow = [&](size_t start) {
    std::vector<size_t> chain;
    for (size_t at = start; !placed[at];) {
      placed[at] = true;
      chain.push_back(at);
      // The file whose first record links to this one's last.
      size_t next = files.size();
      for (size_t j = 0; j < files.size(); ++j) {
        if (!placed[j] && !files[at].lines.empty() && files[j].first_prev == files[at].last_hash) {
          next = j;
          break;
        }
      }
      if (next == files.size()) break;
      at = next;
    }
    chains.push_back(std::move(chain));
  };
  for (size_t i = 0; i < files.size(); ++i) {
    const bool continues = by_last.count(files[i].first_prev) && by_last[files[i].first_prev] != i;
    if (!placed[i] && !continues) follow(i);
  }
  for (size_t i = 0; i < files.size(); ++i) {
    if (!placed[i]) follow(i);  // a loop of files: start anywhere, the chain check reports it
  }
  return chains;
}

// What verify remembers of a decision, for the reviews that follow it.
struct Decided {
  long line = 0;
  std::string decided_at;
  const Ruleset* rules = nullptr;
  std::vector<std::string> duties;  // services referred under a basis other than consent
};

class Verifier {
 public:
  Verifier(VerifyReport& report, const std::function<const Ruleset*(const std::string&)>& rules_for, Lang lang)
      : report_(report), rules_for_(rules_for), lang_(lang) {}

  // Verifies one chain of files, in order.
  void Chain(const std::vector<const RecordFile*>& files) {
    decisions_.clear();
    reviewed_.clear();
    std::string expected_prev = kGenesis;
    for (const RecordFile* f : files) {
      file_ = f->path.string();
      if (!f->readable) {
        Problem(0, "record.io", "verify.io", {file_});
        continue;
      }
      long number = 0;
      for (const std::string& line : f->lines) {
        ++number;
        ++report_.records;
        const std::string this_hash = Sha256Hex(line);
        Line(number, line, expected_prev);
        expected_prev = this_hash;
      }
      if (f->torn) {
        Problem(number, "record.torn", "verify.torn", {});
      }
    }
    for (const auto& [id, d] : decisions_) {
      if (reviewed_.count(id)) continue;
      for (const auto& service : d.duties) {
        report_.unreviewed_duties.push_back(internal::RenderMessage("verify.duty_line", lang_, {std::to_string(d.line), id, service}));
      }
    }
    report_.heads.push_back(expected_prev);
    report_.head_hash = expected_prev;
  }

 private:
  // A problem worded from the message catalogue (verify.*), in lang_.
  void Problem(long line, const char* code, std::string_view message, const std::vector<std::string>& args) {
    report_.problems.push_back({line, code, internal::RenderMessage(message, lang_, args), file_});
  }

  void Line(long number, const std::string& line, const std::string& expected_prev) {
    ojson j = ojson::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      Problem(number, "record.bad_json", "verify.not_json", {});
      return;
    }
    if (Str(j, "prev_hash") != expected_prev) {
      Problem(number, "record.chain_broken",
              number == 1 && expected_prev == kGenesis ? "verify.not_chain_start" : "verify.chain_broken", {});
    }
    const std::string kind = Str(j, "record");
    if (kind == "rotation") return Rotation(number, j);
    if (kind == "review") return Review(number, j);
    if (kind == "decision") return Decision(number, j);
    Problem(number, "record.bad_json", "verify.unknown_type", {kind});
  }

  // The first line of a file begun by rotation: it links to the last record
  // of the file before it (checked as any prev_hash).
  void Rotation(long number, const ojson& j) {
    for (const char* key : {"previous_file", "rotated_at"}) {
      if (Str(j, key).empty()) return Problem(number, "record.bad_record", "verify.rotation_needs", {key});
    }
    if (!internal::ParseRfc3339(Str(j, "rotated_at"))) {
      return Problem(number, "record.bad_record", "verify.bad_time", {"rotated_at", Str(j, "rotated_at")});
    }
    if (number != 1) Problem(number, "record.bad_record", "verify.rotation_first", {});
  }

  void Review(long number, const ojson& j) {
    ++report_.reviews;
    static const std::vector<std::string> kKeys = {"record", "review_id", "decision_id", "role",
                                                   "action", "reason",    "reviewed_at", "prev_hash"};
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (std::find(kKeys.begin(), kKeys.end(), it.key()) == kKeys.end()) {
        return Problem(number, "record.bad_review", "verify.review_unknown_field", {it.key()});
      }
    }
    for (const auto& key : kKeys) {
      if (!j.contains(key) || !j[key].is_string() || j[key].get<std::string>().empty()) {
        return Problem(number, "record.bad_review", "verify.review_needs", {key});
      }
    }
    const std::string id = Str(j, "decision_id"), role = Str(j, "role"), action = Str(j, "action"),
                      reason = Str(j, "reason"), at = Str(j, "reviewed_at");
    if (action != "accept" && action != "override" && action != "reject") {
      return Problem(number, "record.bad_review", "verify.review_action", {action});
    }
    auto when = internal::ParseRfc3339(at);
    if (!when) return Problem(number, "record.bad_review", "verify.bad_time", {"reviewed_at", at});
    if (internal::ReviewId(id, role, action, reason, at, Str(j, "prev_hash")) != Str(j, "review_id")) {
      return Problem(number, "record.altered", "verify.review_altered", {Str(j, "review_id")});
    }
    auto decided = decisions_.find(id);
    if (decided == decisions_.end()) {
      return Problem(number, "record.unknown_decision", "verify.review_unknown_decision", {id});
    }
    auto decided_at = internal::ParseRfc3339(decided->second.decided_at);
    if (decided_at && *when < *decided_at) {
      return Problem(number, "record.bad_review", "verify.review_before", {at, decided->second.decided_at});
    }
    if (const Ruleset* rules = decided->second.rules) {
      const auto& roles = rules->review_roles();
      const auto& reasons = rules->review_reasons();
      if (std::find(roles.begin(), roles.end(), role) == roles.end()) {
        return Problem(number, "record.bad_review", "verify.review_role", {role, rules->id(), rules->version()});
      }
      if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end()) {
        return Problem(number, "record.bad_review", "verify.review_reason", {reason, rules->id(), rules->version()});
      }
    }
    reviewed_.insert(id);
  }

  void Decision(long number, const ojson& j) {
    ++report_.decisions;
    const std::string id = Str(j, "decision_id");
    const std::string decided_at = Str(j, "decided_at");
    if (!IsHex(id, 32)) return Problem(number, "record.bad_record", "verify.bad_decision_id", {id});
    if (!internal::ParseRfc3339(decided_at)) {
      return Problem(number, "record.bad_record", "verify.bad_time", {"decided_at", decided_at});
    }
    if (!ids_.insert(id).second) {
      Problem(number, "record.duplicate_id", "verify.duplicate_id", {id});
    }
    const ojson& ruleset = j.contains("ruleset") ? j["ruleset"] : ojson::object();
    const std::string digest = Str(ruleset, "digest");
    const ojson input = j.contains("input") ? j["input"] : ojson(nullptr);
    const std::string input_digest = Sha256Hex(internal::JsonText(input));
    // Since 0.2 the id also hashes the previous record's hash (unique within
    // a chain); records written before it hash only the first three.
    const bool id_ok = internal::DecisionId(digest, input_digest, decided_at, Str(j, "prev_hash")) == id ||
                       internal::DecisionId(digest, input_digest, decided_at, "") == id;
    if (input_digest != Str(j, "input_digest") || !id_ok) {
      Problem(number, "record.altered", "verify.decision_altered", {id});
    }
    Decided& d = decisions_[id];
    d.line = number;
    d.decided_at = decided_at;
    if (j.contains("referrals") && j["referrals"].is_array()) {
      for (const auto& r : j["referrals"]) {
        if (Str(r, "legal_basis") != "consent") d.duties.push_back(Str(r, "service"));
      }
    }
    const Ruleset* rules = rules_for_(digest);
    d.rules = rules;
    if (!rules) {
      return Problem(number, "record.unknown_digest", "verify.unknown_digest", {id, digest});
    }
    std::string error;
    std::string replay = internal::ReplayCase(internal::ModelOf(*rules), input, &error);
    if (!error.empty()) {
      return Problem(number, "record.replay_differs", "verify.cannot_rebuild", {id, error});
    }
    DecideOptions options;
    options.trace = TraceLevel::kRules;
    auto replayed = Decide(*rules, replay, options);
    ++report_.replayed;
    if (!replayed.ok()) {
      return Problem(number, "record.replay_differs", "verify.replay_rejects", {id, replayed.status().message()});
    }
    ojson want = RecordedOutcome(j), got = internal::RecordOutcome(*replayed);
    if (want != got) {
      Problem(number, "record.replay_differs", "verify.replay_differs",
              {id, internal::JsonText(got), internal::JsonText(want)});
    }
  }

  VerifyReport& report_;
  const std::function<const Ruleset*(const std::string&)>& rules_for_;
  const Lang lang_;
  std::string file_;
  std::map<std::string, Decided> decisions_;  // of the current chain
  std::set<std::string> reviewed_;            // of the current chain
  std::set<std::string> ids_;                 // of every chain: an id names one decision
};

}  // namespace

VerifyReport VerifyRecords(const std::vector<std::filesystem::path>& paths,
                           const std::function<const Ruleset*(const std::string&)>& rules_for) {
  return VerifyRecords(paths, rules_for, Lang::kEn);
}

VerifyReport VerifyRecords(const std::vector<std::filesystem::path>& paths,
                           const std::function<const Ruleset*(const std::string&)>& rules_for, Lang lang) {
  VerifyReport report;
  std::vector<RecordFile> files;
  for (const auto& p : paths) files.push_back(ReadRecordFile(p));
  Verifier verifier(report, rules_for, lang);
  for (const auto& chain : Chains(files)) {
    std::vector<const RecordFile*> in_order;
    for (size_t i : chain) in_order.push_back(&files[i]);
    verifier.Chain(in_order);
  }
  if (report.heads.size() != 1) report.head_hash.clear();
  return report;
}

VerifyReport VerifyRecords(const std::filesystem::path& path,
                           const std::function<const Ruleset*(const std::string&)>& rules_for) {
  return VerifyRecords(std::vector<std::filesystem::path>{path}, rules_for);
}

}  // namespace referral

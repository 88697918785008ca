// See metrics.h.
#include "serve/metrics.h"

#include <cstdio>
#include <sstream>

namespace referral::cli {

namespace {

// A label value, escaped as the text format requires.
std::string Escaped(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

}  // namespace

void Metrics::Decided(const std::string& outcome, double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  ++outcomes_[outcome];
  ++count_;
  sum_ += seconds;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++buckets_[i];
  }
}

void Metrics::Failed(const std::string& code) {
  std::lock_guard<std::mutex> lock(mu_);
  ++errors_[code];
}

void Metrics::Reloaded(const std::string& refused_code) {
  std::lock_guard<std::mutex> lock(mu_);
  if (refused_code.empty()) {
    ++reloads_ok_;
    return;
  }
  ++reloads_refused_;
  ++refused_by_reason_[refused_code];
}

void Metrics::Request(int status) {
  std::lock_guard<std::mutex> lock(mu_);
  ++statuses_[status];
}

std::string Metrics::Render(const RulesetLabel& rules) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::ostringstream out;
  out << "# HELP referral_ruleset_info The rule set in force.\n"
      << "# TYPE referral_ruleset_info gauge\n"
      << "referral_ruleset_info{id=\"" << Escaped(rules.id) << "\",version=\"" << Escaped(rules.version)
      << "\",digest=\"" << Escaped(rules.digest) << "\"} 1\n";
  out << "# HELP referral_decisions_total Cases decided, by outcome.\n"
      << "# TYPE referral_decisions_total counter\n";
  for (const char* o : {"referred", "no_referral", "out_of_scope"}) {
    auto it = outcomes_.find(o);
    out << "referral_decisions_total{outcome=\"" << o << "\"} " << (it == outcomes_.end() ? 0 : it->second) << "\n";
  }
  out << "# HELP referral_errors_total Cases rejected, by error code.\n"
      << "# TYPE referral_errors_total counter\n";
  for (const auto& [code, n] : errors_) out << "referral_errors_total{code=\"" << Escaped(code) << "\"} " << n << "\n";
  out << "# HELP referral_decision_duration_seconds Time to decide one case.\n"
      << "# TYPE referral_decision_duration_seconds histogram\n";
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    out << "referral_decision_duration_seconds_bucket{le=\"" << Number(kBuckets[i]) << "\"} " << buckets_[i] << "\n";
  }
  out << "referral_decision_duration_seconds_bucket{le=\"+Inf\"} " << count_ << "\n"
      << "referral_decision_duration_seconds_sum " << Number(sum_) << "\n"
      << "referral_decision_duration_seconds_count " << count_ << "\n";
  out << "# HELP referral_reloads_total Rule reloads, by result.\n"
      << "# TYPE referral_reloads_total counter\n"
      << "referral_reloads_total{result=\"ok\"} " << reloads_ok_ << "\n"
      << "referral_reloads_total{result=\"refused\"} " << reloads_refused_ << "\n";
  // Every reason the gate gives, at 0 until it happens, so alerts can be
  // written before the first refusal.
  out << "# HELP referral_reloads_refused_total Rule reloads refused (the old rules kept serving), by reason.\n"
      << "# TYPE referral_reloads_refused_total counter\n";
  std::map<std::string, uint64_t> reasons = refused_by_reason_;
  for (const char* code : {"reload.tests_failed", "reload.tests_invalid", "ruleset.invalid", "ruleset.io"}) {
    reasons.emplace(code, 0);
  }
  for (const auto& [reason, n] : reasons) {
    out << "referral_reloads_refused_total{reason=\"" << Escaped(reason) << "\"} " << n << "\n";
  }
  out << "# HELP referral_http_requests_total HTTP requests answered, by status code.\n"
      << "# TYPE referral_http_requests_total counter\n";
  for (const auto& [status, n] : statuses_) out << "referral_http_requests_total{code=\"" << status << "\"} " << n << "\n";
  return out.str();
}

}  // namespace referral::cli

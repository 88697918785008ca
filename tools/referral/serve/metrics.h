// The sidecar's counters, rendered in Prometheus' text format (GET /metrics).
// No label ever holds case data: outcomes, error codes, status codes and the
// rule set's id, version and digest only.
#ifndef REFERRAL_TOOLS_SERVE_METRICS_H_
#define REFERRAL_TOOLS_SERVE_METRICS_H_

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace referral::cli {

class Metrics {
 public:
  // One decision (single or a batch line): `outcome` on success, else the
  // error code; `seconds` is the time spent deciding it.
  void Decided(const std::string& outcome, double seconds);
  void Failed(const std::string& code);
  // One reload: `refused_code` is empty when it was applied, else the code
  // of the refusal (`ruleset.invalid`, `reload.tests_failed`, ...).
  void Reloaded(const std::string& refused_code);
  void Request(int status);

  struct RulesetLabel {
    std::string id, version, digest;
  };
  std::string Render(const RulesetLabel& rules) const;

  // Upper bounds of the latency histogram, in seconds.
  static constexpr std::array<double, 12> kBuckets = {1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5,
                                                      1e-4, 2.5e-4, 1e-3, 1e-2, 1e-1, 1.0};

 private:
  mutable std::mutex mu_;
  std::map<std::string, uint64_t> outcomes_, errors_;
  std::map<int, uint64_t> statuses_;
  std::array<uint64_t, kBuckets.size()> buckets_{};
  uint64_t count_ = 0;
  double sum_ = 0;
  uint64_t reloads_ok_ = 0, reloads_refused_ = 0;
  std::map<std::string, uint64_t> refused_by_reason_;
};

}  // namespace referral::cli

#endif  // REFERRAL_TOOLS_SERVE_METRICS_H_

// Small-cell suppression: primary and complementary suppression, and, checked
// by exact enumeration independent of the library's own reasoning, that no
// hidden count has only one value consistent with what is published.
#include "report/suppression.h"

#include <catch2/catch.hpp>
#include <random>
#include <set>

#include "engine/report/suppression_check.h"

using referral::Shown;
using referral::internal::Suppress;
using referral::internal::SuppressionLine;
using referral::testing::PossibleValues;

namespace {

SuppressionLine All(size_t n) {
  SuppressionLine line;
  for (size_t i = 0; i < n; ++i) line.cells.push_back(static_cast<int>(i));
  return line;
}

std::vector<Shown> Run(const std::vector<long>& counts, long floor = 0, bool* ok = nullptr) {
  std::vector<Shown> shown;
  bool done = Suppress(counts, std::vector<long>(counts.size(), floor), {All(counts.size())}, 5, &shown);
  if (ok) *ok = done;
  return shown;
}

// Every hidden count keeps two or more possible values, and its true value is one of them.
void RequireNotRecoverable(const std::vector<long>& counts, const std::vector<Shown>& shown, long floor) {
  long sum = 0;
  for (long c : counts) sum += c;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (shown[i] == Shown::kValue) continue;
    std::set<long> values = PossibleValues(counts, shown, floor, sum, 5, i);
    INFO("cell " << i << " of a line of " << counts.size() << ", sum " << sum);
    CHECK(values.count(counts[i]) == 1);
    CHECK(values.size() >= 2);
  }
}

}  // namespace

TEST_CASE("counts below the threshold, zero included, are shown as small", "[report][suppression]") {
  auto shown = Run({0, 3, 4, 5, 40});
  CHECK(shown[0] == Shown::kSmall);
  CHECK(shown[1] == Shown::kSmall);
  CHECK(shown[2] == Shown::kSmall);
  CHECK(shown[3] == Shown::kValue);
  CHECK(shown[4] == Shown::kValue);
}

TEST_CASE("a lone small count gets the smallest other count hidden beside it", "[report][suppression]") {
  auto shown = Run({2, 9, 30, 7}, 1);
  CHECK(shown == std::vector<Shown>{Shown::kSmall, Shown::kValue, Shown::kValue, Shown::kHidden});
  RequireNotRecoverable({2, 9, 30, 7}, shown, 1);
}

TEST_CASE("a complement that would pin the small count is not enough: another is hidden", "[report][suppression]") {
  // 1 + 5 = 6 is the least a "<5" (>= 1) and an "x" (>= 5) can sum to: both would be known.
  auto shown = Run({1, 5, 50}, 1);
  CHECK(shown == std::vector<Shown>{Shown::kSmall, Shown::kHidden, Shown::kHidden});
  RequireNotRecoverable({1, 5, 50}, shown, 1);
}

TEST_CASE("small counts that sum to their least or greatest possible total are protected", "[report][suppression]") {
  // Two listed values with one case each: "<5" + "<5" = 2 would pin both at 1.
  auto ones = Run({1, 1, 20, 30}, 1);
  CHECK(ones[2] == Shown::kHidden);
  RequireNotRecoverable({1, 1, 20, 30}, ones, 1);
  // Zeros: all-zero small cells would be known to be zero.
  auto zeros = Run({0, 0, 12});
  CHECK(zeros[2] == Shown::kHidden);
  // All at the top of the range (4 + 4 = 8 is the greatest two "<5" can sum to).
  auto fours = Run({4, 4, 12}, 1);
  CHECK(fours[2] == Shown::kHidden);
  RequireNotRecoverable({4, 4, 12}, fours, 1);
  // Two smalls strictly inside their range need nothing more.
  CHECK(Run({1, 3, 12}, 1) == std::vector<Shown>{Shown::kSmall, Shown::kSmall, Shown::kValue});
}

TEST_CASE("a line that cannot be protected is withheld whole", "[report][suppression]") {
  bool ok = false;
  auto shown = Run({0, 0, 5}, 0, &ok);  // 0 + 0 + x = 5: x >= 5 would give every cell away
  CHECK(ok);
  CHECK(shown == std::vector<Shown>{Shown::kHidden, Shown::kHidden, Shown::kHidden});
  RequireNotRecoverable({0, 0, 5}, shown, 0);
  auto single = Run({3}, 1, &ok);  // one value: its count is the total
  CHECK_FALSE(ok);
}

TEST_CASE("lines are protected independently", "[report][suppression]") {
  std::vector<long> counts{2, 30, 40, 9, 9, 9};
  std::vector<Shown> shown;
  REQUIRE(Suppress(counts, std::vector<long>(6, 0), {{{0, 1, 2}}, {{3, 4, 5}}}, 5, &shown));
  CHECK(shown == std::vector<Shown>{Shown::kSmall, Shown::kHidden, Shown::kValue, Shown::kValue, Shown::kValue,
                                    Shown::kValue});
}

TEST_CASE("no hidden count can be worked out from the others and the total (random lines)",
          "[report][suppression]") {
  std::mt19937 rng(20260301);
  for (int trial = 0; trial < 3000; ++trial) {
    const size_t n = 1 + rng() % 7;
    const long floor = static_cast<long>(rng() % 2);
    std::vector<long> counts;
    for (size_t i = 0; i < n; ++i) {
      // Mostly small counts, some just over the threshold, a few large.
      const int kind = static_cast<int>(rng() % 10);
      counts.push_back(kind < 5 ? floor + static_cast<long>(rng() % (5 - floor))
                                : kind < 8 ? 5 + static_cast<long>(rng() % 3) : 5 + static_cast<long>(rng() % 40));
    }
    long sum = 0;
    for (long c : counts) sum += c;
    if (sum == 0) continue;  // a published total of 0 says every count is 0: nobody to protect
    bool ok = false;
    auto shown = Run(counts, floor, &ok);
    INFO("trial " << trial);
    if (!ok) {
      CHECK(n == 1);
      continue;
    }
    RequireNotRecoverable(counts, shown, floor);
  }
}

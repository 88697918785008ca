// Calendar dates as days since 1970-01-01 (proleptic Gregorian), and whole
// months between two dates. No time zones: a date is a calendar day.
#ifndef REFERRAL_ENGINE_UTIL_DATE_H_
#define REFERRAL_ENGINE_UTIL_DATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace referral::internal {

// Accepts exactly `YYYY-MM-DD` naming a real day (years 1900..2999).
std::optional<int64_t> ParseDate(std::string_view text);
std::string FormatDate(int64_t days);
// Whole months from `from` to `to` (to >= from). A month is complete when the
// day of the month is reached, or on the last day of a shorter month.
int64_t WholeMonthsBetween(int64_t from, int64_t to);
// A date exactly `months` whole months before `to` (for showing the birth
// date that an age in months implies).
int64_t DateMonthsBefore(int64_t to, int64_t months);

// An instant: seconds since 1970-01-01T00:00:00Z and nanoseconds.
struct Instant {
  int64_t seconds = 0;
  int32_t nanos = 0;
  // The UTC calendar day (days since 1970-01-01; floor division, so before
  // 1970 too).
  int64_t UtcDay() const { return seconds / 86400 - (seconds % 86400 < 0 ? 1 : 0); }
  friend bool operator<(const Instant& a, const Instant& b) {
    return a.seconds != b.seconds ? a.seconds < b.seconds : a.nanos < b.nanos;
  }
};

// An RFC 3339 date-time (`2026-03-01T10:00:00Z`, `2026-03-01T05:00:00.5-05:00`)
// that names a real instant: a real calendar day (years 1900..2999), hours
// 00-23, minutes and seconds 00-59 (a leap second :60 is refused: no clock
// the engine reads gives one, and times must compare as instants), offsets
// within ±23:59. Nothing else.
std::optional<Instant> ParseRfc3339(std::string_view text);

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_UTIL_DATE_H_

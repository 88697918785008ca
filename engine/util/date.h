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

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_UTIL_DATE_H_

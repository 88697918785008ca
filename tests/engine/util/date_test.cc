#include "util/date.h"

#include <catch2/catch.hpp>

using referral::internal::FormatDate;
using referral::internal::ParseDate;
using referral::internal::WholeMonthsBetween;

TEST_CASE("dates parse only as real calendar days", "[date]") {
  CHECK(ParseDate("2026-03-01").has_value());
  CHECK(FormatDate(*ParseDate("2024-02-29")) == "2024-02-29");
  CHECK_FALSE(ParseDate("2026-02-29"));  // not a leap year
  CHECK_FALSE(ParseDate("2026-13-01"));
  CHECK_FALSE(ParseDate("2026/03/01"));
  CHECK_FALSE(ParseDate("26-03-01"));
  CHECK_FALSE(ParseDate("2026-03-01T00:00"));
  CHECK_FALSE(ParseDate(""));
}

TEST_CASE("whole months count a month when the day of the month is reached", "[date]") {
  auto months = [](const char* a, const char* b) { return WholeMonthsBetween(*ParseDate(a), *ParseDate(b)); };
  CHECK(months("2022-12-01", "2026-03-01") == 39);
  CHECK(months("2022-03-02", "2026-03-01") == 47);
  CHECK(months("2022-03-01", "2026-03-01") == 48);
  CHECK(months("2021-03-01", "2026-02-28") == 59);  // one day short of 5 years
  CHECK(months("2021-03-01", "2026-03-01") == 60);
  CHECK(months("2008-03-02", "2026-03-01") == 215);
  CHECK(months("2008-03-01", "2026-03-01") == 216);
  CHECK(months("2026-03-01", "2026-03-01") == 0);
  // Born on the 31st: the month is complete on the last day of a shorter month.
  CHECK(months("2026-01-31", "2026-02-28") == 1);
  CHECK(months("2024-01-31", "2024-02-29") == 1);
  CHECK(months("2024-01-31", "2024-02-28") == 0);
}

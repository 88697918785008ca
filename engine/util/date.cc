// Date parsing and month arithmetic on std::chrono's civil calendar.
#include "util/date.h"

#include <chrono>
#include <cstdio>

namespace referral::internal {

namespace chr = std::chrono;

namespace {
chr::year_month_day FromDays(int64_t days) {
  return chr::year_month_day{chr::sys_days{chr::days{days}}};
}
}  // namespace

std::optional<int64_t> ParseDate(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8};
  const int lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (int i = 0; i < lengths[p]; ++i) {
      char c = t[starts[p] + i];
      if (c < '0' || c > '9') return std::nullopt;
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  if (parts[0] < 1900 || parts[0] > 2999) return std::nullopt;
  chr::year_month_day ymd{chr::year{parts[0]}, chr::month{static_cast<unsigned>(parts[1])},
                          chr::day{static_cast<unsigned>(parts[2])}};
  if (!ymd.ok()) return std::nullopt;
  return chr::sys_days{ymd}.time_since_epoch().count();
}

std::string FormatDate(int64_t days) {
  auto ymd = FromDays(days);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

int64_t WholeMonthsBetween(int64_t from, int64_t to) {
  auto a = FromDays(from);
  auto b = FromDays(to);
  int64_t months = (static_cast<int>(b.year()) - static_cast<int>(a.year())) * 12 +
                   (static_cast<int>(static_cast<unsigned>(b.month())) -
                    static_cast<int>(static_cast<unsigned>(a.month())));
  bool last_day_of_month =
      b.day() == chr::year_month_day_last{b.year(), chr::month_day_last{b.month()}}.day();
  if (b.day() < a.day() && !last_day_of_month) --months;
  return months;
}

int64_t DateMonthsBefore(int64_t to, int64_t months) {
  chr::year_month_day end = FromDays(to);
  chr::year_month_day start = end - chr::months{months};
  if (!start.ok()) start = chr::year_month_day{start.year() / start.month() / chr::last};
  int64_t days = chr::sys_days{start}.time_since_epoch().count();
  // Clamping to the end of a short month can overshoot; step back to an exact count.
  for (int i = 0; i < 31 && WholeMonthsBetween(days, to) < months; ++i) --days;
  return days;
}

}  // namespace referral::internal

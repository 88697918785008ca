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

std::optional<Instant> ParseRfc3339(std::string_view t) {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)
  auto number = [&](size_t at, size_t n, int* out) {
    if (at + n > t.size()) return false;
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      v = v * 10 + (t[i] - '0');
    }
    *out = v;
    return true;
  };
  int hour = 0, minute = 0, second = 0;
  if (t.size() < 20 || (t[10] != 'T' && t[10] != 't') || !number(11, 2, &hour) || t[13] != ':' ||
      !number(14, 2, &minute) || t[16] != ':' || !number(17, 2, &second) || hour > 23 || minute > 59 ||
      second > 59) {
    return std::nullopt;
  }
  auto day = ParseDate(t.substr(0, 10));
  if (!day) return std::nullopt;
  Instant out;
  size_t i = 19;
  if (i < t.size() && t[i] == '.') {
    ++i;
    const size_t start = i;
    int64_t scale = 100000000;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
      out.nanos += static_cast<int32_t>((t[i] - '0') * scale);
      scale /= 10;
      ++i;
    }
    if (i == start) return std::nullopt;
  }
  int64_t offset = 0;
  if (i + 1 == t.size() && (t[i] == 'Z' || t[i] == 'z')) {
    offset = 0;
  } else {
    int oh = 0, om = 0;
    if (i + 6 != t.size() || (t[i] != '+' && t[i] != '-') || !number(i + 1, 2, &oh) || t[i + 3] != ':' ||
        !number(i + 4, 2, &om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset = (t[i] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
  }
  out.seconds = *day * 86400 + hour * 3600 + minute * 60 + second - offset;
  return out;
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

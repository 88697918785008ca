// The order diagnostics are shown in: by file, line and column.
#ifndef REFERRAL_ENGINE_DIAG_DIAG_ORDER_H_
#define REFERRAL_ENGINE_DIAG_DIAG_ORDER_H_

#include "referral/diagnostic.h"

namespace referral::internal {

inline bool DiagnosticBefore(const Diagnostic& a, const Diagnostic& b) {
  if (a.file != b.file) return a.file < b.file;
  if (a.line != b.line) return a.line < b.line;
  return a.column < b.column;
}

}  // namespace referral::internal

#endif  // REFERRAL_ENGINE_DIAG_DIAG_ORDER_H_

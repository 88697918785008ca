#!/usr/bin/env bash
# The ABI check catches what breaks binaries and lets additions through:
# a tiny library (a public struct returned inside a std::vector, a pimpl
# whose state is private) built in versions that each make one kind of
# change, compared with the first by abi_check.sh.
# Usage: abi_check_test.sh SOURCE_DIR
set -euo pipefail
src=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/baseline"
cp "$src/tests/abi/suppressions.ini" "$work/baseline/"

# build NAME EXTRA_MEMBER EXTRA_FUNCTION IMPL_MEMBER: libtiny.so (SONAME libtiny.so.0) in $work/NAME
build() {
  mkdir -p "$work/$1"
  cat > "$work/$1/tiny.cc" <<CC
#include <memory>
#include <string>
#include <vector>
namespace referral {
struct Item { std::string name; long count = 0; $2 };
class Handle {
 public:
  Handle();
  ~Handle();
  int Get() const;
 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};
struct Handle::Impl { int value = 1; $4 };
Handle::Handle() : impl_(new Impl) {}
Handle::~Handle() = default;
int Handle::Get() const { return impl_->value; }
__attribute__((visibility("default"))) std::vector<Item> Items() { return {Item{"a", 1}}; }
$3
}  // namespace referral
CC
  g++ -std=c++17 -g -O2 -shared -fPIC -Wl,-soname,libtiny.so.0 -o "$work/$1/libtiny.so" "$work/$1/tiny.cc"
}

# expect NAME WANT(pass|fail) TEXT: abi_check.sh's verdict on version NAME, and TEXT in what it says.
expect() {
  local out rc=0
  out=$(bash "$src/tests/abi/abi_check.sh" "$work/baseline" "$work/$1/libtiny.so" 2>&1) || rc=$?
  if [[ $2 == pass && $rc != 0 ]] || [[ $2 == fail && $rc == 0 ]] || ! grep -qF -- "$3" <<<"$out"; then
    echo "version $1: wanted $2 with '$3'; got status $rc:"; echo "$out"; exit 1
  fi
  echo "version $1: $2 ($3)"
}

old='__attribute__((visibility("default"))) int Old() { return 1; }'
build v1 "" "$old" ""
bash "$src/tests/abi/abi_check.sh" --update "$work/baseline" "$work/v1/libtiny.so" >/dev/null
expect v1 pass "libtiny.so.0 unchanged"
build added "" "$old"' __attribute__((visibility("default"))) int Added() { return 2; }' ""
expect added pass "referral::Added()"
build private "" "$old" "int more = 2;"
expect private pass "libtiny.so.0 unchanged"
build member "int extra = 0;" "$old" ""
expect member fail "'int extra'"
build removed "" "" ""
expect removed fail "referral::Old()"

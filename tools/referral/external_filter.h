// Running another program as a filter (text in on its standard input, text
// out of its standard output), without a shell: used to turn DOT into SVG with
// Graphviz's `dot`. The library never starts processes; only the program does.
#ifndef REFERRAL_TOOLS_EXTERNAL_FILTER_H_
#define REFERRAL_TOOLS_EXTERNAL_FILTER_H_

#include <optional>
#include <string>
#include <vector>

namespace referral::cli {

// The path of an executable `program` in a folder of $PATH, searched as
// execvp does; nullopt when there is none (or PATH is unset or empty).
std::optional<std::string> FindOnPath(const std::string& program);

struct FilterResult {
  int exit_code = -1;  // 128 + signal if it was killed
  std::string out;
  std::string err;
};

// Runs `path` with `args` (each one argument, no shell), writing `input` to its
// standard input while reading its standard output and error, so neither side
// blocks on a full pipe. nullopt (with `*why` set) if it could not be started.
std::optional<FilterResult> RunFilter(const std::string& path, const std::vector<std::string>& args,
                                      const std::string& input, std::string* why);

// `dot_text` drawn as SVG by Graphviz's `dot` at `dot`; nullopt (with `*why`
// saying what failed) when it could not run or failed.
std::optional<std::string> DotToSvg(const std::string& dot, const std::string& dot_text, std::string* why);

}  // namespace referral::cli

#endif  // REFERRAL_TOOLS_EXTERNAL_FILTER_H_

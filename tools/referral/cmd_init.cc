// `referral init DIR --extends BASE [--areas A,B]`: the files of a new
// overlay, never over an existing file.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli_common.h"
#include "commands.h"
#include "referral/diagnostic.h"
#include "referral/ruleset.h"

namespace referral::cli {

int RunInit(const InitArgs& args) {
  namespace fs = std::filesystem;
  const fs::path dir(args.dir);
  const std::string id = args.id.empty() ? fs::absolute(dir).lexically_normal().filename().string() : args.id;
  auto files = OverlayStarter(args.extends, dir, id, args.areas);
  const Lang lang = ParseLang(args.lang, Lang::kEn);
  if (!files.ok()) {
    std::cerr << "referral: " << files.status().code() << ": " << files.status().message() << "\n";
    return kExitFailed;
  }
  std::error_code ec;
  for (const auto& [name, text] : *files) {
    if (fs::exists(dir / name, ec)) {
      std::cerr << "referral: " << MessageOf("cli.init_exists", lang, {(dir / name).string()}) << "\n";
      return kExitUsage;
    }
  }
  for (const auto& [name, text] : *files) {
    fs::create_directories((dir / name).parent_path(), ec);
    std::ofstream out(dir / name, std::ios::binary);
    out << text;
    if (!out.flush()) {
      std::cerr << "referral: " << MessageOf("cli.cannot_write", lang, {(dir / name).string(), "write failed"}) << "\n";
      return kExitCannotRun;
    }
    std::cout << (dir / name).string() << "\n";
  }
  // The overlay now declares its base's language (through `extends`).
  std::cout << MessageOf("cli.init_next", ParseLang(args.lang, DeclaredLanguage(dir).value_or(lang)), {dir.string()})
            << "\n";
  return kExitOk;
}

}  // namespace referral::cli

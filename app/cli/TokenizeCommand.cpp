// `tokenize (MODEL_DIR | tokenizer.json) [--text TEXT | --file F] [--with-bos] [--json]`:
// prints token ids like llama.cpp's llama-tokenize. Plain output: the ids of the whole input,
// space-separated, on one line. --json: one JSON array per input line (each line encoded on its
// own, without its newline). Input comes from --text, --file, or standard input.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli/CommandUsage.h"
#include "app/cli/Commands.h"
#include "inference/text/Tokenizer.h"

namespace gwb::cli {

namespace {

std::string readInput(const std::optional<std::string>& text, const std::optional<std::string>& file) {
  if (text && file) throw UsageError("give either --text or --file, not both");
  if (text) return *text;
  if (file) {
    std::ifstream in(*file, std::ios::binary);
    if (!in) throw UsageError("cannot open --file '" + *file + "'");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  return {std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
}

std::string tokenizerPath(const std::string& arg) {
  namespace fs = std::filesystem;
  return fs::is_directory(arg) ? (fs::path(arg) / "tokenizer.json").string() : arg;
}

void printIds(const std::vector<int32_t>& ids, bool json) {
  std::string line = json ? "[" : "";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) line += json ? ", " : " ";
    line += std::to_string(ids[i]);
  }
  if (json) line += "]";
  std::printf("%s\n", line.c_str());
}

}  // namespace

std::string tokenizeUsage() {
  static const OptionHelp kOptions[] = {
      {"MODEL_DIR | tokenizer.json", "the tokenizer: a model folder's tokenizer.json or the file itself"},
      {"--text TEXT", "the input text (default: standard input)"},
      {"--file FILE", "read the input from FILE (default: standard input)"},
      {"--with-bos", "put the BOS id first (default off)"},
      {"--json", "one JSON array per input line, each line encoded on its own (default: one line of ids)"},
  };
  return "usage: gemma-workbench-cli tokenize (MODEL_DIR | tokenizer.json) [--text TEXT | --file FILE] [--with-bos] "
         "[--json]\n\n"
         "Prints the token ids of the input like llama.cpp's llama-tokenize.\n\n" +
         formatOptions("options", kOptions);
}

int runTokenize(CliArgs& args) {
  const bool withBos = args.flag("with-bos");
  const bool json = args.flag("json");
  const auto text = args.option("text");
  const auto file = args.option("file");
  const std::string source = args.positional(0, "MODEL_DIR or tokenizer.json");
  args.rejectUnknown();
  if (args.positionals().size() > 1) throw UsageError("unexpected argument '" + args.positionals()[1] + "'");

  const text::Tokenizer tok = text::Tokenizer::fromFile(tokenizerPath(source));
  const std::string input = readInput(text, file);
  if (!json) {
    printIds(tok.encode(input, withBos), false);
    return 0;
  }
  std::istringstream lines(input);
  std::string line;
  while (std::getline(lines, line)) printIds(tok.encode(line, withBos), true);
  return 0;
}

}  // namespace gwb::cli

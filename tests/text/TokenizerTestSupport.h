#pragma once
// Helpers shared by the tokenizer tests: fixture paths, file reading, readable id lists and
// random text.
#include <QString>

#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "TestFiles.h"

namespace gwb::text::test {

// ../shared/fixtures/<relative>
std::string sharedFixture(const std::string& relative);
// GWB_TEST_DATA_DIR/tokenizers/<name>/tokenizer.json (name: "gemma3" or "gemma4")
std::string realTokenizerPath(const std::string& name);
bool fileExists(const std::string& path);
using gwb::test::readFile;

// "9259 1902" — for QCOMPARE messages that show which ids differ.
QString idsToString(std::span<const int32_t> ids);

// Random UTF-8 text mixing ASCII words, spaces, tabs, newlines, control characters, and code
// points from every plane (never surrogates, never U+2581 "▁", which decodes as a space).
// pieces: extra strings (e.g. added tokens) to splice in now and then.
std::string randomText(std::mt19937& rng, size_t maxChars, const std::vector<std::string>& pieces);
// Random bytes: mostly invalid UTF-8 mixed with ASCII.
std::string randomBytes(std::mt19937& rng, size_t maxBytes);

}  // namespace gwb::text::test

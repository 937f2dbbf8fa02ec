#include "TokenizerTestSupport.h"

#include <QStringList>

#include <fstream>

#include "inference/text/Utf8.h"

namespace gwb::text::test {

std::string sharedFixture(const std::string& relative) {
  return std::string(GWB_SHARED_DIR) + "/fixtures/" + relative;
}

std::string realTokenizerPath(const std::string& name) {
  return std::string(GWB_TEST_DATA_DIR) + "/tokenizers/" + name + "/tokenizer.json";
}

bool fileExists(const std::string& path) { return std::ifstream(path).good(); }

QString idsToString(std::span<const int32_t> ids) {
  QStringList parts;
  for (int32_t id : ids) parts << QString::number(id);
  return parts.join(' ');
}

std::string randomText(std::mt19937& rng, size_t maxChars, const std::vector<std::string>& pieces) {
  static const char* kWords[] = {"the", "hello", " ", "  ", "\t", "\n", "\n\n", "ing", "Model", "42", ".", ","};
  std::uniform_int_distribution<size_t> lengthDist(0, maxChars);
  std::uniform_int_distribution<int> kindDist(0, 9);
  const size_t n = lengthDist(rng);
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    char32_t cp = 0;
    switch (kindDist(rng)) {
      case 0: case 1: case 2: s += kWords[std::uniform_int_distribution<size_t>(0, std::size(kWords) - 1)(rng)]; continue;
      case 3:
        if (!pieces.empty()) s += pieces[std::uniform_int_distribution<size_t>(0, pieces.size() - 1)(rng)];
        continue;
      case 4: cp = std::uniform_int_distribution<char32_t>(0, 0x7F)(rng); break;        // ASCII incl. NUL
      case 5: cp = std::uniform_int_distribution<char32_t>(0x80, 0x7FF)(rng); break;    // 2-byte
      case 6: cp = std::uniform_int_distribution<char32_t>(0x800, 0xFFFF)(rng); break;  // 3-byte
      case 7: cp = std::uniform_int_distribution<char32_t>(0x10000, 0x10FFFF)(rng); break;
      case 8: cp = std::uniform_int_distribution<char32_t>(0x4E00, 0x9FFF)(rng); break;  // CJK
      default: cp = std::uniform_int_distribution<char32_t>(0x1F300, 0x1FAFF)(rng); break;  // emoji
    }
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0x2581) cp = 'x';
    appendUtf8(s, cp);
  }
  return s;
}

std::string randomBytes(std::mt19937& rng, size_t maxBytes) {
  std::uniform_int_distribution<size_t> lengthDist(1, maxBytes);
  std::uniform_int_distribution<int> byteDist(0, 255);
  std::string s(lengthDist(rng), '\0');
  for (char& c : s) c = static_cast<char>(byteDist(rng));
  return s;
}

}  // namespace gwb::text::test

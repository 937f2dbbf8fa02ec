#include "shaders/spirv/CoopMatKhrRewrite.h"

#include <map>
#include <string>

namespace gwb::spirv {
namespace {

// Opcodes and enumerants. Debian 12's SPIR-V headers predate SPV_KHR_cooperative_matrix, so the
// KHR values are spelled out here (SPIR-V registry, SPV_KHR_cooperative_matrix revision 3).
constexpr uint32_t kMagic = 0x07230203;
constexpr uint32_t kHeaderWords = 5;
constexpr uint32_t kOpExtension = 10, kOpCapability = 17, kOpTypeInt = 21, kOpConstantTrue = 41,
                   kOpConstant = 43;
constexpr uint32_t kOpTypeNv = 5358, kOpLoadNv = 5359, kOpStoreNv = 5360, kOpMulAddNv = 5361, kOpLengthNv = 5362;
constexpr uint32_t kOpTypeKhr = 4456, kOpLoadKhr = 4457, kOpStoreKhr = 4458, kOpMulAddKhr = 4459,
                   kOpLengthKhr = 4460;
constexpr uint32_t kCapabilityNv = 5357, kCapabilityKhr = 6022;
constexpr uint32_t kUseA = 0, kUseB = 1, kUseAccumulator = 2;  // CooperativeMatrixUse
constexpr uint32_t kRowMajor = 0, kColumnMajor = 1;           // CooperativeMatrixLayout

struct Instruction {
  uint32_t opcode;
  std::span<const uint32_t> words;  // including the first (word count | opcode)
};

std::vector<Instruction> decode(std::span<const uint32_t> words) {
  if (words.size() < kHeaderWords || words[0] != kMagic) throw RewriteError("not a SPIR-V module");
  std::vector<Instruction> out;
  for (size_t i = kHeaderWords; i < words.size();) {
    const uint32_t count = words[i] >> 16;
    if (count == 0 || i + count > words.size()) throw RewriteError("truncated SPIR-V instruction");
    out.push_back({words[i] & 0xffffu, words.subspan(i, count)});
    i += count;
  }
  return out;
}

std::string literalString(std::span<const uint32_t> w) {
  std::string s;
  for (uint32_t x : w) {
    for (int b = 0; b < 4; ++b) {
      const char c = char((x >> (8 * b)) & 0xffu);
      if (c == '\0') return s;
      s += c;
    }
  }
  return s;
}

void appendString(std::vector<uint32_t>& out, const std::string& s) {
  const size_t words = s.size() / 4 + 1;  // with the terminating NUL
  for (size_t i = 0; i < words; ++i) {
    uint32_t x = 0;
    for (size_t b = 0; b < 4; ++b) {
      const size_t at = i * 4 + b;
      if (at < s.size()) x |= uint32_t(uint8_t(s[at])) << (8 * b);
    }
    out.push_back(x);
  }
}

void append(std::vector<uint32_t>& out, uint32_t opcode, std::initializer_list<uint32_t> operands,
            std::span<const uint32_t> tail = {}) {
  out.push_back(uint32_t((1 + operands.size() + tail.size()) << 16) | opcode);
  out.insert(out.end(), operands.begin(), operands.end());
  out.insert(out.end(), tail.begin(), tail.end());
}

// Instructions whose word 1 is a result type and word 2 the result: the ones that can produce a
// cooperative matrix value in glslang's output (the MulAdd operands are traced through them).
bool producesValue(uint32_t opcode) {
  switch (opcode) {
    case 1:    // OpUndef
    case 44:   // OpConstantComposite
    case 46:   // OpConstantNull
    case 61:   // OpLoad
    case 80:   // OpCompositeConstruct
    case 81:   // OpCompositeExtract
    case 83:   // OpCopyObject
    case 115:  // OpFConvert
    case 127:  // OpFNegate
    case 129:  // OpFAdd
    case 131:  // OpFSub
    case 133:  // OpFMul
    case 136:  // OpFDiv
    case 143:  // OpMatrixTimesScalar
    case 169:  // OpSelect
    case 245:  // OpPhi
    case kOpLoadNv:
    case kOpMulAddNv:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::vector<uint32_t> rewriteNvCoopMatToKhr(std::span<const uint32_t> words) {
  const std::vector<Instruction> code = decode(words);

  // Every value's type (instructions with a result type carry it in word 1 and the result in
  // word 2; only the cooperative-matrix typed ones matter below), the matrix types, the uint type
  // and the `true` constant (NV's ColumnMajor operand).
  std::map<uint32_t, uint32_t> valueType;
  std::map<uint32_t, uint32_t> use;  // matrix type -> CooperativeMatrixUse
  uint32_t uintType = 0, trueId = 0;
  bool hasNv = false;
  for (const Instruction& in : code) {
    if (in.opcode == kOpTypeNv) {
      use.emplace(in.words[1], ~0u);
      hasNv = true;
    } else if (in.opcode == kOpTypeInt && in.words.size() == 4 && in.words[2] == 32 && in.words[3] == 0) {
      uintType = in.words[1];
    } else if (in.opcode == kOpConstantTrue) {
      trueId = in.words[2];
    }
  }
  if (!hasNv) throw RewriteError("the module has no NV cooperative matrix type");
  if (uintType == 0) throw RewriteError("the module declares no 32-bit unsigned int type");
  for (const Instruction& in : code) {
    if (producesValue(in.opcode) && in.words.size() >= 3 && use.count(in.words[1]) != 0) {
      valueType[in.words[2]] = in.words[1];
    }
  }
  auto assign = [&](uint32_t type, uint32_t role) {
    uint32_t& u = use.at(type);
    if (u != ~0u && u != role) {
      throw RewriteError("cooperative matrix type %" + std::to_string(type) +
                         " is used in two roles (A and B, or an operand and the accumulator): build the "
                         "kernel with distinct A, B and accumulator shapes");
    }
    u = role;
  };
  for (const Instruction& in : code) {
    if (in.opcode != kOpMulAddNv) continue;
    // OpCooperativeMatrixMulAddNV ResultType Result A B C
    assign(in.words[1], kUseAccumulator);
    const uint32_t roles[] = {kUseA, kUseB, kUseAccumulator};
    for (int k = 0; k < 3; ++k) {
      const auto t = valueType.find(in.words[3 + k]);
      if (t == valueType.end()) throw RewriteError("a MulAdd operand has no cooperative matrix type");
      assign(t->second, roles[k]);
    }
  }
  for (const auto& [type, u] : use) {
    if (u == ~0u) throw RewriteError("cooperative matrix type %" + std::to_string(type) + " is used by no MulAdd");
  }

  // New constants: the Use and layout enumerants as uint ids, declared right after the uint type.
  uint32_t bound = words[3];
  std::map<uint32_t, uint32_t> constantId;  // value -> id
  for (uint32_t v : {0u, 1u, 2u}) constantId[v] = bound++;

  std::vector<uint32_t> out(words.begin(), words.begin() + kHeaderWords);
  out[3] = bound;
  auto layoutOf = [&](uint32_t columnMajor) {
    return constantId.at(columnMajor == trueId && trueId != 0 ? kColumnMajor : kRowMajor);
  };
  for (const Instruction& in : code) {
    const std::span<const uint32_t> w = in.words;
    switch (in.opcode) {
      case kOpCapability:
        append(out, kOpCapability, {w[1] == kCapabilityNv ? kCapabilityKhr : w[1]});
        break;
      case kOpExtension: {
        std::string name = literalString(w.subspan(1));
        if (name == "SPV_NV_cooperative_matrix") name = "SPV_KHR_cooperative_matrix";
        const size_t at = out.size();
        out.push_back(0);
        appendString(out, name);
        out[at] = uint32_t((out.size() - at) << 16) | kOpExtension;
        break;
      }
      case kOpTypeInt:
        out.insert(out.end(), w.begin(), w.end());
        if (w[1] == uintType) {
          for (const auto& [value, id] : constantId) append(out, kOpConstant, {uintType, id, value});
        }
        break;
      case kOpTypeNv:  // Result ComponentType Scope Rows Columns -> ... Use
        append(out, kOpTypeKhr, {w[1], w[2], w[3], w[4], w[5], constantId.at(use.at(w[1]))});
        break;
      case kOpLoadNv:  // ResultType Result Pointer Stride ColumnMajor [MemoryAccess...]
        append(out, kOpLoadKhr, {w[1], w[2], w[3], layoutOf(w[5]), w[4]}, w.subspan(6));
        break;
      case kOpStoreNv:  // Pointer Object Stride ColumnMajor [MemoryAccess...]
        append(out, kOpStoreKhr, {w[1], w[2], layoutOf(w[4]), w[3]}, w.subspan(5));
        break;
      case kOpMulAddNv:
        append(out, kOpMulAddKhr, {}, w.subspan(1));
        break;
      case kOpLengthNv:
        append(out, kOpLengthKhr, {}, w.subspan(1));
        break;
      default:
        out.insert(out.end(), w.begin(), w.end());
    }
  }
  return out;
}

}  // namespace gwb::spirv

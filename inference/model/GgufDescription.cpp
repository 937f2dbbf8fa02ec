#include "inference/model/GgufDescription.h"

#include <map>
#include <nlohmann/json.hpp>

namespace gwb::model {

std::string llamaFileTypeName(int64_t fileType) {
  switch (fileType) {
    case 0: return "F32";
    case 1: return "F16";
    case 2: return "Q4_0";
    case 3: return "Q4_1";
    case 7: return "Q8_0";
    case 8: return "Q5_0";
    case 9: return "Q5_1";
    case 10: return "Q2_K";
    case 11: return "Q3_K_S";
    case 12: return "Q3_K_M";
    case 13: return "Q3_K_L";
    case 14: return "Q4_K_S";
    case 15: return "Q4_K_M";
    case 16: return "Q5_K_S";
    case 17: return "Q5_K_M";
    case 18: return "Q6_K";
    case 32: return "BF16";
    default: return "file type " + std::to_string(fileType);
  }
}

namespace {

GgufFileDescription describeFile(const GgufFile& f, const char* role) {
  GgufFileDescription d;
  d.path = f.path().string();
  d.role = role;
  d.bytes = f.fileSize();
  d.tensorCount = f.tensors().size();
  std::map<GgmlType, size_t> counts;
  for (const GgufTensor& t : f.tensors()) ++counts[t.type()];
  for (const auto& [type, n] : counts) {
    if (!d.typeSummary.empty()) d.typeSummary += ", ";
    d.typeSummary += std::string(ggmlTypeName(type)) + " " + std::to_string(n);
  }
  return d;
}

}  // namespace

GgufDescription describeGguf(const GgufCheckpoint& g) {
  GgufDescription d;
  const GgufFile& text = g.textFile();
  const auto fileType = text.find("general.file_type") ? text.optInt("general.file_type") : std::nullopt;
  d.quantization = fileType ? llamaFileTypeName(*fileType) : "unknown (no general.file_type)";
  d.files.push_back(describeFile(text, "text"));
  if (g.mmprojFile()) d.files.push_back(describeFile(*g.mmprojFile(), "mmproj"));
  return d;
}

nlohmann::json ggufDescriptionJson(const GgufDescription& d) {
  nlohmann::json files = nlohmann::json::array();
  for (const GgufFileDescription& f : d.files) {
    files.push_back({{"path", f.path}, {"role", f.role}, {"bytes", f.bytes}, {"tensors", f.tensorCount}, {"types", f.typeSummary}});
  }
  return {{"quantization", d.quantization}, {"files", files}};
}

}  // namespace gwb::model

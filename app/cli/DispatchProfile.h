#pragma once
// Per-op GPU profile from per-dispatch timestamps (CommandRecorder::setDispatchTiming): dispatch
// times summed per op family and per pipeline (shader variant). Used by `bench` (decoder) and
// `bench-encoders` (towers).
#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "inference/gpu/CommandRecorder.h"

namespace gwb::cli {

// Op family of a pipeline (shader variant) name.
inline std::string dispatchFamily(const std::string& pipeline) {
  if (pipeline.rfind("matvec", 0) == 0) return "matvec";
  if (pipeline.rfind("matmul", 0) == 0) return "matmul";
  if (pipeline.find("attn") != std::string::npos || pipeline.find("attention") != std::string::npos)
    return "attention";
  if (pipeline.find("norm") != std::string::npos) return "norms";
  return "other";
}

// Sums dispatch timings per family and per pipeline.
struct DispatchProfile {
  std::map<std::string, double> families;
  std::map<std::string, std::pair<double, int>> pipelines;  // ms, dispatches
  double total = 0;

  void add(const std::vector<gpu::RegionTiming>& timings) {
    for (const auto& t : timings) {
      families[dispatchFamily(t.label)] += t.milliseconds;
      auto& p = pipelines[t.label];
      p.first += t.milliseconds;
      p.second += 1;
      total += t.milliseconds;
    }
  }

  // Pipelines, most time first.
  std::vector<std::pair<std::string, std::pair<double, int>>> byTime() const {
    std::vector<std::pair<std::string, std::pair<double, int>>> top(pipelines.begin(), pipelines.end());
    std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) { return a.second.first > b.second.first; });
    return top;
  }

  // Everything divided by `divisor` (e.g. per token or per run).
  nlohmann::json toJson(double divisor) const {
    nlohmann::json fam = nlohmann::json::object();
    for (const char* f : {"matmul", "matvec", "attention", "norms", "other"}) {
      const auto it = families.find(f);
      fam[f] = (it == families.end() ? 0.0 : it->second) / divisor;
    }
    nlohmann::json pipes = nlohmann::json::array();
    for (const auto& [name, v] : byTime()) {
      pipes.push_back({{"pipeline", name}, {"ms", v.first / divisor}, {"dispatches", double(v.second) / divisor}});
    }
    return {{"gpu_ms", total / divisor}, {"families_ms", fam}, {"pipelines", pipes}};
  }
};

}  // namespace gwb::cli

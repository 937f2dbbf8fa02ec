// `bench-matmul`: times every cooperative-matrix tile configuration of the prefill / encoder
// matmul (inference/ops/MatmulCoopMatTiles.h) on the model's real shapes and checks each result
// against the f32 tiled kernel, so a tile can be chosen from one device run.
//   gemma-workbench-cli bench-matmul [--shapes MxNxK,...] [--tiles NAME,...] [--weights bf16,f16]
//                                    [--repeat 10]
// Prints one line per shape, weight type and tile: GPU milliseconds per matmul (timestamps around
// `repeat` back-to-back dispatches after a warm-up), TFLOP/s and max|y - y_f32| / max|y_f32|.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli/CommandUsage.h"
#include "app/cli/Commands.h"
#include "inference/gpu/Buffer.h"
#include "inference/gpu/Device.h"
#include "inference/ops/Elementwise.h"
#include "inference/ops/FillRandom.h"
#include "inference/ops/Matmul.h"
#include "inference/ops/MatmulCoopMatTiles.h"
#include "inference/ops/MatmulSplitK.h"

namespace gwb::cli {

namespace {

struct Shape {
  uint32_t M, N, K;
  std::string what;
};

// E2B text (hidden 1536, q 8x256 / 8x512, kv 256, MLP 6144 / 12288 double wide, PLE 35x256),
// vision (2520 patches, 768 / 3072) and audio (750 frames, 1024 / 4096) projections.
std::vector<Shape> defaultShapes() {
  std::vector<Shape> s;
  for (uint32_t m : {512u, 4096u}) {
    s.push_back({m, 2048, 1536, "q"});
    s.push_back({m, 256, 1536, "k/v"});
    s.push_back({m, 1536, 2048, "o"});
    s.push_back({m, 6144, 1536, "gate/up"});
    s.push_back({m, 1536, 6144, "down"});
    s.push_back({m, 12288, 1536, "gate/up wide"});
    s.push_back({m, 1536, 12288, "down wide"});
    s.push_back({m, 8960, 1536, "ple proj"});
  }
  s.push_back({2520, 768, 768, "vision qkvo"});
  s.push_back({2520, 3072, 768, "vision gate/up"});
  s.push_back({2520, 768, 3072, "vision down"});
  s.push_back({750, 1024, 1024, "audio attn"});
  s.push_back({750, 4096, 1024, "audio ffn up"});
  s.push_back({750, 1024, 4096, "audio ffn down"});
  return s;
}

std::vector<std::string> splitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

Shape parseShape(const std::string& s) {
  unsigned m = 0, n = 0, k = 0;
  if (std::sscanf(s.c_str(), "%ux%ux%u", &m, &n, &k) != 3 || !m || !n || !k) {
    throw UsageError("bench-matmul: --shapes takes MxNxK,... (e.g. 512x2048x1536), not '" + s + "'");
  }
  return {m, n, k, ""};
}

std::vector<float> download(gpu::Device& d, const gpu::Buffer& b, size_t count) {
  std::vector<float> v(count);
  d.download(b.view(0, count * 4), v.data(), count * 4);
  return v;
}

double relativeError(const std::vector<float>& got, const std::vector<float>& want) {
  double diff = 0, ref = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    diff = std::max(diff, double(std::fabs(got[i] - want[i])));
    ref = std::max(ref, double(std::fabs(want[i])));
  }
  return std::isnan(diff) ? INFINITY : diff / std::max(ref, 1e-30);
}

}  // namespace

std::string benchMatmulUsage() {
  static const OptionHelp kOptions[] = {
      {"--shapes MxNxK,...", "matmul shapes to time (default: the model's prefill and encoder shapes)"},
      {"--tiles NAME,...", "cooperative-matrix tile configurations to time (default: all)"},
      {"--k-layers N,...", "k splits across workgroups to time per tile (default: 1, none; 0: the product's pick)"},
      {"--weights bf16,f16,f32", "weight types to time (default bf16)"},
      {"--x-type f32|f16", "x as the matmul reads it: f32, or f16 as the text decoder's prefill hands it over "
                           "(default f32)"},
      {"--forms auto,nv,khr", "tile builds to time: the product's choice, the NV or the KHR cooperative-matrix build "
                              "(default auto)"},
      {"--repeat N", "back-to-back dispatches timed per line, 1 to 1000 (default 10)"},
      {"--device INDEX|NAME", "the GPU to use (default: GWB_DEVICE, else the best one found)"},
  };
  return "usage: gemma-workbench-cli bench-matmul [--shapes MxNxK,...] [--tiles NAME,...] [--k-layers N,...] "
         "[--weights bf16,f16,f32] [--x-type f32|f16] [--forms auto,nv,khr] [--repeat N]\n\n"
         "Times every tensor-core matmul tile configuration and checks each result against the f32 kernel.\n\n" +
         formatOptions("options", kOptions);
}

int runBenchMatmul(CliArgs& args) {
  gpu::DeviceOptions options;
  options.deviceOverride = args.option("device", "");
  const std::string shapesArg = args.option("shapes", "");
  const std::string tilesArg = args.option("tiles", "");
  const std::string weightsArg = args.option("weights", "bf16");
  const std::string layersArg = args.option("k-layers", "1");
  const std::string formsArg = args.option("forms", "auto");
  const std::string xArg = args.option("x-type", "f32");
  const int repeat = int(std::clamp<long long>(args.integer("repeat", 10), 1, 1000));
  args.rejectUnknown();

  std::vector<Shape> shapes;
  if (shapesArg.empty()) {
    shapes = defaultShapes();
  } else {
    for (const std::string& s : splitList(shapesArg)) shapes.push_back(parseShape(s));
  }
  std::vector<gpu::DType> weights;
  for (const std::string& w : splitList(weightsArg)) {
    if (w == "bf16") weights.push_back(gpu::DType::BF16);
    else if (w == "f16") weights.push_back(gpu::DType::F16);
    else if (w == "f32") weights.push_back(gpu::DType::F32);
    else throw UsageError("bench-matmul: --weights takes bf16, f16 and f32, not '" + w + "'");
  }
  std::vector<uint32_t> kLayers;
  for (const std::string& l : splitList(layersArg)) {
    if (l.empty() || l.size() > 2 || l.find_first_not_of("0123456789") != std::string::npos) {
      throw UsageError("bench-matmul: --k-layers takes numbers from 0 to 99, not '" + l + "'");
    }
    kLayers.push_back(uint32_t(std::stoul(l)));
  }
  if (kLayers.empty()) kLayers.push_back(1);
  std::vector<std::pair<ops::CoopMatForm, std::string>> forms;
  for (const std::string& f : splitList(formsArg)) {
    if (f == "auto") forms.push_back({ops::CoopMatForm::Auto, ""});
    else if (f == "nv") forms.push_back({ops::CoopMatForm::Nv, " nv"});
    else if (f == "khr") forms.push_back({ops::CoopMatForm::Khr, " khr"});
    else throw UsageError("bench-matmul: --forms takes auto, nv and khr, not '" + f + "'");
  }
  if (forms.empty()) forms.push_back({ops::CoopMatForm::Auto, ""});
  if (xArg != "f32" && xArg != "f16") throw UsageError("bench-matmul: --x-type takes f32 or f16, not '" + xArg + "'");
  const bool xHalf = xArg == "f16";
  std::vector<std::string> tiles = splitList(tilesArg);
  if (tiles.empty()) {
    for (const ops::CoopMatTile& t : ops::coopMatTiles()) tiles.push_back(t.name);
  }

  auto device = gpu::Device::open(options);
  gpu::Device& d = *device;
  const gpu::DeviceInfo& info = d.info();
  std::printf("device: %s, shared memory %u bytes, subgroup %u, KHR cooperative matrix %s\n", info.name.c_str(),
              info.maxSharedMemory, info.subgroupSize, info.coopMatKHR ? "yes" : "no");
  std::printf("%-16s %-20s %-5s %-17s %10s %9s %10s\n", "shape", "what", "w", "tile", "ms", "TFLOP/s", "rel err");

  for (const Shape& s : shapes) {
    const uint64_t nx = uint64_t(s.M) * s.K, nw = uint64_t(s.N) * s.K, ny = uint64_t(s.M) * s.N;
    gpu::Buffer x(d, nx * 4, gpu::MemoryUsage::DeviceLocal, "bench x");
    gpu::Buffer y(d, ny * 4, gpu::MemoryUsage::DeviceLocal, "bench y");
    gpu::Buffer w(d, nw * 4, gpu::MemoryUsage::DeviceLocal, "bench W");
    const uint32_t maxLayers = std::max(4u, *std::max_element(kLayers.begin(), kLayers.end()));
    gpu::Buffer part(d, ops::splitKScratchBytes(maxLayers, s.M, s.N), gpu::MemoryUsage::DeviceLocal,
                     "bench split-k scratch");
    // x in f16: the same values rounded once (ops::toHalf), read by the tiles' _xh builds.
    gpu::Buffer xh(d, xHalf ? nx * 2 : 4, gpu::MemoryUsage::DeviceLocal, "bench x (f16)");
    const ops::MatmulParams p{s.M, s.N, s.K, 0, false, xHalf ? gpu::DType::F16 : gpu::DType::F32};
    const double flop = 2.0 * double(s.M) * s.N * s.K;
    for (gpu::DType wt : weights) {
      const ops::WeightView wv{w.view(0, nw * gpu::dtypeSize(wt)), wt};
      std::vector<float> want;
      {
        gpu::CommandRecorder rec(d);
        ops::OpContext ctx{d, rec};
        // x like a normed activation, W like a fan-in-scaled projection.
        ops::fillRandom(ctx, x.view(), gpu::DType::F32, uint32_t(nx), 11, -2.0f, 2.0f);
        if (xHalf) ops::toHalf(ctx, x.view(), xh.view(), s.M, s.K);
        const float a = float(std::sqrt(3.0 / s.K));
        ops::fillRandom(ctx, wv.view, wt, uint32_t(nw), 12, -a, a);
        ops::matmul(ctx, x.view(), wv, {}, y.view(), {s.M, s.N, s.K}, ops::Variant::Portable);
        rec.submit();
        want = download(d, y, ny);
      }
      const char* wname = wt == gpu::DType::BF16 ? "bf16" : wt == gpu::DType::F16 ? "f16" : "f32";
      const std::string shape = std::to_string(s.M) + "x" + std::to_string(s.N) + "x" + std::to_string(s.K);
      const gpu::BufferView xIn = xHalf ? xh.view() : x.view();
      for (const std::string& tile : tiles) {
        for (const auto& [form, formLabel] : forms) {
          for (uint32_t layers : kLayers) {
            const std::string label = (layers == 1 ? tile : tile + "/k" + std::to_string(layers)) + formLabel;
            try {
              gpu::CommandRecorder rec(d);
              ops::OpContext ctx{d, rec};
              ctx.splitK = part.view();
              rec.fill(y.view(), 0x7fc00000u);  // NaN: an element the kernel misses fails the check
              ops::matmulCoopMatTile(ctx, xIn, wv, {}, y.view(), p, tile, layers, form);
              rec.submit();
              const double err = relativeError(download(d, y, ny), want);
              const uint32_t region = rec.beginRegion("matmul");
              for (int r = 0; r < repeat; ++r) {
                ops::matmulCoopMatTile(ctx, xIn, wv, {}, y.view(), p, tile, layers, form);
              }
              rec.endRegion(region);
              rec.submit();
              const double ms = rec.timings().empty() ? NAN : rec.timings().front().milliseconds / repeat;
              std::printf("%-16s %-20s %-5s %-17s %10.4f %9.1f %10.2e\n", shape.c_str(), s.what.c_str(), wname,
                          label.c_str(), ms, flop / (ms * 1e-3) / 1e12, err);
            } catch (const std::exception& e) {
              std::printf("%-16s %-20s %-5s %-17s skipped: %s\n", shape.c_str(), s.what.c_str(), wname, label.c_str(),
                          e.what());
            }
            std::fflush(stdout);
          }
        }
      }
    }
  }
  return 0;
}

}  // namespace gwb::cli

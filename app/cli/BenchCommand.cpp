// `bench (MODEL | --random-weights CONFIG) [--prompt-tokens 512,4096] [--decode-tokens 256]
//  [--depths 512,4096,32768] [--repeat 3] [--warmup 1] [--prefill-chunk N] [--prefill-attention MODE]
//  [--profile-tokens 4] [--batch 1,4,8] [--batch-depth 512] [--skip-encoders] [--json]`: the speed of the text decoder on this GPU.
//   prefill: wall time of Session::prefill of N pseudo-random ids (chunked as the product does)
//   decode:  wall time of `--decode-tokens` greedy steps after the KV cache holds `depth` tokens.
//            The cache is filled with random K/V (KvCache::fillRandomForBench) instead of a
//            prefill, so a 32k depth costs no 32k prefill; every decode step does the real work.
//   batch:   with --batch B,...: wall time of greedy steps of B sequences decoded together
//            (TextDecoder::forwardBatch), each cache at --batch-depth; tok/s counts all B.
//   profile: GPU timestamps of every dispatch of a few decode steps (and of one prefill), summed
//            per op family (matmul, matvec, attention, norms, other) per token.
//   memory:  peak device memory in use (the allocator's high-water mark).
// Timed numbers are medians of --repeat runs after --warmup untimed ones. Encoder timings and
// time to first token come from benchEncoders (BenchSections.h).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <random>
#include <span>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/cli/CommandUsage.h"
#include "app/cli/BenchSections.h"
#include "app/cli/Commands.h"
#include "app/cli/DispatchProfile.h"
#include "app/cli/ModelArgs.h"
#include "app/cli/PrefillAttentionOption.h"
#include "inference/model/TextConfig.h"
#include "inference/runtime/Session.h"

namespace gwb::cli {

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

std::vector<uint32_t> parseList(const std::string& text, const std::string& option) {
  std::vector<uint32_t> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    try {
      const long long v = std::stoll(item);
      if (v <= 0) throw std::invalid_argument("not positive");
      out.push_back(uint32_t(v));
    } catch (const std::exception&) {
      throw UsageError("--" + option + " takes positive integers separated by commas, got '" + text + "'");
    }
  }
  if (out.empty()) throw UsageError("--" + option + " is empty");
  return out;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n == 0 ? 0.0 : n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// BOS then pseudo-random ids (as `run --prompt-tokens`).
std::vector<int32_t> randomIds(uint32_t n, const model::TextConfig& cfg, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<int32_t> ids{int32_t(cfg.bosTokenId)};
  while (ids.size() < n) ids.push_back(int32_t(rng() % uint32_t(cfg.vocabSize)));
  return ids;
}

}  // namespace

std::string benchUsage() {
  static const OptionHelp kOptions[] = {
      {"--prompt-tokens N,N,...", "prefill lengths to time (default 512,4096)"},
      {"--depths N,N,...", "KV-cache depths to time decode at (default 512,4096,32768)"},
      {"--decode-tokens N", "decode steps timed at each depth (default 256)"},
      {"--repeat N", "timed runs per number; the median is reported (default 3)"},
      {"--warmup N", "untimed runs first (default 1)"},
      {"--prefill-chunk N", "prefill chunk length in tokens (default: the product's choice for this device)"},
      {"--decode-fusion on|off", "residual norms done by the next matvec in decode steps (default: the product's choice)"},
      {"--decode-projection on|off",
       "GeGLU + down and PLE gate + projection as one dispatch each in decode steps (default: on where it runs)"},
      kPrefillAttentionHelp,
      {"--profile-tokens N", "decode steps of the per-op GPU profile (default 4; 0: none)"},
      {"--batch N,N,...", "also time batch decode of N sequences stepped together (e.g. 1,4,8; default: none)"},
      {"--batch-depth N", "KV-cache depth of every sequence in the batch decode timing (default 512)"},
      {"--skip-encoders", "leave out the vision/audio tower timings (default: included)"},
      {"--json", "print a JSON report (default: text)"},
  };
  return "usage: gemma-workbench-cli bench (MODEL | --random-weights CONFIG_JSON) [options]\n\n"
         "Measures prefill, decode at depth, the per-op GPU profile, peak memory and the encoders.\n\n" +
         formatOptions("options", kOptions) + "\n" + modelOptionsUsage();
}

int runBench(CliArgs& args) {
  const bool asJson = args.flag("json");
  const bool skipEncoders = args.flag("skip-encoders");
  const auto prompts = parseList(args.option("prompt-tokens", "512,4096"), "prompt-tokens");
  const auto depths = parseList(args.option("depths", "512,4096,32768"), "depths");
  const long long decodeTokens = args.integer("decode-tokens", 256);
  const long long repeat = args.integer("repeat", 3);
  const long long warmup = args.integer("warmup", 1);
  const long long chunkOption = args.integer("prefill-chunk", 0);
  const auto fusion = args.option("decode-fusion");
  if (fusion && *fusion != "on" && *fusion != "off") throw UsageError("--decode-fusion takes on or off");
  const auto projection = args.option("decode-projection");
  if (projection && *projection != "on" && *projection != "off") {
    throw UsageError("--decode-projection takes on or off");
  }
  const auto prefillAttention = prefillAttentionOption(args);
  const long long profileTokens = args.integer("profile-tokens", 4);
  const auto batches = args.option("batch") ? parseList(*args.option("batch"), "batch") : std::vector<uint32_t>{};
  const long long batchDepth = args.integer("batch-depth", 512);
  if (batchDepth < 0) throw UsageError("--batch-depth must not be negative");
  if (decodeTokens <= 0) throw UsageError("--decode-tokens must be positive");
  if (repeat <= 0 || warmup < 0) throw UsageError("--repeat must be positive and --warmup not negative");
  if (chunkOption < 0) throw UsageError("--prefill-chunk must not be negative (0: the product's choice)");
  if (profileTokens < 0) throw UsageError("--profile-tokens must not be negative");
  OpenedModel m = openModel(args);
  args.rejectUnknown();

  gpu::Device& device = *m.device;
  const model::TextConfig& cfg = m.model->config().text;
  const uint32_t maxPrompt = *std::max_element(prompts.begin(), prompts.end());
  const uint32_t maxDepth = *std::max_element(depths.begin(), depths.end());
  const uint32_t capacity = std::max<uint32_t>(maxPrompt, maxDepth + uint32_t(decodeTokens)) + 1;
  runtime::Session session(*m.model, capacity, uint32_t(chunkOption));
  const uint32_t chunk = session.decoder().maxChunk();
  if (fusion) session.decoder().setDecodeFusion(*fusion == "on");
  if (projection) session.decoder().setDecodeProjection(*projection == "on");
  if (prefillAttention) session.decoder().setPrefillAttention(*prefillAttention);

  json report;
  report["device"] = device.info().name;
  report["model"] = m.model->dir().string();
  report["random_weights"] = m.model->randomWeights();
  if (m.model->textWeights().pleTable) report["ple_table"] = m.model->textWeights().plePlacement.reason;
  report["settings"] = {{"repeat", repeat},         {"warmup", warmup},         {"prefill_chunk", chunk},
                        {"decode_tokens", decodeTokens}, {"context", capacity}, {"kv_cache", "f32"},
                        {"decode_fusion", session.decoder().decodeFusion()},
                        {"decode_projection", session.decoder().decodeFusion() && session.decoder().decodeProjection()}};

  // Prefill at each prompt length (after the GPU has left its idle clocks).
  warmUpGpuClocks([&] {
    session.reset();
    session.prefill(randomIds(prompts.front(), cfg, 1000 + prompts.front()));
  });
  json prefill = json::array();
  for (uint32_t n : prompts) {
    const auto ids = randomIds(n, cfg, 1000 + n);
    std::vector<double> runs, inputsMs, recordMs, submitMs;  // the last chunk's host split per run
    for (long long r = 0; r < warmup + repeat; ++r) {
      session.reset();
      const auto t0 = Clock::now();
      session.prefill(ids);
      if (r < warmup) continue;
      runs.push_back(msSince(t0));
      const auto& host = session.decoder().lastForwardTimes();
      inputsMs.push_back(host.inputsMs);
      recordMs.push_back(host.recordMs);
      submitMs.push_back(host.submitMs);
    }
    const double ms = median(runs);
    std::fprintf(stderr, "prefill %u tokens: %.2f ms (%.0f tok/s; last chunk: host inputs %.2f, recording %.2f, submit to done %.2f)\n",
                 n, ms, n / (ms / 1000.0), median(inputsMs), median(recordMs), median(submitMs));
    prefill.push_back({{"tokens", n},
                       {"median_ms", ms},
                       {"tokens_per_s", n / (ms / 1000.0)},
                       {"runs_ms", runs},
                       {"last_chunk_host_ms", {{"inputs", median(inputsMs)}, {"record", median(recordMs)}, {"submit", median(submitMs)}}}});
  }
  report["prefill"] = prefill;

  // Decode at each depth (greedy, the cache filled with random K/V).
  const runtime::SamplingOptions greedy;
  const int32_t firstToken = int32_t(cfg.bosTokenId) + 7;
  json decode = json::array();
  for (uint32_t depth : depths) {
    std::vector<double> runs;
    for (long long r = 0; r < warmup + repeat; ++r) {
      session.reset();
      session.mutableCache().fillRandomForBench(device, depth, 77 + depth);
      const int steps = r < warmup ? int(std::min<long long>(decodeTokens, 16)) : int(decodeTokens);
      const auto res = session.decodeTokens(firstToken, steps, greedy);
      if (r >= warmup) runs.push_back(res.decodeMs / double(res.ids.size()));
    }
    const double ms = median(runs);
    std::vector<double> tps;
    for (double x : runs) tps.push_back(1000.0 / x);
    std::fprintf(stderr, "decode at depth %u: %.3f ms/token (%.1f tok/s)\n", depth, ms, 1000.0 / ms);
    decode.push_back({{"depth", depth},
                      {"tokens", decodeTokens},
                      {"median_ms_per_token", ms},
                      {"tokens_per_s", 1000.0 / ms},
                      {"runs_tokens_per_s", tps}});
  }
  report["decode"] = decode;

  // Batch decode (TextDecoder::forwardBatch): B sequences, each cache filled to batchDepth with
  // random K/V, stepped together greedily; aggregate tok/s = B tokens per step.
  json batchDecode = json::array();
  for (uint32_t B : batches) {
    std::vector<std::unique_ptr<model::KvCache>> caches;
    std::vector<model::KvCache*> ptrs;
    for (uint32_t b = 0; b < B; ++b) {
      caches.push_back(std::make_unique<model::KvCache>(device, cfg, uint32_t(batchDepth + decodeTokens) + 1));
      caches.back()->fillRandomForBench(device, uint32_t(batchDepth), 91 + b);
      ptrs.push_back(caches.back().get());
    }
    std::vector<double> runs;
    for (long long r = 0; r < warmup + repeat; ++r) {
      for (model::KvCache* c : ptrs) c->setLength(uint32_t(batchDepth));
      std::vector<int32_t> ids(B, firstToken);
      const int steps = r < warmup ? int(std::min<long long>(decodeTokens, 16)) : int(decodeTokens);
      const auto t0 = Clock::now();
      for (int s = 0; s < steps; ++s) {
        session.decoder().forwardBatch(ptrs, ids, model::LogitsRows::LastArgmax);
        ids = session.decoder().greedyIds();
      }
      if (r >= warmup) runs.push_back(msSince(t0) / steps);
    }
    const double ms = median(runs);
    std::fprintf(stderr, "batch decode of %u at depth %lld: %.3f ms/step (%.1f tok/s in all)\n", B, batchDepth, ms,
                 B * 1000.0 / ms);
    batchDecode.push_back({{"batch", B},
                           {"depth", batchDepth},
                           {"steps", decodeTokens},
                           {"median_ms_per_step", ms},
                           {"tokens_per_s", B * 1000.0 / ms},
                           {"runs_ms_per_step", runs}});
  }
  if (!batches.empty()) report["batch_decode"] = batchDecode;

  // Op-family profile from per-dispatch GPU timestamps (the timestamps themselves add a little).
  json profile;
  if (profileTokens > 0) {
    session.decoder().setProfiling(true);
    json perDepth = json::array();
    for (uint32_t depth : depths) {
      session.reset();
      session.mutableCache().fillRandomForBench(device, depth, 5 + depth);
      session.decodeTokens(firstToken, 1, greedy);  // untimed: the first step after a re-record
      DispatchProfile prof;
      double wall = 0;
      for (long long t = 0; t < profileTokens; ++t) {
        const auto res = session.decodeTokens(firstToken, 1, greedy);
        wall += res.decodeMs;
        prof.add(session.decoder().lastTimings());
      }
      json j = prof.toJson(double(profileTokens));
      // The last profiled step dispatch by dispatch, in recording order (which layer's matvec is slow).
      json steps = json::array();
      for (const auto& t : session.decoder().lastTimings()) steps.push_back({t.label, t.milliseconds});
      j["last_step_dispatches"] = steps;
      j["depth"] = depth;
      j["wall_ms"] = wall / double(profileTokens);
      std::fprintf(stderr, "decode profile at depth %u: GPU %.3f ms/token of %.3f ms wall\n", depth, prof.total / double(profileTokens),
          wall / double(profileTokens));
      perDepth.push_back(j);
    }
    profile["decode"] = perDepth;
    // One prefill of the first prompt length, chunk by chunk.
    const auto ids = randomIds(prompts.front(), cfg, 1000 + prompts.front());
    session.reset();
    DispatchProfile prof;
    model::TextDecoder::ForwardTimes host;  // summed over the chunks
    const auto t0 = Clock::now();
    for (size_t s = 0; s < ids.size(); s += size_t(chunk)) {
      const size_t n = std::min<size_t>(size_t(chunk), ids.size() - s);
      session.prefill(std::span<const int32_t>(ids).subspan(s, n));
      prof.add(session.decoder().lastTimings());
      const auto& t = session.decoder().lastForwardTimes();
      host.inputsMs += t.inputsMs, host.recordMs += t.recordMs, host.submitMs += t.submitMs;
    }
    json j = prof.toJson(1.0);
    j["tokens"] = prompts.front();
    j["wall_ms"] = msSince(t0);
    j["host_inputs_ms"] = host.inputsMs;
    j["record_ms"] = host.recordMs;
    j["submit_ms"] = host.submitMs;
    std::fprintf(stderr, "prefill profile, %u tokens: GPU %.2f ms of %.2f ms wall (host inputs %.2f, recording %.2f, submit to done %.2f)\n",
                 prompts.front(), prof.total, j["wall_ms"].get<double>(), host.inputsMs, host.recordMs, host.submitMs);
    profile["prefill"] = j;
    session.decoder().setProfiling(false);
  }
  report["profile"] = profile;

  json encoders = json::array();
  if (!skipEncoders) {
    std::vector<BenchRow> rows;
    benchEncoders(m, int(repeat), rows);
    for (const BenchRow& r : rows) {
      encoders.push_back({{"name", r.name}, {"median", r.median}, {"unit", r.unit}, {"runs", r.runs}, {"note", r.note}});
    }
  }
  report["encoders"] = encoders;

  const gpu::MemoryStats mem = device.memory().stats();
  report["memory"] = {{"peak_device_bytes", mem.peakBytesInUse}, {"reserved_device_bytes", mem.bytesReserved}};

  if (asJson) {
    std::printf("%s\n", report.dump(2).c_str());
    return 0;
  }
  std::printf("device: %s\n", device.info().name.c_str());
  for (const auto& p : report["prefill"]) {
    std::printf("prefill %6u tokens: %9.2f ms  %9.1f tok/s\n", p["tokens"].get<uint32_t>(), p["median_ms"].get<double>(),
                p["tokens_per_s"].get<double>());
  }
  for (const auto& d : report["decode"]) {
    std::printf("decode at depth %6u: %7.3f ms/token  %7.1f tok/s\n", d["depth"].get<uint32_t>(),
                d["median_ms_per_token"].get<double>(), d["tokens_per_s"].get<double>());
  }
  if (report.contains("batch_decode")) {
    for (const auto& d : report["batch_decode"]) {
      std::printf("batch decode %3u at depth %6lld: %7.3f ms/step  %7.1f tok/s in all\n", d["batch"].get<uint32_t>(),
                  d["depth"].get<long long>(), d["median_ms_per_step"].get<double>(), d["tokens_per_s"].get<double>());
    }
  }
  for (const auto& e : report["encoders"]) {
    std::printf("%-48s %9.2f %s\n", e["name"].get<std::string>().c_str(), e["median"].get<double>(),
                e["unit"].get<std::string>().c_str());
  }
  if (report["profile"].contains("decode")) {
    for (const auto& d : report["profile"]["decode"]) {
      std::printf("profile decode depth %u (ms/token): gpu %.3f of wall %.3f |", d["depth"].get<uint32_t>(),
                  d["gpu_ms"].get<double>(), d["wall_ms"].get<double>());
      for (const auto& [f, ms] : d["families_ms"].items()) std::printf(" %s %.3f", f.c_str(), ms.get<double>());
      std::printf("\n");
    }
  }
  std::printf("peak device memory: %.1f MiB\n", double(mem.peakBytesInUse) / (1024.0 * 1024.0));
  return 0;
}

}  // namespace gwb::cli

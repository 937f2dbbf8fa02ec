// `run MODEL --prompt TEXT [--system TEXT] [--max-new-tokens N] [--temperature T] [--top-k K]
//  [--top-p P] [--repetition-penalty R] [--seed S] [--think] [--context N]`: renders the chat
// template, streams the answer to stdout (thinking to stderr), and reports speed on stderr.
// With --random-weights and no tokenizer, --prompt-tokens N feeds N pseudo-random ids instead.
// `run MODEL --task NAME ...` runs a task preset on media files instead (TaskCommand.cpp).
#include <cstdio>
#include <random>

#include "app/cli/CommandUsage.h"
#include "app/cli/Commands.h"
#include "app/cli/ModelArgs.h"
#include "inference/runtime/Session.h"
#include "inference/text/Conversation.h"

namespace gwb::cli {

std::string runUsage() {
  static const OptionHelp kOptions[] = {
      {"--prompt TEXT", "the user's message (required, unless --prompt-tokens)"},
      {"--system TEXT", "a system message first (default: none)"},
      {"--think", "let the model think first; the thinking goes to stderr (default off)"},
      {"--max-new-tokens N", "most tokens to generate (default 256)"},
      {"--context N", "KV-cache length in tokens, at least 16; raised to fit prompt + answer (default 4096)"},
      {"--temperature T", "sampling temperature; 0 is greedy (default: generation_config.json's if it samples, else 0)"},
      {"--top-k K", "sample from the K likeliest tokens (default: generation_config.json's if it samples, else 0 = off)"},
      {"--top-p P", "nucleus sampling mass (default: generation_config.json's if it samples, else 1)"},
      {"--repetition-penalty R", "penalty on tokens already seen (default 1.0: none)"},
      {"--seed S", "sampling seed (default 0)"},
      {"--prompt-tokens N", "instead of --prompt, N pseudo-random ids (for --random-weights without a tokenizer)"},
  };
  return "usage: gemma-workbench-cli run (MODEL | --random-weights CONFIG_JSON) --prompt TEXT [options]\n"
         "       gemma-workbench-cli run MODEL --task NAME (--image FILE... | --audio FILE | --video FILE) "
         "[task options]\n\n"
         "Renders the chat template, streams the answer to stdout and reports the speed on stderr; with --task,\n"
         "runs a task preset on media files instead.\n\n" +
         formatOptions("chat options", kOptions) + "\n" + modelOptionsUsage() + "\n" + taskUsage();
}

int runRun(CliArgs& args) {
  const bool think = args.flag("think");
  // Video task flags (read in VideoTaskOptions.cpp); flags are declared before any option is read.
  const bool withAudio = args.flag("with-audio");
  const bool noAudio = args.flag("no-audio");
  if (args.option("task")) {
    if (think) throw UsageError("--think is not used with --task (task presets run with thinking off)");
    return runTaskCommand(args);
  }
  if (withAudio || noAudio) throw UsageError("--with-audio / --no-audio go with --task ... --video FILE");
  const auto prompt = args.option("prompt");
  const std::string system = args.option("system", "");
  const long long maxNew = args.integer("max-new-tokens", 256);
  const long long promptTokens = args.integer("prompt-tokens", 0);
  const long long context = args.integer("context", 4096);
  const auto temperature = args.option("temperature");
  const auto topK = args.option("top-k");
  const auto topP = args.option("top-p");
  const double repetition = args.number("repetition-penalty", 1.0);
  const long long seed = args.integer("seed", 0);
  if (maxNew <= 0) throw UsageError("--max-new-tokens must be positive");
  if (context < 16) throw UsageError("--context must be at least 16");
  OpenedModel m = openModel(args);
  args.rejectUnknown();

  std::vector<int32_t> ids;
  const text::Tokenizer* tok = m.model->tokenizer();
  if (prompt) {
    if (!tok || !m.model->chatTemplate()) {
      throw std::runtime_error("the model folder has no tokenizer.json or chat template, so text prompts cannot be "
                               "encoded; use `dump --input-ids` or --prompt-tokens");
    }
    text::Conversation conv;
    if (!system.empty()) conv.messages.push_back(text::Message::text(text::Role::System, system));
    conv.messages.push_back(text::Message::text(text::Role::User, *prompt));
    text::RenderOptions ro;
    ro.enableThinking = think;
    const std::string rendered = m.model->chatTemplate()->render(conv, ro);
    ids = tok->encode(rendered, false);
  } else if (promptTokens > 0) {
    std::mt19937 rng(uint32_t(seed) + 1);
    const int32_t V = int32_t(m.model->config().text.vocabSize);
    ids.push_back(int32_t(m.model->config().text.bosTokenId));
    while (int64_t(ids.size()) < promptTokens) ids.push_back(int32_t(rng() % uint32_t(V)));
  } else {
    throw UsageError("--prompt TEXT is required (or --prompt-tokens N with random weights)");
  }

  const auto& gen = m.model->generation();
  runtime::GenerateRequest req;
  req.promptIds = ids;
  req.maxNewTokens = int(maxNew);
  req.sampling.temperature = temperature ? float(std::stod(*temperature)) : (gen.doSample ? float(gen.temperature) : 0.0f);
  req.sampling.topK = topK ? std::stoi(*topK) : (gen.doSample ? int(gen.topK) : 0);
  req.sampling.topP = topP ? float(std::stod(*topP)) : (gen.doSample ? float(gen.topP) : 1.0f);
  req.sampling.repetitionPenalty = float(repetition);
  req.sampling.seed = uint64_t(seed);
  if (!tok) req.ignoreStopIds = true;  // random ids: run to max tokens for a steady rate

  runtime::Session session(*m.model, uint32_t(std::max<long long>(context, int64_t(ids.size()) + maxNew + 1)));
  runtime::StreamCallbacks cb;
  cb.onAnswer = [](const std::string& s) {
    std::fwrite(s.data(), 1, s.size(), stdout);
    std::fflush(stdout);
  };
  cb.onThinking = [](const std::string& s) {
    std::fwrite(s.data(), 1, s.size(), stderr);
    std::fflush(stderr);
  };
  const auto r = session.generate(req, cb);
  std::printf("\n");
  const double prefillTps = r.promptTokens / (r.prefillMs / 1000.0);
  const double decodeTps = r.ids.size() > 1 ? double(r.ids.size() - 1) / (r.decodeMs / 1000.0) : 0.0;
  std::fprintf(stderr, "prompt %d tokens in %.1f ms (%.1f tok/s); generated %zu tokens in %.1f ms (%.1f tok/s)\n",
               r.promptTokens, r.prefillMs, prefillTps, r.ids.size(), r.decodeMs, decodeTps);
  return 0;
}

}  // namespace gwb::cli

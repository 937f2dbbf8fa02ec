#include "app/cli/PrefillAttentionOption.h"

namespace gwb::cli {

const OptionHelp kPrefillAttentionHelp = {
    "--prefill-attention auto|flash|matmul",
    "prefill attention on tensor cores: flash attention, or two matmuls and a softmax (default auto: the "
    "product's choice)"};

std::optional<model::TextDecoder::PrefillAttention> prefillAttentionOption(CliArgs& args) {
  using A = model::TextDecoder::PrefillAttention;
  const auto v = args.option("prefill-attention");
  if (!v) return std::nullopt;
  if (*v == "auto") return A::Auto;
  if (*v == "flash") return A::Flash;
  if (*v == "matmul") return A::Matmul;
  throw UsageError("--prefill-attention takes auto, flash or matmul");
}

}  // namespace gwb::cli

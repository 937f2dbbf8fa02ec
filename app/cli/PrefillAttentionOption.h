#pragma once
// `--prefill-attention auto|flash|matmul` (bench, dump): which tensor-core attention prefill
// chunks run (model::TextDecoder::PrefillAttention), for A/B timings and parity runs of each.
#include <optional>

#include "app/cli/CliArgs.h"
#include "app/cli/CommandUsage.h"
#include "inference/model/TextDecoder.h"

namespace gwb::cli {

extern const OptionHelp kPrefillAttentionHelp;

// The option's value, if given (throws UsageError on anything else).
std::optional<model::TextDecoder::PrefillAttention> prefillAttentionOption(CliArgs& args);

}  // namespace gwb::cli

#pragma once
// Quantize-on-load (`--quantize q8_0|q4_k`): a weight matrix [rows, k] is converted row by row on
// the host (rows from the checkpoint, or random ones for --random-weights), quantized to a ggml
// block format across the host's cores one slab at a time, and uploaded as blocks: the device
// never holds a dense copy, the host at most one slab.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "inference/gpu/Buffer.h"
#include "inference/gpu/Device.h"
#include "inference/model/QuantFormat.h"

namespace gwb::model {

// The formats --quantize accepts ("q8_0", "q4_k", any case); throws std::invalid_argument naming
// them for anything else.
GgmlType parseQuantizeOption(const std::string& text);

// The format a matrix with rows of k elements gets when `requested` is asked for. Like llama.cpp,
// rows that are not whole blocks fall back: Q4_K to Q4_0 when k % 32 == 0 (the tiny test models
// have k = 64, 96, ...), any format to none (nullopt: keep the checkpoint's dtype) otherwise.
std::optional<GgmlType> quantTypeForRows(GgmlType requested, uint64_t k);

// Writes row r (k floats) into dst. Called from several threads at once for different rows.
using RowSource = std::function<void(uint64_t r, float* dst)>;

// A device buffer holding rows x rowBytes(type, k) bytes of blocks, filled from `source`.
gpu::Buffer quantizeToDevice(gpu::Device& device, const std::string& name, uint64_t rows, uint64_t k, GgmlType type,
                             const RowSource& source);

}  // namespace gwb::model

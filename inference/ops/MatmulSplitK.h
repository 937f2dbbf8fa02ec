#pragma once
// k split across workgroups for the cooperative-matrix matmul (shaders/matmul_coopmat.comp, its
// KLAYERS builds): a grid of too few blocks to fill the GPU (the down projections of a 512-token
// prefill: 48 blocks of 128 x 128 for an H100's 132 SMs) gets S layers along z, each summing one
// S-th of k into its own [M, N] slice of a scratch buffer (OpContext::splitK); matmulSplitKReduce
// then adds the slices in order (deterministic) with the bias and the accumulate flag into y.
// How many layers a shape gets: pickCoopMatKLayers (MatmulCoopMatTiles.h), next to the tile pick.
#include "inference/ops/OpContext.h"

namespace gwb::ops {

// Scratch bytes the split needs: layers x M x N floats.
constexpr uint64_t splitKScratchBytes(uint32_t layers, uint32_t M, uint32_t N) { return uint64_t(layers) * M * N * 4; }

struct SplitKReduceParams {
  uint32_t M = 0, N = 0;
  uint32_t ldy = 0, nOffset = 0;  // y[m * ldy + nOffset + n]; bias[nOffset + n]
  uint32_t flags = 0;             // bit 0: add bias, bit 1: accumulate into y
  uint32_t layers = 1;
};
// y = sum over the layers of part[layer, M, N] (+ bias) (+ old y). part: f32 [layers, M, N].
void matmulSplitKReduce(OpContext& ctx, BufferView part, BufferView bias, BufferView y, const SplitKReduceParams& p);

namespace ref {
void matmulSplitKReduce(const float* part, const float* bias, float* y, const SplitKReduceParams& p);
}

}  // namespace gwb::ops

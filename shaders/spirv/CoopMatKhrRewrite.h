#pragma once
// Rewrites a SPIR-V module that uses SPV_NV_cooperative_matrix into the SPV_KHR_cooperative_matrix
// form, at build time. Why: Debian 12's glslang 12 compiles only GL_NV_cooperative_matrix, and on
// the H100 the KHR form of the same kernel issues its MMAs about twice as fast (the MMA-only probe:
// 527 against 269 TFLOP/s; docs/benchmarks.md, session 15).
//
// What changes (everything else is copied word for word):
//   capability CooperativeMatrixNV -> CooperativeMatrixKHR, the extension string likewise;
//   OpTypeCooperativeMatrixNV      -> OpTypeCooperativeMatrixKHR + a Use operand (A, B or
//                                     accumulator, taken from the MulAdd operands that have the type);
//   OpCooperativeMatrixLoad/StoreNV -> ...KHR with the ColumnMajor bool turned into a MemoryLayout
//                                     constant and moved before the stride;
//   OpCooperativeMatrixMulAddNV / LengthNV -> ...KHR (same operands).
// A type used as both A and B (e.g. f16 16x16 for both in a 16x16x16 kernel) has no single Use:
// the rewrite refuses it (build such kernels with distinct A and B shapes, e.g. 16 x 8 x 16).
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

namespace gwb::spirv {

struct RewriteError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws RewriteError on a module that is not SPIR-V, has no NV cooperative matrix, or whose
// matrix types cannot be given a single Use.
std::vector<uint32_t> rewriteNvCoopMatToKhr(std::span<const uint32_t> words);

}  // namespace gwb::spirv

# One gwb_shader() per variant. Keep grouped by op family.
gwb_shader(SOURCE rmsnorm.comp NAME rmsnorm)
gwb_shader(SOURCE elementwise.comp NAME elementwise)
gwb_shader(SOURCE elementwise.comp NAME elementwise_f16y DEFINES HALF_Y=1)
# Linear layers (matvec for decode, tiled matmul, f16-arithmetic and NV cooperative-matrix
# variants), one per weight storage type (f32w / f16w / bf16w).
gwb_shader(SOURCE matvec.comp NAME matvec_f32w DEFINES WTYPE=0)
gwb_shader(SOURCE matvec.comp NAME matvec_f16w DEFINES WTYPE=1)
gwb_shader(SOURCE matvec.comp NAME matvec_bf16w DEFINES WTYPE=2)
gwb_shader(SOURCE matmul.comp NAME matmul_f32w DEFINES WTYPE=0)
gwb_shader(SOURCE matmul.comp NAME matmul_f16w DEFINES WTYPE=1)
gwb_shader(SOURCE matmul.comp NAME matmul_bf16w DEFINES WTYPE=2)
gwb_shader(SOURCE matmul.comp NAME matmul_f32w_fp16 DEFINES WTYPE=0 FP16=1)
gwb_shader(SOURCE matmul.comp NAME matmul_f16w_fp16 DEFINES WTYPE=1 FP16=1)
gwb_shader(SOURCE matmul.comp NAME matmul_bf16w_fp16 DEFINES WTYPE=2 FP16=1)
# Cooperative-matrix tiles (inference/ops/MatmulCoopMatTiles.cpp holds the same list; the
# `probe*` tiles are bench-matmul's throughput probes: NOLOAD=1 no global loads, 2 no loads at all,
# 3 fragment loads without staging). Tiles of the 16x8x16 shape (CM_N=8) also get a KHR build
# (`_khr`: the SPIR-V rewritten to VK_KHR_cooperative_matrix, shaders/spirv/); the 16x16x16 ones
# cannot (their A and B share one matrix type).
foreach(w IN ITEMS "f32w;0" "f16w;1" "bf16w;2")
  list(GET w 0 wname)
  list(GET w 1 wid)
  foreach(t IN ITEMS "128x128|BM=128 BN=128 WARPS_M=2 WARPS_N=4 DBUF=0"
                     "64x64|BM=64 BN=64 BK=64 WARPS_M=2 WARPS_N=2 DBUF=0"
                     "128x128_n8|BM=128 BN=128 WARPS_M=2 WARPS_N=4 DBUF=0 CM_N=8"
                     "128x128_n8_kl|BM=128 BN=128 WARPS_M=2 WARPS_N=4 DBUF=0 CM_N=8 KLAYERS=1"
                     "64x64_n8|BM=64 BN=64 BK=64 WARPS_M=2 WARPS_N=2 DBUF=0 CM_N=8"
                     "probe|BM=128 BN=128 WARPS_M=2 WARPS_N=4 DBUF=0 NOLOAD=1 CM_N=8"
                     "probe_mma|BM=128 BN=128 WARPS_M=2 WARPS_N=4 DBUF=0 NOLOAD=2 CM_N=8"
                     "probe_ld|BM=128 BN=128 WARPS_M=2 WARPS_N=4 DBUF=0 NOLOAD=3 CM_N=8"
                     "128x256|BM=128 BN=256 WARPS_M=2 WARPS_N=8 DBUF=0 CM_N=8"
                     "64x128_n8|BM=64 BN=128 BK=32 WARPS_M=2 WARPS_N=4 DBUF=0 CM_N=8"
                     "64x128_n8_k2|BM=64 BN=128 BK=32 WARPS_M=2 WARPS_N=4 DBUF=0 CM_N=8 KSPLIT=2"
                     "64x128_n8_k2_kl|BM=64 BN=128 BK=32 WARPS_M=2 WARPS_N=4 DBUF=0 CM_N=8 KSPLIT=2 KLAYERS=1"
                     "64x128_n8_k3|BM=64 BN=128 BK=32 WARPS_M=2 WARPS_N=4 DBUF=0 CM_N=8 KSPLIT=3"
                     "128x192_k64|BM=128 BN=192 BK=64 WARPS_M=2 WARPS_N=4 DBUF=0 CM_N=8")
    string(REPLACE "|" ";" t "${t}")
    list(GET t 0 tname)
    list(GET t 1 tdefs)
    string(REPLACE " " ";" tdefs "${tdefs}")
    set(probe OFF)
    if(tname MATCHES "^probe")
      set(probe ON)
      if(NOT wname STREQUAL "f16w")
        continue()  # the probes time f16 weights only
      endif()
    endif()
    set(khr OFF)
    if("CM_N=8" IN_LIST tdefs)
      set(khr ON)
    endif()
    gwb_shader(SOURCE matmul_coopmat.comp NAME matmul_${wname}_coopmat_${tname} DEFINES WTYPE=${wid} ${tdefs})
    if(khr)
      gwb_shader(KHR SOURCE matmul_coopmat.comp NAME matmul_${wname}_coopmat_${tname}_khr
                 DEFINES WTYPE=${wid} ${tdefs})
    endif()
    # x already in f16 (MatmulParams::xType): the 16-bit weights' builds, the probes excepted.
    if(NOT wname STREQUAL "f32w" AND NOT probe)
      gwb_shader(SOURCE matmul_coopmat.comp NAME matmul_${wname}_xh_coopmat_${tname}
                 DEFINES WTYPE=${wid} XHALF=1 ${tdefs})
      if(khr)
        gwb_shader(KHR SOURCE matmul_coopmat.comp NAME matmul_${wname}_xh_coopmat_${tname}_khr
                   DEFINES WTYPE=${wid} XHALF=1 ${tdefs})
      endif()
      # The prefill MLP's gate / up tiles with GeGLU in the epilogue (ops::matmulGeglu; the tiles
      # CoopMatTile::geglu marks in MatmulCoopMatTiles.cpp).
      if(tname STREQUAL "128x256" OR tname STREQUAL "64x128_n8")
        gwb_shader(SOURCE matmul_coopmat.comp NAME matmul_${wname}_xh_geglu_coopmat_${tname}
                   DEFINES WTYPE=${wid} XHALF=1 GEGLU=1 ${tdefs})
        gwb_shader(KHR SOURCE matmul_coopmat.comp NAME matmul_${wname}_xh_geglu_coopmat_${tname}_khr
                   DEFINES WTYPE=${wid} XHALF=1 GEGLU=1 ${tdefs})
      endif()
      # Attention's two products for long prefill chunks (ops/AttentionGemm.h; CoopMatTile::attention):
      # scores Q K^T (ATTN=1) and P V (ATTN=2), f16 operands.
      if(wname STREQUAL "f16w" AND (tname STREQUAL "128x256" OR tname STREQUAL "64x128_n8"))
        foreach(a IN ITEMS "scores;1" "values;2")
          list(GET a 0 aname)
          list(GET a 1 aid)
          gwb_shader(SOURCE matmul_coopmat.comp NAME matmul_${wname}_xh_attn_${aname}_coopmat_${tname}
                     DEFINES WTYPE=${wid} XHALF=1 ATTN=${aid} ${tdefs})
          gwb_shader(KHR SOURCE matmul_coopmat.comp NAME matmul_${wname}_xh_attn_${aname}_coopmat_${tname}_khr
                     DEFINES WTYPE=${wid} XHALF=1 ATTN=${aid} ${tdefs})
        endforeach()
      endif()
    endif()
  endforeach()
endforeach()
# Adds the k layers of a matmul split across workgroups (matmul_coopmat.comp, ops/MatmulSplitK.h).
gwb_shader(SOURCE matmul_splitk_reduce.comp NAME matmul_splitk_reduce)
gwb_shader(SOURCE fill_random.comp NAME fill_random_f32 DEFINES OUT_F32)
gwb_shader(SOURCE fill_random.comp NAME fill_random_f16 DEFINES OUT_F16)
gwb_shader(SOURCE fill_random.comp NAME fill_random_bf16)
gwb_shader(SOURCE fill_random_rows.comp NAME fill_random_rows_f32 DEFINES OUT_F32)
gwb_shader(SOURCE fill_random_rows.comp NAME fill_random_rows_bf16)
# Encoder ops (conv2d, dwconv1d: one variant per weight storage type).
gwb_shader(SOURCE conv2d.comp NAME conv2d)
gwb_shader(SOURCE conv2d.comp NAME conv2d_f16 DEFINES WEIGHT_F16=1)
gwb_shader(SOURCE conv2d.comp NAME conv2d_bf16 DEFINES WEIGHT_BF16=1)
gwb_shader(SOURCE dwconv1d.comp NAME dwconv1d)
gwb_shader(SOURCE dwconv1d.comp NAME dwconv1d_f16 DEFINES WEIGHT_F16=1)
gwb_shader(SOURCE dwconv1d.comp NAME dwconv1d_bf16 DEFINES WEIGHT_BF16=1)
gwb_shader(SOURCE avgpool2d.comp NAME avgpool2d)
gwb_shader(SOURCE layernorm.comp NAME layernorm)
# Decoder ops (gather: one variant per table storage type).
gwb_shader(SOURCE attention.comp NAME attention)
# Decode: split-K attention (pass 1 + merge), wide matvec per weight type, GPU argmax.
gwb_shader(SOURCE attention_decode.comp NAME attention_decode)
gwb_shader(SOURCE attention_decode_merge.comp NAME attention_decode_merge)
gwb_shader(SOURCE matvec_wide.comp NAME matvec_wide_f32w DEFINES WTYPE=0)
gwb_shader(SOURCE matvec_wide.comp NAME matvec_wide_f16w DEFINES WTYPE=1)
gwb_shader(SOURCE matvec_wide.comp NAME matvec_wide_bf16w DEFINES WTYPE=2)
# The same over weights stored in column bands (ops/WeightBands.h).
gwb_shader(SOURCE matvec_bands.comp NAME matvec_bands_f32w DEFINES WTYPE=0)
gwb_shader(SOURCE matvec_bands.comp NAME matvec_bands_f16w DEFINES WTYPE=1)
gwb_shader(SOURCE matvec_bands.comp NAME matvec_bands_bf16w DEFINES WTYPE=2)
# Decode fusions: gate/up matvec with GeGLU, residual add + norms, q/k/v norm + RoPE + KV write.
gwb_shader(SOURCE matvec_wide.comp NAME matvec_wide_geglu_f32w DEFINES WTYPE=0 GEGLU=1)
gwb_shader(SOURCE matvec_wide.comp NAME matvec_wide_geglu_f16w DEFINES WTYPE=1 GEGLU=1)
gwb_shader(SOURCE matvec_wide.comp NAME matvec_wide_geglu_bf16w DEFINES WTYPE=2 GEGLU=1)
gwb_shader(SOURCE residual_norm.comp NAME residual_norm)
gwb_shader(SOURCE residual_norm.comp NAME residual_norm_f16x DEFINES HALF_X=1)
# Decode matvecs that compute their input from the residual stream (norm prologue: the decoder's
# residual step + next norm, ops/DecodeMatvec.h), plain / GeGLU / gelu-mul epilogue.
foreach(w IN ITEMS "f32w;0" "f16w;1" "bf16w;2")
  list(GET w 0 wname)
  list(GET w 1 wid)
  gwb_shader(SOURCE matvec_wide.comp NAME matvec_wide_norm_${wname} DEFINES WTYPE=${wid} NORM_PROLOGUE=1)
  gwb_shader(SOURCE matvec_wide.comp NAME matvec_wide_geglu_norm_${wname} DEFINES WTYPE=${wid} GEGLU=1 NORM_PROLOGUE=1)
  # The same matvecs followed by their consumer's projection (ops/MatvecProject.h).
  gwb_shader(SOURCE matvec_project.comp NAME matvec_project_geglu_${wname} DEFINES WTYPE=${wid} GEGLU=1)
  gwb_shader(SOURCE matvec_project.comp NAME matvec_project_gelu_mul_${wname} DEFINES WTYPE=${wid})
  gwb_shader(SOURCE matvec_project.comp NAME matvec_project_attn_${wname} DEFINES WTYPE=${wid} MERGE_ATTN=1)
endforeach()
gwb_shader(SOURCE qkv_norm_rope.comp NAME qkv_norm_rope)
gwb_shader(SOURCE argmax.comp NAME argmax)
gwb_shader(SOURCE chunk_attention.comp NAME chunkattn)
# Prefill / encoder attention on tensor cores (one variant per head dim), its f16 packing, and the
# softmax between the two products of ops/AttentionGemm.h.
gwb_shader(SOURCE flash_attention_pack.comp NAME flash_attention_pack)
gwb_shader(SOURCE attention_softmax.comp NAME attention_softmax)
gwb_shader(SOURCE flash_attention.comp NAME flash_attention_hd16 DEFINES HD=16)
gwb_shader(SOURCE flash_attention.comp NAME flash_attention_hd32 DEFINES HD=32)
gwb_shader(SOURCE flash_attention.comp NAME flash_attention_hd64 DEFINES HD=64)
gwb_shader(SOURCE flash_attention.comp NAME flash_attention_hd128 DEFINES HD=128)
gwb_shader(SOURCE flash_attention.comp NAME flash_attention_hd256 DEFINES HD=256)
gwb_shader(SOURCE flash_attention.comp NAME flash_attention_hd512 DEFINES HD=512)
# 32-row blocks for head dims 256 / 512 (ops/FlashAttention.cpp picks them).
gwb_shader(SOURCE flash_attention.comp NAME flash_attention_hd256_br32 DEFINES HD=256 BR=32)
gwb_shader(SOURCE flash_attention.comp NAME flash_attention_hd512_br32 DEFINES HD=512 BR=32)
# Head dim 64 (vision tower: 12 heads, each its own KV head) with Q kept in registers and K / V
# loaded a stage early (ops/FlashAttention.cpp picks it).
gwb_shader(SOURCE flash_attention.comp NAME flash_attention_hd64_pf DEFINES HD=64 PREFETCH=1)
gwb_shader(SOURCE rope.comp NAME rope)
gwb_shader(SOURCE rope2d.comp NAME rope2d)
# Encoder fusions around the ClippableLinears (vision and audio towers).
gwb_shader(SOURCE clipped_residual_norm.comp NAME clipped_residual_norm)
gwb_shader(SOURCE clipped_residual_norm.comp NAME clipped_residual_norm_f16out DEFINES HALF_OUT=1)
gwb_shader(SOURCE clipped_gate.comp NAME clipped_gate)
gwb_shader(SOURCE clipped_gate.comp NAME clipped_gate_f16y DEFINES HALF_Y=1)
gwb_shader(SOURCE clipped_norm_rope2d.comp NAME clipped_norm_rope2d)
gwb_shader(SOURCE clipped_norm_rope2d_vec4.comp NAME clipped_norm_rope2d_vec4)
gwb_shader(SOURCE softmax.comp NAME softmax)
gwb_shader(SOURCE gather.comp NAME gather_f32 DEFINES TABLE_F32)
gwb_shader(SOURCE gather.comp NAME gather_f16 DEFINES TABLE_F16)
gwb_shader(SOURCE gather.comp NAME gather_bf16 DEFINES TABLE_BF16)
# Quantized weights in ggml block formats (QTYPE 0 Q8_0, 1 Q4_0, 2 Q4_K, 3 Q5_K, 4 Q6_K):
# matvec (decode), tiled matmul (prefill) and embedding gather, reading the blocks in place;
# dequant_f16 widens a weight to f16 for the tensor-core prefill (ops/QuantDequantize.h).
foreach(q IN ITEMS "q8_0;0" "q4_0;1" "q4_k;2" "q5_k;3" "q6_k;4")
  list(GET q 0 qname)
  list(GET q 1 qid)
  gwb_shader(SOURCE matvec_q.comp NAME matvec_${qname} DEFINES QTYPE=${qid})
  gwb_shader(SOURCE matvec_q.comp NAME matvec_geglu_${qname} DEFINES QTYPE=${qid} GEGLU=1)
  gwb_shader(SOURCE matvec_q.comp NAME matvec_norm_${qname} DEFINES QTYPE=${qid} NORM_PROLOGUE=1)
  gwb_shader(SOURCE matvec_q.comp NAME matvec_geglu_norm_${qname} DEFINES QTYPE=${qid} GEGLU=1 NORM_PROLOGUE=1)
  gwb_shader(SOURCE matmul_q.comp NAME matmul_${qname} DEFINES QTYPE=${qid})
  gwb_shader(SOURCE gather_q.comp NAME gather_${qname} DEFINES QTYPE=${qid})
  gwb_shader(SOURCE dequant_f16.comp NAME dequant_f16_${qname} DEFINES QTYPE=${qid})
endforeach()

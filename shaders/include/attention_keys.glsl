// The keys a query at position q can see (ops/Attention.h's masks): [visibleKeyStart,
// visibleKeyEnd) of `keys` under a sliding window (0: none) and a causal mask; bidirectional
// blocks are the callers' own per-key test.
uint visibleKeyStart(uint q, uint window) { return window != 0u && q + 1u > window ? q + 1u - window : 0u; }
uint visibleKeyEnd(uint q, uint keys, bool causal) { return causal ? min(keys, q + 1u) : keys; }

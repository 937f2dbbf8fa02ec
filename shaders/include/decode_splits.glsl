// Which keys each split of the decode attention reads (attention_decode.comp) and how many splits
// the merge reads (attention_decode_merge.comp); one definition so both agree. ops/DecodeAttention.h.
// Replayed steps (stepIndex != 0xffffffff) record `splits` for the most keys the step will ever
// see, then spread the keys visible now over as few of them as keep >= minKeysPerSplit keys each:
// at depth 512 in a 32k context a full-attention layer uses 16 splits, not 128, so the merge
// reads 16 partials. Splits past `used` have no keys: pass 1 writes nothing there and the merge
// skips them. Visible keys of the query at queryPos: j <= queryPos && (window == 0 || j + window > queryPos).
// The includer's push constants `p` carry keys, queryPos, window, splits, keysPerSplit,
// minKeysPerSplit, stepIndex; binding `step` holds the query position of replayed steps.
struct DecodeSplits {
  uint queryPos;       // the query's position (its own key is queryPos)
  uint lo, hi;         // visible keys [lo, hi)
  uint keysPerSplit;   // split s reads [lo + s * keysPerSplit, min(hi, lo + (s + 1) * keysPerSplit))
  uint used;           // splits holding at least one key
};

DecodeSplits decodeSplits() {
  const bool stepped = p.stepIndex != 0xffffffffu;
  const uint queryPos = stepped ? step[p.stepIndex] : p.queryPos;
  const uint keys = stepped ? queryPos + 1u : p.keys;
  DecodeSplits s;
  s.queryPos = queryPos;
  s.lo = (p.window != 0u && queryPos + 1u > p.window) ? queryPos + 1u - p.window : 0u;
  s.hi = max(s.lo, min(keys, queryPos + 1u));
  const uint visible = s.hi - s.lo;
  s.keysPerSplit = stepped ? max(p.minKeysPerSplit, (visible + p.splits - 1u) / p.splits) : p.keysPerSplit;
  s.used = (visible + s.keysPerSplit - 1u) / s.keysPerSplit;
  return s;
}

// Counter-based hash (a 32-bit integer mix); the host reference in ops/FillRandom.cpp is identical.
uint mixHash(uint x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

// Uniform in [0, 1) with 24 bits of resolution.
float hashToUnit(uint index, uint seed) {
  return float(mixHash(index ^ mixHash(seed)) >> 8) * (1.0 / 16777216.0);
}

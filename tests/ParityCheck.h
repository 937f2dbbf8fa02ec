#pragma once
// Helpers shared by the parity tests (engine output vs transformers' reference tensors).
#include <QTest>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "inference/model/TensorView.h"
#include "inference/ops/OpCheck.h"

namespace gwb::test {

// An int64 id tensor from reference.safetensors as int32 token ids.
inline std::vector<int32_t> idsOf(const model::TensorView& t) {
  std::vector<int32_t> ids(size_t(t.numel()));
  const auto* p = reinterpret_cast<const int64_t*>(t.data);
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = int32_t(p[i]);
  return ids;
}

// max |got - want| / max |want| (infinite when anything is NaN); see ops::relativeMaxError.
inline double relError(std::span<const float> got, std::span<const float> want) {
  return ops::relativeMaxError(got, want);
}

// Logs the error and returns whether it is within tol (sizes must match). Use with QVERIFY.
inline bool closeEnough(const std::string& what, std::span<const float> got, std::span<const float> want, double tol) {
  if (got.size() != want.size()) {
    qWarning("%s: size %zu != %zu", what.c_str(), got.size(), want.size());
    return false;
  }
  const double e = relError(got, want);
  qInfo("%s: max |diff| / max |ref| = %.3e (tolerance %.1e)", what.c_str(), e, tol);
  return e <= tol;
}

}  // namespace gwb::test

// Fails the current test with `what` when the tensors differ by more than tol.
#define GWB_EXPECT_CLOSE(what, got, want, tol) \
  QVERIFY2(::gwb::test::closeEnough((what), (got), (want), (tol)), std::string(what).c_str())

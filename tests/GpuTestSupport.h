#pragma once
// Shared by the GPU tests: one device per test executable (lavapipe under CTest, with the
// validation layer on), and a check that the validation layer stayed silent.
#include <QTest>

#include <memory>
#include <string>

#include "inference/gpu/Device.h"

namespace gwb::test {

// Opens the device once (validation follows GWB_VALIDATION, which CTest sets).
gpu::Device& testDevice();

// Fails the current test if the validation layer reported anything since the last call.
void verifyNoValidationMessages();

// Runs every op check of one family and fails with the check's note if any fails.
void runOpFamily(const std::string& family);

}  // namespace gwb::test

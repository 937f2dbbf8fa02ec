#pragma once
// Splits rows [0, rows) over the host's cores in contiguous ranges, for host loops whose rows are
// independent (quantizing rows, gathering per-layer-embedding rows). Small jobs stay on the
// calling thread: a thread costs ~20-50 µs to start, so a range gets at least kMinValuesPerThread
// values of work.
#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace gwb::ops {

template <class RangeFn>  // void(size_t firstRow, size_t endRow)
void parallelRows(size_t rows, size_t valuesPerRow, RangeFn&& fn) {
  constexpr size_t kMinValuesPerThread = size_t(1) << 16;
  const size_t cores = std::max<size_t>(1, std::thread::hardware_concurrency());
  const size_t threads = std::clamp<size_t>(rows * valuesPerRow / kMinValuesPerThread, 1, std::min(cores, rows));
  if (threads <= 1) {
    fn(size_t(0), rows);
    return;
  }
  std::vector<std::thread> pool;
  const size_t per = (rows + threads - 1) / threads;
  for (size_t i = 1; i < threads; ++i) {
    const size_t r0 = i * per, r1 = std::min(rows, r0 + per);
    if (r0 < r1) pool.emplace_back([&fn, r0, r1] { fn(r0, r1); });
  }
  fn(size_t(0), std::min(rows, per));
  for (std::thread& th : pool) th.join();
}

}  // namespace gwb::ops

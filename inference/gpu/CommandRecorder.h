#pragma once
// Records many dispatches into one command buffer and submits them together. Barriers are
// inserted only where a dispatch touches a buffer that an earlier, unbarriered dispatch wrote
// (read-after-write, write-after-write) or reads a buffer it overwrites (write-after-read).
// Any region can be timed with GPU timestamps.
#include <vulkan/vulkan.h>

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "inference/gpu/Buffer.h"
#include "inference/gpu/PipelineCache.h"

namespace gwb::gpu {

class Device;

enum class Access : uint8_t { Read, Write, ReadWrite };

struct Binding {
  BufferView view;
  Access access = Access::Read;
};
inline Binding in(BufferView v) { return {v, Access::Read}; }
inline Binding out(BufferView v) { return {v, Access::Write}; }
inline Binding inout(BufferView v) { return {v, Access::ReadWrite}; }

struct RegionTiming {
  std::string label;
  double milliseconds = 0;
};

class CommandRecorder {
 public:
  // reusable: the recorded buffer may be sealed and replayed many times (seal / replay).
  explicit CommandRecorder(Device& device, bool reusable = false);
  ~CommandRecorder();
  CommandRecorder(const CommandRecorder&) = delete;
  CommandRecorder& operator=(const CommandRecorder&) = delete;

  Device& device() { return device_; }

  // groups: workgroup counts. Push constants must match the pipeline's size.
  void dispatch(const Pipeline& pipeline, std::span<const Binding> bindings, const void* push, uint32_t pushBytes,
                uint32_t groupsX, uint32_t groupsY = 1, uint32_t groupsZ = 1);
  template <class Push>
  void dispatch(const Pipeline& pipeline, std::initializer_list<Binding> bindings, const Push& push,
                uint32_t groupsX, uint32_t groupsY = 1, uint32_t groupsZ = 1) {
    dispatch(pipeline, std::span<const Binding>(bindings.begin(), bindings.size()), &push, sizeof(Push), groupsX,
             groupsY, groupsZ);
  }

  void copy(BufferView src, BufferView dst);  // same size
  void fill(BufferView dst, uint32_t word);   // dst size must be a multiple of 4
  // Writes host data into dst inside the command buffer (vkCmdUpdateBuffer, in pieces of at most
  // 64 KiB; the data is copied at record time). bytes and dst.offset must be multiples of 4.
  // Meant for small per-step inputs (token ids, RoPE rows); use Device::upload for large data.
  void update(BufferView dst, const void* data, size_t bytes);

  // GPU-timed region; returns an id for endRegion. Timings arrive after submit().
  uint32_t beginRegion(const std::string& label);
  void endRegion(uint32_t id);

  // Profiling: when on, every dispatch is its own timed region labelled with its pipeline name
  // (at most ~2000 per submit; the rest go untimed).
  void setDispatchTiming(bool on) { timeDispatches_ = on; }

  // Reusable recorders: seal() ends recording and keeps the buffer and its descriptor sets;
  // replay() submits the sealed buffer again and waits (timings refresh each replay); discard()
  // or submit() after seal() drops it. Host writes to mapped buffers before replay() are seen.
  void seal();
  void replay();
  bool sealed() const { return sealed_; }

  // Submits everything recorded so far and waits. The recorder can then be reused. Writes by
  // the submitted work are visible to host reads of mapped memory afterwards.
  void submit();
  // Starts what is recorded so far on the GPU without waiting and goes on recording into another
  // command buffer, so a long recording (a prefill chunk, ~500 dispatches) overlaps the GPU work;
  // submit() waits for all of it. Barriers keep their order across the pieces (a barrier covers
  // earlier submissions to the queue). A no-op on reusable recorders (a replayed step is one buffer).
  void flush();
  size_t flushes() const { return flushCount_; }
  // Drops anything recorded but not submitted (e.g. after an exception while recording).
  void discard();
  size_t dispatchCount() const { return dispatches_; }
  // Region timings of the last submit (empty if the device has no timestamps).
  const std::vector<RegionTiming>& timings() const { return timings_; }

 private:
  void begin();
  void endForSubmit();
  void collectTimings();
  void resetState();
  void waitForFlushed();  // the queue idle, so flushed buffers can be reset (error paths)
  void barrierFor(std::span<const Binding> bindings);
  void track(VkBuffer b, Access a);
  VkDescriptorSet allocateSet(VkDescriptorSetLayout layout);

  Device& device_;
  VkCommandBuffer cmd_ = VK_NULL_HANDLE;
  std::vector<VkCommandBuffer> flushed_;  // submitted by flush(), waited for by submit()
  std::vector<VkCommandBuffer> spare_;    // reset, ready to take cmd_'s place
  size_t flushCount_ = 0;                 // flushes since the recorder was made
  bool recording_ = false;
  size_t dispatches_ = 0;
  std::vector<VkDescriptorPool> pools_;
  size_t activePool_ = 0;
  std::unordered_set<VkBuffer> written_, read_;
  VkQueryPool queries_ = VK_NULL_HANDLE;
  uint32_t queryCapacity_ = 0;
  uint32_t queriesUsed_ = 0;
  std::vector<std::pair<std::string, uint32_t>> regions_;  // label, first query
  std::vector<RegionTiming> timings_;
  bool reusable_ = false, sealed_ = false, timeDispatches_ = false;
};

}  // namespace gwb::gpu

#include "inference/gpu/CommandRecorder.h"

#include <algorithm>

#include "inference/gpu/Device.h"
#include "inference/gpu/VulkanError.h"

namespace gwb::gpu {

namespace {
constexpr uint32_t kSetsPerPool = 1024;
constexpr uint32_t kBuffersPerSet = 8;
constexpr uint32_t kMaxQueries = 4096;

VkCommandBuffer allocateCommandBuffer(Device& device) {
  VkCommandBufferAllocateInfo ai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
  ai.commandPool = device.commandPool();
  ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
  ai.commandBufferCount = 1;
  VkCommandBuffer cb = VK_NULL_HANDLE;
  checkVk(vkAllocateCommandBuffers(device.handle(), &ai, &cb), "allocating a command buffer");
  return cb;
}
}  // namespace

CommandRecorder::CommandRecorder(Device& device, bool reusable)
    : device_(device), cmd_(allocateCommandBuffer(device)), reusable_(reusable) {
  if (device.info().timestamps) {
    VkQueryPoolCreateInfo qi{VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO};
    qi.queryType = VK_QUERY_TYPE_TIMESTAMP;
    qi.queryCount = kMaxQueries;
    checkVk(vkCreateQueryPool(device.handle(), &qi, nullptr, &queries_), "creating a timestamp query pool");
    queryCapacity_ = kMaxQueries;
  }
}

CommandRecorder::~CommandRecorder() {
  VkDevice dev = device_.handle();
  if (recording_) vkEndCommandBuffer(cmd_);
  try {
    waitForFlushed();
  } catch (const GpuError&) {  // a lost device: nothing left to wait for
  }
  for (VkDescriptorPool p : pools_) vkDestroyDescriptorPool(dev, p, nullptr);
  if (queries_) vkDestroyQueryPool(dev, queries_, nullptr);
  vkFreeCommandBuffers(dev, device_.commandPool(), 1, &cmd_);
  for (VkCommandBuffer cb : flushed_) vkFreeCommandBuffers(dev, device_.commandPool(), 1, &cb);
  for (VkCommandBuffer cb : spare_) vkFreeCommandBuffers(dev, device_.commandPool(), 1, &cb);
}

void CommandRecorder::begin() {
  if (recording_) return;
  if (sealed_) throw GpuError(GpuErrorKind::InvalidArgument, "recording into a sealed command buffer");
  VkCommandBufferBeginInfo bi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  bi.flags = reusable_ ? 0u : VkCommandBufferUsageFlags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT);
  checkVk(vkBeginCommandBuffer(cmd_, &bi), "beginning a command buffer");
  if (queries_ && flushed_.empty()) vkCmdResetQueryPool(cmd_, queries_, 0, queryCapacity_);  // not mid-recording
  recording_ = true;
}

void CommandRecorder::flush() {
  if (reusable_ || !recording_) return;
  checkVk(vkEndCommandBuffer(cmd_), "ending a command buffer");
  recording_ = false;
  try {
    device_.submitNoWait(cmd_);
  } catch (...) {
    waitForFlushed();
    resetState();
    throw;
  }
  flushed_.push_back(cmd_);
  ++flushCount_;
  if (spare_.empty()) {
    cmd_ = allocateCommandBuffer(device_);
  } else {
    cmd_ = spare_.back();
    spare_.pop_back();
  }
  // The written / read sets stay: the next access to a buffer written before the flush records a
  // barrier in the new buffer, which orders it after the flushed submission.
}

void CommandRecorder::waitForFlushed() {
  if (!flushed_.empty()) device_.waitQueueIdle();
}

VkDescriptorSet CommandRecorder::allocateSet(VkDescriptorSetLayout layout) {
  for (;;) {
    if (activePool_ == pools_.size()) {
      VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, kSetsPerPool * kBuffersPerSet};
      VkDescriptorPoolCreateInfo pi{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
      pi.maxSets = kSetsPerPool;
      pi.poolSizeCount = 1;
      pi.pPoolSizes = &size;
      VkDescriptorPool pool;
      checkVk(vkCreateDescriptorPool(device_.handle(), &pi, nullptr, &pool), "creating a descriptor pool");
      pools_.push_back(pool);
    }
    VkDescriptorSetAllocateInfo ai{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    ai.descriptorPool = pools_[activePool_];
    ai.descriptorSetCount = 1;
    ai.pSetLayouts = &layout;
    VkDescriptorSet set;
    const VkResult r = vkAllocateDescriptorSets(device_.handle(), &ai, &set);
    if (r == VK_SUCCESS) return set;
    if (r != VK_ERROR_OUT_OF_POOL_MEMORY && r != VK_ERROR_FRAGMENTED_POOL) checkVk(r, "allocating a descriptor set");
    ++activePool_;
  }
}

void CommandRecorder::track(VkBuffer b, Access a) {
  if (a != Access::Read) written_.insert(b);
  if (a != Access::Write) read_.insert(b);
}

void CommandRecorder::barrierFor(std::span<const Binding> bindings) {
  bool needed = false;
  for (const Binding& b : bindings) {
    VkBuffer h = b.view.buffer->handle();
    if (written_.count(h)) needed = true;                              // RAW / WAW
    if (b.access != Access::Read && read_.count(h)) needed = true;      // WAR
  }
  if (!needed) return;
  VkMemoryBarrier mb{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
  mb.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
  mb.dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_READ_BIT |
                     VK_ACCESS_TRANSFER_WRITE_BIT;
  const VkPipelineStageFlags stages = VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT;
  vkCmdPipelineBarrier(cmd_, stages, stages, 0, 1, &mb, 0, nullptr, 0, nullptr);
  written_.clear();
  read_.clear();
}

void CommandRecorder::dispatch(const Pipeline& pipeline, std::span<const Binding> bindings, const void* push,
                               uint32_t pushBytes, uint32_t gx, uint32_t gy, uint32_t gz) {
  if (bindings.size() != pipeline.bindings) {
    throw GpuError(GpuErrorKind::InvalidArgument, pipeline.name + ": expected " + std::to_string(pipeline.bindings) +
                                                      " bindings, got " + std::to_string(bindings.size()));
  }
  if (pushBytes != pipeline.pushConstantBytes) {
    throw GpuError(GpuErrorKind::InvalidArgument, pipeline.name + ": push constant size mismatch");
  }
  const DeviceInfo& info = device_.info();
  if (gx == 0 || gy == 0 || gz == 0) return;  // nothing to do
  if (gx > info.maxWorkgroupCount[0] || gy > info.maxWorkgroupCount[1] || gz > info.maxWorkgroupCount[2]) {
    throw GpuError(GpuErrorKind::InvalidArgument, pipeline.name + ": dispatch of " + std::to_string(gx) + "x" +
                                                      std::to_string(gy) + "x" + std::to_string(gz) +
                                                      " workgroups exceeds the device limit");
  }
  begin();
  std::vector<VkDescriptorBufferInfo> infos(bindings.size());
  std::vector<VkWriteDescriptorSet> writes(bindings.size());
  VkDescriptorSet set = allocateSet(pipeline.setLayout);
  for (size_t i = 0; i < bindings.size(); ++i) {
    const BufferView& v = bindings[i].view;
    if (!v.buffer || !*v.buffer) {
      throw GpuError(GpuErrorKind::InvalidArgument, pipeline.name + ": binding " + std::to_string(i) + " is empty");
    }
    if (v.size > info.maxStorageBufferRange) {
      throw GpuError(GpuErrorKind::InvalidArgument,
                     pipeline.name + ": binding " + std::to_string(i) + " (" + v.buffer->name() + ", " +
                         std::to_string(v.size >> 20) + " MiB) exceeds the device's storage binding limit of " +
                         std::to_string(info.maxStorageBufferRange >> 20) + " MiB");
    }
    if (info.minStorageBufferOffsetAlignment && v.offset % info.minStorageBufferOffsetAlignment) {
      throw GpuError(GpuErrorKind::InvalidArgument,
                     pipeline.name + ": binding " + std::to_string(i) + " offset is not aligned to " +
                         std::to_string(info.minStorageBufferOffsetAlignment) + " bytes");
    }
    infos[i] = {v.buffer->handle(), v.offset, v.size ? v.size : VK_WHOLE_SIZE};
    writes[i] = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
    writes[i].dstSet = set;
    writes[i].dstBinding = uint32_t(i);
    writes[i].descriptorCount = 1;
    writes[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    writes[i].pBufferInfo = &infos[i];
  }
  vkUpdateDescriptorSets(device_.handle(), uint32_t(writes.size()), writes.data(), 0, nullptr);
  barrierFor(bindings);
  const uint32_t region = timeDispatches_ ? beginRegion(pipeline.name) : UINT32_MAX;
  vkCmdBindPipeline(cmd_, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.pipeline);
  vkCmdBindDescriptorSets(cmd_, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.layout, 0, 1, &set, 0, nullptr);
  if (pushBytes) vkCmdPushConstants(cmd_, pipeline.layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, pushBytes, push);
  vkCmdDispatch(cmd_, gx, gy, gz);
  if (region != UINT32_MAX) endRegion(region);
  for (const Binding& b : bindings) track(b.view.buffer->handle(), b.access);
  ++dispatches_;
}

void CommandRecorder::copy(BufferView src, BufferView dst) {
  if (src.size != dst.size) throw GpuError(GpuErrorKind::InvalidArgument, "copy between views of different sizes");
  begin();
  const Binding bs[2] = {in(src), out(dst)};
  barrierFor(bs);
  VkBufferCopy region{src.offset, dst.offset, src.size};
  vkCmdCopyBuffer(cmd_, src.buffer->handle(), dst.buffer->handle(), 1, &region);
  track(src.buffer->handle(), Access::Read);
  track(dst.buffer->handle(), Access::Write);
}

void CommandRecorder::fill(BufferView dst, uint32_t word) {
  begin();
  const Binding bs[1] = {out(dst)};
  barrierFor(bs);
  vkCmdFillBuffer(cmd_, dst.buffer->handle(), dst.offset, dst.size, word);
  track(dst.buffer->handle(), Access::Write);
}

void CommandRecorder::update(BufferView dst, const void* data, size_t bytes) {
  if (bytes == 0) return;
  if (!dst.buffer || !*dst.buffer) throw GpuError(GpuErrorKind::InvalidArgument, "update of an empty view");
  if (bytes > dst.size) throw GpuError(GpuErrorKind::InvalidArgument, "update larger than its destination view");
  if (bytes % 4 || dst.offset % 4) {
    throw GpuError(GpuErrorKind::InvalidArgument, "update size and offset must be multiples of 4 bytes");
  }
  begin();
  const Binding bs[1] = {out(dst.sub(0, bytes))};
  barrierFor(bs);
  constexpr size_t kPiece = 65536;  // vkCmdUpdateBuffer's limit
  const auto* p = static_cast<const std::byte*>(data);
  for (size_t done = 0; done < bytes;) {
    const size_t n = std::min(bytes - done, kPiece);
    vkCmdUpdateBuffer(cmd_, dst.buffer->handle(), dst.offset + done, n, p + done);
    done += n;
  }
  track(dst.buffer->handle(), Access::Write);
}

uint32_t CommandRecorder::beginRegion(const std::string& label) {
  begin();
  const uint32_t id = uint32_t(regions_.size());
  if (!queries_ || queriesUsed_ + 2 > queryCapacity_) {
    regions_.emplace_back(label, UINT32_MAX);
    return id;
  }
  regions_.emplace_back(label, queriesUsed_);
  vkCmdWriteTimestamp(cmd_, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, queries_, queriesUsed_);
  queriesUsed_ += 2;
  return id;
}

void CommandRecorder::endRegion(uint32_t id) {
  if (id >= regions_.size() || regions_[id].second == UINT32_MAX) return;
  vkCmdWriteTimestamp(cmd_, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, queries_, regions_[id].second + 1);
}

void CommandRecorder::endForSubmit() {
  // Make shader and transfer writes available to the host (mapped read-back buffers).
  VkMemoryBarrier mb{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
  mb.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
  mb.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
  vkCmdPipelineBarrier(cmd_, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
                       VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &mb, 0, nullptr, 0, nullptr);
  checkVk(vkEndCommandBuffer(cmd_), "ending a command buffer");
  recording_ = false;
}

void CommandRecorder::collectTimings() {
  timings_.clear();
  if (queriesUsed_ == 0) return;
  std::vector<uint64_t> ts(queriesUsed_);
  const VkResult r = vkGetQueryPoolResults(device_.handle(), queries_, 0, queriesUsed_, ts.size() * 8, ts.data(), 8,
                                           VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT);
  if (r != VK_SUCCESS) return;
  for (const auto& [label, q] : regions_) {
    if (q == UINT32_MAX) continue;
    const double ns = double(ts[q + 1] - ts[q]) * double(device_.info().timestampPeriodNs);
    timings_.push_back({label, ns / 1e6});
  }
}

void CommandRecorder::submit() {
  timings_.clear();
  if (sealed_) {
    sealed_ = false;
    resetState();
    return;
  }
  if (!recording_) {
    if (flushed_.empty()) return;
    begin();  // flushed work to wait for: an empty last buffer carries the fence
  }
  endForSubmit();
  try {
    device_.submitAndWait(cmd_);
  } catch (...) {
    waitForFlushed();
    resetState();
    throw;
  }
  collectTimings();
  resetState();
}

void CommandRecorder::seal() {
  if (!reusable_) throw GpuError(GpuErrorKind::InvalidArgument, "seal() needs a reusable recorder");
  if (sealed_) return;
  begin();  // an empty step is still a valid buffer
  endForSubmit();
  sealed_ = true;
}

void CommandRecorder::replay() {
  if (!sealed_) throw GpuError(GpuErrorKind::InvalidArgument, "replay() of a recorder that is not sealed");
  device_.submitAndWait(cmd_);
  collectTimings();
}

void CommandRecorder::discard() {
  if (sealed_) {
    sealed_ = false;
    timings_.clear();
    resetState();
    return;
  }
  if (!recording_ && flushed_.empty()) return;
  if (recording_) vkEndCommandBuffer(cmd_);
  recording_ = false;
  timings_.clear();
  waitForFlushed();
  resetState();
}

void CommandRecorder::resetState() {
  regions_.clear();
  queriesUsed_ = 0;
  written_.clear();
  read_.clear();
  for (VkDescriptorPool p : pools_) vkResetDescriptorPool(device_.handle(), p, 0);
  activePool_ = 0;
  checkVk(vkResetCommandBuffer(cmd_, 0), "resetting a command buffer");
  // Flushed buffers finished before the last one (submit's wait) or the queue went idle (errors).
  for (VkCommandBuffer cb : flushed_) {
    checkVk(vkResetCommandBuffer(cb, 0), "resetting a command buffer");
    spare_.push_back(cb);
  }
  flushed_.clear();
}

}  // namespace gwb::gpu

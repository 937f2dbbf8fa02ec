#pragma once
// Compute pipelines built from embedded SPIR-V, keyed by (shader variant, specialization
// constants), kept for the device's life, and a VkPipelineCache persisted on disk so the driver's
// compilation is paid once per machine (one file per device + driver version).
#include <vulkan/vulkan.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace gwb::gpu {

class Device;

struct PipelineDesc {
  std::string shader;                  // variant name in the shader registry
  uint32_t bindings = 0;               // storage buffers at binding 0..bindings-1
  uint32_t pushConstantBytes = 0;
  std::vector<uint32_t> specConstants;  // constant_id 0..n-1 (id 0 is usually the workgroup size)
  uint32_t requiredSubgroupSize = 0;    // 0: the driver's choice
};

struct Pipeline {
  VkPipeline pipeline = VK_NULL_HANDLE;
  VkPipelineLayout layout = VK_NULL_HANDLE;
  VkDescriptorSetLayout setLayout = VK_NULL_HANDLE;
  uint32_t bindings = 0;
  uint32_t pushConstantBytes = 0;
  std::string name;
};

class PipelineCache {
 public:
  PipelineCache(Device& device, const std::string& cacheDir);
  ~PipelineCache();  // saves the cache file
  PipelineCache(const PipelineCache&) = delete;
  PipelineCache& operator=(const PipelineCache&) = delete;

  // Throws GpuError(MissingFeature) if the variant was not compiled into this binary.
  const Pipeline& get(const PipelineDesc& desc);
  bool hasShader(const std::string& name) const;
  const std::string& cacheFile() const { return file_; }
  void save();

 private:
  std::unique_ptr<Pipeline> build(const PipelineDesc& desc);

  Device& device_;
  VkPipelineCache cache_ = VK_NULL_HANDLE;
  std::string file_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Pipeline>> pipelines_;
};

}  // namespace gwb::gpu

#include "inference/gpu/PipelineCache.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "inference/gpu/Device.h"
#include "inference/gpu/VulkanError.h"
#include "shaders/ShaderRegistry.h"

namespace gwb::gpu {

namespace {

std::string defaultCacheDir() {
  if (const char* d = std::getenv("GWB_CACHE_DIR"); d && *d) return d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/gemma-workbench";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/gemma-workbench";
  return {};
}

std::string keyOf(const PipelineDesc& d) {
  // Built with append: GCC 12 warns falsely (-Wrestrict) on chained operator+ here.
  std::string k = d.shader;
  for (uint32_t v : {d.bindings, d.pushConstantBytes, d.requiredSubgroupSize}) {
    k.append("|").append(std::to_string(v));
  }
  for (uint32_t v : d.specConstants) k.append(",").append(std::to_string(v));
  return k;
}

// The driver rejects foreign data itself, but only a matching header is worth handing over.
bool headerMatches(const std::vector<char>& data, const DeviceInfo& info) {
  if (data.size() < 16 + VK_UUID_SIZE) return false;
  uint32_t headerSize, version, vendor, device;
  std::memcpy(&headerSize, data.data(), 4);
  std::memcpy(&version, data.data() + 4, 4);
  std::memcpy(&vendor, data.data() + 8, 4);
  std::memcpy(&device, data.data() + 12, 4);
  return headerSize >= 16 + VK_UUID_SIZE && version == VK_PIPELINE_CACHE_HEADER_VERSION_ONE &&
         vendor == info.vendorId && device == info.deviceId &&
         std::memcmp(data.data() + 16, info.pipelineCacheUuid, VK_UUID_SIZE) == 0;
}

}  // namespace

PipelineCache::PipelineCache(Device& device, const std::string& cacheDir) : device_(device) {
  const std::string dir = cacheDir.empty() ? defaultCacheDir() : cacheDir;
  std::vector<char> initial;
  if (!dir.empty()) {
    char name[128];
    std::snprintf(name, sizeof name, "/pipelines-%04x-%04x-%08x.bin", device.info().vendorId,
                  device.info().deviceId, device.info().driverVersion);
    file_ = dir + name;
    std::ifstream in(file_, std::ios::binary);
    if (in) initial.assign(std::istreambuf_iterator<char>(in), {});
    if (!headerMatches(initial, device.info())) initial.clear();
  }
  VkPipelineCacheCreateInfo ci{VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO};
  ci.initialDataSize = initial.size();
  ci.pInitialData = initial.empty() ? nullptr : initial.data();
  checkVk(vkCreatePipelineCache(device.handle(), &ci, nullptr, &cache_), "creating the pipeline cache");
}

PipelineCache::~PipelineCache() {
  try {
    save();
  } catch (...) {
    // A cache that cannot be written only costs compile time next start.
  }
  for (auto& [k, p] : pipelines_) {
    vkDestroyPipeline(device_.handle(), p->pipeline, nullptr);
    vkDestroyPipelineLayout(device_.handle(), p->layout, nullptr);
    vkDestroyDescriptorSetLayout(device_.handle(), p->setLayout, nullptr);
  }
  if (cache_) vkDestroyPipelineCache(device_.handle(), cache_, nullptr);
}

void PipelineCache::save() {
  if (file_.empty() || !cache_) return;
  size_t size = 0;
  if (vkGetPipelineCacheData(device_.handle(), cache_, &size, nullptr) != VK_SUCCESS || size == 0) return;
  std::vector<char> data(size);
  if (vkGetPipelineCacheData(device_.handle(), cache_, &size, data.data()) != VK_SUCCESS) return;
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(file_).parent_path(), ec);
  const std::string tmp = file_ + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    if (!out) return;
    out.write(data.data(), std::streamsize(size));
  }
  std::filesystem::rename(tmp, file_, ec);
}

bool PipelineCache::hasShader(const std::string& name) const { return shaders::find(name) != nullptr; }

const Pipeline& PipelineCache::get(const PipelineDesc& desc) {
  std::lock_guard lock(mutex_);
  const std::string key = keyOf(desc);
  auto it = pipelines_.find(key);
  if (it != pipelines_.end()) return *it->second;
  auto p = build(desc);
  return *(pipelines_[key] = std::move(p));
}

std::unique_ptr<Pipeline> PipelineCache::build(const PipelineDesc& desc) {
  const shaders::ShaderBlob* blob = shaders::find(desc.shader);
  if (!blob) {
    throw GpuError(GpuErrorKind::MissingFeature, "shader variant '" + desc.shader + "' is not built into this binary");
  }
  VkDevice dev = device_.handle();
  auto p = std::make_unique<Pipeline>();
  p->name = desc.shader;
  p->bindings = desc.bindings;
  p->pushConstantBytes = desc.pushConstantBytes;

  std::vector<VkDescriptorSetLayoutBinding> binds(desc.bindings);
  for (uint32_t i = 0; i < desc.bindings; ++i) {
    binds[i] = {i, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_COMPUTE_BIT, nullptr};
  }
  VkDescriptorSetLayoutCreateInfo dl{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
  dl.bindingCount = desc.bindings;
  dl.pBindings = binds.data();
  checkVk(vkCreateDescriptorSetLayout(dev, &dl, nullptr, &p->setLayout), "creating a descriptor set layout");

  VkPushConstantRange pc{VK_SHADER_STAGE_COMPUTE_BIT, 0, desc.pushConstantBytes};
  VkPipelineLayoutCreateInfo pl{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
  pl.setLayoutCount = 1;
  pl.pSetLayouts = &p->setLayout;
  pl.pushConstantRangeCount = desc.pushConstantBytes ? 1 : 0;
  pl.pPushConstantRanges = &pc;
  checkVk(vkCreatePipelineLayout(dev, &pl, nullptr, &p->layout), "creating a pipeline layout");

  VkShaderModuleCreateInfo sm{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
  sm.codeSize = blob->wordCount * 4;
  sm.pCode = blob->words;
  VkShaderModule module;
  checkVk(vkCreateShaderModule(dev, &sm, nullptr, &module), "creating shader module " + desc.shader);

  std::vector<VkSpecializationMapEntry> entries(desc.specConstants.size());
  for (uint32_t i = 0; i < entries.size(); ++i) entries[i] = {i, i * 4, 4};
  VkSpecializationInfo spec{uint32_t(entries.size()), entries.data(), desc.specConstants.size() * 4,
                            desc.specConstants.data()};

  VkPipelineShaderStageRequiredSubgroupSizeCreateInfo sgs{
      VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_REQUIRED_SUBGROUP_SIZE_CREATE_INFO};
  sgs.requiredSubgroupSize = desc.requiredSubgroupSize;
  VkComputePipelineCreateInfo ci{VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
  ci.stage = {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO};
  ci.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
  ci.stage.module = module;
  ci.stage.pName = "main";
  ci.stage.pSpecializationInfo = entries.empty() ? nullptr : &spec;
  if (desc.requiredSubgroupSize && device_.info().subgroupSizeControl) {
    ci.stage.pNext = &sgs;
    ci.stage.flags = VK_PIPELINE_SHADER_STAGE_CREATE_REQUIRE_FULL_SUBGROUPS_BIT;
  }
  ci.layout = p->layout;
  const VkResult r = vkCreateComputePipelines(dev, cache_, 1, &ci, nullptr, &p->pipeline);
  vkDestroyShaderModule(dev, module, nullptr);
  checkVk(r, "building compute pipeline " + desc.shader);
  return p;
}

}  // namespace gwb::gpu

#pragma once
// A whole file mapped read-only into memory (POSIX mmap). Checkpoints are read through this so a
// multi-GiB weight file is never copied: tensors are views into the mapping.
#include <cstddef>
#include <filesystem>
#include <string>

namespace gwb::model {

class MappedFile {
 public:
  // Maps `path`. Throws CheckpointError naming the path and the reason (missing, a directory,
  // permission denied, mmap failure).
  explicit MappedFile(const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const std::byte* data() const { return data_; }  // nullptr for an empty file
  size_t size() const { return size_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  void release() noexcept;
  std::filesystem::path path_;
  const std::byte* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace gwb::model

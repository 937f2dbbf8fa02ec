#pragma once
// MediaError: the one exception type of gwb::media. Every decoder of untrusted bytes throws it (never
// crashes) with a message that names the file and says what is wrong, so the UI can show it as is.
#include <stdexcept>
#include <string>

namespace gwb::media {

class MediaError : public std::runtime_error {
public:
    MediaError(const std::string& path, const std::string& what)
        : std::runtime_error(path.empty() ? what : path + ": " + what), path_(path) {}

    // The file the error is about ("" for errors on in-memory data).
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

} // namespace gwb::media

# gwb_set_warnings(target): the warning set every project target compiles with.
# Third-party headers (Qt, Vulkan, FFmpeg, nlohmann) come in as system includes and stay quiet.
function(gwb_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
    -Wimplicit-fallthrough -Wformat=2
    # Vulkan structs are zero-filled by naming only sType: {VK_STRUCTURE_TYPE_...}.
    -Wno-missing-field-initializers)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 reports false -Wrestrict on std::string concatenation at -O3 (GCC bug 105329).
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(GWB_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

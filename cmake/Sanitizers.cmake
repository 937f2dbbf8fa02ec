# ASan + UBSan for the whole build when GWB_SANITIZE is on (scripts/test --sanitize).
if(GWB_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC's flow analysis under ASan instrumentation reports -Wmaybe-uninitialized inside
    # libstdc++ (std::optional comparisons) that the plain build does not; a known false positive.
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
endif()

# ASan + UBSan for the whole build when GWB_SANITIZE is on (scripts/test --sanitize).
if(GWB_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# CPack: a .deb and a .tar.gz of the GUI, the CLI and the desktop integration.
#   cmake --build build --target package        (or: cd build && cpack -G DEB)
#   packaging/check-deb build/gemma-workbench_*.deb   checks and installs it into a scratch root
# What goes in is whatever the install() rules say: bin/gemma-workbench (app/gui), bin/gemma-
# workbench-cli (app/cli), and below: the .desktop entry (with the MIME types the app opens), the
# icon as SVG and as PNGs of every hicolor size, and the AppStream metainfo. Translations are
# embedded in the binary, so there are no .qm files to install.

# --- desktop integration (only with the GUI) -------------------------------------------------------
if(GWB_QT AND GWB_GUI)
  set(GWB_APPSTREAM_ID "io.github.gemma_workbench.GemmaWorkbench")
  install(FILES ${PROJECT_SOURCE_DIR}/resources/gemma-workbench.desktop
          DESTINATION share/applications)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/gemma-workbench.metainfo.xml
          DESTINATION share/metainfo RENAME ${GWB_APPSTREAM_ID}.metainfo.xml)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/gemma-workbench.svg
          DESTINATION share/icons/hicolor/scalable/apps)
  # PNGs rendered from the SVG (Qt's SVG renderer) for desktops and docks that want bitmaps.
  foreach(size 16 22 24 32 48 64 128 256 512)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/hicolor/${size}x${size}/apps/gemma-workbench.png
            DESTINATION share/icons/hicolor/${size}x${size}/apps)
  endforeach()
endif()
set(CPACK_PACKAGE_NAME "gemma-workbench")
set(CPACK_PACKAGE_VENDOR "Gemma Workbench")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Run Gemma 4 multimodal models locally on Vulkan")
set(CPACK_PACKAGE_DESCRIPTION
  "Gemma Workbench runs Google's Gemma 4 models on your own computer with its own Vulkan compute
engine: drop an image, a recording or a video, pick a task (caption, OCR, object detection,
transcription, translation, questions about a video) and watch the answer stream in, with boxes
drawn over the image. Nothing leaves the machine.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Gemma Workbench developers")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "gemma-workbench")
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR "TGZ;DEB")

# --- Debian package -----------------------------------------------------------------------------
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Gemma Workbench developers")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)                       # gemma-workbench_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# Linked libraries (Qt, Vulkan loader, FFmpeg) are found by dpkg-shlibdeps...
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# ...but what is only loaded at run time is not, so it is listed here:
#  - libqt6svg6: the SVG icon-engine plugin that draws the app icon;
#  - GStreamer plugins: the Qt Multimedia backend that plays WAV/MP3/MP4 (the FFmpeg backend of
#    Qt 6.4 crashes without an audio device);
#  - a Vulkan driver: the engine needs one; mesa-vulkan-drivers brings lavapipe as the fallback.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
  "libqt6svg6, gstreamer1.0-plugins-base, gstreamer1.0-plugins-good, gstreamer1.0-libav, libvulkan1, mesa-vulkan-drivers | vulkan-icd")
# WebP/TIFF image readers, Qt's own translations of standard dialogs, Wayland platform plugins.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-image-formats-plugins, qt6-translations-l10n, qt6-qpa-plugins")
# The .desktop file (MimeType=) and the hicolor icons are picked up by the desktop-file-utils,
# shared-mime-info and hicolor-icon-theme dpkg triggers, so no maintainer scripts are needed.

# --- tarball ------------------------------------------------------------------------------------
# Unpacks into gemma-workbench-0.1.0-Linux/{bin,share}; runs from there with the system's Qt.
set(CPACK_ARCHIVE_COMPONENT_INSTALL OFF)

include(CPack)

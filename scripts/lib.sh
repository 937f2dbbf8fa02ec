# Shared by scripts/run and scripts/test. Sourced, not run.
set -euo pipefail
GWB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GWB_JOBS="${GWB_JOBS:-$(nproc)}"

gwb_log() { printf '\033[1m[gwb]\033[0m %s\n' "$*" >&2; }

# Installs the Debian packages of scripts/debian-packages.txt that are not installed yet.
gwb_install_deps() {
  local wanted missing=()
  wanted=$(grep -v '^#' "$GWB_ROOT/scripts/debian-packages.txt" | grep -v '^$')
  for p in $wanted; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  # npm ships with nodejs on some images (NodeSource); do not fight over it.
  if command -v npm >/dev/null 2>&1; then
    missing=("${missing[@]/npm}")
  fi
  if command -v node >/dev/null 2>&1; then
    missing=("${missing[@]/nodejs}")
  fi
  local list=()
  for p in "${missing[@]}"; do [ -n "$p" ] && list+=("$p"); done
  if [ ${#list[@]} -eq 0 ]; then
    gwb_log "all Debian packages present"
    return 0
  fi
  gwb_log "installing ${#list[@]} Debian packages: ${list[*]}"
  local SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${list[@]}" >/dev/null
}

# gwb_build DIR [cmake args...]: configures (once) and builds with Ninja.
gwb_build() {
  local dir="$1"; shift
  cmake -S "$GWB_ROOT" -B "$dir" -G Ninja "$@" >/dev/null
  cmake --build "$dir" -j "$GWB_JOBS"
}

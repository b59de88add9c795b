#!/usr/bin/env bash
# Installs what building (`build`) or testing (`test`) GCM Review Desk needs and is missing;
# does nothing when everything is there. Debian and Ubuntu are handled; elsewhere it says
# what to install (see README.md).
set -euo pipefail

want=${1:-build}
# The spell checker of the answers (WebKitGTK's, through enchant) reads hunspell dictionaries of
# the UN languages that have one (Chinese needs none).
build_packages=(libwebkit2gtk-4.1-dev build-essential pkg-config hunspell-en-us hunspell-fr hunspell-es hunspell-ru hunspell-ar)
# Chinese glyphs for the interface under Xvfb (DejaVu, which fontconfig brings, has the Arabic).
# python3-docx writes the regional-review documents the import tests read; LibreOffice converts
# them to .odt and .pdf.
test_packages=(xvfb xauth webkit2gtk-driver poppler-utils python3 python3-jwcrypto fonts-wqy-microhei python3-docx libreoffice-writer-nogui)

say() { printf 'deps: %s\n' "$*" >&2; }

if ! command -v cargo >/dev/null 2>&1; then
  say "Rust is missing: install it from https://rustup.rs (rustup), then run make again."
  exit 1
fi

case "$(uname -s)" in
  Linux) ;;
  Darwin) say "macOS: the Xcode command line tools are all the app needs (xcode-select --install)."; exit 0 ;;
  *) say "Windows: install the WebView2 runtime and the MSVC build tools (see README.md)."; exit 0 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
  say "not a Debian or Ubuntu system: install WebKitGTK 4.1 development files (and, for tests, Xvfb and WebKitWebDriver) with your package manager."
  exit 0
fi

packages=("${build_packages[@]}")
bench_packages=(chromium time)
[ "$want" = test ] && packages+=("${test_packages[@]}")
[ "$want" = bench ] && packages+=("${test_packages[@]}" "${bench_packages[@]}")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The answer editor (ProseMirror, markdown-it, bundled with esbuild) and the accessibility audit
# of the end-to-end tests (axe-core) are npm packages, installed from the committed
# package-lock.json whenever node_modules is missing or older than it. Node.js may come from
# elsewhere than Debian: ask for the Debian packages only when the commands are missing.
node_missing=()
command -v node >/dev/null 2>&1 || node_missing+=(nodejs)
command -v npm >/dev/null 2>&1 || node_missing+=(npm)
if [ ${#node_missing[@]} -gt 0 ]; then
  say "installing ${node_missing[*]}"
  sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${node_missing[@]}" >/dev/null
fi
root=$(cd "$(dirname "$0")/.." && pwd)
installed="$root/node_modules/.package-lock.json"
if [ ! -f "$installed" ] || [ "$root/package-lock.json" -nt "$installed" ] \
  || [ ! -f "$root/node_modules/prosemirror-view/package.json" ] || [ ! -f "$root/node_modules/axe-core/axe.min.js" ]; then
  say "installing the UI's npm packages (npm ci)"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "$want" != build ] && ! command -v tauri-driver >/dev/null 2>&1; then
  say "installing tauri-driver"
  cargo install tauri-driver --locked --quiet
fi

# `make dist` bundles the installers with the Tauri CLI of the same minor version as the tauri
# crate in Cargo.lock (a few minutes to build once), and checks the .deb with lintian; rpmbuild is
# not needed: the bundler writes the .rpm itself.
if [ "$want" = dist ] || [ "$want" = test ]; then
  root=$(cd "$(dirname "$0")/.." && pwd)
  tauri_minor=$(awk '/^name = "tauri"$/ { getline; gsub(/"/, "", $3); split($3, v, "."); print v[1] "." v[2]; exit }' "$root/Cargo.lock")
  have=$(cargo tauri --version 2>/dev/null | awk '{ print $2 }' || true)
  case "$have" in
    "$tauri_minor".*) ;;
    *)
      say "installing the Tauri CLI ~$tauri_minor (cargo install tauri-cli)"
      cargo install tauri-cli --version "~$tauri_minor" --locked --quiet
      ;;
  esac
  if ! command -v lintian >/dev/null 2>&1; then
    say "installing lintian"
    sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends lintian >/dev/null
  fi
fi

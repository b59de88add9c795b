#!/usr/bin/env bash
# `make dist`: the release app and its Linux installers (.deb and .rpm) with the Tauri bundler.
#
# 1. `cargo build --release` of the app and the `gcm-review` command line (both at once, as
#    `make bench` builds them, so that its build is reused), then both binaries stripped;
# 2. what the packages carry beside them, staged in target/dist/: the manual pages and shell
#    completions generated from the command line's clap definitions, the copyright file, the
#    fonts' licence and a Debian changelog;
# 3. `cargo tauri bundle` (the Tauri CLI) from src-tauri/, over a configuration generated from
#    the root tauri.conf.json (scripts/tauri-cli-config.py says why), with the Debian
#    dependencies that dpkg-shlibdeps finds for the two binaries.
# The installers land in target/release/bundle/{deb,rpm}/.
#
# `scripts/dist.sh dev` does the same from the dev profile's build (target/debug/bundle/): what
# `make test` installs and checks, since the packaging is the same and the dev build reuses what
# the other tests compiled, where a cold release build adds about nine minutes on two cores.
# Only the release build is for users.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
say() { printf 'dist: %s\n' "$*" >&2; }
profile=${1:-release}
case "$profile" in
  release) out=target/release; cargo_profile=(--release); bundle_profile=() ;;
  dev) out=target/debug; cargo_profile=(); bundle_profile=(--debug) ;;
  *) say "usage: scripts/dist.sh [release|dev]"; exit 2 ;;
esac

version=$(cargo metadata --no-deps --format-version 1 </dev/null |
  python3 -c 'import json, sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "gcm-review-desk"))')
say "GCM Review Desk $version"

cargo build "${cargo_profile[@]}" -p gcm-review-desk -p gcm-review </dev/null
strip "$out/gcm-review-desk" "$out/gcm-review"

stage=target/dist
rm -rf "$stage"
mkdir -p "$stage/doc/fonts" "$stage/completions"
cp "$out/gcm-review" "$stage/gcm-review"
"$out/gcm-review" generate man "$stage/man" >/dev/null
cp packaging/linux/gcm-review-desk.1 "$stage/man/"
gzip -9n "$stage"/man/*.1
"$out/gcm-review" generate completions "$stage/completions" >/dev/null
cp packaging/linux/copyright "$stage/doc/copyright"
cp assets/fonts/OFL.txt "$stage/doc/fonts/OFL.txt"
# A native Debian package's changelog.gz is in Debian's changelog format; CHANGELOG.md, in the
# same folder, is the project's own.
date=$(git log -1 --format=%cD 2>/dev/null || date -R)
{
  printf 'gcm-review-desk (%s) unstable; urgency=medium\n\n' "$version"
  printf '  * Release %s of GCM Review Desk: see CHANGELOG.md.gz in this folder.\n\n' "$version"
  printf ' -- UN Network on Migration <unmignet@iom.int>  %s\n' "$date"
} | gzip -9n >"$stage/doc/changelog.gz"
gzip -9nc CHANGELOG.md >"$stage/doc/CHANGELOG.md.gz"
find "$stage" -type f -exec chmod 0644 {} +
chmod 0755 "$stage/gcm-review"

# The Debian dependencies of the two binaries, as dpkg-shlibdeps computes them from the
# libraries they link (it wants a debian/control to read, so it runs in a scratch folder).
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/debian"
printf 'Source: gcm-review-desk\n\nPackage: gcm-review-desk\nArchitecture: any\n' >"$scratch/debian/control"
depends=$(cd "$scratch" && dpkg-shlibdeps -O -e"$root/$out/gcm-review-desk" -e"$root/$out/gcm-review" 2>/dev/null |
  sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { say "dpkg-shlibdeps found no dependencies"; exit 1; }
say "Depends: $depends"

python3 scripts/tauri-cli-config.py --depends "$depends"
(cd src-tauri && cargo tauri bundle "${bundle_profile[@]}" --bundles deb,rpm --ci </dev/null)
ls -l "$out"/bundle/deb/*.deb "$out"/bundle/rpm/*.rpm

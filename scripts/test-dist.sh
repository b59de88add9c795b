#!/usr/bin/env bash
# `make test-dist`: the .deb installed as a user installs it, then checked.
#
# - `apt-get install ./….deb` (root, or sudo) resolves its dependencies from Debian;
# - the installed `gcm-review --version` is the workspace's version, `template validate` works,
#   and the manual page and completions are where man and the shells look;
# - the installed app starts under Xvfb in French, shows the first-run guide, Home and About
#   (the end-to-end test first_run_guide, pointed at /usr/bin); screenshots in artifacts/dist/;
# - `apt-get remove` leaves the user's data folder and its reviews as they were;
# - lintian reports no error on the .deb (its warnings are printed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
say() { printf 'test-dist: %s\n' "$*" >&2; }
fail() { say "FAILED: $*"; exit 1; }
sudo=()
[ "$(id -u)" -ne 0 ] && sudo=(sudo)

# The folder of the .deb: target/debug/bundle/deb (`scripts/dist.sh dev`, what `make test`
# checks) or target/release/bundle/deb (`make dist`).
folder=${1:-target/release/bundle/deb}
deb=$(ls -t "$folder"/*.deb 2>/dev/null | head -1 || true)
[ -n "$deb" ] && [ -f "$deb" ] || fail "no .deb in $folder (run make dist, or scripts/dist.sh dev)"
version=$(cargo metadata --no-deps --format-version 1 </dev/null |
  python3 -c 'import json, sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "gcm-review-desk"))')
package=$(dpkg-deb --field "$deb" Package)
say "$deb ($package $version, $(du -h "$deb" | cut -f1))"

say "lintian"
lintian_out=$(lintian --tag-display-limit 0 "$deb" 2>&1 || true)
printf '%s\n' "$lintian_out" | tee artifacts/lintian.txt >&2 || true
if printf '%s\n' "$lintian_out" | grep -q '^E: '; then fail "lintian reported errors"; fi

say "apt-get install"
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$root/$deb" >/dev/null
trap 'DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get remove -y -qq "$package" >/dev/null 2>&1 || true' EXIT

[ "$(command -v gcm-review)" = /usr/bin/gcm-review ] || fail "gcm-review is not on the PATH from /usr/bin"
[ -x /usr/bin/gcm-review-desk ] || fail "/usr/bin/gcm-review-desk is missing"
got=$(gcm-review --version)
[ "$got" = "gcm-review $version" ] || fail "gcm-review --version says '$got', not 'gcm-review $version'"
gcm-review template validate | grep -q '^ok: ' || fail "gcm-review template validate"
man -w gcm-review >/dev/null 2>&1 || [ -f /usr/share/man/man1/gcm-review.1.gz ] || fail "no manual page for gcm-review"
zcat /usr/share/man/man1/gcm-review-export-pdf.1.gz | grep -q 'export-pdf' || fail "no page for gcm-review export-pdf"
grep -q 'gcm-review' /usr/share/bash-completion/completions/gcm-review || fail "no bash completion"
desktop=$(dpkg -L "$package" | grep '^/usr/share/applications/.*\.desktop$')
for lang in ar zh fr ru es; do grep -q "^Name\[$lang\]=" "$desktop" || fail "no Name[$lang] in $desktop"; done
grep -q '^Exec=gcm-review-desk' "$desktop" || fail "$desktop does not start gcm-review-desk"
[ -f "/usr/share/doc/$package/fonts/OFL.txt" ] || fail "the fonts' licence is not installed"
[ -f "/usr/share/doc/$package/copyright" ] || fail "no copyright file"
say "installed: $(gcm-review --version), $(du -h /usr/bin/gcm-review-desk | cut -f1) app, $desktop"

say "the installed app under Xvfb"
mkdir -p artifacts/dist
GCM_REVIEW_APP=/usr/bin/gcm-review-desk GCM_REVIEW_CLI=/usr/bin/gcm-review \
  xvfb-run -a -s "-screen 0 1280x1024x24" \
  cargo test -p gcm-review-e2e --test first_run_guide -- --test-threads=1 </dev/null
for shot in first-run-guide first-run-home first-run-about; do
  cp "artifacts/e2e/$shot.png" "artifacts/dist/installed-$shot.png"
done

say "apt-get remove keeps the user's reviews"
home=$(mktemp -d)
env -u GCM_REVIEW_DATA_DIR HOME="$home" XDG_DATA_HOME= gcm-review new --member-state KEN --cycle "IMRF 2026" --language en >/dev/null
store="$home/.local/share/gcmreviewdesk/reviews.sqlite3"
[ -f "$store" ] || fail "the installed CLI did not make $store"
before=$(sha256sum "$store" | cut -d' ' -f1)
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get remove -y -qq "$package" >/dev/null
trap - EXIT
[ ! -e /usr/bin/gcm-review-desk ] || fail "apt-get remove left /usr/bin/gcm-review-desk"
[ -f "$store" ] || fail "apt-get remove deleted the user's data folder"
[ "$(sha256sum "$store" | cut -d' ' -f1)" = "$before" ] || fail "apt-get remove changed the user's store"
rm -rf "$home"
say "passed: installed, ran, removed; the data folder stayed"

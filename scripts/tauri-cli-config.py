#!/usr/bin/env python3
"""Writes src-tauri/tauri.conf.json for the Tauri CLI from the repository's tauri.conf.json.

The app is built from tauri.conf.json at the repository root (src-tauri/build.rs names it), but the
Tauri CLI looks for its configuration beside the shell's Cargo.toml and resolves the paths in it
from there. This writes that view of the same configuration: this platform's
tauri.<platform>.conf.json merged in, every path made relative to src-tauri/, bundling on. The
file is generated (git ignores it); edit the root one.
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLATFORM = {"linux": "linux", "darwin": "macos", "win32": "windows"}.get(sys.platform, sys.platform)


def merge(base, patch):
    """JSON merge patch (RFC 7396), as the Tauri CLI merges platform files."""
    if not isinstance(patch, dict):
        return patch
    out = dict(base) if isinstance(base, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge(out.get(key), value)
    return out


def rebase(path):
    return "../" + path.removeprefix("./")


def main():
    config = json.loads((ROOT / "tauri.conf.json").read_text(encoding="utf-8"))
    platform_file = ROOT / f"tauri.{PLATFORM}.conf.json"
    if platform_file.exists():
        config = merge(config, json.loads(platform_file.read_text(encoding="utf-8")))
    build = config.setdefault("build", {})
    if "frontendDist" in build:
        build["frontendDist"] = rebase(build["frontendDist"])
    bundle = config.setdefault("bundle", {})
    bundle["active"] = True
    bundle["icon"] = [rebase(p) for p in bundle.get("icon", [])]
    if "licenseFile" in bundle:
        bundle["licenseFile"] = rebase(bundle["licenseFile"])
    for kind in ("deb", "rpm"):
        settings = bundle.get("linux", {}).get(kind, {})
        if "desktopTemplate" in settings:
            settings["desktopTemplate"] = rebase(settings["desktopTemplate"])
        if "files" in settings:
            settings["files"] = {dest: rebase(src) for dest, src in settings["files"].items()}
    if len(sys.argv) > 1:
        # `--depends A,B`: the Debian dependencies dpkg-shlibdeps computed for these binaries.
        if sys.argv[1] == "--depends" and len(sys.argv) == 3:
            bundle["linux"]["deb"]["depends"] = [d.strip() for d in sys.argv[2].split(",") if d.strip()]
        else:
            sys.exit("usage: tauri-cli-config.py [--depends 'libc6 (>= 2.34), ...']")
    out = ROOT / "src-tauri" / "tauri.conf.json"
    out.write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


main()

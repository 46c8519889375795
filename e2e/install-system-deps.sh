#!/usr/bin/env bash
# Installs the Debian packages the tests need beyond Node: `chromium`, whose SwiftShader Vulkan
# driver (/usr/lib/chromium/vk_swiftshader_icd.json) gives Dawn (the `webgpu` npm package) a
# software GPU on machines without one, and that Playwright can drive; `libvulkan1`, the Vulkan
# loader Dawn opens; and `python3-torch` (PyTorch 1.13.1, the version the golden values came
# from), which runs the app's "Export to PyTorch" script in src/export/pytorch_run.test.ts.
# Idempotent: installs only what is missing, and refreshes the package
# lists only when there is something to install.
set -euo pipefail

packages=(chromium libvulkan1 python3-torch)
missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "system deps: already installed (${packages[*]})"
  exit 0
fi

# Root on CI and dev machines; elsewhere go through sudo.
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

echo "system deps: installing ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"

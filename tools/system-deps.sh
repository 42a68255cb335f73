#!/usr/bin/env bash
# Install the Debian packages that litgraph's outputs and their tests need:
#   graphviz        - the `dot` binary that renders `litgraph diagram` and the report's figure
#   fonts-noto-cjk  - Noto Sans CJK SC, so Chinese labels render in the figure
#   chromium        - the headless browser tests/test_report.py opens the HTML report in
#   texlive-binaries - bibtexu, which runs the gbt7714 .bst styles as the oracle of tests/test_references_gbt.py
#   poppler-utils   - pdftotext and pdfinfo, which read back the report tests/test_report_submission.py prints
# Idempotent: packages already installed are left alone, and `apt-get update` runs
# only when something is missing. Needs root (or sudo) only in that case.
set -euo pipefail

packages=(graphviz fonts-noto-cjk chromium texlive-binaries poppler-utils)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "system-deps: ${packages[*]} already installed"
    exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
    as_root=(sudo)
fi

echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

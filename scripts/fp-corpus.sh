#!/usr/bin/env bash
# Builds the false-positive calibration corpus (issue 8 item 6) from Debian packages: downloads the
# .deb files with apt-get (no install, no root needed beyond apt's cache) and unpacks them under
# $FP_CORPUS_DIR (default .cache/fp-corpus, git-ignored: images are never committed). Then
# scripts/fp-eval.ts picks one file per picture, drops near-duplicates, splits and scores.
#
# Reserved for an independent check and NEVER used here: mate-backgrounds, scikit-image's data,
# OpenCV's samples.
set -euo pipefail

DIR="${FP_CORPUS_DIR:-.cache/fp-corpus}"
REPO="$(pwd)"
# Photos and artwork that ship with Debian, every one a benign picture by construction.
PACKAGES=(
  plasma-workspace-wallpapers
  ukui-wallpapers
  gnome-backgrounds
  lomiri-wallpapers-20.04
  lomiri-wallpapers-16.04
  lomiri-wallpapers
  sway-backgrounds
  python-matplotlib-data
  python3-sklearn
  desktop-base
  xfdesktop4-data
  gimp-data
  propaganda-debian
)
# Round 2 (docs/policy.md): packages first unpacked after round 1 was scored, a fresh held-out set
# for the revised rule. Chosen for what they are (photos, artwork, sky images), never for scores.
PACKAGES_2=(
  gcompris-qt-data
  kstars-data
  xplanet-images
  debian-edu-artwork-emerald
  debian-edu-artwork-homeworld
  debian-edu-artwork-softwaves
  debian-edu-artwork-spacefun
  debian-edu-artwork-buster
)
# Round 3 (docs/policy.md): packages first unpacked after round 2 was scored, looked for because they
# ship camera photographs, above all of people (photo-album demos, genealogy examples, account
# pictures, educational photos), never for scores. Its held-out set is scored with the defaults as
# already fixed. gcompris-qt-data was downloaded for round 2, but none of its pictures were used
# then: they sit inside Qt resource files (.rcc), unpacked here by scripts/rcc-extract.ts.
PACKAGES_3=(
  gcompris-qt-data
  kphotoalbum
  gramps
  gnome-control-center-data
  palapeli-data
  lxqt-themes
  tuxpaint-data
  scribus-template
  fvwm-crystal
  afterstep-data
  sddm-theme-maldives
  sddm-theme-elarun
  sddm-theme-maya
  sddm-theme-debian-maui
)
# Round 4 (docs/policy.md): packages never used in rounds 1-3, first unpacked after round 3 was scored,
# chosen for what they ship (photographs above all, then artwork of the kinds messengers carry:
# stickers, paintings, wallpapers), never for scores. Stellarium's deep-sky photographs only (not its
# constellation art, landscape panorama tiles or planet textures).
PACKAGES_4=(
  stellarium-data
  tuxpaint-stamps-default
  wordpress-theme-twentytwentyone
  wordpress-theme-twentytwentytwo
  puzzle-jigsaw
  kodi-data
  lomiri-gallery-app-common
  awesome
  blackbox-themes
  fluxbox
  icewm-common
  lxde-common
  pekwm-themes
  slim
  wmaker-common
  mypaint-data
)
ROUND="${2:-1}"
if [ "${1:-}" != "--round" ]; then ROUND=1; fi
case "$ROUND" in
  1) ROOTDIR=root ;;
  2) ROOTDIR=root2; PACKAGES=("${PACKAGES_2[@]}") ;;
  3) ROOTDIR=root3; PACKAGES=("${PACKAGES_3[@]}") ;;
  4) ROOTDIR=root4; PACKAGES=("${PACKAGES_4[@]}") ;;
  *) echo "fp-corpus: unknown round $ROUND" >&2; exit 2 ;;
esac
for reserved in mate-backgrounds python3-skimage python-skimage-doc opencv-data libopencv-dev; do
  for p in "${PACKAGES[@]}"; do
    if [ "$p" = "$reserved" ]; then echo "fp-corpus: $p is reserved for an independent check" >&2; exit 2; fi
  done
done

mkdir -p "$DIR/debs" "$DIR/$ROOTDIR"
cd "$DIR/debs"
for p in "${PACKAGES[@]}"; do
  if ! ls "${p}"_*.deb >/dev/null 2>&1; then
    apt-get download "$p" >/dev/null || { echo "fp-corpus: apt-get download $p failed (run apt-get update first?)" >&2; exit 1; }
  fi
done
for p in "${PACKAGES[@]}"; do
  deb=$(ls "${p}"_*.deb | head -n 1)
  if [ ! -d "../$ROOTDIR/$p" ]; then
    mkdir -p "../$ROOTDIR/$p"
    dpkg-deb -x "$deb" "../$ROOTDIR/$p"
    if [ "$ROUND" = 3 ] && [ "$(find "../$ROOTDIR/$p" -name '*.rcc' | wc -l)" -gt 0 ]; then
      # Qt resource files hold the pictures: unpack them beside the package, under rcc/.
      find "$(pwd)/../$ROOTDIR/$p" -name '*.rcc' -print0 | sort -z |
        xargs -0 npx --prefix "$REPO" tsx "$REPO/scripts/rcc-extract.ts" "$(pwd)/../$ROOTDIR/$p/rcc" >/dev/null
    fi
  fi
  echo "$p $(basename "$deb") $(find "../$ROOTDIR/$p" -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' -o -iname '*.webp' \) | wc -l) raster files"
done

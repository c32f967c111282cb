# Sourced by the request-counting scripts: copy_prefix FROM TO copies a Wine prefix that other
# programs may be using at that moment (ctest runs tests in it in parallel). Their temporary
# files come and go while the copy runs, so the users' Temp folders are left out and a file that
# vanishes mid-copy is no error; the copy must still hold the registry and drive C.
copy_prefix() {
  rm -rf "$2" && mkdir -p "$2" || return 1
  tar -C "$1" --exclude='./drive_c/users/*/Temp/*' --ignore-failed-read \
    --warning=no-file-changed --warning=no-file-removed -cf - . 2>/dev/null |
    tar -C "$2" -xf - || return 1
  [ -f "$2/system.reg" ] && [ -f "$2/user.reg" ] && [ -d "$2/drive_c/windows" ]
}

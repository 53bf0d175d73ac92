# Sourced by the script tests: $tmp, a temporary folder removed at exit; `fail MESSAGE` counts a
# failure and goes on; `finish NAME` ends the test (status 1 after any failure, else "NAME: ok").
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
finish() {
  if ((failures)); then
    echo "$1: $failures failure(s)"
    exit 1
  fi
  echo "$1: ok"
}

#!/usr/bin/env bash
# Follows the README's quick start as a new user on a bare Debian machine would, as far as
# that can be done without a container: a clean clone of this repository's committed HEAD, a
# fresh HOME (no pip configuration of ours, an empty pip cache), PATH limited to the system's
# /usr/bin:/bin (so python3 is Debian's own, with no packages installed), and then both
# README commands exactly as written:
#
#   * "Set up and run the program": under Xvfb; it passes when the window appears on the
#     virtual screen (found with xdotool) and is then closed. Without Xvfb and xdotool, the
#     install part runs as written and the program's --self-test stands in for the window.
#   * "Set up and run the tests": the whole suite, as written (several minutes).
#
# It also runs each line of the README's rwt-check examples in the clone, and says which of
# the Debian packages the README names are installed here (they cannot be taken away on this
# machine, so a missing one is reported, not simulated).
#
# Not part of the test run: it downloads every dependency and takes 10 minutes or more.
#
#   scripts/fresh_machine_check.sh [--skip-tests] [--keep]
#
# Prints PASS/FAIL per step and exits 0 only if every step passed.
set -uo pipefail

skip_tests=0
keep=0
for arg in "$@"; do
  case "$arg" in
    --skip-tests) skip_tests=1 ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/rwt-fresh-machine.XXXXXX")"
clone="$work/rwt-post-checker"
results=()
failed=0
window_pid=""
xvfb_pid=""

cleanup() {
  [ -n "$window_pid" ] && kill -- -"$window_pid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
  if [ "$keep" -eq 0 ]; then rm -rf "$work"; else echo "kept: $work"; fi
}
trap cleanup EXIT

record() {  # record PASS|FAIL "what"
  results+=("$1  $2")
  echo "$1  $2"
  [ "$1" = "PASS" ] || failed=1
}

# A new user's environment: nothing of ours but the clone.
fresh_env=(env -i HOME="$work/home" PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=dumb
           TMPDIR="$work/tmp")
mkdir -p "$work/home" "$work/tmp"

echo "== a clean clone of $(git -C "$repo" rev-parse --short HEAD) in $clone"
git clone -q --no-hardlinks "$repo" "$clone" || { echo "FAIL  git clone"; exit 1; }

echo "== the system's Python: $("${fresh_env[@]}" python3 --version 2>&1)"

# The README's commands, read from the clone's README so they are exactly as written.
readme_block() {  # readme_block WORD: the first ```sh block that contains WORD
  "${fresh_env[@]}" python3 - "$clone/README.md" "$1" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for block in re.findall(r"^```sh\n(.*?)^```", text, re.M | re.S):
    if sys.argv[2] in block:
        print(block.strip())
        break
PY
}
program_cmd="$(readme_block rwt-desktop)"
tests_cmd="$(readme_block pytest)"
examples="$(readme_block 'rwt-check docs/examples')"
[ -n "$program_cmd" ] && [ -n "$tests_cmd" ] || { echo "FAIL  README commands not found"; exit 1; }

echo "== Debian packages the README names for the window"
apt_line="$(grep -o 'sudo apt-get install [a-z0-9 .+-]*' "$clone/README.md" | head -1)"
missing=()
for pkg in ${apt_line#sudo apt-get install }; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  record PASS "Debian packages named in the README are all installed here"
else
  record FAIL "Debian packages named in the README missing here: ${missing[*]}"
fi

echo "== Set up and run the program: $program_cmd"
began=$SECONDS
if command -v Xvfb >/dev/null && command -v xdotool >/dev/null; then
  exec {fd}<> <(:)
  Xvfb -displayfd "$fd" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  read -r -t 20 display <&"$fd"
  exec {fd}>&-
  # setsid: the command and everything it starts (pip, then the program) are one process
  # group, so they can all be stopped once the window has been seen.
  setsid "${fresh_env[@]}" DISPLAY=":$display" bash -c 'cd "$1" && eval "$2"' _ \
    "$clone" "$program_cmd" >"$work/program.log" 2>&1 &
  window_pid=$!
  shown=0
  while kill -0 "$window_pid" 2>/dev/null && [ $((SECONDS - began)) -lt 1200 ]; do
    # Only a window of our own program counts (its process is in our process group): on a
    # shared machine another X server may answer on the same display number.
    for win in $(DISPLAY=":$display" xdotool search --name "RWT Post Checker" 2>/dev/null); do
      pid="$(DISPLAY=":$display" xdotool getwindowpid "$win" 2>/dev/null)"
      if [ -n "$pid" ] && [ "$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')" = "$window_pid" ]
      then
        shown=1
      fi
    done
    [ "$shown" -eq 1 ] && break
    sleep 2
  done
  if [ "$shown" -eq 1 ]; then
    record PASS "program: the window appeared after $((SECONDS - began)) s (install included)"
  else
    record FAIL "program: no window (see below)"
    tail -20 "$work/program.log"
  fi
  kill -- -"$window_pid" 2>/dev/null || kill "$window_pid" 2>/dev/null
  for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$window_pid" 2>/dev/null || break; sleep 1; done
  kill -9 -- -"$window_pid" 2>/dev/null
  window_pid=""
  kill "$xvfb_pid" 2>/dev/null
  xvfb_pid=""
else
  install_cmd="${program_cmd% && *}"
  if ( cd "$clone" && "${fresh_env[@]}" bash -c "$install_cmd" ) >"$work/program.log" 2>&1 \
     && ( cd "$clone" && "${fresh_env[@]}" QT_QPA_PLATFORM=offscreen .venv/bin/rwt-desktop \
            --self-test ) >>"$work/program.log" 2>&1; then
    record PASS "program: installed as written; no Xvfb here, so its --self-test passed instead"
  else
    record FAIL "program: install or --self-test failed"
    tail -20 "$work/program.log"
  fi
fi

echo "== rwt-check examples from the README"
while IFS= read -r line; do
  [ -z "$line" ] && continue
  ( cd "$clone" && "${fresh_env[@]}" bash -c "set -o pipefail; $line" ) >"$work/example.log" 2>&1
  status=$?
  if [ "$status" -le 1 ] && ! grep -q "Traceback" "$work/example.log"; then
    record PASS "example (exit $status): ${line:0:70}"
  else
    record FAIL "example (exit $status): ${line:0:70}"
    tail -5 "$work/example.log"
  fi
done <<< "$examples"

if [ "$skip_tests" -eq 0 ]; then
  echo "== Set up and run the tests: $tests_cmd"
  began=$SECONDS
  if ( cd "$clone" && "${fresh_env[@]}" bash -c "$tests_cmd" ) >"$work/tests.log" 2>&1; then
    record PASS "tests: $(tail -1 "$work/tests.log" | tr -d '=') in $((SECONDS - began)) s"
  else
    record FAIL "tests: $(tail -1 "$work/tests.log" | tr -d '=')"
    grep -E "^(FAILED|ERROR)" "$work/tests.log" | head -20
  fi
else
  echo "== tests skipped (--skip-tests)"
fi

echo
echo "== summary"
printf '%s\n' "${results[@]}"
exit "$failed"

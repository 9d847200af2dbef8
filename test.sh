#!/usr/bin/env bash
# Runs every Vigil test and ends with "N passed, N failed, N skipped".
# On a fresh Debian machine, run as root (or with sudo available) it first installs the real peers the tests drive:
# Prometheus, Alertmanager, rsyslog and Chromium. Without them those tests are skipped with a message saying so.
set -uo pipefail
cd "$(dirname "$0")"

peers=(prometheus prometheus-alertmanager rsyslog chromium)
missing=()
for p in "${peers[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo -n"
  echo "Installing test peers: ${missing[*]}"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || echo "Could not install ${missing[*]}; the tests that need them will be skipped."
fi

rm -rf TestResults
dotnet build Vigil.slnx -c Release -warnaserror -nologo -clp:ErrorsOnly || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
dotnet test Vigil.slnx -c Release --no-build --nologo --logger trx --results-directory TestResults -- RunConfiguration.TestSessionTimeout=1500000
status=$?

passed=0; failed=0; skipped=0
for f in TestResults/*.trx; do
  [ -f "$f" ] || continue
  passed=$((passed + $(grep -o '<UnitTestResult [^>]*outcome="Passed"' "$f" | wc -l)))
  failed=$((failed + $(grep -o '<UnitTestResult [^>]*outcome="Failed"' "$f" | wc -l)))
  skipped=$((skipped + $(grep -o '<UnitTestResult [^>]*outcome="NotExecuted"' "$f" | wc -l)))
done
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then failed=1; fi  # a crashed test host counts
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]

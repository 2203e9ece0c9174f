#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing and we are allowed to (root + apt).
# Playwright cannot download its own browsers here; the tests drive /usr/bin/chromium instead.
set -u
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null) \
    || echo "Could not install chromium: the browser tests will say how to install it."
else
  echo "Chromium is missing: run 'sudo apt-get install -y chromium' to run the browser tests."
fi
exit 0

#!/usr/bin/env bash
# Installs Debian's headless Java 17 runtime for the Spark engine's test (pyspark runs Spark in a JVM) when no Java
# 17 or later is found and we are allowed to (root + apt). Quick and silent when Java is already there.
set -u
java_major() {
  local java="java"
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; fi
  command -v "$java" >/dev/null 2>&1 || { echo 0; return; }
  # `openjdk version "17.0.15" 2025-04-15` -> 17 (and "1.8.0_392" -> 1)
  "$java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}
if [ "$(java_major)" -ge 17 ] 2>/dev/null; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's openjdk-17-jre-headless for the Spark engine…"
  # Slim Debian images have no man pages directory, and the JRE's post-install step fails without it.
  mkdir -p /usr/share/man/man1
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    openjdk-17-jre-headless >/dev/null) \
    || echo "Could not install openjdk-17-jre-headless: the Spark test will say what to install."
else
  echo "Java 17 is missing: run 'sudo apt-get install -y openjdk-17-jre-headless' to run the Spark engine and its test."
fi
exit 0

#!/usr/bin/env bash
# Proves that phi-bom works from a user's pom: installs the phi-safe reactor into a THROW-AWAY local repository
# (never ~/.m2), then compiles and runs this consumer project (phi-bom imported, phi-langchain4j + phi-tink named
# without versions) against it. Exit 0 and "BOM CONSUMER OK" on success.
#
#   tools/bom-consumer/check.sh [REPO_DIR]
#
# REPO_DIR defaults to a new /tmp/bomcheck-m2.XXXXXX. If ~/.m2/repository exists it is copied there first (without
# any dev/phisafe artifacts, so that those can only come from this install) and Maven runs offline; otherwise
# Maven downloads the third-party artifacts into REPO_DIR.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
repo="${1:-$(mktemp -d /tmp/bomcheck-m2.XXXXXX)}"
offline=()
if [ -d "$HOME/.m2/repository" ] && [ -z "$(ls -A "$repo" 2>/dev/null)" ]; then
  cp -r "$HOME/.m2/repository/." "$repo/"
  offline=(-o)
fi
rm -rf "$repo/dev/phisafe"
version="$(sed -n 's#^  <version>\(.*\)</version>#\1#p' "$root/pom.xml" | head -1)"
echo "bom-consumer: installing phi-safe $version into $repo" >&2
(cd "$root" && mvn -B -q "${offline[@]}" -DskipTests install -Dmaven.repo.local="$repo")
cd "$here"
mvn -B -q "${offline[@]}" -Dmaven.repo.local="$repo" -Dphisafe.version="$version" clean compile \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java -cp "target/classes:$(cat target/classpath.txt)" com.example.bomconsumer.BomConsumer

# Finds a Java >= 21 for Hopscope's launchers (the clone's ./hopscope, a release's bin/hopscope).
# Sourced, not run. find_java [jdk] prints the home of the newest one found: $JAVA_HOME when it
# qualifies, else the newest under the usual places. With "jdk" it must also have javac (the clone
# builds itself); a release runs on a JRE.

hopscope_min_java=21

# Prints the feature version of a java binary (8 for 1.8, 21, 25, ...), or nothing.
java_major() {
  local version
  version="$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')" || return 0
  version="${version#1.}"
  printf '%s' "${version%%.*}"
}

java_qualifies() { # home, need ("jdk" or "")
  [ -x "$1/bin/java" ] || return 1
  if [ "${2:-}" = jdk ] && [ ! -x "$1/bin/javac" ]; then return 1; fi
  local major
  major="$(java_major "$1/bin/java")"
  [ -n "$major" ] && [ "$major" -ge "$hopscope_min_java" ]
}

find_java() { # need ("jdk" or "")
  if [ -n "${JAVA_HOME:-}" ] && java_qualifies "$JAVA_HOME" "${1:-}"; then
    printf '%s' "$JAVA_HOME"
    return 0
  fi
  local best="" best_major=0 candidate major
  # HOPSCOPE_JDK_DIRS (space-separated globs) replaces the usual places; tests use it.
  local places="${HOPSCOPE_JDK_DIRS:-/usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* $HOME/.sdkman/candidates/java/* $HOME/.jdks/*}"
  for candidate in $places; do
    [ -d "$candidate" ] || continue
    java_qualifies "$candidate" "${1:-}" || continue
    major="$(java_major "$candidate/bin/java")"
    if [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  [ -n "$best" ] && printf '%s' "$best"
}

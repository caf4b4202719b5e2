# Sourced by the submit/bench-* scripts: builds the test classes and runs a benchmark
# main class on the test classpath with the project's JVM flags.
#
# usage (after setting ROOT): run_bench [JVM flag ...] MAIN_CLASS -- [args ...]
run_bench() {
  local flags=()
  while [ "$1" != "--" ]; do flags+=("$1"); shift; done
  shift
  local main="${flags[-1]}"
  unset 'flags[-1]'
  (cd "$ROOT" && mvn -B -q -Dstyle.color=never -DskipTests test-compile) >&2
  local jvm_options
  jvm_options="$(sed -n 's/^jvm.options=//p' "$ROOT/conf/jvm.properties")"
  # shellcheck disable=SC2086
  exec java $jvm_options ${flags[@]+"${flags[@]}"} ${JAVA_OPTS:-} \
    -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
    -cp "$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/bench-classpath.txt")" \
    "$main" "$@"
}

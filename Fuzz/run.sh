#!/bin/sh
# Runs fuzz targets of .build-fuzz/debug/subtok-fuzz (built by `make fuzz`): first every kept
# regression input of Fuzz/regressions/TARGET/, then libFuzzer for FUZZ_SECONDS per target on the
# corpus in .build-fuzz/corpus/TARGET seeded from .build-fuzz/seeds/TARGET. A crash, leak, hang
# (FUZZ_TIMEOUT seconds per input) or memory blow-up (FUZZ_RSS_MB) fails the run and leaves the
# input in .build-fuzz/artifacts/.
# usage: Fuzz/run.sh TARGET...
set -eu
export SWIFT_BACKTRACE=enable=no  # libFuzzer reports crashes itself
FUZZER=.build-fuzz/release/subtok-fuzz
SECONDS_EACH=${FUZZ_SECONDS:-60}
for target in "$@"; do
    mkdir -p ".build-fuzz/corpus/$target" .build-fuzz/artifacts ".build-fuzz/seeds/$target"
    # The model targets hold every reference tokenizer in memory: a leak scan of that heap after
    # each input would cost more than the input; the loaders and the C test check leaks instead.
    # The scanner target keeps its ICU patterns for the life of the process behind enum payloads
    # whose pointers carry tag bits, which the scan at exit cannot follow: no leak scan there.
    asan=${ASAN_OPTIONS:-}
    case $target in encode|decode) leaks=0 ;; scanners) leaks=0 asan="$asan:detect_leaks=0" ;; *) leaks=1 ;; esac
    if [ -d "Fuzz/regressions/$target" ] && [ -n "$(ls "Fuzz/regressions/$target")" ]; then
        echo "== $target: regression inputs"
        ASAN_OPTIONS=$asan SUBTOK_FUZZ_TARGET=$target $FUZZER -timeout="${FUZZ_TIMEOUT:-20}" "Fuzz/regressions/$target"/* 2>&1 | tail -n 2
    fi
    echo "== $target: fuzzing for ${SECONDS_EACH}s"
    ASAN_OPTIONS=$asan SUBTOK_FUZZ_TARGET=$target $FUZZER -max_total_time="$SECONDS_EACH" -timeout="${FUZZ_TIMEOUT:-20}" \
        -rss_limit_mb="${FUZZ_RSS_MB:-4096}" -max_len="${FUZZ_MAX_LEN:-65536}" -print_final_stats=1 -detect_leaks=$leaks \
        -artifact_prefix=".build-fuzz/artifacts/$target-" \
        ".build-fuzz/corpus/$target" ".build-fuzz/seeds/$target" > ".build-fuzz/$target.log" 2>&1 || {
        tail -n 60 ".build-fuzz/$target.log"
        exit 1
    }
    grep -E '^stat::(number_of_executed_units|peak_rss_mb)' ".build-fuzz/$target.log" | tr '\n' ' '
    echo
done

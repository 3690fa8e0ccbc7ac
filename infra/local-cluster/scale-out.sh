#!/usr/bin/env bash
# Scale-out benchmark on one machine: a 3-node KRaft cluster (three `fer broker` processes, topics at
# replication factor 3, min ISR 2), a schema registry, and 1, 2, then 3 workers of the quality, faces and
# enhancer stages, each worker its own JVM in one consumer group. Prints the steady throughput of each
# worker count (images in per second, from the first processed image to the last, start-up excluded)
# and checks that every round saw every input image (nothing lost; an image taken over in a rebalance
# is judged again but reaches the output once: the stages write with exactly-once transactions).
#
#   infra/local-cluster/scale-out.sh --source ../shared/data/fer2013/fer2013.csv.gz [--limit 12000] [--workers "1 2 3"]
#
# The stages' inputs are prepared once (fetch, then one worker of each stage and the embedder), then each
# round replays a stage's input topic under a fresh application id, from the last stage to the first, so
# no round changes the input of a round still to come.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"

source_file=""
limit=12000
workers="1 2 3"
while [ $# -gt 0 ]; do
  case "$1" in
    --source) source_file="$2"; shift 2 ;;
    --limit) limit="$2"; shift 2 ;;
    --workers) workers="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$source_file" ] || { echo "--source FER2013.csv[.gz] is required" >&2; exit 2; }
[ -f "$source_file" ] || { echo "no such file: $source_file" >&2; exit 2; }
source_file="$(cd "$(dirname "$source_file")" && pwd)/$(basename "$source_file")"

./fer --version >/dev/null # builds the jar on first use
jar="$root/services/cli/target/fer.jar"
work="$(mktemp -d /tmp/fer-scale-out.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

fer() { java -Xmx768m -jar "$jar" "$@"; }
started() { # NAME ARGS...: a fer process in the background (its JVM's pid in pids), its output in $work/NAME.log
  local name="$1"; shift
  java -Xmx768m -jar "$jar" "$@" > "$work/$name.log" 2>&1 &
  pids+=($!)
}
await_line() { # FILE TEXT SECONDS
  local deadline=$((SECONDS + $3))
  until grep -q "$2" "$1" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { echo "timed out waiting for '$2' in $1:" >&2; tail -20 "$1" >&2; exit 1; }
    sleep 1
  done
}
metric() { # PORT NAME: the sum of a metric's samples, 0 while it is absent or the worker not up
  curl -sf "http://127.0.0.1:$1/metrics" 2>/dev/null \
    | awk -v n="$2" '$1 == n || index($1, n "{") == 1 { s += $2 } END { printf "%d", s }' || echo 0
}
stage_total() { # METRIC PORTS...: the metric summed over workers
  local name="$1"; shift
  local sum=0 port
  for port in "$@"; do sum=$((sum + $(metric "$port" "$name"))); done
  echo "$sum"
}

echo "== 3-node cluster"
voters="1@127.0.0.1:19193,2@127.0.0.1:19194,3@127.0.0.1:19195"
bootstrap="127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094"
for node in 1 2 3; do
  started "broker-$node" broker --node-id "$node" --voters "$voters" --port $((19091 + node)) --data-dir "$work/broker-$node"
done
for node in 1 2 3; do await_line "$work/broker-$node.log" "Kafka broker ready" 120; done
started registry registry --bootstrap-servers "$bootstrap" --port 18091
await_line "$work/registry.log" "Schema registry ready" 60
cluster=(--bootstrap-servers "$bootstrap" --schema-registry-url http://127.0.0.1:18091)
fer topics "${cluster[@]}" > "$work/topics.log" 2>&1

echo "== inputs: $limit images of $(basename "$source_file") through one worker of each stage"
fer fetch "${cluster[@]}" --source "$source_file" --limit "$limit" --run-id scale-out > "$work/fetch.log" 2>&1
published=$(grep -oE "PUBLISHED: [0-9,]+" "$work/fetch.log" | head -1 | tr -dc 0-9 || true)
echo "fetched: $(tail -1 "$work/fetch.log")"

# Runs WORKERS workers of STAGE (fer subcommand) under application id APP and waits until their summed
# images-in counter has not moved for QUIET seconds (default 8); prints "count seconds".
round() {
  local stage="$1" metric="$2" count="$3" app="$4" quiet="${5:-8}" ports=() k
  for k in $(seq 1 "$count"); do
    local port=$((19400 + k))
    ports+=("$port")
    started "$app-$k" "$stage" "${cluster[@]}" --application-id "$app" --metrics-port "$port"
  done
  local last=0 first_at="" last_at="" still=0 now total
  while [ $still -lt "$quiet" ]; do
    sleep 1
    total=$(stage_total "$metric" "${ports[@]}")
    now=$(date +%s.%N)
    if [ "$total" -gt "$last" ]; then
      [ -n "$first_at" ] || first_at="$now"
      last_at="$now"; last="$total"; still=0
    elif [ "$total" -gt 0 ]; then
      still=$((still + 1))
    fi
  done
  local n=${#pids[@]}
  for k in $(seq 1 "$count"); do kill "${pids[$((n - k))]}" 2>/dev/null || true; done
  for k in $(seq 1 "$count"); do wait "${pids[$((n - k))]}" 2>/dev/null || true; done
  echo "$last $(awk -v a="$first_at" -v b="$last_at" 'BEGIN { printf "%.1f", b - a }')"
}

prepare() { # STAGE METRIC: one worker, the default application id, until idle for 20 s (a slow stage
  # stalls for seconds on two loaded cores; stopping it early would leave the next stage a partial input)
  round "$1" "$2" 1 "fer-$1" 20 > /dev/null
}
prepare quality fer_quality_images_in_total
prepare faces fer_faces_images_in_total
started embed embed "${cluster[@]}" --metrics-port 19499
deadline=$((SECONDS + 300))
until [ "$(metric 19499 fer_embedder_runs_decided_total)" -ge 1 ]; do
  [ $SECONDS -lt $deadline ] || { echo "the embedder decided no run in 300 s" >&2; tail -20 "$work/embed.log" >&2; exit 1; }
  sleep 1
done
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

echo
printf '%-9s %-8s %10s %9s %11s %s\n' stage workers images seconds "images/s" "vs 1 worker"
for stage in enhance faces quality; do
  case $stage in
    quality) metric=fer_quality_images_in_total ;;
    faces) metric=fer_faces_images_in_total ;;
    enhance) metric=fer_enhancer_images_in_total ;;
  esac
  base=""
  expected=""
  for count in $workers; do
    read -r images seconds < <(round "$stage" "$metric" "$count" "scale-$stage-$count")
    rate=$(awk -v n="$images" -v s="$seconds" 'BEGIN { printf "%.1f", n / s }')
    [ -n "$base" ] || base="$rate"
    [ -n "$expected" ] || expected="$images"
    # An image taken over by another worker in a rebalance is judged again (its first transaction aborted,
    # so it reaches the output once); fewer than the first round saw would be a loss.
    note=""
    [ "$images" -ge "$expected" ] || { echo "LOST: $stage with $count workers saw $images images, the first round $expected" >&2; exit 1; }
    [ "$images" = "$expected" ] || note="  ($((images - expected)) judged again after a rebalance)"
    printf '%-9s %-8s %10s %9s %11s %5sx%s\n' "$stage" "$count" "$images" "$seconds" "$rate" \
      "$(awk -v r="$rate" -v b="$base" 'BEGIN { printf "%.2f", r / b }')" "$note"
  done
done
echo
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); cluster: 3 brokers (RF 3, min ISR 2), ${published:-?} images fetched"

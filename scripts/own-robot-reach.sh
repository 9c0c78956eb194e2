#!/usr/bin/env bash
# Train on your own robot, end to end, with the simulated arm standing in for a real one
# (issue #18; the numbers are in docs/own-robot-data.md):
#
#   record  roscore; `foresight agent --driver sim --play` (camera, arm state and applied commands
#           on ROS, stamped with the simulation clock); `foresight record` of those topics while
#           `foresight explore` drives the arm through its agent and publishes each episode's end
#   train   `foresight train` on the recorded dataset, then `foresight model eval`
#   eval    seeded reach episodes: `foresight agent --driver sim --task reach --seed S` (the
#           referee) and `foresight run --frames ros` with the trained bundle and the goal image
#
# Usage: scripts/own-robot-reach.sh [record|train|eval|all] [WORK_DIR]   (default: all, own-robot-run)
# Environment (defaults in brackets): EPISODES [400], STEPS [50], EXPLORE_PERIOD [0.03],
# EXPLORE_SEED [7; a recording into an existing dataset continues it: give it another seed],
# TRAIN_STEPS [1500], REFINE_STEPS [3000], EVAL_EPISODES [20], EVAL_BASE_SEED [0],
# GOAL_POSITION [0; 1: run also gets the goal image's end-effector position], EVAL_NAME [eval],
# CAMERA [top-down; perspective: the simulated arm's oblique camera, which shows height],
# FORESIGHT [the checkout's ./foresight; another launcher of the same version],
# MODEL [WORK_DIR/model: the bundle train writes and eval runs],
# ROS_PORT [11411], AGENT_PORT [7461].
#
# Every process it starts is remembered by PID and stopped by PID (SIGTERM, then SIGKILL after
# 15 s) when its phase ends or the script exits; every phase has a time limit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PHASE="${1:-all}"
WORK="$(realpath -m "${2:-$ROOT/own-robot-run}")"
EPISODES="${EPISODES:-400}"
STEPS="${STEPS:-50}"
EXPLORE_PERIOD="${EXPLORE_PERIOD:-0.03}"
EXPLORE_SEED="${EXPLORE_SEED:-7}"
TRAIN_STEPS="${TRAIN_STEPS:-1500}"
REFINE_STEPS="${REFINE_STEPS:-3000}"
EVAL_EPISODES="${EVAL_EPISODES:-20}"
EVAL_BASE_SEED="${EVAL_BASE_SEED:-0}"
GOAL_POSITION="${GOAL_POSITION:-0}"
MODEL="$(realpath -m "${MODEL:-$WORK/model}")"
EVAL_NAME="${EVAL_NAME:-eval}"
CAMERA="${CAMERA:-top-down}"
ROS_PORT="${ROS_PORT:-11411}"
AGENT_PORT="${AGENT_PORT:-7461}"
FORESIGHT="${FORESIGHT:-$ROOT/foresight}"

case "$PHASE" in
  record | train | eval | all) ;;
  *)
    echo "own-robot-reach: phase '$PHASE', expected record, train, eval or all" >&2
    exit 2
    ;;
esac

# Debian's ROS 1 tools run under the system python3 only.
export PATH="/usr/bin:$PATH"
export ROS_MASTER_URI="http://127.0.0.1:$ROS_PORT" ROS_IP=127.0.0.1 ROS_HOME="$WORK/ros"
mkdir -p "$WORK" "$ROS_HOME"

PIDS=()

# start LOG COMMAND...: runs COMMAND in the background, output to LOG; its PID in $STARTED.
start() {
  local log="$1"
  shift
  "$@" >"$log" 2>&1 &
  STARTED=$!
  PIDS+=("$STARTED")
}

# stop PID: SIGTERM (the Foresight commands write what they hold and exit), SIGKILL after 15 s;
# only PIDs this script started and has not stopped yet.
stop() {
  local pid="$1" kept=() p
  for p in "${PIDS[@]}"; do
    [[ "$p" == "$pid" ]] || kept+=("$p")
  done
  ((${#kept[@]} < ${#PIDS[@]})) || return 0
  PIDS=("${kept[@]}")
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    stop "$pid"
  done
}
trap cleanup EXIT

# await_line LOG PATTERN SECONDS: waits until LOG has a line matching PATTERN.
await_line() {
  local deadline=$((SECONDS + $3))
  until grep -q "$2" "$1" 2>/dev/null; do
    if ((SECONDS > deadline)); then
      echo "own-robot-reach: no '$2' in $1 within $3 s:" >&2
      tail -5 "$1" >&2
      exit 1
    fi
    sleep 0.2
  done
}

start_roscore() {
  start "$WORK/roscore.log" roscore -p "$ROS_PORT"
  ROSCORE_PID=$STARTED
  await_line "$WORK/roscore.log" "started core service" 30
}

write_configs() {
  cat >"$WORK/explore.yaml" <<EOF
# foresight explore and record against \`foresight agent --driver sim --play --task reach\`. The
# walk stays in the middle 80% of this box (x, y within 0.15 m, z 0.024..0.216 m: about the reach
# task's region), with steps of about 1.5 cm; the agent enforces the simulated arm's own limits.
robot:
  workspace:
    min: [-0.1875, -0.1875, 0.0]
    max: [0.1875, 0.1875, 0.24]
  maxStepM: 0.015
  maxRotationStepRad: 0.02
bridge:
  host: 127.0.0.1
  port: $AGENT_PORT
ros:
  masterUri: $ROS_MASTER_URI
  cameraTopic: /camera/image_raw
  commandTopic: /arm/applied_command
EOF
  cat >"$WORK/run.yaml" <<EOF
# foresight run against \`foresight agent --driver sim --task reach\` with the bundle trained here.
robot:
  maxStepM: 0.03
  maxRotationStepRad: 0.3
planner:
  timeBudgetMillis: 2000
model:
  bundle: $MODEL
bridge:
  host: 127.0.0.1
  port: $AGENT_PORT
ros:
  masterUri: $ROS_MASTER_URI
  cameraTopic: /camera/image_raw
EOF
}

record() {
  echo "== record: $EPISODES episodes of $STEPS steps into $WORK/data (explore seed $EXPLORE_SEED)"
  start_roscore
  start "$WORK/agent.log" "$FORESIGHT" agent --driver sim --play --task reach --seed 1 --camera "$CAMERA" \
    --config "$WORK/explore.yaml"
  local agent=$STARTED
  await_line "$WORK/agent.log" "stamps on the simulation clock" 120
  start "$WORK/record.log" "$FORESIGHT" record --config "$WORK/explore.yaml" --out "$WORK/data" \
    --episode-topic /explore/episode_end --max-steps "$STEPS" --duration 3600
  local recorder=$STARTED
  await_line "$WORK/record.log" "recorded" 120
  local begin=$SECONDS
  timeout 3600 "$FORESIGHT" explore --config "$WORK/explore.yaml" --episodes "$EPISODES" \
    --steps "$STEPS" --period "$EXPLORE_PERIOD" --seed "$EXPLORE_SEED" --gripper-toggle 0.04 \
    --episode-topic /explore/episode_end --out "$WORK" | tee "$WORK/explore.log" |
    awk 'NR % 50 == 1 || /explored/'
  sleep 2
  stop "$recorder"
  echo "explore and record: $((SECONDS - begin)) s"
  tail -1 "$WORK/record.log"
  stop "$agent"
  stop "$ROSCORE_PID"
  "$FORESIGHT" data info "$WORK/data" | head -20
  du -sm "$WORK/data"
}

train() {
  echo "== train: $TRAIN_STEPS JEPA steps + $REFINE_STEPS refinement steps into $MODEL"
  local begin=$SECONDS
  timeout 3600 "$FORESIGHT" train --data "$WORK/data" --out "$MODEL" --steps "$TRAIN_STEPS" \
    --seed 1 --batch 64 --proprio-weight 10 --refine-steps "$REFINE_STEPS" >"$WORK/train.log" 2>&1
  tr '\r' '\n' <"$WORK/train.log" | grep -v '^\s*$' | tail -n 8
  echo "train: $((SECONDS - begin)) s"
  timeout 1200 "$FORESIGHT" model eval "$MODEL" --data "$WORK/data" | tee "$WORK/model-eval.txt"
}

evaluate() {
  echo "== eval: $EVAL_EPISODES seeded reach episodes from base seed $EVAL_BASE_SEED"
  start_roscore
  local successes=0 seed dir agent
  rm -f "$WORK/$EVAL_NAME.txt"
  for ((i = 0; i < EVAL_EPISODES; i++)); do
    seed=$((EVAL_BASE_SEED + i))
    dir="$WORK/$EVAL_NAME/seed-$seed"
    rm -rf "$dir"
    mkdir -p "$dir"
    start "$dir/agent.log" "$FORESIGHT" agent --driver sim --task reach --seed "$seed" --camera "$CAMERA" \
      --port "$AGENT_PORT" --config "$WORK/run.yaml" --out "$dir"
    agent=$STARTED
    await_line "$dir/agent.log" "goal proprio" 120
    local goal_position=()
    if [[ "$GOAL_POSITION" == 1 ]]; then
      # The pose the goal picture was taken at, as a lab that teaches goals by moving the arm knows it.
      goal_position=(--goal-position "$(sed -n 's/^goal end-effector position \([^ ]*\) m.*/\1/p' \
        "$dir/agent.log")")
    fi
    timeout 600 "$FORESIGHT" run --config "$WORK/run.yaml" --goal "$dir/goal.png" --frames ros \
      --fix droll,dpitch,dyaw,gripper --steps 80 "${goal_position[@]}" --out "$dir/run" \
      >"$dir/run.log" 2>&1 || true
    for _ in $(seq 150); do
      [[ -f "$dir/summary.json" ]] && break
      sleep 0.1
    done
    stop "$agent"
    local line
    line="$(grep -o 'reach episode (seed [0-9]*): [A-Z]*[^;]*' "$dir/agent.log" | head -1)"
    echo "${line:-seed $seed: no result}" | tee -a "$WORK/$EVAL_NAME.txt"
    if grep -q '"success" *: *true' "$dir/summary.json" 2>/dev/null; then
      successes=$((successes + 1))
    fi
  done
  stop "$ROSCORE_PID"
  echo "reach: $successes/$EVAL_EPISODES episodes reached the goal" | tee -a "$WORK/$EVAL_NAME.txt"
}

write_configs
case "$PHASE" in
  record) record ;;
  train) train ;;
  eval) evaluate ;;
  all)
    record
    train
    evaluate
    ;;
esac

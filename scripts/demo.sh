#!/usr/bin/env bash
# The main job on one machine: install, start the local Redis + FerretDB, build, train the starting
# models if none exist, start every app as its own process, run one day end to end, print its summary, then keep serving until Ctrl-C.
# Usage: npm run demo [-- YYYY-MM-DD [--scenario NAME]]
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh
bash scripts/services.sh up
bash scripts/build.sh

mkdir -p .data/logs
# The two starting models (pretrained, fine-tuned = champion), trained once; skipped when a champion exists.
# DEMO_QUICK=1 uses the quick recipe (~40 s instead of ~2–3 min).
node dist/apps/ops-cli/main.js bootstrap ${DEMO_QUICK:+--quick}
# The admin API and Bull Board need a token; the demo makes one up unless you bring yours.
export ADMIN_TOKEN="${ADMIN_TOKEN:-demo-admin-token-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')}"
APPS=(generator processor evaluator-trainer deployer inference-api)
declare -A PORT_ENV=([generator]=GENERATOR_PORT [processor]=PROCESSOR_PORT [evaluator-trainer]=EVALUATOR_TRAINER_PORT [deployer]=DEPLOYER_PORT [inference-api]=PORT)
declare -A PORT=([generator]=${GENERATOR_PORT:-3101} [processor]=${PROCESSOR_PORT:-3102} [evaluator-trainer]=${EVALUATOR_TRAINER_PORT:-3103} [deployer]=${DEPLOYER_PORT:-3104} [inference-api]=${PORT:-3000})
PIDS=()

stop_all() {
  trap - INT TERM EXIT
  echo; echo "[demo] stopping apps"
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  bash scripts/services.sh down || true
}
trap stop_all INT TERM EXIT

for app in "${APPS[@]}"; do
  env "${PORT_ENV[$app]}=${PORT[$app]}" node "dist/apps/$app/main.js" >".data/logs/$app.log" 2>&1 &
  PIDS+=($!)
  echo "[demo] started $app (pid $!, log .data/logs/$app.log)"
done
for app in "${APPS[@]}"; do
  for _ in $(seq 1 180); do
    curl -fsS "http://127.0.0.1:${PORT[$app]}/health" >/dev/null 2>&1 && break
    sleep 1
  done
  curl -fsS "http://127.0.0.1:${PORT[$app]}/health" >/dev/null || { echo "[demo] $app is not healthy; see .data/logs/$app.log"; exit 1; }
  echo "[demo] $app healthy on :${PORT[$app]}"
done

node dist/apps/ops-cli/main.js run-day "$@" --wait 900

API="http://127.0.0.1:${PORT[inference-api]}"
echo
echo "[demo] one prediction from the served model:"
curl -fsS -X POST "$API/api/v1/predict" -H 'content-type: application/json' \
  -d '{"records":[{"LIMIT_BAL":50000,"SEX":2,"EDUCATION":2,"MARRIAGE":1,"AGE":35,"PAY_0":2,"PAY_2":2,"PAY_3":0,"PAY_4":0,"PAY_5":0,"PAY_6":0,"BILL_AMT1":46990,"BILL_AMT2":48233,"BILL_AMT3":49291,"BILL_AMT4":28314,"BILL_AMT5":28959,"BILL_AMT6":29547,"PAY_AMT1":2000,"PAY_AMT2":2019,"PAY_AMT3":1200,"PAY_AMT4":1100,"PAY_AMT5":1069,"PAY_AMT6":null}]}'
echo
echo
echo "[demo] serving on $API  (predict: POST /api/v1/predict, model: GET /api/v1/model, docs: $API/docs)"
echo "[demo] dashboard: $API/dashboard (sign in with the admin token)   CLI: npm run cli -- --help"
echo "[demo] admin: Authorization: Bearer $ADMIN_TOKEN   Bull Board: $API/admin/queues   metrics: $API/metrics"
echo "[demo] health: $(for a in "${APPS[@]}"; do printf 'http://127.0.0.1:%s/health ' "${PORT[$a]}"; done)"
echo "[demo] logs in .data/logs/; Ctrl-C stops the apps and the services this demo started"
wait

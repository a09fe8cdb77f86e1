#!/usr/bin/env bash
# The main job, on the embedded default (a synthetic corpus): build, start the functions on
# localhost with the `small` bundles shipped in models/, write one note, complete one partial
# note, draft two sections from a short conversation (models/drafting), print them, and stop the
# functions.
#
#   ./medscribe.sh           serve the shipped bundles (models/)
#   ./medscribe.sh --train   run the whole pipeline first (data, eda, both models, evaluation; about
#                            two hours on 2 cores, with progress bars) into work/models, then serve those
#
#   MEDSCRIBE_MODELS  where the bundles live (default: models, or work/models with --train)
#   MEDSCRIBE_PRESET  preset to train when no bundle is present (default: small)
#   MEDSCRIBE_PORT    HTTP port of the functions (default: 8080)
#   MEDSCRIBE_DRAFTING_DIR  the drafting bundles (default: models/drafting)
#
# The functions need a bearer token: a dev key pair is made once in work/dev-auth (JDK only, by
# functions/dev-token/DevToken.java), the functions verify with its public key, and the calls below
# send a token signed with its private key (docs/api.md "Authentication").
set -euo pipefail
cd "$(dirname "$0")"
TRAIN=false
for arg in "$@"; do
  case "$arg" in
    --train) TRAIN=true ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown argument '$arg' (expected --train)" >&2; exit 2 ;;
  esac
done
if [ "$TRAIN" = true ]; then
  MODELS=${MEDSCRIBE_MODELS:-work/models}
else
  MODELS=${MEDSCRIBE_MODELS:-models}
fi
PRESET=${MEDSCRIBE_PRESET:-small}
PORT=${MEDSCRIBE_PORT:-8080}
mkdir -p work

# What the job needs, said before anything starts: Java 17+, Maven, curl, a free port.
missing=()
if ! command -v java > /dev/null; then
  missing+=("Java 17 or newer (java not found)")
else
  JAVA_MAJOR=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)
  if [ -z "$JAVA_MAJOR" ] || [ "$JAVA_MAJOR" -lt 17 ]; then
    missing+=("Java 17 or newer (found ${JAVA_MAJOR:-an unknown version})")
  fi
fi
command -v mvn > /dev/null || missing+=("Maven 3.9+ (mvn not found)")
command -v curl > /dev/null || missing+=("curl")
if [ ${#missing[@]} -gt 0 ]; then
  printf 'medscribe.sh needs: %s\n' "${missing[@]}" >&2
  exit 1
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2> /dev/null; then
  echo "port $PORT is in use; free it or set MEDSCRIBE_PORT" >&2
  exit 1
fi

echo "== building (mvn package)"
mvn -B -q package -DskipTests
BUILT=$SECONDS

if [ ! -f "$MODELS/diffusion/medscribe.json" ] || [ ! -f "$MODELS/autoregressive/medscribe.json" ]; then
  echo "== no bundles in $MODELS: training the '$PRESET' preset (data, eda, both models, evaluation)"
  java -jar training-job/target/quarkus-app/quarkus-run.jar all --preset "$PRESET" --out "$MODELS" --work work/data
else
  echo "== using the bundles in $MODELS"
fi

ISSUER=https://medscribe.local/dev
TOKEN=$(java functions/dev-token/DevToken.java work/dev-auth "$ISSUER" dev 60)

echo "== starting the functions on localhost:$PORT (log: work/functions.log)"
DRAFTING=${MEDSCRIBE_DRAFTING_DIR:-models/drafting}
MEDSCRIBE_BUNDLES_LOCATION="$MODELS" MEDSCRIBE_DRAFTING_DIR="$DRAFTING" QUARKUS_HTTP_PORT="$PORT" \
  MEDSCRIBE_AUTH_ISSUER="$ISSUER" MEDSCRIBE_AUTH_PUBLIC_KEY_LOCATION="$PWD/work/dev-auth/public-key.pem" \
  java -jar functions/target/quarkus-app/quarkus-run.jar > work/functions.log 2>&1 &
FUNCTIONS=$!
trap 'kill $FUNCTIONS 2>/dev/null || true' EXIT

for _ in $(seq 1 180); do
  if curl -sf "http://localhost:$PORT/q/health/ready" > /dev/null; then
    break
  fi
  if ! kill -0 "$FUNCTIONS" 2>/dev/null; then
    echo "the functions stopped; see work/functions.log" >&2
    exit 1
  fi
  sleep 1
done
curl -sf "http://localhost:$PORT/q/health/ready" > /dev/null || {
  echo "the functions did not become ready:" >&2
  curl -s "http://localhost:$PORT/q/health/ready" >&2 || true
  exit 1
}

pretty() {
  if command -v python3 > /dev/null; then python3 -m json.tool; else cat; fi
}

echo "== generate: one note, 20 steps"
curl -sS -X POST "http://localhost:$PORT/generate" -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" \
  -d '{"count": 1, "steps": 20, "temperature": 0.8, "seed": 7}' | pretty

echo "== infill: the PLAN of a partial note"
curl -sS -X POST "http://localhost:$PORT/infill" -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" \
  -d '{"note": "HPI: patient presents with elevated blood pressure readings at home ROS: denies chest pain no shortness of breath EXAM: vitals BP 162/98 HR 78 lungs clear to auscultation bilaterally ASSESSMENT: essential hypertension poorly controlled", "generate": ["PLAN"], "steps": 20, "seed": 7}' | pretty

if [ -f "$DRAFTING/diffusion/medscribe.json" ]; then
  echo "== draft: HPI and PLAN from a short conversation (drafting bundles in $DRAFTING)"
  TRANSCRIPT='Doctor: What brings you in today?\nPatient: I have had a dry cough for about two weeks, worse at night.\nDoctor: Any fever or shortness of breath?\nPatient: No fever. A little short of breath when I climb stairs.\nDoctor: Do you smoke?\nPatient: I quit five years ago.\nDoctor: We will get a chest x-ray and start an inhaler. Come back in two weeks if it is not better.'
  for _ in $(seq 1 30); do
    # the drafting bundles load in the background after start: 503 until they are in
    status=$(curl -s -o work/draft.json -w '%{http_code}' -X POST "http://localhost:$PORT/draft" \
      -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" \
      -d "{\"transcript\": \"$TRANSCRIPT\", \"sections\": [\"HPI\", \"PLAN\"]}")
    [ "$status" != 503 ] && break
    sleep 1
  done
  pretty < work/draft.json
else
  echo "== no drafting bundles in $DRAFTING: draft-train makes them (docs/drafting.md)"
fi

echo "== written $((SECONDS - BUILT)) s after the build finished"

# syntax=docker/dockerfile:1
#
# One image for the six services of the platform. The service is chosen at run time:
#
#   docker build -t jcg-platform .
#   docker run -e SERVICE=meetings -e DATABASE_URL=postgres://... -e REDIS_URL=redis://... jcg-platform
#
# Needs BuildKit (the default builder of current Docker): the entrypoint and the healthcheck
# helper are written inline with heredocs, and npm's cache is a build cache mount.
#
# Node: package.json asks for >= 20.19 (require(esm) for the ESM-only @nestjs packages). Node 20
# reached end of life on 2026-04-30, so the image runs the maintained LTS line 24. Only the major
# is pinned: every rebuild picks up the line's security releases. Change the line here.
ARG NODE_MAJOR=24

# --- base: the one Node image every stage starts from ------------------------------------------
FROM node:${NODE_MAJOR}-bookworm-slim AS base
WORKDIR /app
ENV npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false

# --- deps: every dependency, dev ones included (tsc builds the code) ----------------------------
FROM base AS deps
COPY package.json package-lock.json ./
COPY patches ./patches
# --ignore-scripts: no dependency needs its install script (pg runs without pg-native, bullmq's
# msgpackr without its optional native addon), and skipping them keeps the build reproducible.
# Our own postinstall is run by name: patch-package applies patches/ (see the README).
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --ignore-scripts && npx patch-package --error-on-fail

# --- build: tsc to dist/ ------------------------------------------------------------------------
FROM deps AS build
# Everything .dockerignore lets through (sources, tsconfigs); node_modules comes from deps.
COPY . .
# dist/apps/<svc>/src/main.js, dist/libs/..., dist/tools/runtime/register-paths.js, and the
# membership seed JSON that tsc copies. The incremental build info is of no use in the image.
RUN npm run build && rm -f dist/.tsbuildinfo

# --- prod-deps: production dependencies only -----------------------------------------------------
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --omit=dev --ignore-scripts
# The patched packages as the deps stage patched them (patch-package is a dev dependency).
COPY --from=deps /app/node_modules/ical-generator ./node_modules/ical-generator

# --- runtime ------------------------------------------------------------------------------------
FROM base AS runtime
ENV NODE_ENV=production

# Entrypoint: checks SERVICE and execs that service's main, so node is PID 1 and receives
# SIGTERM itself (every main closes cleanly on SIGTERM/SIGINT). Keep SERVICES in step with
# SERVICE_NAMES in libs/contracts/src/services.ts (test/deploy/containers.spec.ts checks it).
COPY --chmod=0755 <<"EOF" /usr/local/bin/jcg-service
#!/bin/sh
set -eu
SERVICES="api meetings agenda membership reporting notifications"
known=""
for name in $SERVICES; do
  if [ "$name" = "${SERVICE:-}" ]; then known=yes; fi
done
if [ -z "$known" ]; then
  echo "jcg-service: set SERVICE to one of: $SERVICES (got '${SERVICE:-}')" >&2
  exit 64
fi
# register-paths resolves the @jcg/* aliases to dist/libs; paths are from the project root.
cd /app
# --max-old-space-size: SERVICE_NODE_OPTIONS in libs/platform/src/config/service-config.ts (the test checks).
exec node --enable-source-maps --max-old-space-size=256 -r ./dist/tools/runtime/register-paths.js "dist/apps/$SERVICE/src/main.js" "$@"
EOF

# Healthcheck helper (slim images have no curl): exits 0 when GET http://127.0.0.1:<port><path>
# answers 2xx. The port is PORT, else the service's default (DEFAULT_PORTS in
# libs/platform/src/config/service-config.ts; the test checks the two agree).
COPY --chmod=0755 <<"EOF" /usr/local/bin/jcg-healthcheck
#!/usr/bin/env node
'use strict';
const DEFAULT_PORTS = { api: 3000, meetings: 3001, agenda: 3002, membership: 3003, reporting: 3004, notifications: 3005 };
const port = process.env.PORT || DEFAULT_PORTS[process.env.SERVICE];
const path = process.argv[2] || '/health/live';
const url = `http://127.0.0.1:${port}${path}`;
fetch(url, { signal: AbortSignal.timeout(4000) }).then(
  (response) => {
    if (!response.ok) console.error(`${url} answered ${response.status}`);
    process.exit(response.ok ? 0 : 1);
  },
  (error) => {
    console.error(`${url}: ${error.message}`);
    process.exit(1);
  },
);
EOF

# Owned by root and not writable by the service user: the code cannot be changed at run time.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json ./
COPY --from=build /app/dist ./dist

# The unprivileged user of the Node images (uid/gid 1000; Kubernetes manifests say runAsUser 1000).
USER node

# api 3000, meetings 3001, agenda 3002, membership 3003, reporting 3004, notifications 3005.
EXPOSE 3000 3001 3002 3003 3004 3005

# Liveness only: readiness (Postgres, Redis, and for the API every service) is for orchestrators.
# start-period covers the migrations, which run before the HTTP server listens.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "/usr/local/bin/jcg-healthcheck", "/health/live"]

ENTRYPOINT ["jcg-service"]

# One image for every app: the build stage bundles all apps, the runtime stage carries production
# dependencies only. Pick the app with APP (docker-compose sets it per service).
FROM node:20-bookworm-slim AS build
WORKDIR /repo
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN node tools/build-app.mjs apps/generator/src/main.ts dist/apps/generator \
 && node tools/build-app.mjs apps/processor/src/main.ts dist/apps/processor \
 && node tools/build-app.mjs apps/evaluator-trainer/src/main.ts dist/apps/evaluator-trainer \
 && node tools/build-app.mjs apps/deployer/src/main.ts dist/apps/deployer \
 && node tools/build-app.mjs apps/inference-api/src/main.ts dist/apps/inference-api --assets apps/inference-api/src/dashboard/public \
 && node tools/build-app.mjs apps/ops-cli/src/main.ts dist/apps/ops-cli

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# tfjs-node(-gpu) are optional: they install where libtensorflow can be fetched, else the wasm backend runs.
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /repo/dist ./dist
COPY data ./data
USER node
ENV APP=generator
CMD ["sh", "-c", "exec node dist/apps/$APP/main.js"]

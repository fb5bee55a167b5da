# One image for all three WildID apps; the command picks the app:
#   gateway (default)  node dist/apps/gateway/src/main.js
#   identifier-worker  node dist/apps/identifier-worker/src/main.js
#   mailer-worker      node dist/apps/mailer-worker/src/main.js
# Health check for any of them (no curl or wget in this image):
#   node dist/libs/common/src/health/healthcheck.js <gateway|identifier-worker|mailer-worker>
# Other targets:
#   migrate  one-shot `prisma migrate deploy` (the Prisma CLI is a devDependency)
#   dev      all dependencies and a build, for docker-compose.full.yml's live reload
# See docs/operations.md.

# Node 24 (the current LTS line, which CI tests on); 22 also works:
#   docker build --build-arg NODE_IMAGE=node:22-bookworm-slim .
# Without registry access, scripts/docker/ensure-base-images.sh builds local stand-ins.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: @prisma/client's postinstall would run `prisma generate`
# before the schema is copied; the build script generates the client itself.
# sharp, esbuild, @swc/core and msgpackr load prebuilt binaries from optional
# packages, so no dependency needs its install script.
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# Generates the Prisma client into libs/, compiles the apps to dist/apps and
# dist/libs, and bundles the browser app into dist/web.
RUN npm run build

# One-shot migration runner: `npx prisma migrate deploy` (see prisma.config.ts).
FROM build AS migrate
# No telemetry/update check: the CLI must not need the internet.
ENV CHECKPOINT_DISABLE=1
USER node
CMD ["npx", "prisma", "migrate", "deploy"]

# Development: the compose file mounts the sources and a shared dist/ volume;
# its build-watch service recompiles there and the apps restart on the stamp.
FROM build AS dev
# The watchers call tsc, tsc-alias and esbuild by name, as npm scripts would.
ENV CHECKPOINT_DISABLE=1 PATH=/app/node_modules/.bin:$PATH
# The watcher writes dist/ as `node`; the apps restart when the stamp changes,
# and `node --watch-path` needs it to exist from the start.
RUN touch dist/.dev-build-stamp && chown -R node:node dist
USER node
CMD ["node", "dist/apps/gateway/src/main.js"]

FROM ${NODE_IMAGE} AS runtime
# Two malloc arenas: otherwise glibc gives each of sharp's image threads its own and the
# gateway's memory fragments (1,000 uploads from 100 clients: peak RSS 290 → 270 MB; with the heap size below, 200 MB).
ENV NODE_ENV=production MALLOC_ARENA_MAX=2
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts also keeps a project postinstall such as `prisma generate`
# from running here: the generated client is already compiled into dist/.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
# dist/apps and dist/libs (the compiled apps) and dist/web (the browser app the gateway serves).
COPY --from=build /app/dist ./dist
COPY prisma ./prisma
COPY prisma.config.ts ./
# Files stay root-owned, so the app cannot rewrite its own code.
USER node
# The public port. Workers' HEALTH_PORT (3001, 3002) and the gateway's
# METRICS_PORT (9464) are for the internal network only: never publish them.
EXPOSE 3000
# The gateway's heap holds ~50 MB even under a burst; a smaller old generation keeps V8 from growing it to ~90 MB.
CMD ["node", "--max-old-space-size=160", "dist/apps/gateway/src/main.js"]

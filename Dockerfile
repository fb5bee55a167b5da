# One image for all three WildID apps; the command picks the app:
#   gateway (default)  node dist/apps/gateway/src/main.js
#   identifier-worker  node dist/apps/identifier-worker/src/main.js
#   mailer-worker      node dist/apps/mailer-worker/src/main.js
# Migrations run from the `migrate` target (the Prisma CLI is a devDependency):
#   docker build --target migrate -t wildid-migrate .

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: @prisma/client's postinstall would run `prisma generate`
# before the schema is copied; the build script generates the client itself.
# sharp, @swc/core and msgpackr load prebuilt binaries from optional packages,
# so no dependency needs its install script.
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# Generates the Prisma client into libs/ and compiles everything to dist/.
RUN npm run build

# One-shot migration runner: `npx prisma migrate deploy` (see prisma.config.ts).
FROM build AS migrate
# No telemetry/update check: the CLI must not need the internet.
ENV CHECKPOINT_DISABLE=1
USER node
CMD ["npx", "prisma", "migrate", "deploy"]

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts also keeps a project postinstall such as `prisma generate`
# from running here: the generated client is already compiled into dist/.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY prisma ./prisma
COPY prisma.config.ts ./
# Files stay root-owned, so the app cannot rewrite its own code.
USER node
EXPOSE 3000
CMD ["node", "dist/apps/gateway/src/main.js"]

# The bot's image. docker-compose.yml builds it; the README's "Deploy" section explains both.
#
# Two stages. `deps` installs the production dependencies; npm ci's postinstall generates the
# Prisma client into src/store/generated with the `prisma` CLI, itself a production dependency.
# Nothing else needs building: there is no compile step (tsx runs the TypeScript), so the
# devDependencies (types, linters, tests) never enter the image. `runtime` copies node_modules
# and the generated client out of `deps` (leaving npm's cache behind) and runs as `node`, the
# unprivileged user of the official image, which owns nothing but the data directories.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# Only what `npm ci` and its postinstall (scripts/prisma-generate.mjs) read, so this layer is
# rebuilt only when the dependencies or the schema change.
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts/prisma-generate.mjs scripts/
COPY prisma/schema.prisma prisma/
RUN npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# CONSOLE=off: a container has no terminal to chat in, so it serves HTTP and the chat platforms
# until stopped (`docker run -it -e CONSOLE=on …` opens the terminal chat instead).
ENV CONSOLE=off \
    DATA_DIR=/app/data \
    EXPORT_DIR=/app/exports \
    PORT=3000
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts ./scripts
COPY commands ./commands
COPY src ./src
COPY --from=deps /app/src/store/generated ./src/store/generated
# The code stays root's and read-only to the bot; it writes only here (the embedded database,
# if DATABASE_URL is unset, and the console chat's files). Mount a volume on /app/data.
RUN mkdir -p /app/data /app/exports && chown node:node /app/data /app/exports
USER node

# PORT: health and the ingestion API; 3001: Slack in HTTP mode (SLACK_PORT); 3002: the Telegram
# webhook (TELEGRAM_WEBHOOK_PORT).
EXPOSE 3000 3001 3002

# GET /healthz answers once the database is migrated and the HTTP server listens. Node's own
# fetch: the slim image has no curl or wget.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# What `npm start` runs (tsx src/main.ts, with its Node flags), with node itself as the
# container's main process so that `docker stop`'s SIGTERM reaches the bot, which then stops
# cleanly (npm and tsx's own CLI would each stand in between). test/deploy/deploy-files.test.ts
# keeps the two in step.
CMD ["node", "--import", "tsx", "--max-semi-space-size=32", "src/main.ts"]

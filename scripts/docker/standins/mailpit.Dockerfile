# Stand-in for axllent/mailpit (built by ../standin-images.sh; a test aid for
# machines without registry access): same ports, entrypoint and health check,
# the part of the API WildID's tests read (see mailpit/server.mjs).
FROM node:24-bookworm-slim
WORKDIR /opt/mailpit-standin
COPY mailpit/package.json mailpit/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY mailpit/server.mjs ./
COPY mailpit/mailpit /mailpit
USER node
EXPOSE 1025 8025
ENTRYPOINT ["/mailpit"]
HEALTHCHECK --interval=15s CMD ["/mailpit", "readyz"]

# Stand-in for the official node:<major>-bookworm-slim (built by
# ../standin-images.sh; a test aid for machines without registry access).
# Same layout as the official image: node, npm and npx in /usr/local, user node 1000:1000.
FROM wildid-standin/bookworm:minbase
RUN groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
COPY node/bin/node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
# Only in the stand-in: here containers reach the npm registry through a
# TLS-intercepting proxy whose CA is in the host's bundle, not in Debian's.
COPY host-ca-certificates.crt /usr/local/share/ca-certificates/wildid-standin-host-bundle.crt
ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/wildid-standin-host-bundle.crt
CMD ["node"]

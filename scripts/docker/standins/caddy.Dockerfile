# Stand-in for the official caddy:2.6 (built by ../standin-images.sh; a test
# aid for machines without registry access): Debian bookworm's caddy 2.6.2,
# laid out as the official image: Caddyfile in /etc/caddy, certificates and
# the local CA under /data/caddy, autosaved config under /config.
FROM wildid-standin/bookworm:minbase
RUN apt-get update && apt-get install -y --no-install-recommends caddy \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /config/caddy /data/caddy /etc/caddy /srv \
 && caddy version
ENV XDG_CONFIG_HOME=/config XDG_DATA_HOME=/data
VOLUME /config /data
EXPOSE 80 443 443/udp 2019
WORKDIR /srv
CMD ["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"]

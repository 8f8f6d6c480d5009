#!/usr/bin/env bash
# Checks the files in deploy/ with the tools that will read them (run by .ci/run): `nginx -t` on
# the nginx site (inside a minimal nginx.conf, with a throw-away certificate in place of the real
# one), `caddy validate` on the Caddyfile, `systemd-analyze verify` on the units (with this
# machine's node in place of /usr/bin/node). Exits non-zero on the first file refused.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=quorate.example.org -keyout "$tmp/privkey.pem" -out "$tmp/fullchain.pem" 2>/dev/null
sed "s#/etc/letsencrypt/live/quorate.example.org#$tmp#" "$here/nginx/quorate.conf" >"$tmp/quorate.conf"
cat >"$tmp/nginx.conf" <<CONF
pid $tmp/nginx.pid;
error_log stderr;
events {}
http {
    access_log off;
    include $tmp/quorate.conf;
}
CONF
nginx -t -q -c "$tmp/nginx.conf"
echo "nginx -t: deploy/nginx/quorate.conf is accepted"

caddy validate --adapter caddyfile --config "$here/caddy/Caddyfile" >/dev/null 2>"$tmp/caddy.log" || {
  cat "$tmp/caddy.log" >&2
  exit 1
}
echo "caddy validate: deploy/caddy/Caddyfile is accepted"

node="$(command -v node)"
mkdir -p "$tmp/units"
for unit in "$here"/systemd/*.service "$here"/systemd/*.timer; do
  sed "s#/usr/bin/node#$node#g" "$unit" >"$tmp/units/$(basename "$unit")"
done
systemd-analyze verify "$tmp"/units/*
echo "systemd-analyze verify: deploy/systemd/ is accepted"

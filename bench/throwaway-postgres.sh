# Sourced by the benchmark scripts: a throwaway PostgreSQL server in a temp folder, on 127.0.0.1 only, stopped and
# deleted on exit. After `throwaway_postgres NAME [server -c options...]`: $work (the folder), $port, $bin.
# Needs Debian's postgresql (apt-get install -y postgresql).
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
throwaway_postgres() {
  work=$(mktemp -d "/tmp/dailypapers-bench-$1.XXXXXX")
  shift
  chmod 755 "$work"
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  trap 'as_pg "$bin/pg_ctl" -D "$work/pg" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
  mkdir "$work/pg"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$work/pg"
  as_pg "$bin/initdb" -D "$work/pg" -U postgres --auth trust -E UTF8 --locale C.UTF-8 >/dev/null
  as_pg "$bin/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work/pg $*" start >/dev/null
}

# Shared by the load benches that start servers (bench/shard_load.sh,
# bench/replica_load.sh); sourced after `bench` (this folder) is set.
# Makes the scratch folder `work`, stops every process listed in `pids` at
# exit, and gives free_port.
work=$(mktemp -d)
pids=()
cleanup() {
  # xapian-tcpsrv's children (one per connection) go with it.
  for pid in "${pids[@]}"; do pkill -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  sleep 0.5
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# A free port on loopback, from the kernel.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

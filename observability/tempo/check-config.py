#!/usr/bin/python3
"""Checks a Tempo configuration file against the keys Tempo 2.9.0 documents, as Tempo itself would refuse
it: Tempo parses its YAML strictly, so a misspelt or removed key stops it at start-up, on the VM, long
after review. Tempo is not a Debian package, so the real binary cannot run here; this is the check.

    observability/tempo/check-config.py observability/tempo/tempo.yaml

The key tree below is the part of Tempo 2.9.0's documented configuration that Fenrir may use, written
from the version's "Manifest" (docs/sources/tempo/configuration/manifest.md at tag v2.9.0: every option
with its default, dumped from /status/config) and, for the OTel receivers under distributor.receivers,
from its configuration guide (docs/sources/tempo/configuration/_index.md). A key Fenrir starts to use
must be added here from that version's manifest, with the manifest's type, when the pinned version
changes (deploy/provision.sh, TEMPO_VERSION). Prints one line per problem; exit 1 when there is any.
"""
import re
import sys

import yaml

TEMPO_VERSION = "2.9.0"  # as deploy/provision.sh pins it

INT, STR, BOOL, LIST = "int", "string", "bool", "list"
DURATION = "duration"  # Go's time.Duration text: 5m, 48h, 1m30s, 500ms
ADDRESS = "host:port"
ANY = "any"  # a receiver's protocol block may be empty (YAML null): the receiver's defaults

RING = {
    "kvstore": {"store": STR, "prefix": STR},
    "heartbeat_period": DURATION,
    "heartbeat_timeout": DURATION,
    "instance_id": STR,
    "instance_interface_names": LIST,
    "instance_port": INT,
    "instance_addr": STR,
    "enable_inet6": BOOL,
}
OTLP_PROTOCOL = {"endpoint": ADDRESS}

DOCUMENTED = {
    "target": STR,
    "http_api_prefix": STR,
    "server": {
        "http_listen_network": STR,
        "http_listen_address": STR,
        "http_listen_port": INT,
        "http_listen_conn_limit": INT,
        "grpc_listen_network": STR,
        "grpc_listen_address": STR,
        "grpc_listen_port": INT,
        "grpc_listen_conn_limit": INT,
        "log_format": STR,
        "log_level": STR,
        "graceful_shutdown_timeout": DURATION,
        "http_server_read_timeout": DURATION,
        "http_server_write_timeout": DURATION,
        "http_server_idle_timeout": DURATION,
    },
    "memberlist": {
        "node_name": STR,
        "randomize_node_name": BOOL,
        "advertise_addr": STR,
        "advertise_port": INT,
        "cluster_label": STR,
        "join_members": LIST,
        "abort_if_cluster_join_fails": BOOL,
        "bind_addr": LIST,
        "bind_port": INT,
    },
    "distributor": {
        "ring": RING,
        "receivers": {
            "otlp": {"protocols": {"grpc": (ANY, OTLP_PROTOCOL), "http": (ANY, OTLP_PROTOCOL)}},
            "jaeger": {"protocols": {"thrift_http": ANY, "grpc": ANY, "thrift_binary": ANY, "thrift_compact": ANY}},
            "zipkin": ANY,
            "opencensus": ANY,
            "kafka": ANY,
        },
    },
    "ingester": {
        "lifecycler": {
            "ring": {"kvstore": {"store": STR, "prefix": STR}, "replication_factor": INT},
            "num_tokens": INT,
            "heartbeat_period": DURATION,
            "join_after": DURATION,
            "min_ready_duration": DURATION,
            "interface_names": LIST,
            "final_sleep": DURATION,
            "address": STR,
            "port": INT,
            "id": STR,
        },
        "concurrent_flushes": INT,
        "flush_check_period": DURATION,
        "trace_idle_period": DURATION,
        "trace_live_period": DURATION,
        "max_block_duration": DURATION,
        "max_block_bytes": INT,
        "complete_block_timeout": DURATION,
        "flush_all_on_shutdown": BOOL,
    },
    "metrics_generator": {"ring": RING},
    "compactor": {
        "ring": RING,
        "compaction": {
            "compaction_window": DURATION,
            "max_compaction_objects": INT,
            "max_block_bytes": INT,
            "block_retention": DURATION,
            "compacted_block_retention": DURATION,
            "retention_concurrency": INT,
            "max_time_per_tenant": DURATION,
            "compaction_cycle": DURATION,
        },
    },
    "storage": {
        "trace": {
            "backend": STR,
            "wal": {"path": STR},
            "local": {"path": STR},
            "block": {"version": STR},
            "blocklist_poll": DURATION,
            "pool": {"max_workers": INT, "queue_depth": INT},
        },
    },
    "usage_report": {"reporting_enabled": BOOL},
}

DURATION_TEXT = re.compile(r"^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$")
ADDRESS_TEXT = re.compile(r"^[^\s:]*:\d{1,5}$")


def type_problem(value, kind):
    """None when value is of kind, else what is wrong with it."""
    if kind == ANY:
        return None
    if kind == INT:
        return None if isinstance(value, int) and not isinstance(value, bool) else "an integer"
    if kind == BOOL:
        return None if isinstance(value, bool) else "true or false"
    if kind == STR:
        return None if isinstance(value, str) else "a string"
    if kind == LIST:
        return None if isinstance(value, list) else "a list"
    if kind == DURATION:
        return None if isinstance(value, str) and DURATION_TEXT.match(value) else "a duration such as 5m or 48h"
    if kind == ADDRESS:
        return None if isinstance(value, str) and ADDRESS_TEXT.match(value) else "host:port"
    raise AssertionError(kind)


def check(node, schema, path, problems):
    """Appends a line to problems for every key of node that schema does not document or types otherwise."""
    if isinstance(schema, tuple):  # either an empty block (the receiver's defaults) or one with these keys
        if node is None:
            return
        schema = schema[1]
    if isinstance(schema, str):
        wrong = type_problem(node, schema)
        if wrong:
            problems.append(f"{path}: must be {wrong}, got {node!r}")
        return
    if not isinstance(node, dict):
        problems.append(f"{path}: must be a mapping of the keys {sorted(schema)}, got {node!r}")
        return
    for key, value in node.items():
        where = f"{path}.{key}" if path else str(key)
        if key not in schema:
            problems.append(f"{where}: not a documented Tempo {TEMPO_VERSION} key (or not yet listed in "
                            f"{sys.argv[0]}: add it from that version's manifest)")
            continue
        check(value, schema[key], where, problems)


def main(argv):
    if len(argv) != 2:
        print(f"usage: {argv[0]} TEMPO_YAML", file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            config = yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        print(f"failed to read {argv[1]}: {e}", file=sys.stderr)
        return 1
    problems = []
    check(config, DOCUMENTED, "", problems)
    for problem in problems:
        print(f"{argv[1]}: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

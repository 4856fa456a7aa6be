"""The test cluster itself: two nodes, an index of 2 shards and 1 replica spread over both."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.cluster


def test_two_nodes_hold_a_replicated_index_green(opensearch_cluster):
    cluster = opensearch_cluster
    assert cluster.request("/_cluster/health")["number_of_nodes"] == 2
    cluster.request("/cluster-smoke", "PUT", {"settings": {"number_of_shards": 2, "number_of_replicas": 1}})
    try:
        health = cluster.request("/_cluster/health/cluster-smoke?wait_for_status=green&timeout=60s", timeout=90)
        assert (health["status"], health["active_primary_shards"], health["active_shards"]) == ("green", 2, 4)
        shards = cluster.request("/_cat/shards/cluster-smoke?format=json")
        assert {row["node"] for row in shards} == {"n1", "n2"}
        assert sorted(row["prirep"] for row in shards) == ["p", "p", "r", "r"]
    finally:
        cluster.request("/cluster-smoke", "DELETE")

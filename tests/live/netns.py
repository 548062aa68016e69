"""A network namespace of the test's own, linked to the host by a veth pair with addresses of its own, whose
link can drop every packet both ways (a partition: no reset, no ICMP, nothing comes back).

Needs root and iproute2 only (`ip netns`, `tc`). This machine's kernel has neither nftables, iptables' binaries
nor the netem qdisc or tc classifiers; a ``pfifo`` queue of length 0 on each end of the link drops every packet
it is given (a queue that is never allowed to hold one; Linux lets such a queue bypass nothing). Nothing here
touches an interface or namespace the test did not make.
"""
from __future__ import annotations

import os
import subprocess
import threading

_count = threading.Lock(), [0]


def _run(*argv: str) -> None:
    subprocess.run(argv, check=True, capture_output=True, timeout=30)


class Namespace:
    """``host_address`` (this side) and ``address`` (inside), a /30 of 10.231.0.0/16 picked from the pid."""

    def __init__(self) -> None:
        lock, counter = _count
        with lock:
            counter[0] += 1
            n = counter[0]
        tag = f"{os.getpid() % 10000}{n}"
        self.name = f"ara-silent-{tag}"
        self.host_if, self.inner_if = f"ara{tag}h", f"ara{tag}n"
        block = (os.getpid() * 7 + n) % (64 * 256)
        third, fourth = block // 64, (block % 64) * 4
        self.host_address = f"10.231.{third}.{fourth + 1}"
        self.address = f"10.231.{third}.{fourth + 2}"
        self.dropping = False
        _run("ip", "netns", "add", self.name)
        try:
            _run("ip", "link", "add", self.host_if, "type", "veth", "peer", "name", self.inner_if)
            _run("ip", "link", "set", self.inner_if, "netns", self.name)
            _run("ip", "addr", "add", f"{self.host_address}/30", "dev", self.host_if)
            _run("ip", "link", "set", self.host_if, "up")
            self.inside("ip", "addr", "add", f"{self.address}/30", "dev", self.inner_if)
            self.inside("ip", "link", "set", self.inner_if, "up")
            self.inside("ip", "link", "set", "lo", "up")
        except BaseException:
            self.remove()
            raise

    def inside(self, *argv: str) -> None:
        _run("ip", "netns", "exec", self.name, *argv)

    def drop(self) -> None:
        """Every packet on the link is dropped, both ways."""
        _run("tc", "qdisc", "add", "dev", self.host_if, "root", "pfifo", "limit", "0")
        self.inside("tc", "qdisc", "add", "dev", self.inner_if, "root", "pfifo", "limit", "0")
        self.dropping = True

    def restore(self) -> None:
        _run("tc", "qdisc", "del", "dev", self.host_if, "root")
        self.inside("tc", "qdisc", "del", "dev", self.inner_if, "root")
        self.dropping = False

    def remove(self) -> None:
        subprocess.run(["ip", "link", "del", self.host_if], capture_output=True, timeout=30)
        subprocess.run(["ip", "netns", "del", self.name], capture_output=True, timeout=30)

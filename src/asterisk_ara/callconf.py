"""What calls need beyond registration: a dialplan for the clients' context and rtp.conf (ICE, ports, STUN/TURN).

Rendered like confgen's files (conffile's header and port rule): same inputs, same bytes, a header naming the command and options.
"""
from __future__ import annotations

import ipaddress
import re

from .conffile import DIALPLAN_FILE, check_port, header
from .errors import ValidationError
from .nodes.names import CLIENT_NODES, NODE_CONTEXT, check_node_name, trunk_id
from .validation import check_config_text, check_object_id, convert

#: One character a client id may start with, as an Asterisk pattern; REGEX checks the rest (same rule as
#: validation.check_object_id: letters, digits and . _ - +).
_ID_PATTERN = "_[-+.0-9A-Z_a-z]!"  # "-" first: Asterisk reads "X-]" as a range that eats the "]"
_ID_REGEX = "^[-+._0-9A-Za-z]+$"
#: Extensions Asterisk itself gives a meaning to in every context: an id equal to one is not dialable.
RESERVED_EXTENSIONS = frozenset({"a", "e", "h", "i", "o", "s", "t", "T"})


def dialplan_conf(context: str = "default", echo_exten: str = "600", ring_seconds: int = 30,
                  dtmf_exten: str = "601", node: str | None = None) -> str:
    """The clients' context: an echo test, a keypad (DTMF) test, calls to any client by its id, a clean hang-up
    otherwise.

    ``node``: the files of that node, which takes part in calls between nodes (it has a SIP address): a call to
    a client of another node goes there (the node of every client read at call time), and calls the other nodes
    send are for its own clients only (``NODE_CONTEXT``)."""
    raw = check_config_text(str(context), "context")
    for ch in ";[]":
        if ch in raw:
            raise ValidationError(f"context: {raw!r} contains {ch!r}, which extensions.conf cannot hold in a name")
    context = convert("ps_endpoints", "context", raw, "context")  # the endpoint column's own rule
    if not context or context in ("general", "globals"):
        raise ValidationError(f"context: {context!r} cannot name a dialplan context")
    if context == NODE_CONTEXT:
        raise ValidationError(f"context: {context!r} is the context of calls between nodes; choose another")
    check_object_id(echo_exten, "echo-exten")
    if echo_exten in RESERVED_EXTENSIONS:
        raise ValidationError(f"echo-exten: {echo_exten!r} is an extension Asterisk reserves")
    check_object_id(dtmf_exten, "dtmf-exten")
    if dtmf_exten in RESERVED_EXTENSIONS:
        raise ValidationError(f"dtmf-exten: {dtmf_exten!r} is an extension Asterisk reserves")
    if dtmf_exten == echo_exten:
        raise ValidationError(f"dtmf-exten: {dtmf_exten!r} is already the echo test's number")
    if not 5 <= int(ring_seconds) <= 600:
        raise ValidationError(f"ring-seconds: {ring_seconds} is not between 5 and 600")
    ring = int(ring_seconds)
    if node is not None:
        check_node_name(node)
    options = {"context": context, "echo_exten": echo_exten, "dtmf_exten": dtmf_exten, "ring_seconds": ring}
    return (header("dialplan", {**options, **({"node": node} if node else {})})
            + f"; Include it from extensions.conf with one line:  #include {DIALPLAN_FILE}\n"
            f"; Clients are provisioned with context={context}; the rules below answer their calls.\n"
            f"[{context}]\n"
            f"; {echo_exten}: the echo test. What you say comes back: proof that audio flows both ways.\n"
            f"exten => {echo_exten},1,Answer()\n"
            " same => n,Wait(0.5)\n"
            " same => n,Echo()\n"
            " same => n,Hangup()\n"
            "\n"
            f"; {dtmf_exten}: the keypad test. Press keys, then #: Asterisk logs the tones it received\n"
            "; (RFC 4733 in the audio or SIP INFO, whichever the phone sends) and says them back where its\n"
            "; sound files are installed.\n"
            "; 30 s without a key ends the call.\n"
            f"exten => {dtmf_exten},1,Answer()\n"
            " same => n(read),Read(DTMF_DIGITS,,0,,1,30)\n"
            " same => n,GotoIf($[\"${READSTATUS}\" != \"OK\"]?done)\n"
            " same => n,Verbose(1,asterisk-ara keypad test: ${CHANNEL} sent \"${DTMF_DIGITS}\")\n"
            " same => n,TryExec(SayDigits(${DTMF_DIGITS}))\n"
            " same => n,Goto(read)\n"
            " same => n(done),Hangup()\n"
            "\n"
            "; Any other number: the WebRTC client with that id (letters, digits and . _ - +, as\n"
            "; asterisk-ara allows ids). Offline or unknown clients end the call cleanly.\n"
            + (_client_calls(ring) if node is None else _client_calls_between_nodes(ring, node)) +
            "\n" + _after_every_call()
            + ("" if node is None else "\n" + _calls_from_other_nodes(ring)))


def _client_id_check() -> str:
    """The first two lines of a client call: an id as asterisk-ara allows them, else a clean end."""
    return (f"exten => {_ID_PATTERN},1,GotoIf($[${{REGEX(\"{_ID_REGEX}\" ${{EXTEN}})}}]?client)\n"
            " same => n,Hangup(1)\n")


def _client_calls(ring: int) -> str:
    return _client_id_check() + f" same => n(client),Dial(PJSIP/${{EXTEN}},{ring})\n same => n,Hangup()\n"


def _after_every_call() -> str:
    return ("; After every call. The explicit end matters: \"h\" also matches the pattern above, whose priority 2\n"
            "; (Hangup(1)) would otherwise run here and turn a busy or declined call into 404 for the caller.\n"
            "exten => h,1,NoOp(call ended: ${HANGUPCAUSE})\n"
            " same => n,Hangup()\n")


def _client_calls_between_nodes(ring: int, node: str) -> str:
    """A client of another node is called through this node's trunk to it (nodes.trunks, ``NODE~OTHER``): its node
    is read from the database at call time (REALTIME_FIELD on the share's view of every client's node), so a moved client is
    reached on its new node at once. A node that does not answer at all (stopped: its TCP port refuses) gives
    the caller cause 27, destination out of order (SIP 502 with Reason: Q.850;cause=27), within milliseconds."""
    return ("; Several nodes: the client's node is read from the database at each call; a client of another\n"
            f"; node is called through node {node}'s trunk to it (endpoint {trunk_id(node, 'NAME')}), one of its own\n"
            "; directly.\n"
            + _client_id_check() +
            f" same => n(client),Set(ARA_NODE=${{REALTIME_FIELD({CLIENT_NODES},id,${{EXTEN}},node)}})\n"
            f" same => n,GotoIf($[\"${{ARA_NODE}}\" != \"\" & \"${{ARA_NODE}}\" != \"{node}\"]?other_node)\n"
            f" same => n,Dial(PJSIP/${{EXTEN}},{ring})\n"
            " same => n,Hangup()\n"
            f" same => n(other_node),Dial(PJSIP/${{EXTEN}}@{trunk_id(node, '${ARA_NODE}')},{ring})\n"
            "; No SIP answer at all (no hang-up cause from the other node): it is stopped or unreachable.\n"
            " same => n,GotoIf($[\"${HANGUPCAUSE_KEYS()}\" = \"\" & (\"${DIALSTATUS}\" = \"CHANUNAVAIL\" | "
            "\"${DIALSTATUS}\" = \"CONGESTION\")]?unreachable)\n"
            " same => n,Hangup()\n"
            " same => n(unreachable),Log(WARNING,asterisk-ara: node ${ARA_NODE} did not answer the call to ${EXTEN} "
            "- is it running? asterisk-ara node check ${ARA_NODE})\n"
            " same => n,Hangup(27)\n")


def _calls_from_other_nodes(ring: int) -> str:
    return (f"; Calls another node sends (this node's trunks have context={NODE_CONTEXT}): for this node's own\n"
            "; clients only, never passed on to a third node, so a call cannot go round between nodes.\n"
            f"[{NODE_CONTEXT}]\n" + _client_calls(ring) + "\n" + _after_every_call())


def parse_port_range(value: str, field: str = "rtp-ports") -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{1,5})\s*-\s*(\d{1,5})\s*", str(value))
    if not match:
        raise ValidationError(f"{field}: {value!r} is not a range like 10000-20000")
    start, end = int(match[1]), int(match[2])
    if not 1024 <= start < end <= 65535:
        raise ValidationError(f"{field}: {value!r} must lie within 1024-65535, the first below the last")
    if end - start < 10:
        raise ValidationError(f"{field}: {value!r} has room for fewer than 5 calls (each takes 2 ports)")
    return start, end


def parse_server(value: str, field: str, default_port: int = 3478) -> tuple[str, int]:
    """host[:port] of a STUN or TURN server ([v6]:port for IPv6)."""
    text = check_config_text(str(value).strip(), field)
    match = re.fullmatch(r"\[([0-9A-Fa-f:.]+)\](?::(\d{1,5}))?|([A-Za-z0-9.-]+)(?::(\d{1,5}))?", text)
    if not match:
        raise ValidationError(f"{field}: {value!r} is not host[:port]")
    host = match[1] or match[3]
    if match[1]:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise ValidationError(f"{field}: {value!r} is not an IPv6 address") from None
    return host, check_port(match[2] or match[4] or default_port, field)


def _host_port(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def rtp_conf(rtp_ports: str = "10000-20000", stun: str | None = None, turn: str | None = None,
             turn_user: str | None = None, turn_password: str | None = None) -> str:
    """rtp.conf with ICE on; the TURN password only from a file or the environment (see cli/conf.py)."""
    start, end = parse_port_range(rtp_ports)
    body = (header("rtp", {"rtp_ports": f"{start}-{end}", "stun": stun, "turn": turn, "turn_user": turn_user})
            + "[general]\n"
            "; Media of every call uses two UDP ports from this range: open it in the firewall.\n"
            f"rtpstart={start}\nrtpend={end}\n"
            "; ICE is what browsers speak: without it WebRTC calls have no audio.\n"
            "icesupport=yes\n")
    if stun:
        body += ("; STUN tells Asterisk its public address, for clients outside its network (NAT).\n"
                 f"stunaddr={_host_port(*parse_server(stun, 'stun'))}\n")
    if turn:
        server = _host_port(*parse_server(turn, "turn"))
        if not turn_user or turn_password is None:
            raise ValidationError("turn: needs --turn-user and a password (--turn-password-file or "
                                  "--turn-password-env)")
        check_config_text(turn_user, "turn-user")
        check_config_text(turn_password, "turn password", secret=True)
        if ";" in turn_user or ";" in turn_password:
            raise ValidationError("turn: ';' starts a comment in rtp.conf; choose credentials without it")
        body += ("; TURN relays media when no direct path exists.\n"
                 f"turnaddr={server}\nturnusername={turn_user}\nturnpassword={turn_password}\n")
    elif turn_user or turn_password is not None:
        raise ValidationError("turn-user: given without --turn")
    return body

"""The res_pjsip realtime tables (ps_*) of ARA head, column for column."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import BigInteger, Boolean, Float, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from . import enums as E
from .base import Base, sql_enum


class PsAor(Base):
    __tablename__ = "ps_aors"
    __table_args__ = (
        UniqueConstraint('id'),
        Index('ps_aors_id', 'id'),
        Index('ps_aors_qualifyfreq_contact', 'qualify_frequency', 'contact'),
    )
    # ARA gives ps_* tables no primary key (UNIQUE + index on id); the ORM needs one, the database must not.
    __mapper_args__ = {"primary_key": ["id"]}

    id: Mapped[str] = mapped_column(String(255), nullable=False)
    contact: Mapped[Optional[str]] = mapped_column(String(255))
    default_expiration: Mapped[Optional[int]] = mapped_column(Integer)
    mailboxes: Mapped[Optional[str]] = mapped_column(String(80))
    max_contacts: Mapped[Optional[int]] = mapped_column(Integer)
    minimum_expiration: Mapped[Optional[int]] = mapped_column(Integer)
    remove_existing: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    qualify_frequency: Mapped[Optional[int]] = mapped_column(Integer)
    authenticate_qualify: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    maximum_expiration: Mapped[Optional[int]] = mapped_column(Integer)
    outbound_proxy: Mapped[Optional[str]] = mapped_column(String(255))
    support_path: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    qualify_timeout: Mapped[Optional[float]] = mapped_column(Float)
    voicemail_extension: Mapped[Optional[str]] = mapped_column(String(40))
    remove_unavailable: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    qualify_2xx_only: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))


class PsAsteriskPublication(Base):
    __tablename__ = "ps_asterisk_publications"
    __table_args__ = (
        UniqueConstraint('id'),
        Index('ps_asterisk_publications_id', 'id'),
    )
    # ARA gives ps_* tables no primary key (UNIQUE + index on id); the ORM needs one, the database must not.
    __mapper_args__ = {"primary_key": ["id"]}

    id: Mapped[str] = mapped_column(String(40), nullable=False)
    devicestate_publish: Mapped[Optional[str]] = mapped_column(String(40))
    mailboxstate_publish: Mapped[Optional[str]] = mapped_column(String(40))
    device_state: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    device_state_filter: Mapped[Optional[str]] = mapped_column(String(256))
    mailbox_state: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    mailbox_state_filter: Mapped[Optional[str]] = mapped_column(String(256))


class PsAuth(Base):
    __tablename__ = "ps_auths"
    __table_args__ = (
        UniqueConstraint('id'),
        Index('ps_auths_id', 'id'),
    )
    # ARA gives ps_* tables no primary key (UNIQUE + index on id); the ORM needs one, the database must not.
    __mapper_args__ = {"primary_key": ["id"]}

    id: Mapped[str] = mapped_column(String(255), nullable=False)
    auth_type: Mapped[Optional[str]] = mapped_column(sql_enum(E.PjsipAuthTypeValuesV2))
    nonce_lifetime: Mapped[Optional[int]] = mapped_column(Integer)
    md5_cred: Mapped[Optional[str]] = mapped_column(String(40))
    password: Mapped[Optional[str]] = mapped_column(String(80))
    realm: Mapped[Optional[str]] = mapped_column(String(255))
    username: Mapped[Optional[str]] = mapped_column(String(40))
    refresh_token: Mapped[Optional[str]] = mapped_column(String(255))
    oauth_clientid: Mapped[Optional[str]] = mapped_column(String(255))
    oauth_secret: Mapped[Optional[str]] = mapped_column(String(255))
    password_digest: Mapped[Optional[str]] = mapped_column(String(1024))
    supported_algorithms_uas: Mapped[Optional[str]] = mapped_column(String(1024))
    supported_algorithms_uac: Mapped[Optional[str]] = mapped_column(String(1024))


class PsContact(Base):
    __tablename__ = "ps_contacts"
    __table_args__ = (
        UniqueConstraint('id'),
        UniqueConstraint('id', 'reg_server', name='ps_contacts_uq'),
        Index('ps_contacts_id', 'id'),
        Index('ps_contacts_qualifyfreq_exp', 'qualify_frequency', 'expiration_time'),
    )
    # ARA gives ps_* tables no primary key (UNIQUE + index on id); the ORM needs one, the database must not.
    __mapper_args__ = {"primary_key": ["id"]}

    id: Mapped[str] = mapped_column(String(255), nullable=False, info={'mysql_nullable': True})
    uri: Mapped[Optional[str]] = mapped_column(String(511))
    expiration_time: Mapped[Optional[int]] = mapped_column(BigInteger)
    qualify_frequency: Mapped[Optional[int]] = mapped_column(Integer)
    outbound_proxy: Mapped[Optional[str]] = mapped_column(String(255))
    path: Mapped[Optional[str]] = mapped_column(Text)
    user_agent: Mapped[Optional[str]] = mapped_column(String(255))
    qualify_timeout: Mapped[Optional[float]] = mapped_column(Float)
    reg_server: Mapped[Optional[str]] = mapped_column(String(255))
    authenticate_qualify: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    via_addr: Mapped[Optional[str]] = mapped_column(String(40))
    via_port: Mapped[Optional[int]] = mapped_column(Integer)
    call_id: Mapped[Optional[str]] = mapped_column(String(255))
    endpoint: Mapped[Optional[str]] = mapped_column(String(255))
    prune_on_boot: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    qualify_2xx_only: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))


class PsDomainAlias(Base):
    __tablename__ = "ps_domain_aliases"
    __table_args__ = (
        UniqueConstraint('id'),
        Index('ps_domain_aliases_id', 'id'),
    )
    # ARA gives ps_* tables no primary key (UNIQUE + index on id); the ORM needs one, the database must not.
    __mapper_args__ = {"primary_key": ["id"]}

    id: Mapped[str] = mapped_column(String(255), nullable=False)
    domain: Mapped[Optional[str]] = mapped_column(String(255))


class PsEndpointIdIp(Base):
    __tablename__ = "ps_endpoint_id_ips"
    __table_args__ = (
        UniqueConstraint('id'),
        Index('ps_endpoint_id_ips_id', 'id'),
    )
    # ARA gives ps_* tables no primary key (UNIQUE + index on id); the ORM needs one, the database must not.
    __mapper_args__ = {"primary_key": ["id"]}

    id: Mapped[str] = mapped_column(String(255), nullable=False)
    endpoint: Mapped[Optional[str]] = mapped_column(String(255))
    match: Mapped[Optional[str]] = mapped_column(String(80))
    srv_lookups: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    match_header: Mapped[Optional[str]] = mapped_column(String(255))
    match_request_uri: Mapped[Optional[str]] = mapped_column(String(255))


class PsEndpoint(Base):
    __tablename__ = "ps_endpoints"
    __table_args__ = (
        UniqueConstraint('id'),
        Index('ps_endpoints_id', 'id'),
    )
    # ARA gives ps_* tables no primary key (UNIQUE + index on id); the ORM needs one, the database must not.
    __mapper_args__ = {"primary_key": ["id"]}

    id: Mapped[str] = mapped_column(String(255), nullable=False)
    transport: Mapped[Optional[str]] = mapped_column(String(40))
    aors: Mapped[Optional[str]] = mapped_column(String(2048))
    auth: Mapped[Optional[str]] = mapped_column(String(255))
    context: Mapped[Optional[str]] = mapped_column(String(40))
    disallow: Mapped[Optional[str]] = mapped_column(String(200))
    allow: Mapped[Optional[str]] = mapped_column(String(200))
    direct_media: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    connected_line_method: Mapped[Optional[str]] = mapped_column(sql_enum(E.PjsipConnectedLineMethodValues))
    direct_media_method: Mapped[Optional[str]] = mapped_column(sql_enum(E.PjsipConnectedLineMethodValues))
    direct_media_glare_mitigation: Mapped[Optional[str]] = mapped_column(sql_enum(E.PjsipDirectMediaGlareMitigationValues))
    disable_direct_media_on_nat: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    dtmf_mode: Mapped[Optional[str]] = mapped_column(sql_enum(E.PjsipDtmfModeValuesV3))
    external_media_address: Mapped[Optional[str]] = mapped_column(String(40))
    force_rport: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    ice_support: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    identify_by: Mapped[Optional[str]] = mapped_column(String(80))
    mailboxes: Mapped[Optional[str]] = mapped_column(String(40))
    moh_suggest: Mapped[Optional[str]] = mapped_column(String(40))
    outbound_auth: Mapped[Optional[str]] = mapped_column(String(255))
    outbound_proxy: Mapped[Optional[str]] = mapped_column(String(255))
    rewrite_contact: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    rtp_ipv6: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    rtp_symmetric: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    send_diversion: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    send_pai: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    send_rpid: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    timers_min_se: Mapped[Optional[int]] = mapped_column(Integer)
    timers: Mapped[Optional[str]] = mapped_column(sql_enum(E.PjsipTimerValues))
    timers_sess_expires: Mapped[Optional[int]] = mapped_column(Integer)
    callerid: Mapped[Optional[str]] = mapped_column(String(40))
    callerid_privacy: Mapped[Optional[str]] = mapped_column(sql_enum(E.PjsipCidPrivacyValues))
    callerid_tag: Mapped[Optional[str]] = mapped_column(String(40))
    rel100: Mapped[Optional[str]] = mapped_column('100rel', sql_enum(E.Pjsip100relValuesV2))
    aggregate_mwi: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    trust_id_inbound: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    trust_id_outbound: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    use_ptime: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    use_avpf: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    media_encryption: Mapped[Optional[str]] = mapped_column(sql_enum(E.PjsipMediaEncryptionValues))
    inband_progress: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    call_group: Mapped[Optional[str]] = mapped_column(String(40))
    pickup_group: Mapped[Optional[str]] = mapped_column(String(40))
    named_call_group: Mapped[Optional[str]] = mapped_column(String(40))
    named_pickup_group: Mapped[Optional[str]] = mapped_column(String(40))
    device_state_busy_at: Mapped[Optional[int]] = mapped_column(Integer)
    fax_detect: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    t38_udptl: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    t38_udptl_ec: Mapped[Optional[str]] = mapped_column(sql_enum(E.PjsipT38udptlEcValues))
    t38_udptl_maxdatagram: Mapped[Optional[int]] = mapped_column(Integer)
    t38_udptl_nat: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    t38_udptl_ipv6: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    tone_zone: Mapped[Optional[str]] = mapped_column(String(40))
    language: Mapped[Optional[str]] = mapped_column(String(40))
    one_touch_recording: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    record_on_feature: Mapped[Optional[str]] = mapped_column(String(40))
    record_off_feature: Mapped[Optional[str]] = mapped_column(String(40))
    rtp_engine: Mapped[Optional[str]] = mapped_column(String(40))
    allow_transfer: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    allow_subscribe: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    sdp_owner: Mapped[Optional[str]] = mapped_column(String(40))
    sdp_session: Mapped[Optional[str]] = mapped_column(String(40))
    tos_audio: Mapped[Optional[str]] = mapped_column(String(10))
    tos_video: Mapped[Optional[str]] = mapped_column(String(10))
    sub_min_expiry: Mapped[Optional[int]] = mapped_column(Integer)
    from_domain: Mapped[Optional[str]] = mapped_column(String(40))
    from_user: Mapped[Optional[str]] = mapped_column(String(40))
    mwi_from_user: Mapped[Optional[str]] = mapped_column(String(40))
    dtls_verify: Mapped[Optional[str]] = mapped_column(String(40))
    dtls_rekey: Mapped[Optional[str]] = mapped_column(String(40))
    dtls_cert_file: Mapped[Optional[str]] = mapped_column(String(200))
    dtls_private_key: Mapped[Optional[str]] = mapped_column(String(200))
    dtls_cipher: Mapped[Optional[str]] = mapped_column(String(200))
    dtls_ca_file: Mapped[Optional[str]] = mapped_column(String(200))
    dtls_ca_path: Mapped[Optional[str]] = mapped_column(String(200))
    dtls_setup: Mapped[Optional[str]] = mapped_column(sql_enum(E.PjsipDtlsSetupValues))
    srtp_tag_32: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    media_address: Mapped[Optional[str]] = mapped_column(String(40))
    redirect_method: Mapped[Optional[str]] = mapped_column(sql_enum(E.PjsipRedirectMethodValues))
    set_var: Mapped[Optional[str]] = mapped_column(Text)
    cos_audio: Mapped[Optional[int]] = mapped_column(Integer)
    cos_video: Mapped[Optional[int]] = mapped_column(Integer)
    message_context: Mapped[Optional[str]] = mapped_column(String(40))
    force_avp: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    media_use_received_transport: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    accountcode: Mapped[Optional[str]] = mapped_column(String(80))
    user_eq_phone: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    moh_passthrough: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    media_encryption_optimistic: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    rpid_immediate: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    g726_non_standard: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    rtp_keepalive: Mapped[Optional[int]] = mapped_column(Integer)
    rtp_timeout: Mapped[Optional[int]] = mapped_column(Integer)
    rtp_timeout_hold: Mapped[Optional[int]] = mapped_column(Integer)
    bind_rtp_to_media_address: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    voicemail_extension: Mapped[Optional[str]] = mapped_column(String(40))
    mwi_subscribe_replaces_unsolicited: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    deny: Mapped[Optional[str]] = mapped_column(String(95))
    permit: Mapped[Optional[str]] = mapped_column(String(95))
    acl: Mapped[Optional[str]] = mapped_column(String(40))
    contact_deny: Mapped[Optional[str]] = mapped_column(String(95))
    contact_permit: Mapped[Optional[str]] = mapped_column(String(95))
    contact_acl: Mapped[Optional[str]] = mapped_column(String(40))
    subscribe_context: Mapped[Optional[str]] = mapped_column(String(40))
    fax_detect_timeout: Mapped[Optional[int]] = mapped_column(Integer)
    contact_user: Mapped[Optional[str]] = mapped_column(String(80))
    preferred_codec_only: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    asymmetric_rtp_codec: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    rtcp_mux: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    allow_overlap: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    refer_blind_progress: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    notify_early_inuse_ringing: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    max_audio_streams: Mapped[Optional[int]] = mapped_column(Integer)
    max_video_streams: Mapped[Optional[int]] = mapped_column(Integer)
    webrtc: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    dtls_fingerprint: Mapped[Optional[str]] = mapped_column(sql_enum(E.ShaHashValues))
    incoming_mwi_mailbox: Mapped[Optional[str]] = mapped_column(String(40))
    bundle: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    dtls_auto_generate_cert: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    follow_early_media_fork: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    accept_multiple_sdp_answers: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    suppress_q850_reason_headers: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    trust_connected_line: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    send_connected_line: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    ignore_183_without_sdp: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    codec_prefs_incoming_offer: Mapped[Optional[str]] = mapped_column(String(128))
    codec_prefs_outgoing_offer: Mapped[Optional[str]] = mapped_column(String(128))
    codec_prefs_incoming_answer: Mapped[Optional[str]] = mapped_column(String(128))
    codec_prefs_outgoing_answer: Mapped[Optional[str]] = mapped_column(String(128))
    stir_shaken: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    send_history_info: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    allow_unauthenticated_options: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    t38_bind_udptl_to_media_address: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    geoloc_incoming_call_profile: Mapped[Optional[str]] = mapped_column(String(80))
    geoloc_outgoing_call_profile: Mapped[Optional[str]] = mapped_column(String(80))
    incoming_call_offer_pref: Mapped[Optional[str]] = mapped_column(sql_enum(E.PjsipIncomingCallOfferPrefValues))
    outgoing_call_offer_pref: Mapped[Optional[str]] = mapped_column(sql_enum(E.PjsipOutgoingCallOfferPrefValues))
    stir_shaken_profile: Mapped[Optional[str]] = mapped_column(String(80))
    security_negotiation: Mapped[Optional[str]] = mapped_column(sql_enum(E.SecurityNegotiationValues))
    security_mechanisms: Mapped[Optional[str]] = mapped_column(String(512))
    send_aoc: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    overlap_context: Mapped[Optional[str]] = mapped_column(String(80))
    tenantid: Mapped[Optional[str]] = mapped_column(String(80))
    suppress_moh_on_sendonly: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    follow_redirect_methods: Mapped[Optional[str]] = mapped_column(String(95))
    rtp_port_start: Mapped[Optional[int]] = mapped_column(Integer)
    rtp_port_end: Mapped[Optional[int]] = mapped_column(Integer)


class PsGlobal(Base):
    __tablename__ = "ps_globals"
    __table_args__ = (
        UniqueConstraint('id'),
        Index('ps_globals_id', 'id'),
    )
    # ARA gives ps_* tables no primary key (UNIQUE + index on id); the ORM needs one, the database must not.
    __mapper_args__ = {"primary_key": ["id"]}

    id: Mapped[str] = mapped_column(String(40), nullable=False)
    max_forwards: Mapped[Optional[int]] = mapped_column(Integer)
    user_agent: Mapped[Optional[str]] = mapped_column(String(255))
    default_outbound_endpoint: Mapped[Optional[str]] = mapped_column(String(40))
    debug: Mapped[Optional[str]] = mapped_column(String(40))
    endpoint_identifier_order: Mapped[Optional[str]] = mapped_column(String(40))
    max_initial_qualify_time: Mapped[Optional[int]] = mapped_column(Integer)
    default_from_user: Mapped[Optional[str]] = mapped_column(String(80))
    keep_alive_interval: Mapped[Optional[int]] = mapped_column(Integer)
    regcontext: Mapped[Optional[str]] = mapped_column(String(80))
    contact_expiration_check_interval: Mapped[Optional[int]] = mapped_column(Integer)
    default_voicemail_extension: Mapped[Optional[str]] = mapped_column(String(40))
    disable_multi_domain: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    unidentified_request_count: Mapped[Optional[int]] = mapped_column(Integer)
    unidentified_request_period: Mapped[Optional[int]] = mapped_column(Integer)
    unidentified_request_prune_interval: Mapped[Optional[int]] = mapped_column(Integer)
    default_realm: Mapped[Optional[str]] = mapped_column(String(40))
    mwi_tps_queue_high: Mapped[Optional[int]] = mapped_column(Integer)
    mwi_tps_queue_low: Mapped[Optional[int]] = mapped_column(Integer)
    mwi_disable_initial_unsolicited: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    ignore_uri_user_options: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    use_callerid_contact: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    send_contact_status_on_update_registration: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    taskprocessor_overload_trigger: Mapped[Optional[str]] = mapped_column(sql_enum(E.PjsipTaskprocessorOverloadTriggerValues))
    norefersub: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    allow_sending_180_after_183: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    all_codecs_on_empty_reinvite: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    default_auth_algorithms_uas: Mapped[Optional[str]] = mapped_column(String(1024))
    default_auth_algorithms_uac: Mapped[Optional[str]] = mapped_column(String(1024))


class PsInboundPublication(Base):
    __tablename__ = "ps_inbound_publications"
    __table_args__ = (
        UniqueConstraint('id'),
        Index('ps_inbound_publications_id', 'id'),
    )
    # ARA gives ps_* tables no primary key (UNIQUE + index on id); the ORM needs one, the database must not.
    __mapper_args__ = {"primary_key": ["id"]}

    id: Mapped[str] = mapped_column(String(255), nullable=False)
    endpoint: Mapped[Optional[str]] = mapped_column(String(255))
    event_asterisk_devicestate: Mapped[Optional[str]] = mapped_column('event_asterisk-devicestate', String(40))
    event_asterisk_mwi: Mapped[Optional[str]] = mapped_column('event_asterisk-mwi', String(40))


class PsOutboundPublish(Base):
    __tablename__ = "ps_outbound_publishes"
    __table_args__ = (
        UniqueConstraint('id'),
        Index('ps_outbound_publishes_id', 'id'),
    )
    # ARA gives ps_* tables no primary key (UNIQUE + index on id); the ORM needs one, the database must not.
    __mapper_args__ = {"primary_key": ["id"]}

    id: Mapped[str] = mapped_column(String(255), nullable=False)
    expiration: Mapped[Optional[int]] = mapped_column(Integer)
    outbound_auth: Mapped[Optional[str]] = mapped_column(String(255))
    outbound_proxy: Mapped[Optional[str]] = mapped_column(String(256))
    server_uri: Mapped[Optional[str]] = mapped_column(String(256))
    from_uri: Mapped[Optional[str]] = mapped_column(String(256))
    to_uri: Mapped[Optional[str]] = mapped_column(String(256))
    event: Mapped[Optional[str]] = mapped_column(String(40))
    max_auth_attempts: Mapped[Optional[int]] = mapped_column(Integer)
    transport: Mapped[Optional[str]] = mapped_column(String(40))
    multi_user: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    at_body: Mapped[Optional[str]] = mapped_column('@body', String(40))
    at_context: Mapped[Optional[str]] = mapped_column('@context', String(256))
    at_exten: Mapped[Optional[str]] = mapped_column('@exten', String(256))


class PsRegistration(Base):
    __tablename__ = "ps_registrations"
    __table_args__ = (
        UniqueConstraint('id'),
        Index('ps_registrations_id', 'id'),
    )
    # ARA gives ps_* tables no primary key (UNIQUE + index on id); the ORM needs one, the database must not.
    __mapper_args__ = {"primary_key": ["id"]}

    id: Mapped[str] = mapped_column(String(255), nullable=False)
    auth_rejection_permanent: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    client_uri: Mapped[Optional[str]] = mapped_column(String(255))
    contact_user: Mapped[Optional[str]] = mapped_column(String(40))
    expiration: Mapped[Optional[int]] = mapped_column(Integer)
    max_retries: Mapped[Optional[int]] = mapped_column(Integer)
    outbound_auth: Mapped[Optional[str]] = mapped_column(String(255))
    outbound_proxy: Mapped[Optional[str]] = mapped_column(String(255))
    retry_interval: Mapped[Optional[int]] = mapped_column(Integer)
    forbidden_retry_interval: Mapped[Optional[int]] = mapped_column(Integer)
    server_uri: Mapped[Optional[str]] = mapped_column(String(255))
    transport: Mapped[Optional[str]] = mapped_column(String(40))
    support_path: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    fatal_retry_interval: Mapped[Optional[int]] = mapped_column(Integer)
    line: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    endpoint: Mapped[Optional[str]] = mapped_column(String(255))
    support_outbound: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    contact_header_params: Mapped[Optional[str]] = mapped_column(String(255))
    max_random_initial_delay: Mapped[Optional[int]] = mapped_column(Integer)
    security_negotiation: Mapped[Optional[str]] = mapped_column(sql_enum(E.SecurityNegotiationValues))
    security_mechanisms: Mapped[Optional[str]] = mapped_column(String(512))
    user_agent: Mapped[Optional[str]] = mapped_column(String(255))


class PsResourceList(Base):
    __tablename__ = "ps_resource_list"
    __table_args__ = (
        UniqueConstraint('id'),
        Index('ps_resource_list_id', 'id'),
    )
    # ARA gives ps_* tables no primary key (UNIQUE + index on id); the ORM needs one, the database must not.
    __mapper_args__ = {"primary_key": ["id"]}

    id: Mapped[str] = mapped_column(String(40), nullable=False)
    list_item: Mapped[Optional[str]] = mapped_column(String(2048))
    event: Mapped[Optional[str]] = mapped_column(String(40))
    full_state: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    notification_batch_interval: Mapped[Optional[int]] = mapped_column(Integer)
    resource_display_name: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))


class PsSubscriptionPersistence(Base):
    __tablename__ = "ps_subscription_persistence"
    __table_args__ = (
        UniqueConstraint('id'),
        Index('ps_subscription_persistence_id', 'id'),
    )
    # ARA gives ps_* tables no primary key (UNIQUE + index on id); the ORM needs one, the database must not.
    __mapper_args__ = {"primary_key": ["id"]}

    id: Mapped[str] = mapped_column(String(40), nullable=False)
    packet: Mapped[Optional[str]] = mapped_column(String(2048))
    src_name: Mapped[Optional[str]] = mapped_column(String(128))
    src_port: Mapped[Optional[int]] = mapped_column(Integer)
    transport_key: Mapped[Optional[str]] = mapped_column(String(64))
    local_name: Mapped[Optional[str]] = mapped_column(String(128))
    local_port: Mapped[Optional[int]] = mapped_column(Integer)
    cseq: Mapped[Optional[int]] = mapped_column(Integer)
    tag: Mapped[Optional[str]] = mapped_column(String(128))
    endpoint: Mapped[Optional[str]] = mapped_column(String(40))
    expires: Mapped[Optional[int]] = mapped_column(Integer)
    contact_uri: Mapped[Optional[str]] = mapped_column(String(256))
    prune_on_boot: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    generator_data: Mapped[Optional[str]] = mapped_column(Text)


class PsSystem(Base):
    __tablename__ = "ps_systems"
    __table_args__ = (
        UniqueConstraint('id'),
        Index('ps_systems_id', 'id'),
    )
    # ARA gives ps_* tables no primary key (UNIQUE + index on id); the ORM needs one, the database must not.
    __mapper_args__ = {"primary_key": ["id"]}

    id: Mapped[str] = mapped_column(String(40), nullable=False)
    timer_t1: Mapped[Optional[int]] = mapped_column(Integer)
    timer_b: Mapped[Optional[int]] = mapped_column(Integer)
    compact_headers: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    threadpool_initial_size: Mapped[Optional[int]] = mapped_column(Integer)
    threadpool_auto_increment: Mapped[Optional[int]] = mapped_column(Integer)
    threadpool_idle_timeout: Mapped[Optional[int]] = mapped_column(Integer)
    threadpool_max_size: Mapped[Optional[int]] = mapped_column(Integer)
    disable_tcp_switch: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    follow_early_media_fork: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    accept_multiple_sdp_answers: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    disable_rport: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    taskpool_minimum_size: Mapped[Optional[int]] = mapped_column(Integer)
    taskpool_initial_size: Mapped[Optional[int]] = mapped_column(Integer)
    taskpool_auto_increment: Mapped[Optional[int]] = mapped_column(Integer)
    taskpool_idle_timeout: Mapped[Optional[int]] = mapped_column(Integer)
    taskpool_max_size: Mapped[Optional[int]] = mapped_column(Integer)


class PsTransport(Base):
    __tablename__ = "ps_transports"
    __table_args__ = (
        UniqueConstraint('id'),
        Index('ps_transports_id', 'id'),
    )
    # ARA gives ps_* tables no primary key (UNIQUE + index on id); the ORM needs one, the database must not.
    __mapper_args__ = {"primary_key": ["id"]}

    id: Mapped[str] = mapped_column(String(40), nullable=False)
    async_operations: Mapped[Optional[int]] = mapped_column(Integer)
    bind: Mapped[Optional[str]] = mapped_column(String(40))
    ca_list_file: Mapped[Optional[str]] = mapped_column(String(200))
    cert_file: Mapped[Optional[str]] = mapped_column(String(200))
    cipher: Mapped[Optional[str]] = mapped_column(String(200))
    domain: Mapped[Optional[str]] = mapped_column(String(40))
    external_media_address: Mapped[Optional[str]] = mapped_column(String(40))
    external_signaling_address: Mapped[Optional[str]] = mapped_column(String(40))
    external_signaling_port: Mapped[Optional[int]] = mapped_column(Integer)
    method: Mapped[Optional[str]] = mapped_column(sql_enum(E.PjsipTransportMethodValuesV2))
    local_net: Mapped[Optional[str]] = mapped_column(String(40))
    password: Mapped[Optional[str]] = mapped_column(String(40))
    priv_key_file: Mapped[Optional[str]] = mapped_column(String(200))
    protocol: Mapped[Optional[str]] = mapped_column(sql_enum(E.PjsipTransportProtocolValuesV2))
    require_client_cert: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    verify_client: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    verify_server: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    tos: Mapped[Optional[str]] = mapped_column(String(10))
    cos: Mapped[Optional[int]] = mapped_column(Integer)
    allow_reload: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    symmetric_transport: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    allow_wildcard_certs: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    tcp_keepalive_enable: Mapped[Optional[bool]] = mapped_column(Boolean)
    tcp_keepalive_idle_time: Mapped[Optional[int]] = mapped_column(Integer)
    tcp_keepalive_interval_time: Mapped[Optional[int]] = mapped_column(Integer)
    tcp_keepalive_probe_count: Mapped[Optional[int]] = mapped_column(Integer)
    external_signaling_hostname: Mapped[Optional[str]] = mapped_column(String(40))

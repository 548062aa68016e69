"""Python-side enums, one per enum type of ARA head.

The database enum types are built from these (same names, same values in
the same order), and validation, CSV checks and CLI help read them too.
"""
from __future__ import annotations

import enum

class AstBoolValues(str, enum.Enum):
    """`ast_bool_values`."""

    __ara_name__ = "ast_bool_values"
    ZERO = '0'
    ONE = '1'
    OFF = 'off'
    ON = 'on'
    FALSE = 'false'
    TRUE = 'true'
    NO = 'no'
    YES = 'yes'

class IaxEncryptionValues(str, enum.Enum):
    """`iax_encryption_values`."""

    __ara_name__ = "iax_encryption_values"
    YES = 'yes'
    NO = 'no'
    AES128 = 'aes128'

class IaxRequirecalltokenValues(str, enum.Enum):
    """`iax_requirecalltoken_values`."""

    __ara_name__ = "iax_requirecalltoken_values"
    YES = 'yes'
    NO = 'no'
    AUTO = 'auto'

class IaxTransferValues(str, enum.Enum):
    """`iax_transfer_values`."""

    __ara_name__ = "iax_transfer_values"
    YES = 'yes'
    NO = 'no'
    MEDIAONLY = 'mediaonly'

class MohModeValues(str, enum.Enum):
    """`moh_mode_values`."""

    __ara_name__ = "moh_mode_values"
    CUSTOM = 'custom'
    FILES = 'files'
    MP3NB = 'mp3nb'
    QUIETMP3NB = 'quietmp3nb'
    QUIETMP3 = 'quietmp3'
    PLAYLIST = 'playlist'

class Pjsip100relValuesV2(str, enum.Enum):
    """`pjsip_100rel_values_v2`."""

    __ara_name__ = "pjsip_100rel_values_v2"
    NO = 'no'
    REQUIRED = 'required'
    PEER_SUPPORTED = 'peer_supported'
    YES = 'yes'

class PjsipAuthTypeValuesV2(str, enum.Enum):
    """`pjsip_auth_type_values_v2`."""

    __ara_name__ = "pjsip_auth_type_values_v2"
    MD5 = 'md5'
    USERPASS = 'userpass'
    GOOGLE_OAUTH = 'google_oauth'

class PjsipCidPrivacyValues(str, enum.Enum):
    """`pjsip_cid_privacy_values`."""

    __ara_name__ = "pjsip_cid_privacy_values"
    ALLOWED_NOT_SCREENED = 'allowed_not_screened'
    ALLOWED_PASSED_SCREENED = 'allowed_passed_screened'
    ALLOWED_FAILED_SCREENED = 'allowed_failed_screened'
    ALLOWED = 'allowed'
    PROHIB_NOT_SCREENED = 'prohib_not_screened'
    PROHIB_PASSED_SCREENED = 'prohib_passed_screened'
    PROHIB_FAILED_SCREENED = 'prohib_failed_screened'
    PROHIB = 'prohib'
    UNAVAILABLE = 'unavailable'

class PjsipConnectedLineMethodValues(str, enum.Enum):
    """`pjsip_connected_line_method_values`."""

    __ara_name__ = "pjsip_connected_line_method_values"
    INVITE = 'invite'
    REINVITE = 'reinvite'
    UPDATE = 'update'

class PjsipDirectMediaGlareMitigationValues(str, enum.Enum):
    """`pjsip_direct_media_glare_mitigation_values`."""

    __ara_name__ = "pjsip_direct_media_glare_mitigation_values"
    NONE = 'none'
    OUTGOING = 'outgoing'
    INCOMING = 'incoming'

class PjsipDtlsSetupValues(str, enum.Enum):
    """`pjsip_dtls_setup_values`."""

    __ara_name__ = "pjsip_dtls_setup_values"
    ACTIVE = 'active'
    PASSIVE = 'passive'
    ACTPASS = 'actpass'

class PjsipDtmfModeValuesV3(str, enum.Enum):
    """`pjsip_dtmf_mode_values_v3`."""

    __ara_name__ = "pjsip_dtmf_mode_values_v3"
    RFC4733 = 'rfc4733'
    INBAND = 'inband'
    INFO = 'info'
    AUTO = 'auto'
    AUTO_INFO = 'auto_info'

class PjsipIncomingCallOfferPrefValues(str, enum.Enum):
    """`pjsip_incoming_call_offer_pref_values`."""

    __ara_name__ = "pjsip_incoming_call_offer_pref_values"
    LOCAL = 'local'
    LOCAL_FIRST = 'local_first'
    REMOTE = 'remote'
    REMOTE_FIRST = 'remote_first'

class PjsipMediaEncryptionValues(str, enum.Enum):
    """`pjsip_media_encryption_values`."""

    __ara_name__ = "pjsip_media_encryption_values"
    NO = 'no'
    SDES = 'sdes'
    DTLS = 'dtls'

class PjsipOutgoingCallOfferPrefValues(str, enum.Enum):
    """`pjsip_outgoing_call_offer_pref_values`."""

    __ara_name__ = "pjsip_outgoing_call_offer_pref_values"
    LOCAL = 'local'
    LOCAL_MERGE = 'local_merge'
    LOCAL_FIRST = 'local_first'
    REMOTE = 'remote'
    REMOTE_MERGE = 'remote_merge'
    REMOTE_FIRST = 'remote_first'

class PjsipRedirectMethodValues(str, enum.Enum):
    """`pjsip_redirect_method_values`."""

    __ara_name__ = "pjsip_redirect_method_values"
    USER = 'user'
    URI_CORE = 'uri_core'
    URI_PJSIP = 'uri_pjsip'

class PjsipT38udptlEcValues(str, enum.Enum):
    """`pjsip_t38udptl_ec_values`."""

    __ara_name__ = "pjsip_t38udptl_ec_values"
    NONE = 'none'
    FEC = 'fec'
    REDUNDANCY = 'redundancy'

class PjsipTaskprocessorOverloadTriggerValues(str, enum.Enum):
    """`pjsip_taskprocessor_overload_trigger_values`."""

    __ara_name__ = "pjsip_taskprocessor_overload_trigger_values"
    NONE = 'none'
    GLOBAL = 'global'
    PJSIP_ONLY = 'pjsip_only'

class PjsipTimerValues(str, enum.Enum):
    """`pjsip_timer_values`."""

    __ara_name__ = "pjsip_timer_values"
    FORCED = 'forced'
    NO = 'no'
    REQUIRED = 'required'
    YES = 'yes'

class PjsipTransportMethodValuesV2(str, enum.Enum):
    """`pjsip_transport_method_values_v2`."""

    __ara_name__ = "pjsip_transport_method_values_v2"
    DEFAULT = 'default'
    UNSPECIFIED = 'unspecified'
    TLSV1 = 'tlsv1'
    TLSV1_1 = 'tlsv1_1'
    TLSV1_2 = 'tlsv1_2'
    TLSV1_3 = 'tlsv1_3'
    SSLV2 = 'sslv2'
    SSLV23 = 'sslv23'
    SSLV3 = 'sslv3'

class PjsipTransportProtocolValuesV2(str, enum.Enum):
    """`pjsip_transport_protocol_values_v2`."""

    __ara_name__ = "pjsip_transport_protocol_values_v2"
    UDP = 'udp'
    TCP = 'tcp'
    TLS = 'tls'
    WS = 'ws'
    WSS = 'wss'
    FLOW = 'flow'

class QueueAutopauseValues(str, enum.Enum):
    """`queue_autopause_values`."""

    __ara_name__ = "queue_autopause_values"
    YES = 'yes'
    NO = 'no'
    ALL = 'all'

class QueueStrategyValues(str, enum.Enum):
    """`queue_strategy_values`."""

    __ara_name__ = "queue_strategy_values"
    RINGALL = 'ringall'
    LEASTRECENT = 'leastrecent'
    FEWESTCALLS = 'fewestcalls'
    RANDOM = 'random'
    RRMEMORY = 'rrmemory'
    LINEAR = 'linear'
    WRANDOM = 'wrandom'
    RRORDERED = 'rrordered'

class SecurityNegotiationValues(str, enum.Enum):
    """`security_negotiation_values`."""

    __ara_name__ = "security_negotiation_values"
    NO = 'no'
    MEDIASEC = 'mediasec'

class ShaHashValues(str, enum.Enum):
    """`sha_hash_values`."""

    __ara_name__ = "sha_hash_values"
    SHA_1 = 'SHA-1'
    SHA_256 = 'SHA-256'

class SipCallingpresValues(str, enum.Enum):
    """`sip_callingpres_values`."""

    __ara_name__ = "sip_callingpres_values"
    ALLOWED_NOT_SCREENED = 'allowed_not_screened'
    ALLOWED_PASSED_SCREEN = 'allowed_passed_screen'
    ALLOWED_FAILED_SCREEN = 'allowed_failed_screen'
    ALLOWED = 'allowed'
    PROHIB_NOT_SCREENED = 'prohib_not_screened'
    PROHIB_PASSED_SCREEN = 'prohib_passed_screen'
    PROHIB_FAILED_SCREEN = 'prohib_failed_screen'
    PROHIB = 'prohib'

class SipDirectmediaValuesV2(str, enum.Enum):
    """`sip_directmedia_values_v2`."""

    __ara_name__ = "sip_directmedia_values_v2"
    YES = 'yes'
    NO = 'no'
    NONAT = 'nonat'
    UPDATE = 'update'
    OUTGOING = 'outgoing'

class SipDtmfmodeValues(str, enum.Enum):
    """`sip_dtmfmode_values`."""

    __ara_name__ = "sip_dtmfmode_values"
    RFC2833 = 'rfc2833'
    INFO = 'info'
    SHORTINFO = 'shortinfo'
    INBAND = 'inband'
    AUTO = 'auto'

class SipProgressinbandValues(str, enum.Enum):
    """`sip_progressinband_values`."""

    __ara_name__ = "sip_progressinband_values"
    YES = 'yes'
    NO = 'no'
    NEVER = 'never'

class SipSessionRefresherValues(str, enum.Enum):
    """`sip_session_refresher_values`."""

    __ara_name__ = "sip_session_refresher_values"
    UAC = 'uac'
    UAS = 'uas'

class SipSessionTimersValues(str, enum.Enum):
    """`sip_session_timers_values`."""

    __ara_name__ = "sip_session_timers_values"
    ACCEPT = 'accept'
    REFUSE = 'refuse'
    ORIGINATE = 'originate'

class SipTransportValues(str, enum.Enum):
    """`sip_transport_values`."""

    __ara_name__ = "sip_transport_values"
    UDP = 'udp'
    TCP = 'tcp'
    TLS = 'tls'
    WS = 'ws'
    WSS = 'wss'
    UDP_TCP = 'udp,tcp'
    TCP_UDP = 'tcp,udp'

class TypeValues(str, enum.Enum):
    """`type_values`."""

    __ara_name__ = "type_values"
    FRIEND = 'friend'
    USER = 'user'
    PEER = 'peer'

class YesNoValues(str, enum.Enum):
    """`yes_no_values`."""

    __ara_name__ = "yes_no_values"
    YES = 'yes'
    NO = 'no'

class YesnoValues(str, enum.Enum):
    """`yesno_values`."""

    __ara_name__ = "yesno_values"
    YES = 'yes'
    NO = 'no'


ALL_ENUMS: tuple[type[enum.Enum], ...] = (
    AstBoolValues,
    IaxEncryptionValues,
    IaxRequirecalltokenValues,
    IaxTransferValues,
    MohModeValues,
    Pjsip100relValuesV2,
    PjsipAuthTypeValuesV2,
    PjsipCidPrivacyValues,
    PjsipConnectedLineMethodValues,
    PjsipDirectMediaGlareMitigationValues,
    PjsipDtlsSetupValues,
    PjsipDtmfModeValuesV3,
    PjsipIncomingCallOfferPrefValues,
    PjsipMediaEncryptionValues,
    PjsipOutgoingCallOfferPrefValues,
    PjsipRedirectMethodValues,
    PjsipT38udptlEcValues,
    PjsipTaskprocessorOverloadTriggerValues,
    PjsipTimerValues,
    PjsipTransportMethodValuesV2,
    PjsipTransportProtocolValuesV2,
    QueueAutopauseValues,
    QueueStrategyValues,
    SecurityNegotiationValues,
    ShaHashValues,
    SipCallingpresValues,
    SipDirectmediaValuesV2,
    SipDtmfmodeValues,
    SipProgressinbandValues,
    SipSessionRefresherValues,
    SipSessionTimersValues,
    SipTransportValues,
    TypeValues,
    YesNoValues,
    YesnoValues,
)

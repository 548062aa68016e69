BEGIN;

CREATE TABLE asterisk_ara_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT asterisk_ara_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 0001_ara_head

CREATE TYPE ast_bool_values AS ENUM ('0', '1', 'off', 'on', 'false', 'true', 'no', 'yes');

CREATE TYPE iax_encryption_values AS ENUM ('yes', 'no', 'aes128');

CREATE TYPE iax_requirecalltoken_values AS ENUM ('yes', 'no', 'auto');

CREATE TYPE iax_transfer_values AS ENUM ('yes', 'no', 'mediaonly');

CREATE TYPE moh_mode_values AS ENUM ('custom', 'files', 'mp3nb', 'quietmp3nb', 'quietmp3', 'playlist');

CREATE TYPE pjsip_100rel_values_v2 AS ENUM ('no', 'required', 'peer_supported', 'yes');

CREATE TYPE pjsip_auth_type_values_v2 AS ENUM ('md5', 'userpass', 'google_oauth');

CREATE TYPE pjsip_cid_privacy_values AS ENUM ('allowed_not_screened', 'allowed_passed_screened', 'allowed_failed_screened', 'allowed', 'prohib_not_screened', 'prohib_passed_screened', 'prohib_failed_screened', 'prohib', 'unavailable');

CREATE TYPE pjsip_connected_line_method_values AS ENUM ('invite', 'reinvite', 'update');

CREATE TYPE pjsip_direct_media_glare_mitigation_values AS ENUM ('none', 'outgoing', 'incoming');

CREATE TYPE pjsip_dtls_setup_values AS ENUM ('active', 'passive', 'actpass');

CREATE TYPE pjsip_dtmf_mode_values_v3 AS ENUM ('rfc4733', 'inband', 'info', 'auto', 'auto_info');

CREATE TYPE pjsip_incoming_call_offer_pref_values AS ENUM ('local', 'local_first', 'remote', 'remote_first');

CREATE TYPE pjsip_media_encryption_values AS ENUM ('no', 'sdes', 'dtls');

CREATE TYPE pjsip_outgoing_call_offer_pref_values AS ENUM ('local', 'local_merge', 'local_first', 'remote', 'remote_merge', 'remote_first');

CREATE TYPE pjsip_redirect_method_values AS ENUM ('user', 'uri_core', 'uri_pjsip');

CREATE TYPE pjsip_t38udptl_ec_values AS ENUM ('none', 'fec', 'redundancy');

CREATE TYPE pjsip_taskprocessor_overload_trigger_values AS ENUM ('none', 'global', 'pjsip_only');

CREATE TYPE pjsip_timer_values AS ENUM ('forced', 'no', 'required', 'yes');

CREATE TYPE pjsip_transport_method_values_v2 AS ENUM ('default', 'unspecified', 'tlsv1', 'tlsv1_1', 'tlsv1_2', 'tlsv1_3', 'sslv2', 'sslv23', 'sslv3');

CREATE TYPE pjsip_transport_protocol_values_v2 AS ENUM ('udp', 'tcp', 'tls', 'ws', 'wss', 'flow');

CREATE TYPE queue_autopause_values AS ENUM ('yes', 'no', 'all');

CREATE TYPE queue_strategy_values AS ENUM ('ringall', 'leastrecent', 'fewestcalls', 'random', 'rrmemory', 'linear', 'wrandom', 'rrordered');

CREATE TYPE security_negotiation_values AS ENUM ('no', 'mediasec');

CREATE TYPE sha_hash_values AS ENUM ('SHA-1', 'SHA-256');

CREATE TYPE sip_callingpres_values AS ENUM ('allowed_not_screened', 'allowed_passed_screen', 'allowed_failed_screen', 'allowed', 'prohib_not_screened', 'prohib_passed_screen', 'prohib_failed_screen', 'prohib');

CREATE TYPE sip_directmedia_values_v2 AS ENUM ('yes', 'no', 'nonat', 'update', 'outgoing');

CREATE TYPE sip_dtmfmode_values AS ENUM ('rfc2833', 'info', 'shortinfo', 'inband', 'auto');

CREATE TYPE sip_progressinband_values AS ENUM ('yes', 'no', 'never');

CREATE TYPE sip_session_refresher_values AS ENUM ('uac', 'uas');

CREATE TYPE sip_session_timers_values AS ENUM ('accept', 'refuse', 'originate');

CREATE TYPE sip_transport_values AS ENUM ('udp', 'tcp', 'tls', 'ws', 'wss', 'udp,tcp', 'tcp,udp');

CREATE TYPE type_values AS ENUM ('friend', 'user', 'peer');

CREATE TYPE yes_no_values AS ENUM ('yes', 'no');

CREATE TYPE yesno_values AS ENUM ('yes', 'no');

CREATE TABLE extensions (
    id BIGSERIAL NOT NULL, 
    context VARCHAR(40) NOT NULL, 
    exten VARCHAR(40) NOT NULL, 
    priority INTEGER NOT NULL, 
    app VARCHAR(40) NOT NULL, 
    appdata VARCHAR(256) NOT NULL, 
    PRIMARY KEY (id), 
    UNIQUE (context, exten, priority)
);

CREATE TABLE iaxfriends (
    id SERIAL NOT NULL, 
    name VARCHAR(40) NOT NULL, 
    type type_values, 
    username VARCHAR(40), 
    mailbox VARCHAR(40), 
    secret VARCHAR(40), 
    dbsecret VARCHAR(40), 
    context VARCHAR(40), 
    regcontext VARCHAR(40), 
    host VARCHAR(40), 
    ipaddr VARCHAR(40), 
    port INTEGER, 
    defaultip VARCHAR(20), 
    sourceaddress VARCHAR(20), 
    mask VARCHAR(20), 
    regexten VARCHAR(40), 
    regseconds INTEGER, 
    accountcode VARCHAR(80), 
    mohinterpret VARCHAR(20), 
    mohsuggest VARCHAR(20), 
    inkeys VARCHAR(40), 
    outkeys VARCHAR(40), 
    language VARCHAR(10), 
    callerid VARCHAR(100), 
    cid_number VARCHAR(40), 
    sendani yes_no_values, 
    fullname VARCHAR(40), 
    trunk yes_no_values, 
    auth VARCHAR(20), 
    maxauthreq INTEGER, 
    requirecalltoken iax_requirecalltoken_values, 
    encryption iax_encryption_values, 
    transfer iax_transfer_values, 
    jitterbuffer yes_no_values, 
    forcejitterbuffer yes_no_values, 
    disallow VARCHAR(200), 
    allow VARCHAR(200), 
    codecpriority VARCHAR(40), 
    qualify VARCHAR(10), 
    qualifysmoothing yes_no_values, 
    qualifyfreqok VARCHAR(10), 
    qualifyfreqnotok VARCHAR(10), 
    timezone VARCHAR(20), 
    adsi yes_no_values, 
    amaflags VARCHAR(20), 
    setvar VARCHAR(200), 
    PRIMARY KEY (id), 
    UNIQUE (name)
);

CREATE INDEX iaxfriends_host_port ON iaxfriends (host, port);

CREATE INDEX iaxfriends_ipaddr_port ON iaxfriends (ipaddr, port);

CREATE INDEX iaxfriends_name ON iaxfriends (name);

CREATE INDEX iaxfriends_name_host ON iaxfriends (name, host);

CREATE INDEX iaxfriends_name_ipaddr_port ON iaxfriends (name, ipaddr, port);

CREATE TABLE meetme (
    bookid SERIAL NOT NULL, 
    confno VARCHAR(80) NOT NULL, 
    starttime TIMESTAMP WITHOUT TIME ZONE, 
    endtime TIMESTAMP WITHOUT TIME ZONE, 
    pin VARCHAR(20), 
    adminpin VARCHAR(20), 
    opts VARCHAR(20), 
    adminopts VARCHAR(20), 
    recordingfilename VARCHAR(80), 
    recordingformat VARCHAR(10), 
    maxusers INTEGER, 
    members INTEGER NOT NULL, 
    PRIMARY KEY (bookid)
);

CREATE INDEX meetme_confno_start_end ON meetme (confno, starttime, endtime);

CREATE TABLE musiconhold (
    name VARCHAR(80) NOT NULL, 
    mode moh_mode_values, 
    directory VARCHAR(255), 
    application VARCHAR(255), 
    digit VARCHAR(1), 
    sort VARCHAR(10), 
    format VARCHAR(10), 
    stamp TIMESTAMP WITHOUT TIME ZONE, 
    loop_last yesno_values, 
    PRIMARY KEY (name)
);

CREATE TABLE ps_aors (
    id VARCHAR(255) NOT NULL, 
    contact VARCHAR(255), 
    default_expiration INTEGER, 
    mailboxes VARCHAR(80), 
    max_contacts INTEGER, 
    minimum_expiration INTEGER, 
    remove_existing ast_bool_values, 
    qualify_frequency INTEGER, 
    authenticate_qualify ast_bool_values, 
    maximum_expiration INTEGER, 
    outbound_proxy VARCHAR(255), 
    support_path ast_bool_values, 
    qualify_timeout FLOAT, 
    voicemail_extension VARCHAR(40), 
    remove_unavailable ast_bool_values, 
    qualify_2xx_only ast_bool_values, 
    UNIQUE (id)
);

CREATE INDEX ps_aors_id ON ps_aors (id);

CREATE INDEX ps_aors_qualifyfreq_contact ON ps_aors (qualify_frequency, contact);

CREATE TABLE ps_asterisk_publications (
    id VARCHAR(40) NOT NULL, 
    devicestate_publish VARCHAR(40), 
    mailboxstate_publish VARCHAR(40), 
    device_state ast_bool_values, 
    device_state_filter VARCHAR(256), 
    mailbox_state ast_bool_values, 
    mailbox_state_filter VARCHAR(256), 
    UNIQUE (id)
);

CREATE INDEX ps_asterisk_publications_id ON ps_asterisk_publications (id);

CREATE TABLE ps_auths (
    id VARCHAR(255) NOT NULL, 
    auth_type pjsip_auth_type_values_v2, 
    nonce_lifetime INTEGER, 
    md5_cred VARCHAR(40), 
    password VARCHAR(80), 
    realm VARCHAR(255), 
    username VARCHAR(40), 
    refresh_token VARCHAR(255), 
    oauth_clientid VARCHAR(255), 
    oauth_secret VARCHAR(255), 
    password_digest VARCHAR(1024), 
    supported_algorithms_uas VARCHAR(1024), 
    supported_algorithms_uac VARCHAR(1024), 
    UNIQUE (id)
);

CREATE INDEX ps_auths_id ON ps_auths (id);

CREATE TABLE ps_contacts (
    id VARCHAR(255) NOT NULL, 
    uri VARCHAR(511), 
    expiration_time BIGINT, 
    qualify_frequency INTEGER, 
    outbound_proxy VARCHAR(255), 
    path TEXT, 
    user_agent VARCHAR(255), 
    qualify_timeout FLOAT, 
    reg_server VARCHAR(255), 
    authenticate_qualify ast_bool_values, 
    via_addr VARCHAR(40), 
    via_port INTEGER, 
    call_id VARCHAR(255), 
    endpoint VARCHAR(255), 
    prune_on_boot ast_bool_values, 
    qualify_2xx_only ast_bool_values, 
    UNIQUE (id), 
    CONSTRAINT ps_contacts_uq UNIQUE (id, reg_server)
);

CREATE INDEX ps_contacts_id ON ps_contacts (id);

CREATE INDEX ps_contacts_qualifyfreq_exp ON ps_contacts (qualify_frequency, expiration_time);

CREATE TABLE ps_domain_aliases (
    id VARCHAR(255) NOT NULL, 
    domain VARCHAR(255), 
    UNIQUE (id)
);

CREATE INDEX ps_domain_aliases_id ON ps_domain_aliases (id);

CREATE TABLE ps_endpoint_id_ips (
    id VARCHAR(255) NOT NULL, 
    endpoint VARCHAR(255), 
    match VARCHAR(80), 
    srv_lookups ast_bool_values, 
    match_header VARCHAR(255), 
    match_request_uri VARCHAR(255), 
    UNIQUE (id)
);

CREATE INDEX ps_endpoint_id_ips_id ON ps_endpoint_id_ips (id);

CREATE TABLE ps_endpoints (
    id VARCHAR(255) NOT NULL, 
    transport VARCHAR(40), 
    aors VARCHAR(2048), 
    auth VARCHAR(255), 
    context VARCHAR(40), 
    disallow VARCHAR(200), 
    allow VARCHAR(200), 
    direct_media ast_bool_values, 
    connected_line_method pjsip_connected_line_method_values, 
    direct_media_method pjsip_connected_line_method_values, 
    direct_media_glare_mitigation pjsip_direct_media_glare_mitigation_values, 
    disable_direct_media_on_nat ast_bool_values, 
    dtmf_mode pjsip_dtmf_mode_values_v3, 
    external_media_address VARCHAR(40), 
    force_rport ast_bool_values, 
    ice_support ast_bool_values, 
    identify_by VARCHAR(80), 
    mailboxes VARCHAR(40), 
    moh_suggest VARCHAR(40), 
    outbound_auth VARCHAR(255), 
    outbound_proxy VARCHAR(255), 
    rewrite_contact ast_bool_values, 
    rtp_ipv6 ast_bool_values, 
    rtp_symmetric ast_bool_values, 
    send_diversion ast_bool_values, 
    send_pai ast_bool_values, 
    send_rpid ast_bool_values, 
    timers_min_se INTEGER, 
    timers pjsip_timer_values, 
    timers_sess_expires INTEGER, 
    callerid VARCHAR(40), 
    callerid_privacy pjsip_cid_privacy_values, 
    callerid_tag VARCHAR(40), 
    "100rel" pjsip_100rel_values_v2, 
    aggregate_mwi ast_bool_values, 
    trust_id_inbound ast_bool_values, 
    trust_id_outbound ast_bool_values, 
    use_ptime ast_bool_values, 
    use_avpf ast_bool_values, 
    media_encryption pjsip_media_encryption_values, 
    inband_progress ast_bool_values, 
    call_group VARCHAR(40), 
    pickup_group VARCHAR(40), 
    named_call_group VARCHAR(40), 
    named_pickup_group VARCHAR(40), 
    device_state_busy_at INTEGER, 
    fax_detect ast_bool_values, 
    t38_udptl ast_bool_values, 
    t38_udptl_ec pjsip_t38udptl_ec_values, 
    t38_udptl_maxdatagram INTEGER, 
    t38_udptl_nat ast_bool_values, 
    t38_udptl_ipv6 ast_bool_values, 
    tone_zone VARCHAR(40), 
    language VARCHAR(40), 
    one_touch_recording ast_bool_values, 
    record_on_feature VARCHAR(40), 
    record_off_feature VARCHAR(40), 
    rtp_engine VARCHAR(40), 
    allow_transfer ast_bool_values, 
    allow_subscribe ast_bool_values, 
    sdp_owner VARCHAR(40), 
    sdp_session VARCHAR(40), 
    tos_audio VARCHAR(10), 
    tos_video VARCHAR(10), 
    sub_min_expiry INTEGER, 
    from_domain VARCHAR(40), 
    from_user VARCHAR(40), 
    mwi_from_user VARCHAR(40), 
    dtls_verify VARCHAR(40), 
    dtls_rekey VARCHAR(40), 
    dtls_cert_file VARCHAR(200), 
    dtls_private_key VARCHAR(200), 
    dtls_cipher VARCHAR(200), 
    dtls_ca_file VARCHAR(200), 
    dtls_ca_path VARCHAR(200), 
    dtls_setup pjsip_dtls_setup_values, 
    srtp_tag_32 ast_bool_values, 
    media_address VARCHAR(40), 
    redirect_method pjsip_redirect_method_values, 
    set_var TEXT, 
    cos_audio INTEGER, 
    cos_video INTEGER, 
    message_context VARCHAR(40), 
    force_avp ast_bool_values, 
    media_use_received_transport ast_bool_values, 
    accountcode VARCHAR(80), 
    user_eq_phone ast_bool_values, 
    moh_passthrough ast_bool_values, 
    media_encryption_optimistic ast_bool_values, 
    rpid_immediate ast_bool_values, 
    g726_non_standard ast_bool_values, 
    rtp_keepalive INTEGER, 
    rtp_timeout INTEGER, 
    rtp_timeout_hold INTEGER, 
    bind_rtp_to_media_address ast_bool_values, 
    voicemail_extension VARCHAR(40), 
    mwi_subscribe_replaces_unsolicited ast_bool_values, 
    deny VARCHAR(95), 
    permit VARCHAR(95), 
    acl VARCHAR(40), 
    contact_deny VARCHAR(95), 
    contact_permit VARCHAR(95), 
    contact_acl VARCHAR(40), 
    subscribe_context VARCHAR(40), 
    fax_detect_timeout INTEGER, 
    contact_user VARCHAR(80), 
    preferred_codec_only ast_bool_values, 
    asymmetric_rtp_codec ast_bool_values, 
    rtcp_mux ast_bool_values, 
    allow_overlap ast_bool_values, 
    refer_blind_progress ast_bool_values, 
    notify_early_inuse_ringing ast_bool_values, 
    max_audio_streams INTEGER, 
    max_video_streams INTEGER, 
    webrtc ast_bool_values, 
    dtls_fingerprint sha_hash_values, 
    incoming_mwi_mailbox VARCHAR(40), 
    bundle ast_bool_values, 
    dtls_auto_generate_cert ast_bool_values, 
    follow_early_media_fork ast_bool_values, 
    accept_multiple_sdp_answers ast_bool_values, 
    suppress_q850_reason_headers ast_bool_values, 
    trust_connected_line ast_bool_values, 
    send_connected_line ast_bool_values, 
    ignore_183_without_sdp ast_bool_values, 
    codec_prefs_incoming_offer VARCHAR(128), 
    codec_prefs_outgoing_offer VARCHAR(128), 
    codec_prefs_incoming_answer VARCHAR(128), 
    codec_prefs_outgoing_answer VARCHAR(128), 
    stir_shaken ast_bool_values, 
    send_history_info ast_bool_values, 
    allow_unauthenticated_options ast_bool_values, 
    t38_bind_udptl_to_media_address ast_bool_values, 
    geoloc_incoming_call_profile VARCHAR(80), 
    geoloc_outgoing_call_profile VARCHAR(80), 
    incoming_call_offer_pref pjsip_incoming_call_offer_pref_values, 
    outgoing_call_offer_pref pjsip_outgoing_call_offer_pref_values, 
    stir_shaken_profile VARCHAR(80), 
    security_negotiation security_negotiation_values, 
    security_mechanisms VARCHAR(512), 
    send_aoc ast_bool_values, 
    overlap_context VARCHAR(80), 
    tenantid VARCHAR(80), 
    suppress_moh_on_sendonly ast_bool_values, 
    follow_redirect_methods VARCHAR(95), 
    rtp_port_start INTEGER, 
    rtp_port_end INTEGER, 
    UNIQUE (id)
);

CREATE INDEX ps_endpoints_id ON ps_endpoints (id);

CREATE TABLE ps_globals (
    id VARCHAR(40) NOT NULL, 
    max_forwards INTEGER, 
    user_agent VARCHAR(255), 
    default_outbound_endpoint VARCHAR(40), 
    debug VARCHAR(40), 
    endpoint_identifier_order VARCHAR(40), 
    max_initial_qualify_time INTEGER, 
    default_from_user VARCHAR(80), 
    keep_alive_interval INTEGER, 
    regcontext VARCHAR(80), 
    contact_expiration_check_interval INTEGER, 
    default_voicemail_extension VARCHAR(40), 
    disable_multi_domain ast_bool_values, 
    unidentified_request_count INTEGER, 
    unidentified_request_period INTEGER, 
    unidentified_request_prune_interval INTEGER, 
    default_realm VARCHAR(40), 
    mwi_tps_queue_high INTEGER, 
    mwi_tps_queue_low INTEGER, 
    mwi_disable_initial_unsolicited ast_bool_values, 
    ignore_uri_user_options ast_bool_values, 
    use_callerid_contact ast_bool_values, 
    send_contact_status_on_update_registration ast_bool_values, 
    taskprocessor_overload_trigger pjsip_taskprocessor_overload_trigger_values, 
    norefersub ast_bool_values, 
    allow_sending_180_after_183 ast_bool_values, 
    all_codecs_on_empty_reinvite ast_bool_values, 
    default_auth_algorithms_uas VARCHAR(1024), 
    default_auth_algorithms_uac VARCHAR(1024), 
    UNIQUE (id)
);

CREATE INDEX ps_globals_id ON ps_globals (id);

CREATE TABLE ps_inbound_publications (
    id VARCHAR(255) NOT NULL, 
    endpoint VARCHAR(255), 
    "event_asterisk-devicestate" VARCHAR(40), 
    "event_asterisk-mwi" VARCHAR(40), 
    UNIQUE (id)
);

CREATE INDEX ps_inbound_publications_id ON ps_inbound_publications (id);

CREATE TABLE ps_outbound_publishes (
    id VARCHAR(255) NOT NULL, 
    expiration INTEGER, 
    outbound_auth VARCHAR(255), 
    outbound_proxy VARCHAR(256), 
    server_uri VARCHAR(256), 
    from_uri VARCHAR(256), 
    to_uri VARCHAR(256), 
    event VARCHAR(40), 
    max_auth_attempts INTEGER, 
    transport VARCHAR(40), 
    multi_user ast_bool_values, 
    "@body" VARCHAR(40), 
    "@context" VARCHAR(256), 
    "@exten" VARCHAR(256), 
    UNIQUE (id)
);

CREATE INDEX ps_outbound_publishes_id ON ps_outbound_publishes (id);

CREATE TABLE ps_registrations (
    id VARCHAR(255) NOT NULL, 
    auth_rejection_permanent ast_bool_values, 
    client_uri VARCHAR(255), 
    contact_user VARCHAR(40), 
    expiration INTEGER, 
    max_retries INTEGER, 
    outbound_auth VARCHAR(255), 
    outbound_proxy VARCHAR(255), 
    retry_interval INTEGER, 
    forbidden_retry_interval INTEGER, 
    server_uri VARCHAR(255), 
    transport VARCHAR(40), 
    support_path ast_bool_values, 
    fatal_retry_interval INTEGER, 
    line ast_bool_values, 
    endpoint VARCHAR(255), 
    support_outbound ast_bool_values, 
    contact_header_params VARCHAR(255), 
    max_random_initial_delay INTEGER, 
    security_negotiation security_negotiation_values, 
    security_mechanisms VARCHAR(512), 
    user_agent VARCHAR(255), 
    UNIQUE (id)
);

CREATE INDEX ps_registrations_id ON ps_registrations (id);

CREATE TABLE ps_resource_list (
    id VARCHAR(40) NOT NULL, 
    list_item VARCHAR(2048), 
    event VARCHAR(40), 
    full_state ast_bool_values, 
    notification_batch_interval INTEGER, 
    resource_display_name ast_bool_values, 
    UNIQUE (id)
);

CREATE INDEX ps_resource_list_id ON ps_resource_list (id);

CREATE TABLE ps_subscription_persistence (
    id VARCHAR(40) NOT NULL, 
    packet VARCHAR(2048), 
    src_name VARCHAR(128), 
    src_port INTEGER, 
    transport_key VARCHAR(64), 
    local_name VARCHAR(128), 
    local_port INTEGER, 
    cseq INTEGER, 
    tag VARCHAR(128), 
    endpoint VARCHAR(40), 
    expires INTEGER, 
    contact_uri VARCHAR(256), 
    prune_on_boot ast_bool_values, 
    generator_data TEXT, 
    UNIQUE (id)
);

CREATE INDEX ps_subscription_persistence_id ON ps_subscription_persistence (id);

CREATE TABLE ps_systems (
    id VARCHAR(40) NOT NULL, 
    timer_t1 INTEGER, 
    timer_b INTEGER, 
    compact_headers ast_bool_values, 
    threadpool_initial_size INTEGER, 
    threadpool_auto_increment INTEGER, 
    threadpool_idle_timeout INTEGER, 
    threadpool_max_size INTEGER, 
    disable_tcp_switch ast_bool_values, 
    follow_early_media_fork ast_bool_values, 
    accept_multiple_sdp_answers ast_bool_values, 
    disable_rport ast_bool_values, 
    taskpool_minimum_size INTEGER, 
    taskpool_initial_size INTEGER, 
    taskpool_auto_increment INTEGER, 
    taskpool_idle_timeout INTEGER, 
    taskpool_max_size INTEGER, 
    UNIQUE (id)
);

CREATE INDEX ps_systems_id ON ps_systems (id);

CREATE TABLE ps_transports (
    id VARCHAR(40) NOT NULL, 
    async_operations INTEGER, 
    bind VARCHAR(40), 
    ca_list_file VARCHAR(200), 
    cert_file VARCHAR(200), 
    cipher VARCHAR(200), 
    domain VARCHAR(40), 
    external_media_address VARCHAR(40), 
    external_signaling_address VARCHAR(40), 
    external_signaling_port INTEGER, 
    method pjsip_transport_method_values_v2, 
    local_net VARCHAR(40), 
    password VARCHAR(40), 
    priv_key_file VARCHAR(200), 
    protocol pjsip_transport_protocol_values_v2, 
    require_client_cert ast_bool_values, 
    verify_client ast_bool_values, 
    verify_server ast_bool_values, 
    tos VARCHAR(10), 
    cos INTEGER, 
    allow_reload ast_bool_values, 
    symmetric_transport ast_bool_values, 
    allow_wildcard_certs ast_bool_values, 
    tcp_keepalive_enable BOOLEAN, 
    tcp_keepalive_idle_time INTEGER, 
    tcp_keepalive_interval_time INTEGER, 
    tcp_keepalive_probe_count INTEGER, 
    external_signaling_hostname VARCHAR(40), 
    UNIQUE (id)
);

CREATE INDEX ps_transports_id ON ps_transports (id);

CREATE TABLE queue_members (
    queue_name VARCHAR(80) NOT NULL, 
    interface VARCHAR(80) NOT NULL, 
    membername VARCHAR(80), 
    state_interface VARCHAR(80), 
    penalty INTEGER, 
    paused INTEGER, 
    uniqueid INTEGER NOT NULL, 
    wrapuptime INTEGER, 
    ringinuse ast_bool_values, 
    reason_paused VARCHAR(80), 
    PRIMARY KEY (queue_name, interface), 
    UNIQUE (uniqueid)
);

CREATE TABLE queue_rules (
    rule_name VARCHAR(80) NOT NULL, 
    time VARCHAR(32) NOT NULL, 
    min_penalty VARCHAR(32) NOT NULL, 
    max_penalty VARCHAR(32) NOT NULL
);

CREATE TABLE queues (
    name VARCHAR(128) NOT NULL, 
    musiconhold VARCHAR(128), 
    announce VARCHAR(128), 
    context VARCHAR(128), 
    timeout INTEGER, 
    ringinuse yesno_values, 
    setinterfacevar yesno_values, 
    setqueuevar yesno_values, 
    setqueueentryvar yesno_values, 
    monitor_format VARCHAR(8), 
    membermacro VARCHAR(512), 
    membergosub VARCHAR(512), 
    queue_youarenext VARCHAR(128), 
    queue_thereare VARCHAR(128), 
    queue_callswaiting VARCHAR(128), 
    queue_quantity1 VARCHAR(128), 
    queue_quantity2 VARCHAR(128), 
    queue_holdtime VARCHAR(128), 
    queue_minutes VARCHAR(128), 
    queue_minute VARCHAR(128), 
    queue_seconds VARCHAR(128), 
    queue_thankyou VARCHAR(128), 
    queue_callerannounce VARCHAR(128), 
    queue_reporthold VARCHAR(128), 
    announce_frequency INTEGER, 
    announce_to_first_user yesno_values, 
    min_announce_frequency INTEGER, 
    announce_round_seconds INTEGER, 
    announce_holdtime VARCHAR(128), 
    announce_position VARCHAR(128), 
    announce_position_limit INTEGER, 
    periodic_announce VARCHAR(50), 
    periodic_announce_frequency INTEGER, 
    relative_periodic_announce yesno_values, 
    random_periodic_announce yesno_values, 
    retry INTEGER, 
    wrapuptime INTEGER, 
    penaltymemberslimit INTEGER, 
    autofill yesno_values, 
    monitor_type VARCHAR(128), 
    autopause queue_autopause_values, 
    autopausedelay INTEGER, 
    autopausebusy yesno_values, 
    autopauseunavail yesno_values, 
    maxlen INTEGER, 
    servicelevel INTEGER, 
    strategy queue_strategy_values, 
    joinempty VARCHAR(128), 
    leavewhenempty VARCHAR(128), 
    reportholdtime yesno_values, 
    memberdelay INTEGER, 
    weight INTEGER, 
    timeoutrestart yesno_values, 
    defaultrule VARCHAR(128), 
    timeoutpriority VARCHAR(128), 
    log_restricted_caller_id ast_bool_values, 
    PRIMARY KEY (name)
);

CREATE TABLE sippeers (
    id SERIAL NOT NULL, 
    name VARCHAR(40) NOT NULL, 
    ipaddr VARCHAR(45), 
    port INTEGER, 
    regseconds INTEGER, 
    defaultuser VARCHAR(40), 
    fullcontact VARCHAR(80), 
    regserver VARCHAR(20), 
    useragent VARCHAR(255), 
    lastms INTEGER, 
    host VARCHAR(40), 
    type type_values, 
    context VARCHAR(40), 
    permit VARCHAR(95), 
    deny VARCHAR(95), 
    secret VARCHAR(40), 
    md5secret VARCHAR(40), 
    remotesecret VARCHAR(40), 
    transport sip_transport_values, 
    dtmfmode sip_dtmfmode_values, 
    directmedia sip_directmedia_values_v2, 
    nat VARCHAR(29), 
    callgroup VARCHAR(40), 
    pickupgroup VARCHAR(40), 
    language VARCHAR(40), 
    disallow VARCHAR(200), 
    allow VARCHAR(200), 
    insecure VARCHAR(40), 
    trustrpid yes_no_values, 
    progressinband sip_progressinband_values, 
    promiscredir yes_no_values, 
    useclientcode yes_no_values, 
    accountcode VARCHAR(80), 
    setvar VARCHAR(200), 
    callerid VARCHAR(40), 
    amaflags VARCHAR(40), 
    callcounter yes_no_values, 
    busylevel INTEGER, 
    allowoverlap yes_no_values, 
    allowsubscribe yes_no_values, 
    videosupport yes_no_values, 
    maxcallbitrate INTEGER, 
    rfc2833compensate yes_no_values, 
    mailbox VARCHAR(40), 
    "session-timers" sip_session_timers_values, 
    "session-expires" INTEGER, 
    "session-minse" INTEGER, 
    "session-refresher" sip_session_refresher_values, 
    t38pt_usertpsource VARCHAR(40), 
    regexten VARCHAR(40), 
    fromdomain VARCHAR(40), 
    fromuser VARCHAR(40), 
    qualify VARCHAR(40), 
    defaultip VARCHAR(45), 
    rtptimeout INTEGER, 
    rtpholdtimeout INTEGER, 
    sendrpid yes_no_values, 
    outboundproxy VARCHAR(40), 
    callbackextension VARCHAR(40), 
    timert1 INTEGER, 
    timerb INTEGER, 
    qualifyfreq INTEGER, 
    constantssrc yes_no_values, 
    contactpermit VARCHAR(95), 
    contactdeny VARCHAR(95), 
    usereqphone yes_no_values, 
    textsupport yes_no_values, 
    faxdetect yes_no_values, 
    buggymwi yes_no_values, 
    auth VARCHAR(40), 
    fullname VARCHAR(40), 
    trunkname VARCHAR(40), 
    cid_number VARCHAR(40), 
    callingpres sip_callingpres_values, 
    mohinterpret VARCHAR(40), 
    mohsuggest VARCHAR(40), 
    parkinglot VARCHAR(40), 
    hasvoicemail yes_no_values, 
    subscribemwi yes_no_values, 
    vmexten VARCHAR(40), 
    autoframing yes_no_values, 
    rtpkeepalive INTEGER, 
    "call-limit" INTEGER, 
    g726nonstandard yes_no_values, 
    ignoresdpversion yes_no_values, 
    allowtransfer yes_no_values, 
    dynamic yes_no_values, 
    path VARCHAR(256), 
    supportpath yes_no_values, 
    PRIMARY KEY (id), 
    UNIQUE (name)
);

CREATE INDEX sippeers_host_port ON sippeers (host, port);

CREATE INDEX sippeers_ipaddr_port ON sippeers (ipaddr, port);

CREATE INDEX sippeers_name ON sippeers (name);

CREATE INDEX sippeers_name_host ON sippeers (name, host);

CREATE TABLE stir_tn (
    id VARCHAR(80) NOT NULL, 
    private_key_file VARCHAR(1024), 
    public_cert_url VARCHAR(1024), 
    attest_level VARCHAR(1), 
    send_mky ast_bool_values, 
    PRIMARY KEY (id)
);

CREATE TABLE voicemail (
    uniqueid SERIAL NOT NULL, 
    context VARCHAR(80) NOT NULL, 
    mailbox VARCHAR(80) NOT NULL, 
    password VARCHAR(80) NOT NULL, 
    fullname VARCHAR(80), 
    alias VARCHAR(80), 
    email VARCHAR(80), 
    pager VARCHAR(80), 
    attach yes_no_values, 
    attachfmt VARCHAR(10), 
    serveremail VARCHAR(80), 
    language VARCHAR(20), 
    tz VARCHAR(30), 
    deletevoicemail yes_no_values, 
    saycid yes_no_values, 
    sendvoicemail yes_no_values, 
    review yes_no_values, 
    tempgreetwarn yes_no_values, 
    operator yes_no_values, 
    envelope yes_no_values, 
    sayduration INTEGER, 
    forcename yes_no_values, 
    forcegreetings yes_no_values, 
    callback VARCHAR(80), 
    dialout VARCHAR(80), 
    exitcontext VARCHAR(80), 
    maxmsg INTEGER, 
    volgain NUMERIC(5, 2), 
    imapuser VARCHAR(80), 
    imappassword VARCHAR(80), 
    imapserver VARCHAR(80), 
    imapport VARCHAR(8), 
    imapflags VARCHAR(80), 
    stamp TIMESTAMP WITHOUT TIME ZONE, 
    PRIMARY KEY (uniqueid)
);

CREATE INDEX voicemail_context ON voicemail (context);

CREATE INDEX voicemail_imapuser ON voicemail (imapuser);

CREATE INDEX voicemail_mailbox ON voicemail (mailbox);

CREATE INDEX voicemail_mailbox_context ON voicemail (mailbox, context);

CREATE TABLE musiconhold_entry (
    name VARCHAR(80) NOT NULL, 
    position INTEGER NOT NULL, 
    entry VARCHAR(1024) NOT NULL, 
    PRIMARY KEY (name, position), 
    CONSTRAINT fk_musiconhold_entry_name_musiconhold FOREIGN KEY(name) REFERENCES musiconhold (name)
);

INSERT INTO asterisk_ara_version (version_num) VALUES ('0001_ara_head') RETURNING asterisk_ara_version.version_num;

-- Running upgrade 0001_ara_head -> 0002_nodes

CREATE TABLE asterisk_ara_nodes (
    name VARCHAR(20) NOT NULL, 
    systemname VARCHAR(20) NOT NULL, 
    wss_url VARCHAR(255), 
    share VARCHAR(64) NOT NULL, 
    login VARCHAR(80), 
    login_password VARCHAR(128), 
    CONSTRAINT asterisk_ara_nodes_pkey PRIMARY KEY (name), 
    CONSTRAINT asterisk_ara_nodes_systemname_key UNIQUE (systemname)
);

CREATE TABLE asterisk_ara_client_nodes (
    id VARCHAR(255) NOT NULL, 
    node VARCHAR(20) NOT NULL, 
    CONSTRAINT asterisk_ara_client_nodes_pkey PRIMARY KEY (id), 
    CONSTRAINT asterisk_ara_client_nodes_node_fkey FOREIGN KEY(node) REFERENCES asterisk_ara_nodes (name)
);

CREATE INDEX asterisk_ara_client_nodes_node ON asterisk_ara_client_nodes (node, id);

UPDATE asterisk_ara_version SET version_num='0002_nodes' WHERE asterisk_ara_version.version_num = '0001_ara_head';

-- Running upgrade 0002_nodes -> 0003_ami

CREATE TABLE asterisk_ara_ami (
    name VARCHAR(40) NOT NULL, 
    host VARCHAR(255) NOT NULL, 
    port INTEGER NOT NULL, 
    username VARCHAR(80) NOT NULL, 
    secret VARCHAR(255) NOT NULL, 
    PRIMARY KEY (name)
);

UPDATE asterisk_ara_version SET version_num='0003_ami' WHERE asterisk_ara_version.version_num = '0002_nodes';

-- Running upgrade 0003_ami -> 0004_node_sip

ALTER TABLE asterisk_ara_nodes ADD COLUMN sip_host VARCHAR(255);

ALTER TABLE asterisk_ara_nodes ADD COLUMN sip_port INTEGER;

UPDATE asterisk_ara_version SET version_num='0004_node_sip' WHERE asterisk_ara_version.version_num = '0003_ami';

COMMIT;


CREATE TABLE asterisk_ara_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT asterisk_ara_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 0001_ara_head

CREATE TABLE extensions (
    id BIGINT NOT NULL AUTO_INCREMENT, 
    context VARCHAR(40) NOT NULL, 
    exten VARCHAR(40) NOT NULL, 
    priority INTEGER NOT NULL, 
    app VARCHAR(40) NOT NULL, 
    appdata VARCHAR(256) NOT NULL, 
    PRIMARY KEY (id), 
    UNIQUE (context, exten, priority), 
    CONSTRAINT id UNIQUE (id)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE iaxfriends (
    id INTEGER NOT NULL AUTO_INCREMENT, 
    name VARCHAR(40) NOT NULL, 
    type ENUM('friend','user','peer'), 
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
    sendani ENUM('yes','no'), 
    fullname VARCHAR(40), 
    trunk ENUM('yes','no'), 
    auth VARCHAR(20), 
    maxauthreq INTEGER, 
    requirecalltoken ENUM('yes','no','auto'), 
    encryption ENUM('yes','no','aes128'), 
    transfer ENUM('yes','no','mediaonly'), 
    jitterbuffer ENUM('yes','no'), 
    forcejitterbuffer ENUM('yes','no'), 
    disallow VARCHAR(200), 
    allow VARCHAR(200), 
    codecpriority VARCHAR(40), 
    `qualify` VARCHAR(10), 
    qualifysmoothing ENUM('yes','no'), 
    qualifyfreqok VARCHAR(10), 
    qualifyfreqnotok VARCHAR(10), 
    timezone VARCHAR(20), 
    adsi ENUM('yes','no'), 
    amaflags VARCHAR(20), 
    setvar VARCHAR(200), 
    PRIMARY KEY (id), 
    UNIQUE (name)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

CREATE INDEX iaxfriends_host_port ON iaxfriends (host, port);

CREATE INDEX iaxfriends_ipaddr_port ON iaxfriends (ipaddr, port);

CREATE INDEX iaxfriends_name ON iaxfriends (name);

CREATE INDEX iaxfriends_name_host ON iaxfriends (name, host);

CREATE INDEX iaxfriends_name_ipaddr_port ON iaxfriends (name, ipaddr, port);

CREATE TABLE meetme (
    bookid INTEGER NOT NULL AUTO_INCREMENT, 
    confno VARCHAR(80) NOT NULL, 
    starttime DATETIME, 
    endtime DATETIME, 
    pin VARCHAR(20), 
    adminpin VARCHAR(20), 
    opts VARCHAR(20), 
    adminopts VARCHAR(20), 
    recordingfilename VARCHAR(80), 
    recordingformat VARCHAR(10), 
    maxusers INTEGER, 
    members INTEGER NOT NULL, 
    PRIMARY KEY (bookid)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

CREATE INDEX meetme_confno_start_end ON meetme (confno, starttime, endtime);

CREATE TABLE musiconhold (
    name VARCHAR(80) NOT NULL, 
    mode ENUM('custom','files','mp3nb','quietmp3nb','quietmp3','playlist'), 
    directory VARCHAR(255), 
    application VARCHAR(255), 
    digit VARCHAR(1), 
    sort VARCHAR(10), 
    format VARCHAR(10), 
    stamp DATETIME, 
    loop_last ENUM('yes','no'), 
    PRIMARY KEY (name)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE ps_aors (
    id VARCHAR(255) NOT NULL, 
    contact VARCHAR(255), 
    default_expiration INTEGER, 
    mailboxes VARCHAR(80), 
    max_contacts INTEGER, 
    minimum_expiration INTEGER, 
    remove_existing ENUM('0','1','off','on','false','true','no','yes'), 
    qualify_frequency INTEGER, 
    authenticate_qualify ENUM('0','1','off','on','false','true','no','yes'), 
    maximum_expiration INTEGER, 
    outbound_proxy VARCHAR(255), 
    support_path ENUM('0','1','off','on','false','true','no','yes'), 
    qualify_timeout FLOAT, 
    voicemail_extension VARCHAR(40), 
    remove_unavailable ENUM('0','1','off','on','false','true','no','yes'), 
    qualify_2xx_only ENUM('0','1','off','on','false','true','no','yes'), 
    UNIQUE (id)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

CREATE INDEX ps_aors_id ON ps_aors (id);

CREATE INDEX ps_aors_qualifyfreq_contact ON ps_aors (qualify_frequency, contact);

CREATE TABLE ps_asterisk_publications (
    id VARCHAR(40) NOT NULL, 
    devicestate_publish VARCHAR(40), 
    mailboxstate_publish VARCHAR(40), 
    device_state ENUM('0','1','off','on','false','true','no','yes'), 
    device_state_filter VARCHAR(256), 
    mailbox_state ENUM('0','1','off','on','false','true','no','yes'), 
    mailbox_state_filter VARCHAR(256), 
    UNIQUE (id)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

CREATE INDEX ps_asterisk_publications_id ON ps_asterisk_publications (id);

CREATE TABLE ps_auths (
    id VARCHAR(255) NOT NULL, 
    auth_type ENUM('md5','userpass','google_oauth'), 
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
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

CREATE INDEX ps_auths_id ON ps_auths (id);

CREATE TABLE ps_contacts (
    id VARCHAR(255) NULL, 
    uri VARCHAR(511), 
    expiration_time BIGINT, 
    qualify_frequency INTEGER, 
    outbound_proxy VARCHAR(255), 
    path TEXT, 
    user_agent VARCHAR(255), 
    qualify_timeout FLOAT, 
    reg_server VARCHAR(255), 
    authenticate_qualify ENUM('0','1','off','on','false','true','no','yes'), 
    via_addr VARCHAR(40), 
    via_port INTEGER, 
    call_id VARCHAR(255), 
    endpoint VARCHAR(255), 
    prune_on_boot ENUM('0','1','off','on','false','true','no','yes'), 
    qualify_2xx_only ENUM('0','1','off','on','false','true','no','yes'), 
    UNIQUE (id), 
    CONSTRAINT ps_contacts_uq UNIQUE (id, reg_server)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

CREATE INDEX ps_contacts_id ON ps_contacts (id);

CREATE INDEX ps_contacts_qualifyfreq_exp ON ps_contacts (qualify_frequency, expiration_time);

CREATE TABLE ps_domain_aliases (
    id VARCHAR(255) NOT NULL, 
    domain VARCHAR(255), 
    UNIQUE (id)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

CREATE INDEX ps_domain_aliases_id ON ps_domain_aliases (id);

CREATE TABLE ps_endpoint_id_ips (
    id VARCHAR(255) NOT NULL, 
    endpoint VARCHAR(255), 
    `match` VARCHAR(80), 
    srv_lookups ENUM('0','1','off','on','false','true','no','yes'), 
    match_header VARCHAR(255), 
    match_request_uri VARCHAR(255), 
    UNIQUE (id)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

CREATE INDEX ps_endpoint_id_ips_id ON ps_endpoint_id_ips (id);

CREATE TABLE ps_endpoints (
    id VARCHAR(255) NOT NULL, 
    transport VARCHAR(40), 
    aors VARCHAR(2048), 
    auth VARCHAR(255), 
    context VARCHAR(40), 
    disallow VARCHAR(200), 
    allow VARCHAR(200), 
    direct_media ENUM('0','1','off','on','false','true','no','yes'), 
    connected_line_method ENUM('invite','reinvite','update'), 
    direct_media_method ENUM('invite','reinvite','update'), 
    direct_media_glare_mitigation ENUM('none','outgoing','incoming'), 
    disable_direct_media_on_nat ENUM('0','1','off','on','false','true','no','yes'), 
    dtmf_mode ENUM('rfc4733','inband','info','auto','auto_info'), 
    external_media_address VARCHAR(40), 
    force_rport ENUM('0','1','off','on','false','true','no','yes'), 
    ice_support ENUM('0','1','off','on','false','true','no','yes'), 
    identify_by VARCHAR(80), 
    mailboxes VARCHAR(40), 
    moh_suggest VARCHAR(40), 
    outbound_auth VARCHAR(255), 
    outbound_proxy VARCHAR(255), 
    rewrite_contact ENUM('0','1','off','on','false','true','no','yes'), 
    rtp_ipv6 ENUM('0','1','off','on','false','true','no','yes'), 
    rtp_symmetric ENUM('0','1','off','on','false','true','no','yes'), 
    send_diversion ENUM('0','1','off','on','false','true','no','yes'), 
    send_pai ENUM('0','1','off','on','false','true','no','yes'), 
    send_rpid ENUM('0','1','off','on','false','true','no','yes'), 
    timers_min_se INTEGER, 
    timers ENUM('forced','no','required','yes'), 
    timers_sess_expires INTEGER, 
    callerid VARCHAR(40), 
    callerid_privacy ENUM('allowed_not_screened','allowed_passed_screened','allowed_failed_screened','allowed','prohib_not_screened','prohib_passed_screened','prohib_failed_screened','prohib','unavailable'), 
    callerid_tag VARCHAR(40), 
    `100rel` ENUM('no','required','peer_supported','yes'), 
    aggregate_mwi ENUM('0','1','off','on','false','true','no','yes'), 
    trust_id_inbound ENUM('0','1','off','on','false','true','no','yes'), 
    trust_id_outbound ENUM('0','1','off','on','false','true','no','yes'), 
    use_ptime ENUM('0','1','off','on','false','true','no','yes'), 
    use_avpf ENUM('0','1','off','on','false','true','no','yes'), 
    media_encryption ENUM('no','sdes','dtls'), 
    inband_progress ENUM('0','1','off','on','false','true','no','yes'), 
    call_group VARCHAR(40), 
    pickup_group VARCHAR(40), 
    named_call_group VARCHAR(40), 
    named_pickup_group VARCHAR(40), 
    device_state_busy_at INTEGER, 
    fax_detect ENUM('0','1','off','on','false','true','no','yes'), 
    t38_udptl ENUM('0','1','off','on','false','true','no','yes'), 
    t38_udptl_ec ENUM('none','fec','redundancy'), 
    t38_udptl_maxdatagram INTEGER, 
    t38_udptl_nat ENUM('0','1','off','on','false','true','no','yes'), 
    t38_udptl_ipv6 ENUM('0','1','off','on','false','true','no','yes'), 
    tone_zone VARCHAR(40), 
    language VARCHAR(40), 
    one_touch_recording ENUM('0','1','off','on','false','true','no','yes'), 
    record_on_feature VARCHAR(40), 
    record_off_feature VARCHAR(40), 
    rtp_engine VARCHAR(40), 
    allow_transfer ENUM('0','1','off','on','false','true','no','yes'), 
    allow_subscribe ENUM('0','1','off','on','false','true','no','yes'), 
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
    dtls_setup ENUM('active','passive','actpass'), 
    srtp_tag_32 ENUM('0','1','off','on','false','true','no','yes'), 
    media_address VARCHAR(40), 
    redirect_method ENUM('user','uri_core','uri_pjsip'), 
    set_var TEXT, 
    cos_audio INTEGER, 
    cos_video INTEGER, 
    message_context VARCHAR(40), 
    force_avp ENUM('0','1','off','on','false','true','no','yes'), 
    media_use_received_transport ENUM('0','1','off','on','false','true','no','yes'), 
    accountcode VARCHAR(80), 
    user_eq_phone ENUM('0','1','off','on','false','true','no','yes'), 
    moh_passthrough ENUM('0','1','off','on','false','true','no','yes'), 
    media_encryption_optimistic ENUM('0','1','off','on','false','true','no','yes'), 
    rpid_immediate ENUM('0','1','off','on','false','true','no','yes'), 
    g726_non_standard ENUM('0','1','off','on','false','true','no','yes'), 
    rtp_keepalive INTEGER, 
    rtp_timeout INTEGER, 
    rtp_timeout_hold INTEGER, 
    bind_rtp_to_media_address ENUM('0','1','off','on','false','true','no','yes'), 
    voicemail_extension VARCHAR(40), 
    mwi_subscribe_replaces_unsolicited ENUM('0','1','off','on','false','true','no','yes'), 
    deny VARCHAR(95), 
    permit VARCHAR(95), 
    acl VARCHAR(40), 
    contact_deny VARCHAR(95), 
    contact_permit VARCHAR(95), 
    contact_acl VARCHAR(40), 
    subscribe_context VARCHAR(40), 
    fax_detect_timeout INTEGER, 
    contact_user VARCHAR(80), 
    preferred_codec_only ENUM('0','1','off','on','false','true','no','yes'), 
    asymmetric_rtp_codec ENUM('0','1','off','on','false','true','no','yes'), 
    rtcp_mux ENUM('0','1','off','on','false','true','no','yes'), 
    allow_overlap ENUM('0','1','off','on','false','true','no','yes'), 
    refer_blind_progress ENUM('0','1','off','on','false','true','no','yes'), 
    notify_early_inuse_ringing ENUM('0','1','off','on','false','true','no','yes'), 
    max_audio_streams INTEGER, 
    max_video_streams INTEGER, 
    webrtc ENUM('0','1','off','on','false','true','no','yes'), 
    dtls_fingerprint ENUM('SHA-1','SHA-256'), 
    incoming_mwi_mailbox VARCHAR(40), 
    bundle ENUM('0','1','off','on','false','true','no','yes'), 
    dtls_auto_generate_cert ENUM('0','1','off','on','false','true','no','yes'), 
    follow_early_media_fork ENUM('0','1','off','on','false','true','no','yes'), 
    accept_multiple_sdp_answers ENUM('0','1','off','on','false','true','no','yes'), 
    suppress_q850_reason_headers ENUM('0','1','off','on','false','true','no','yes'), 
    trust_connected_line ENUM('0','1','off','on','false','true','no','yes'), 
    send_connected_line ENUM('0','1','off','on','false','true','no','yes'), 
    ignore_183_without_sdp ENUM('0','1','off','on','false','true','no','yes'), 
    codec_prefs_incoming_offer VARCHAR(128), 
    codec_prefs_outgoing_offer VARCHAR(128), 
    codec_prefs_incoming_answer VARCHAR(128), 
    codec_prefs_outgoing_answer VARCHAR(128), 
    stir_shaken ENUM('0','1','off','on','false','true','no','yes'), 
    send_history_info ENUM('0','1','off','on','false','true','no','yes'), 
    allow_unauthenticated_options ENUM('0','1','off','on','false','true','no','yes'), 
    t38_bind_udptl_to_media_address ENUM('0','1','off','on','false','true','no','yes'), 
    geoloc_incoming_call_profile VARCHAR(80), 
    geoloc_outgoing_call_profile VARCHAR(80), 
    incoming_call_offer_pref ENUM('local','local_first','remote','remote_first'), 
    outgoing_call_offer_pref ENUM('local','local_merge','local_first','remote','remote_merge','remote_first'), 
    stir_shaken_profile VARCHAR(80), 
    security_negotiation ENUM('no','mediasec'), 
    security_mechanisms VARCHAR(512), 
    send_aoc ENUM('0','1','off','on','false','true','no','yes'), 
    overlap_context VARCHAR(80), 
    tenantid VARCHAR(80), 
    suppress_moh_on_sendonly ENUM('0','1','off','on','false','true','no','yes'), 
    follow_redirect_methods VARCHAR(95), 
    rtp_port_start INTEGER, 
    rtp_port_end INTEGER, 
    UNIQUE (id)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

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
    disable_multi_domain ENUM('0','1','off','on','false','true','no','yes'), 
    unidentified_request_count INTEGER, 
    unidentified_request_period INTEGER, 
    unidentified_request_prune_interval INTEGER, 
    default_realm VARCHAR(40), 
    mwi_tps_queue_high INTEGER, 
    mwi_tps_queue_low INTEGER, 
    mwi_disable_initial_unsolicited ENUM('0','1','off','on','false','true','no','yes'), 
    ignore_uri_user_options ENUM('0','1','off','on','false','true','no','yes'), 
    use_callerid_contact ENUM('0','1','off','on','false','true','no','yes'), 
    send_contact_status_on_update_registration ENUM('0','1','off','on','false','true','no','yes'), 
    taskprocessor_overload_trigger ENUM('none','global','pjsip_only'), 
    norefersub ENUM('0','1','off','on','false','true','no','yes'), 
    allow_sending_180_after_183 ENUM('0','1','off','on','false','true','no','yes'), 
    all_codecs_on_empty_reinvite ENUM('0','1','off','on','false','true','no','yes'), 
    default_auth_algorithms_uas VARCHAR(1024), 
    default_auth_algorithms_uac VARCHAR(1024), 
    UNIQUE (id)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

CREATE INDEX ps_globals_id ON ps_globals (id);

CREATE TABLE ps_inbound_publications (
    id VARCHAR(255) NOT NULL, 
    endpoint VARCHAR(255), 
    `event_asterisk-devicestate` VARCHAR(40), 
    `event_asterisk-mwi` VARCHAR(40), 
    UNIQUE (id)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

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
    multi_user ENUM('0','1','off','on','false','true','no','yes'), 
    `@body` VARCHAR(40), 
    `@context` VARCHAR(256), 
    `@exten` VARCHAR(256), 
    UNIQUE (id)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

CREATE INDEX ps_outbound_publishes_id ON ps_outbound_publishes (id);

CREATE TABLE ps_registrations (
    id VARCHAR(255) NOT NULL, 
    auth_rejection_permanent ENUM('0','1','off','on','false','true','no','yes'), 
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
    support_path ENUM('0','1','off','on','false','true','no','yes'), 
    fatal_retry_interval INTEGER, 
    line ENUM('0','1','off','on','false','true','no','yes'), 
    endpoint VARCHAR(255), 
    support_outbound ENUM('0','1','off','on','false','true','no','yes'), 
    contact_header_params VARCHAR(255), 
    max_random_initial_delay INTEGER, 
    security_negotiation ENUM('no','mediasec'), 
    security_mechanisms VARCHAR(512), 
    user_agent VARCHAR(255), 
    UNIQUE (id)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

CREATE INDEX ps_registrations_id ON ps_registrations (id);

CREATE TABLE ps_resource_list (
    id VARCHAR(40) NOT NULL, 
    list_item VARCHAR(2048), 
    event VARCHAR(40), 
    full_state ENUM('0','1','off','on','false','true','no','yes'), 
    notification_batch_interval INTEGER, 
    resource_display_name ENUM('0','1','off','on','false','true','no','yes'), 
    UNIQUE (id)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

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
    prune_on_boot ENUM('0','1','off','on','false','true','no','yes'), 
    generator_data TEXT, 
    UNIQUE (id)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

CREATE INDEX ps_subscription_persistence_id ON ps_subscription_persistence (id);

CREATE TABLE ps_systems (
    id VARCHAR(40) NOT NULL, 
    timer_t1 INTEGER, 
    timer_b INTEGER, 
    compact_headers ENUM('0','1','off','on','false','true','no','yes'), 
    threadpool_initial_size INTEGER, 
    threadpool_auto_increment INTEGER, 
    threadpool_idle_timeout INTEGER, 
    threadpool_max_size INTEGER, 
    disable_tcp_switch ENUM('0','1','off','on','false','true','no','yes'), 
    follow_early_media_fork ENUM('0','1','off','on','false','true','no','yes'), 
    accept_multiple_sdp_answers ENUM('0','1','off','on','false','true','no','yes'), 
    disable_rport ENUM('0','1','off','on','false','true','no','yes'), 
    taskpool_minimum_size INTEGER, 
    taskpool_initial_size INTEGER, 
    taskpool_auto_increment INTEGER, 
    taskpool_idle_timeout INTEGER, 
    taskpool_max_size INTEGER, 
    UNIQUE (id)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

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
    method ENUM('default','unspecified','tlsv1','tlsv1_1','tlsv1_2','tlsv1_3','sslv2','sslv23','sslv3'), 
    local_net VARCHAR(40), 
    password VARCHAR(40), 
    priv_key_file VARCHAR(200), 
    protocol ENUM('udp','tcp','tls','ws','wss','flow'), 
    require_client_cert ENUM('0','1','off','on','false','true','no','yes'), 
    verify_client ENUM('0','1','off','on','false','true','no','yes'), 
    verify_server ENUM('0','1','off','on','false','true','no','yes'), 
    tos VARCHAR(10), 
    cos INTEGER, 
    allow_reload ENUM('0','1','off','on','false','true','no','yes'), 
    symmetric_transport ENUM('0','1','off','on','false','true','no','yes'), 
    allow_wildcard_certs ENUM('0','1','off','on','false','true','no','yes'), 
    tcp_keepalive_enable BOOL, 
    tcp_keepalive_idle_time INTEGER, 
    tcp_keepalive_interval_time INTEGER, 
    tcp_keepalive_probe_count INTEGER, 
    external_signaling_hostname VARCHAR(40), 
    UNIQUE (id)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

CREATE INDEX ps_transports_id ON ps_transports (id);

CREATE TABLE queue_members (
    queue_name VARCHAR(80) NOT NULL, 
    interface VARCHAR(80) NOT NULL, 
    membername VARCHAR(80), 
    state_interface VARCHAR(80), 
    penalty INTEGER, 
    paused INTEGER, 
    uniqueid INTEGER NOT NULL AUTO_INCREMENT, 
    wrapuptime INTEGER, 
    ringinuse ENUM('0','1','off','on','false','true','no','yes'), 
    reason_paused VARCHAR(80), 
    PRIMARY KEY (queue_name, interface), 
    UNIQUE (uniqueid)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE queue_rules (
    rule_name VARCHAR(80) NOT NULL, 
    time VARCHAR(32) NOT NULL, 
    min_penalty VARCHAR(32) NOT NULL, 
    max_penalty VARCHAR(32) NOT NULL
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE queues (
    name VARCHAR(128) NOT NULL, 
    musiconhold VARCHAR(128), 
    announce VARCHAR(128), 
    context VARCHAR(128), 
    timeout INTEGER, 
    ringinuse ENUM('yes','no'), 
    setinterfacevar ENUM('yes','no'), 
    setqueuevar ENUM('yes','no'), 
    setqueueentryvar ENUM('yes','no'), 
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
    announce_to_first_user ENUM('yes','no'), 
    min_announce_frequency INTEGER, 
    announce_round_seconds INTEGER, 
    announce_holdtime VARCHAR(128), 
    announce_position VARCHAR(128), 
    announce_position_limit INTEGER, 
    periodic_announce VARCHAR(50), 
    periodic_announce_frequency INTEGER, 
    relative_periodic_announce ENUM('yes','no'), 
    random_periodic_announce ENUM('yes','no'), 
    retry INTEGER, 
    wrapuptime INTEGER, 
    penaltymemberslimit INTEGER, 
    autofill ENUM('yes','no'), 
    monitor_type VARCHAR(128), 
    autopause ENUM('yes','no','all'), 
    autopausedelay INTEGER, 
    autopausebusy ENUM('yes','no'), 
    autopauseunavail ENUM('yes','no'), 
    maxlen INTEGER, 
    servicelevel INTEGER, 
    strategy ENUM('ringall','leastrecent','fewestcalls','random','rrmemory','linear','wrandom','rrordered'), 
    joinempty VARCHAR(128), 
    leavewhenempty VARCHAR(128), 
    reportholdtime ENUM('yes','no'), 
    memberdelay INTEGER, 
    weight INTEGER, 
    timeoutrestart ENUM('yes','no'), 
    defaultrule VARCHAR(128), 
    timeoutpriority VARCHAR(128), 
    log_restricted_caller_id ENUM('0','1','off','on','false','true','no','yes'), 
    PRIMARY KEY (name)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE sippeers (
    id INTEGER NOT NULL AUTO_INCREMENT, 
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
    type ENUM('friend','user','peer'), 
    context VARCHAR(40), 
    permit VARCHAR(95), 
    deny VARCHAR(95), 
    secret VARCHAR(40), 
    md5secret VARCHAR(40), 
    remotesecret VARCHAR(40), 
    transport ENUM('udp','tcp','tls','ws','wss','udp,tcp','tcp,udp'), 
    dtmfmode ENUM('rfc2833','info','shortinfo','inband','auto'), 
    directmedia ENUM('yes','no','nonat','update','outgoing'), 
    nat VARCHAR(29), 
    callgroup VARCHAR(40), 
    pickupgroup VARCHAR(40), 
    language VARCHAR(40), 
    disallow VARCHAR(200), 
    allow VARCHAR(200), 
    insecure VARCHAR(40), 
    trustrpid ENUM('yes','no'), 
    progressinband ENUM('yes','no','never'), 
    promiscredir ENUM('yes','no'), 
    useclientcode ENUM('yes','no'), 
    accountcode VARCHAR(80), 
    setvar VARCHAR(200), 
    callerid VARCHAR(40), 
    amaflags VARCHAR(40), 
    callcounter ENUM('yes','no'), 
    busylevel INTEGER, 
    allowoverlap ENUM('yes','no'), 
    allowsubscribe ENUM('yes','no'), 
    videosupport ENUM('yes','no'), 
    maxcallbitrate INTEGER, 
    rfc2833compensate ENUM('yes','no'), 
    mailbox VARCHAR(40), 
    `session-timers` ENUM('accept','refuse','originate'), 
    `session-expires` INTEGER, 
    `session-minse` INTEGER, 
    `session-refresher` ENUM('uac','uas'), 
    t38pt_usertpsource VARCHAR(40), 
    regexten VARCHAR(40), 
    fromdomain VARCHAR(40), 
    fromuser VARCHAR(40), 
    `qualify` VARCHAR(40), 
    defaultip VARCHAR(45), 
    rtptimeout INTEGER, 
    rtpholdtimeout INTEGER, 
    sendrpid ENUM('yes','no'), 
    outboundproxy VARCHAR(40), 
    callbackextension VARCHAR(40), 
    timert1 INTEGER, 
    timerb INTEGER, 
    qualifyfreq INTEGER, 
    constantssrc ENUM('yes','no'), 
    contactpermit VARCHAR(95), 
    contactdeny VARCHAR(95), 
    usereqphone ENUM('yes','no'), 
    textsupport ENUM('yes','no'), 
    faxdetect ENUM('yes','no'), 
    buggymwi ENUM('yes','no'), 
    auth VARCHAR(40), 
    fullname VARCHAR(40), 
    trunkname VARCHAR(40), 
    cid_number VARCHAR(40), 
    callingpres ENUM('allowed_not_screened','allowed_passed_screen','allowed_failed_screen','allowed','prohib_not_screened','prohib_passed_screen','prohib_failed_screen','prohib'), 
    mohinterpret VARCHAR(40), 
    mohsuggest VARCHAR(40), 
    parkinglot VARCHAR(40), 
    hasvoicemail ENUM('yes','no'), 
    subscribemwi ENUM('yes','no'), 
    vmexten VARCHAR(40), 
    autoframing ENUM('yes','no'), 
    rtpkeepalive INTEGER, 
    `call-limit` INTEGER, 
    g726nonstandard ENUM('yes','no'), 
    ignoresdpversion ENUM('yes','no'), 
    allowtransfer ENUM('yes','no'), 
    dynamic ENUM('yes','no'), 
    path VARCHAR(256), 
    supportpath ENUM('yes','no'), 
    PRIMARY KEY (id), 
    UNIQUE (name)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

CREATE INDEX sippeers_host_port ON sippeers (host, port);

CREATE INDEX sippeers_ipaddr_port ON sippeers (ipaddr, port);

CREATE INDEX sippeers_name ON sippeers (name);

CREATE INDEX sippeers_name_host ON sippeers (name, host);

CREATE TABLE stir_tn (
    id VARCHAR(80) NOT NULL, 
    private_key_file VARCHAR(1024), 
    public_cert_url VARCHAR(1024), 
    attest_level VARCHAR(1), 
    send_mky ENUM('0','1','off','on','false','true','no','yes'), 
    PRIMARY KEY (id)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE voicemail (
    uniqueid INTEGER NOT NULL AUTO_INCREMENT, 
    context VARCHAR(80) NOT NULL, 
    mailbox VARCHAR(80) NOT NULL, 
    password VARCHAR(80) NOT NULL, 
    fullname VARCHAR(80), 
    alias VARCHAR(80), 
    email VARCHAR(80), 
    pager VARCHAR(80), 
    attach ENUM('yes','no'), 
    attachfmt VARCHAR(10), 
    serveremail VARCHAR(80), 
    language VARCHAR(20), 
    tz VARCHAR(30), 
    deletevoicemail ENUM('yes','no'), 
    saycid ENUM('yes','no'), 
    sendvoicemail ENUM('yes','no'), 
    review ENUM('yes','no'), 
    tempgreetwarn ENUM('yes','no'), 
    operator ENUM('yes','no'), 
    envelope ENUM('yes','no'), 
    sayduration INTEGER, 
    forcename ENUM('yes','no'), 
    forcegreetings ENUM('yes','no'), 
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
    stamp DATETIME, 
    PRIMARY KEY (uniqueid)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

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
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

INSERT INTO asterisk_ara_version (version_num) VALUES ('0001_ara_head');

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
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE asterisk_ara_client_nodes (
    id VARCHAR(255) NOT NULL, 
    node VARCHAR(20) NOT NULL, 
    CONSTRAINT asterisk_ara_client_nodes_pkey PRIMARY KEY (id), 
    CONSTRAINT asterisk_ara_client_nodes_node_fkey FOREIGN KEY(node) REFERENCES asterisk_ara_nodes (name)
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

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
)ENGINE=InnoDB CHARSET=utf8mb4 COLLATE utf8mb4_general_ci;

UPDATE asterisk_ara_version SET version_num='0003_ami' WHERE asterisk_ara_version.version_num = '0002_nodes';

-- Running upgrade 0003_ami -> 0004_node_sip

ALTER TABLE asterisk_ara_nodes ADD COLUMN sip_host VARCHAR(255);

ALTER TABLE asterisk_ara_nodes ADD COLUMN sip_port INTEGER;

UPDATE asterisk_ara_version SET version_num='0004_node_sip' WHERE asterisk_ara_version.version_num = '0003_ami';


CREATE TABLE asterisk_ara_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT asterisk_ara_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 0001_ara_head

CREATE TABLE extensions (
    id INTEGER NOT NULL, 
    context VARCHAR(40) NOT NULL, 
    exten VARCHAR(40) NOT NULL, 
    priority INTEGER NOT NULL, 
    app VARCHAR(40) NOT NULL, 
    appdata VARCHAR(256) NOT NULL, 
    PRIMARY KEY (id), 
    UNIQUE (context, exten, priority)
);

CREATE TABLE iaxfriends (
    id INTEGER NOT NULL, 
    name VARCHAR(40) NOT NULL, 
    type VARCHAR(6), 
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
    sendani VARCHAR(3), 
    fullname VARCHAR(40), 
    trunk VARCHAR(3), 
    auth VARCHAR(20), 
    maxauthreq INTEGER, 
    requirecalltoken VARCHAR(4), 
    encryption VARCHAR(6), 
    transfer VARCHAR(9), 
    jitterbuffer VARCHAR(3), 
    forcejitterbuffer VARCHAR(3), 
    disallow VARCHAR(200), 
    allow VARCHAR(200), 
    codecpriority VARCHAR(40), 
    qualify VARCHAR(10), 
    qualifysmoothing VARCHAR(3), 
    qualifyfreqok VARCHAR(10), 
    qualifyfreqnotok VARCHAR(10), 
    timezone VARCHAR(20), 
    adsi VARCHAR(3), 
    amaflags VARCHAR(20), 
    setvar VARCHAR(200), 
    PRIMARY KEY (id), 
    UNIQUE (name), 
    CONSTRAINT type_values CHECK (type = 'friend' OR type = 'user' OR type = 'peer'), 
    CONSTRAINT yes_no_values CHECK (sendani = 'yes' OR sendani = 'no'), 
    CONSTRAINT yes_no_values CHECK (trunk = 'yes' OR trunk = 'no'), 
    CONSTRAINT iax_requirecalltoken_values CHECK (requirecalltoken = 'yes' OR requirecalltoken = 'no' OR requirecalltoken = 'auto'), 
    CONSTRAINT iax_encryption_values CHECK (encryption = 'yes' OR encryption = 'no' OR encryption = 'aes128'), 
    CONSTRAINT iax_transfer_values CHECK (transfer = 'yes' OR transfer = 'no' OR transfer = 'mediaonly'), 
    CONSTRAINT yes_no_values CHECK (jitterbuffer = 'yes' OR jitterbuffer = 'no'), 
    CONSTRAINT yes_no_values CHECK (forcejitterbuffer = 'yes' OR forcejitterbuffer = 'no'), 
    CONSTRAINT yes_no_values CHECK (qualifysmoothing = 'yes' OR qualifysmoothing = 'no'), 
    CONSTRAINT yes_no_values CHECK (adsi = 'yes' OR adsi = 'no')
);

CREATE INDEX iaxfriends_host_port ON iaxfriends (host, port);

CREATE INDEX iaxfriends_ipaddr_port ON iaxfriends (ipaddr, port);

CREATE INDEX iaxfriends_name ON iaxfriends (name);

CREATE INDEX iaxfriends_name_host ON iaxfriends (name, host);

CREATE INDEX iaxfriends_name_ipaddr_port ON iaxfriends (name, ipaddr, port);

CREATE TABLE meetme (
    bookid INTEGER NOT NULL, 
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
);

CREATE INDEX meetme_confno_start_end ON meetme (confno, starttime, endtime);

CREATE TABLE musiconhold (
    name VARCHAR(80) NOT NULL, 
    mode VARCHAR(10), 
    directory VARCHAR(255), 
    application VARCHAR(255), 
    digit VARCHAR(1), 
    sort VARCHAR(10), 
    format VARCHAR(10), 
    stamp DATETIME, 
    loop_last VARCHAR(3), 
    PRIMARY KEY (name), 
    CONSTRAINT moh_mode_values CHECK (mode = 'custom' OR mode = 'files' OR mode = 'mp3nb' OR mode = 'quietmp3nb' OR mode = 'quietmp3' OR mode = 'playlist'), 
    CONSTRAINT yesno_values CHECK (loop_last = 'yes' OR loop_last = 'no')
);

CREATE TABLE ps_aors (
    id VARCHAR(255) NOT NULL, 
    contact VARCHAR(255), 
    default_expiration INTEGER, 
    mailboxes VARCHAR(80), 
    max_contacts INTEGER, 
    minimum_expiration INTEGER, 
    remove_existing VARCHAR(5), 
    qualify_frequency INTEGER, 
    authenticate_qualify VARCHAR(5), 
    maximum_expiration INTEGER, 
    outbound_proxy VARCHAR(255), 
    support_path VARCHAR(5), 
    qualify_timeout FLOAT, 
    voicemail_extension VARCHAR(40), 
    remove_unavailable VARCHAR(5), 
    qualify_2xx_only VARCHAR(5), 
    UNIQUE (id), 
    CONSTRAINT ast_bool_values CHECK (remove_existing = '0' OR remove_existing = '1' OR remove_existing = 'off' OR remove_existing = 'on' OR remove_existing = 'false' OR remove_existing = 'true' OR remove_existing = 'no' OR remove_existing = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (authenticate_qualify = '0' OR authenticate_qualify = '1' OR authenticate_qualify = 'off' OR authenticate_qualify = 'on' OR authenticate_qualify = 'false' OR authenticate_qualify = 'true' OR authenticate_qualify = 'no' OR authenticate_qualify = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (support_path = '0' OR support_path = '1' OR support_path = 'off' OR support_path = 'on' OR support_path = 'false' OR support_path = 'true' OR support_path = 'no' OR support_path = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (remove_unavailable = '0' OR remove_unavailable = '1' OR remove_unavailable = 'off' OR remove_unavailable = 'on' OR remove_unavailable = 'false' OR remove_unavailable = 'true' OR remove_unavailable = 'no' OR remove_unavailable = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (qualify_2xx_only = '0' OR qualify_2xx_only = '1' OR qualify_2xx_only = 'off' OR qualify_2xx_only = 'on' OR qualify_2xx_only = 'false' OR qualify_2xx_only = 'true' OR qualify_2xx_only = 'no' OR qualify_2xx_only = 'yes')
);

CREATE INDEX ps_aors_id ON ps_aors (id);

CREATE INDEX ps_aors_qualifyfreq_contact ON ps_aors (qualify_frequency, contact);

CREATE TABLE ps_asterisk_publications (
    id VARCHAR(40) NOT NULL, 
    devicestate_publish VARCHAR(40), 
    mailboxstate_publish VARCHAR(40), 
    device_state VARCHAR(5), 
    device_state_filter VARCHAR(256), 
    mailbox_state VARCHAR(5), 
    mailbox_state_filter VARCHAR(256), 
    UNIQUE (id), 
    CONSTRAINT ast_bool_values CHECK (device_state = '0' OR device_state = '1' OR device_state = 'off' OR device_state = 'on' OR device_state = 'false' OR device_state = 'true' OR device_state = 'no' OR device_state = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (mailbox_state = '0' OR mailbox_state = '1' OR mailbox_state = 'off' OR mailbox_state = 'on' OR mailbox_state = 'false' OR mailbox_state = 'true' OR mailbox_state = 'no' OR mailbox_state = 'yes')
);

CREATE INDEX ps_asterisk_publications_id ON ps_asterisk_publications (id);

CREATE TABLE ps_auths (
    id VARCHAR(255) NOT NULL, 
    auth_type VARCHAR(12), 
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
    UNIQUE (id), 
    CONSTRAINT pjsip_auth_type_values_v2 CHECK (auth_type = 'md5' OR auth_type = 'userpass' OR auth_type = 'google_oauth')
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
    authenticate_qualify VARCHAR(5), 
    via_addr VARCHAR(40), 
    via_port INTEGER, 
    call_id VARCHAR(255), 
    endpoint VARCHAR(255), 
    prune_on_boot VARCHAR(5), 
    qualify_2xx_only VARCHAR(5), 
    UNIQUE (id), 
    CONSTRAINT ps_contacts_uq UNIQUE (id, reg_server), 
    CONSTRAINT ast_bool_values CHECK (authenticate_qualify = '0' OR authenticate_qualify = '1' OR authenticate_qualify = 'off' OR authenticate_qualify = 'on' OR authenticate_qualify = 'false' OR authenticate_qualify = 'true' OR authenticate_qualify = 'no' OR authenticate_qualify = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (prune_on_boot = '0' OR prune_on_boot = '1' OR prune_on_boot = 'off' OR prune_on_boot = 'on' OR prune_on_boot = 'false' OR prune_on_boot = 'true' OR prune_on_boot = 'no' OR prune_on_boot = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (qualify_2xx_only = '0' OR qualify_2xx_only = '1' OR qualify_2xx_only = 'off' OR qualify_2xx_only = 'on' OR qualify_2xx_only = 'false' OR qualify_2xx_only = 'true' OR qualify_2xx_only = 'no' OR qualify_2xx_only = 'yes')
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
    "match" VARCHAR(80), 
    srv_lookups VARCHAR(5), 
    match_header VARCHAR(255), 
    match_request_uri VARCHAR(255), 
    UNIQUE (id), 
    CONSTRAINT ast_bool_values CHECK (srv_lookups = '0' OR srv_lookups = '1' OR srv_lookups = 'off' OR srv_lookups = 'on' OR srv_lookups = 'false' OR srv_lookups = 'true' OR srv_lookups = 'no' OR srv_lookups = 'yes')
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
    direct_media VARCHAR(5), 
    connected_line_method VARCHAR(8), 
    direct_media_method VARCHAR(8), 
    direct_media_glare_mitigation VARCHAR(8), 
    disable_direct_media_on_nat VARCHAR(5), 
    dtmf_mode VARCHAR(9), 
    external_media_address VARCHAR(40), 
    force_rport VARCHAR(5), 
    ice_support VARCHAR(5), 
    identify_by VARCHAR(80), 
    mailboxes VARCHAR(40), 
    moh_suggest VARCHAR(40), 
    outbound_auth VARCHAR(255), 
    outbound_proxy VARCHAR(255), 
    rewrite_contact VARCHAR(5), 
    rtp_ipv6 VARCHAR(5), 
    rtp_symmetric VARCHAR(5), 
    send_diversion VARCHAR(5), 
    send_pai VARCHAR(5), 
    send_rpid VARCHAR(5), 
    timers_min_se INTEGER, 
    timers VARCHAR(8), 
    timers_sess_expires INTEGER, 
    callerid VARCHAR(40), 
    callerid_privacy VARCHAR(23), 
    callerid_tag VARCHAR(40), 
    "100rel" VARCHAR(14), 
    aggregate_mwi VARCHAR(5), 
    trust_id_inbound VARCHAR(5), 
    trust_id_outbound VARCHAR(5), 
    use_ptime VARCHAR(5), 
    use_avpf VARCHAR(5), 
    media_encryption VARCHAR(4), 
    inband_progress VARCHAR(5), 
    call_group VARCHAR(40), 
    pickup_group VARCHAR(40), 
    named_call_group VARCHAR(40), 
    named_pickup_group VARCHAR(40), 
    device_state_busy_at INTEGER, 
    fax_detect VARCHAR(5), 
    t38_udptl VARCHAR(5), 
    t38_udptl_ec VARCHAR(10), 
    t38_udptl_maxdatagram INTEGER, 
    t38_udptl_nat VARCHAR(5), 
    t38_udptl_ipv6 VARCHAR(5), 
    tone_zone VARCHAR(40), 
    language VARCHAR(40), 
    one_touch_recording VARCHAR(5), 
    record_on_feature VARCHAR(40), 
    record_off_feature VARCHAR(40), 
    rtp_engine VARCHAR(40), 
    allow_transfer VARCHAR(5), 
    allow_subscribe VARCHAR(5), 
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
    dtls_setup VARCHAR(7), 
    srtp_tag_32 VARCHAR(5), 
    media_address VARCHAR(40), 
    redirect_method VARCHAR(9), 
    set_var TEXT, 
    cos_audio INTEGER, 
    cos_video INTEGER, 
    message_context VARCHAR(40), 
    force_avp VARCHAR(5), 
    media_use_received_transport VARCHAR(5), 
    accountcode VARCHAR(80), 
    user_eq_phone VARCHAR(5), 
    moh_passthrough VARCHAR(5), 
    media_encryption_optimistic VARCHAR(5), 
    rpid_immediate VARCHAR(5), 
    g726_non_standard VARCHAR(5), 
    rtp_keepalive INTEGER, 
    rtp_timeout INTEGER, 
    rtp_timeout_hold INTEGER, 
    bind_rtp_to_media_address VARCHAR(5), 
    voicemail_extension VARCHAR(40), 
    mwi_subscribe_replaces_unsolicited VARCHAR(5), 
    deny VARCHAR(95), 
    permit VARCHAR(95), 
    acl VARCHAR(40), 
    contact_deny VARCHAR(95), 
    contact_permit VARCHAR(95), 
    contact_acl VARCHAR(40), 
    subscribe_context VARCHAR(40), 
    fax_detect_timeout INTEGER, 
    contact_user VARCHAR(80), 
    preferred_codec_only VARCHAR(5), 
    asymmetric_rtp_codec VARCHAR(5), 
    rtcp_mux VARCHAR(5), 
    allow_overlap VARCHAR(5), 
    refer_blind_progress VARCHAR(5), 
    notify_early_inuse_ringing VARCHAR(5), 
    max_audio_streams INTEGER, 
    max_video_streams INTEGER, 
    webrtc VARCHAR(5), 
    dtls_fingerprint VARCHAR(7), 
    incoming_mwi_mailbox VARCHAR(40), 
    bundle VARCHAR(5), 
    dtls_auto_generate_cert VARCHAR(5), 
    follow_early_media_fork VARCHAR(5), 
    accept_multiple_sdp_answers VARCHAR(5), 
    suppress_q850_reason_headers VARCHAR(5), 
    trust_connected_line VARCHAR(5), 
    send_connected_line VARCHAR(5), 
    ignore_183_without_sdp VARCHAR(5), 
    codec_prefs_incoming_offer VARCHAR(128), 
    codec_prefs_outgoing_offer VARCHAR(128), 
    codec_prefs_incoming_answer VARCHAR(128), 
    codec_prefs_outgoing_answer VARCHAR(128), 
    stir_shaken VARCHAR(5), 
    send_history_info VARCHAR(5), 
    allow_unauthenticated_options VARCHAR(5), 
    t38_bind_udptl_to_media_address VARCHAR(5), 
    geoloc_incoming_call_profile VARCHAR(80), 
    geoloc_outgoing_call_profile VARCHAR(80), 
    incoming_call_offer_pref VARCHAR(12), 
    outgoing_call_offer_pref VARCHAR(12), 
    stir_shaken_profile VARCHAR(80), 
    security_negotiation VARCHAR(8), 
    security_mechanisms VARCHAR(512), 
    send_aoc VARCHAR(5), 
    overlap_context VARCHAR(80), 
    tenantid VARCHAR(80), 
    suppress_moh_on_sendonly VARCHAR(5), 
    follow_redirect_methods VARCHAR(95), 
    rtp_port_start INTEGER, 
    rtp_port_end INTEGER, 
    UNIQUE (id), 
    CONSTRAINT ast_bool_values CHECK (direct_media = '0' OR direct_media = '1' OR direct_media = 'off' OR direct_media = 'on' OR direct_media = 'false' OR direct_media = 'true' OR direct_media = 'no' OR direct_media = 'yes'), 
    CONSTRAINT pjsip_connected_line_method_values CHECK (connected_line_method = 'invite' OR connected_line_method = 'reinvite' OR connected_line_method = 'update'), 
    CONSTRAINT pjsip_connected_line_method_values CHECK (direct_media_method = 'invite' OR direct_media_method = 'reinvite' OR direct_media_method = 'update'), 
    CONSTRAINT pjsip_direct_media_glare_mitigation_values CHECK (direct_media_glare_mitigation = 'none' OR direct_media_glare_mitigation = 'outgoing' OR direct_media_glare_mitigation = 'incoming'), 
    CONSTRAINT ast_bool_values CHECK (disable_direct_media_on_nat = '0' OR disable_direct_media_on_nat = '1' OR disable_direct_media_on_nat = 'off' OR disable_direct_media_on_nat = 'on' OR disable_direct_media_on_nat = 'false' OR disable_direct_media_on_nat = 'true' OR disable_direct_media_on_nat = 'no' OR disable_direct_media_on_nat = 'yes'), 
    CONSTRAINT pjsip_dtmf_mode_values_v3 CHECK (dtmf_mode = 'rfc4733' OR dtmf_mode = 'inband' OR dtmf_mode = 'info' OR dtmf_mode = 'auto' OR dtmf_mode = 'auto_info'), 
    CONSTRAINT ast_bool_values CHECK (force_rport = '0' OR force_rport = '1' OR force_rport = 'off' OR force_rport = 'on' OR force_rport = 'false' OR force_rport = 'true' OR force_rport = 'no' OR force_rport = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (ice_support = '0' OR ice_support = '1' OR ice_support = 'off' OR ice_support = 'on' OR ice_support = 'false' OR ice_support = 'true' OR ice_support = 'no' OR ice_support = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (rewrite_contact = '0' OR rewrite_contact = '1' OR rewrite_contact = 'off' OR rewrite_contact = 'on' OR rewrite_contact = 'false' OR rewrite_contact = 'true' OR rewrite_contact = 'no' OR rewrite_contact = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (rtp_ipv6 = '0' OR rtp_ipv6 = '1' OR rtp_ipv6 = 'off' OR rtp_ipv6 = 'on' OR rtp_ipv6 = 'false' OR rtp_ipv6 = 'true' OR rtp_ipv6 = 'no' OR rtp_ipv6 = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (rtp_symmetric = '0' OR rtp_symmetric = '1' OR rtp_symmetric = 'off' OR rtp_symmetric = 'on' OR rtp_symmetric = 'false' OR rtp_symmetric = 'true' OR rtp_symmetric = 'no' OR rtp_symmetric = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (send_diversion = '0' OR send_diversion = '1' OR send_diversion = 'off' OR send_diversion = 'on' OR send_diversion = 'false' OR send_diversion = 'true' OR send_diversion = 'no' OR send_diversion = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (send_pai = '0' OR send_pai = '1' OR send_pai = 'off' OR send_pai = 'on' OR send_pai = 'false' OR send_pai = 'true' OR send_pai = 'no' OR send_pai = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (send_rpid = '0' OR send_rpid = '1' OR send_rpid = 'off' OR send_rpid = 'on' OR send_rpid = 'false' OR send_rpid = 'true' OR send_rpid = 'no' OR send_rpid = 'yes'), 
    CONSTRAINT pjsip_timer_values CHECK (timers = 'forced' OR timers = 'no' OR timers = 'required' OR timers = 'yes'), 
    CONSTRAINT pjsip_cid_privacy_values CHECK (callerid_privacy = 'allowed_not_screened' OR callerid_privacy = 'allowed_passed_screened' OR callerid_privacy = 'allowed_failed_screened' OR callerid_privacy = 'allowed' OR callerid_privacy = 'prohib_not_screened' OR callerid_privacy = 'prohib_passed_screened' OR callerid_privacy = 'prohib_failed_screened' OR callerid_privacy = 'prohib' OR callerid_privacy = 'unavailable'), 
    CONSTRAINT pjsip_100rel_values_v2 CHECK ("100rel" = 'no' OR "100rel" = 'required' OR "100rel" = 'peer_supported' OR "100rel" = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (aggregate_mwi = '0' OR aggregate_mwi = '1' OR aggregate_mwi = 'off' OR aggregate_mwi = 'on' OR aggregate_mwi = 'false' OR aggregate_mwi = 'true' OR aggregate_mwi = 'no' OR aggregate_mwi = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (trust_id_inbound = '0' OR trust_id_inbound = '1' OR trust_id_inbound = 'off' OR trust_id_inbound = 'on' OR trust_id_inbound = 'false' OR trust_id_inbound = 'true' OR trust_id_inbound = 'no' OR trust_id_inbound = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (trust_id_outbound = '0' OR trust_id_outbound = '1' OR trust_id_outbound = 'off' OR trust_id_outbound = 'on' OR trust_id_outbound = 'false' OR trust_id_outbound = 'true' OR trust_id_outbound = 'no' OR trust_id_outbound = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (use_ptime = '0' OR use_ptime = '1' OR use_ptime = 'off' OR use_ptime = 'on' OR use_ptime = 'false' OR use_ptime = 'true' OR use_ptime = 'no' OR use_ptime = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (use_avpf = '0' OR use_avpf = '1' OR use_avpf = 'off' OR use_avpf = 'on' OR use_avpf = 'false' OR use_avpf = 'true' OR use_avpf = 'no' OR use_avpf = 'yes'), 
    CONSTRAINT pjsip_media_encryption_values CHECK (media_encryption = 'no' OR media_encryption = 'sdes' OR media_encryption = 'dtls'), 
    CONSTRAINT ast_bool_values CHECK (inband_progress = '0' OR inband_progress = '1' OR inband_progress = 'off' OR inband_progress = 'on' OR inband_progress = 'false' OR inband_progress = 'true' OR inband_progress = 'no' OR inband_progress = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (fax_detect = '0' OR fax_detect = '1' OR fax_detect = 'off' OR fax_detect = 'on' OR fax_detect = 'false' OR fax_detect = 'true' OR fax_detect = 'no' OR fax_detect = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (t38_udptl = '0' OR t38_udptl = '1' OR t38_udptl = 'off' OR t38_udptl = 'on' OR t38_udptl = 'false' OR t38_udptl = 'true' OR t38_udptl = 'no' OR t38_udptl = 'yes'), 
    CONSTRAINT pjsip_t38udptl_ec_values CHECK (t38_udptl_ec = 'none' OR t38_udptl_ec = 'fec' OR t38_udptl_ec = 'redundancy'), 
    CONSTRAINT ast_bool_values CHECK (t38_udptl_nat = '0' OR t38_udptl_nat = '1' OR t38_udptl_nat = 'off' OR t38_udptl_nat = 'on' OR t38_udptl_nat = 'false' OR t38_udptl_nat = 'true' OR t38_udptl_nat = 'no' OR t38_udptl_nat = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (t38_udptl_ipv6 = '0' OR t38_udptl_ipv6 = '1' OR t38_udptl_ipv6 = 'off' OR t38_udptl_ipv6 = 'on' OR t38_udptl_ipv6 = 'false' OR t38_udptl_ipv6 = 'true' OR t38_udptl_ipv6 = 'no' OR t38_udptl_ipv6 = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (one_touch_recording = '0' OR one_touch_recording = '1' OR one_touch_recording = 'off' OR one_touch_recording = 'on' OR one_touch_recording = 'false' OR one_touch_recording = 'true' OR one_touch_recording = 'no' OR one_touch_recording = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (allow_transfer = '0' OR allow_transfer = '1' OR allow_transfer = 'off' OR allow_transfer = 'on' OR allow_transfer = 'false' OR allow_transfer = 'true' OR allow_transfer = 'no' OR allow_transfer = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (allow_subscribe = '0' OR allow_subscribe = '1' OR allow_subscribe = 'off' OR allow_subscribe = 'on' OR allow_subscribe = 'false' OR allow_subscribe = 'true' OR allow_subscribe = 'no' OR allow_subscribe = 'yes'), 
    CONSTRAINT pjsip_dtls_setup_values CHECK (dtls_setup = 'active' OR dtls_setup = 'passive' OR dtls_setup = 'actpass'), 
    CONSTRAINT ast_bool_values CHECK (srtp_tag_32 = '0' OR srtp_tag_32 = '1' OR srtp_tag_32 = 'off' OR srtp_tag_32 = 'on' OR srtp_tag_32 = 'false' OR srtp_tag_32 = 'true' OR srtp_tag_32 = 'no' OR srtp_tag_32 = 'yes'), 
    CONSTRAINT pjsip_redirect_method_values CHECK (redirect_method = 'user' OR redirect_method = 'uri_core' OR redirect_method = 'uri_pjsip'), 
    CONSTRAINT ast_bool_values CHECK (force_avp = '0' OR force_avp = '1' OR force_avp = 'off' OR force_avp = 'on' OR force_avp = 'false' OR force_avp = 'true' OR force_avp = 'no' OR force_avp = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (media_use_received_transport = '0' OR media_use_received_transport = '1' OR media_use_received_transport = 'off' OR media_use_received_transport = 'on' OR media_use_received_transport = 'false' OR media_use_received_transport = 'true' OR media_use_received_transport = 'no' OR media_use_received_transport = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (user_eq_phone = '0' OR user_eq_phone = '1' OR user_eq_phone = 'off' OR user_eq_phone = 'on' OR user_eq_phone = 'false' OR user_eq_phone = 'true' OR user_eq_phone = 'no' OR user_eq_phone = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (moh_passthrough = '0' OR moh_passthrough = '1' OR moh_passthrough = 'off' OR moh_passthrough = 'on' OR moh_passthrough = 'false' OR moh_passthrough = 'true' OR moh_passthrough = 'no' OR moh_passthrough = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (media_encryption_optimistic = '0' OR media_encryption_optimistic = '1' OR media_encryption_optimistic = 'off' OR media_encryption_optimistic = 'on' OR media_encryption_optimistic = 'false' OR media_encryption_optimistic = 'true' OR media_encryption_optimistic = 'no' OR media_encryption_optimistic = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (rpid_immediate = '0' OR rpid_immediate = '1' OR rpid_immediate = 'off' OR rpid_immediate = 'on' OR rpid_immediate = 'false' OR rpid_immediate = 'true' OR rpid_immediate = 'no' OR rpid_immediate = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (g726_non_standard = '0' OR g726_non_standard = '1' OR g726_non_standard = 'off' OR g726_non_standard = 'on' OR g726_non_standard = 'false' OR g726_non_standard = 'true' OR g726_non_standard = 'no' OR g726_non_standard = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (bind_rtp_to_media_address = '0' OR bind_rtp_to_media_address = '1' OR bind_rtp_to_media_address = 'off' OR bind_rtp_to_media_address = 'on' OR bind_rtp_to_media_address = 'false' OR bind_rtp_to_media_address = 'true' OR bind_rtp_to_media_address = 'no' OR bind_rtp_to_media_address = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (mwi_subscribe_replaces_unsolicited = '0' OR mwi_subscribe_replaces_unsolicited = '1' OR mwi_subscribe_replaces_unsolicited = 'off' OR mwi_subscribe_replaces_unsolicited = 'on' OR mwi_subscribe_replaces_unsolicited = 'false' OR mwi_subscribe_replaces_unsolicited = 'true' OR mwi_subscribe_replaces_unsolicited = 'no' OR mwi_subscribe_replaces_unsolicited = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (preferred_codec_only = '0' OR preferred_codec_only = '1' OR preferred_codec_only = 'off' OR preferred_codec_only = 'on' OR preferred_codec_only = 'false' OR preferred_codec_only = 'true' OR preferred_codec_only = 'no' OR preferred_codec_only = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (asymmetric_rtp_codec = '0' OR asymmetric_rtp_codec = '1' OR asymmetric_rtp_codec = 'off' OR asymmetric_rtp_codec = 'on' OR asymmetric_rtp_codec = 'false' OR asymmetric_rtp_codec = 'true' OR asymmetric_rtp_codec = 'no' OR asymmetric_rtp_codec = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (rtcp_mux = '0' OR rtcp_mux = '1' OR rtcp_mux = 'off' OR rtcp_mux = 'on' OR rtcp_mux = 'false' OR rtcp_mux = 'true' OR rtcp_mux = 'no' OR rtcp_mux = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (allow_overlap = '0' OR allow_overlap = '1' OR allow_overlap = 'off' OR allow_overlap = 'on' OR allow_overlap = 'false' OR allow_overlap = 'true' OR allow_overlap = 'no' OR allow_overlap = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (refer_blind_progress = '0' OR refer_blind_progress = '1' OR refer_blind_progress = 'off' OR refer_blind_progress = 'on' OR refer_blind_progress = 'false' OR refer_blind_progress = 'true' OR refer_blind_progress = 'no' OR refer_blind_progress = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (notify_early_inuse_ringing = '0' OR notify_early_inuse_ringing = '1' OR notify_early_inuse_ringing = 'off' OR notify_early_inuse_ringing = 'on' OR notify_early_inuse_ringing = 'false' OR notify_early_inuse_ringing = 'true' OR notify_early_inuse_ringing = 'no' OR notify_early_inuse_ringing = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (webrtc = '0' OR webrtc = '1' OR webrtc = 'off' OR webrtc = 'on' OR webrtc = 'false' OR webrtc = 'true' OR webrtc = 'no' OR webrtc = 'yes'), 
    CONSTRAINT sha_hash_values CHECK (dtls_fingerprint = 'SHA-1' OR dtls_fingerprint = 'SHA-256'), 
    CONSTRAINT ast_bool_values CHECK (bundle = '0' OR bundle = '1' OR bundle = 'off' OR bundle = 'on' OR bundle = 'false' OR bundle = 'true' OR bundle = 'no' OR bundle = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (dtls_auto_generate_cert = '0' OR dtls_auto_generate_cert = '1' OR dtls_auto_generate_cert = 'off' OR dtls_auto_generate_cert = 'on' OR dtls_auto_generate_cert = 'false' OR dtls_auto_generate_cert = 'true' OR dtls_auto_generate_cert = 'no' OR dtls_auto_generate_cert = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (follow_early_media_fork = '0' OR follow_early_media_fork = '1' OR follow_early_media_fork = 'off' OR follow_early_media_fork = 'on' OR follow_early_media_fork = 'false' OR follow_early_media_fork = 'true' OR follow_early_media_fork = 'no' OR follow_early_media_fork = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (accept_multiple_sdp_answers = '0' OR accept_multiple_sdp_answers = '1' OR accept_multiple_sdp_answers = 'off' OR accept_multiple_sdp_answers = 'on' OR accept_multiple_sdp_answers = 'false' OR accept_multiple_sdp_answers = 'true' OR accept_multiple_sdp_answers = 'no' OR accept_multiple_sdp_answers = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (suppress_q850_reason_headers = '0' OR suppress_q850_reason_headers = '1' OR suppress_q850_reason_headers = 'off' OR suppress_q850_reason_headers = 'on' OR suppress_q850_reason_headers = 'false' OR suppress_q850_reason_headers = 'true' OR suppress_q850_reason_headers = 'no' OR suppress_q850_reason_headers = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (trust_connected_line = '0' OR trust_connected_line = '1' OR trust_connected_line = 'off' OR trust_connected_line = 'on' OR trust_connected_line = 'false' OR trust_connected_line = 'true' OR trust_connected_line = 'no' OR trust_connected_line = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (send_connected_line = '0' OR send_connected_line = '1' OR send_connected_line = 'off' OR send_connected_line = 'on' OR send_connected_line = 'false' OR send_connected_line = 'true' OR send_connected_line = 'no' OR send_connected_line = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (ignore_183_without_sdp = '0' OR ignore_183_without_sdp = '1' OR ignore_183_without_sdp = 'off' OR ignore_183_without_sdp = 'on' OR ignore_183_without_sdp = 'false' OR ignore_183_without_sdp = 'true' OR ignore_183_without_sdp = 'no' OR ignore_183_without_sdp = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (stir_shaken = '0' OR stir_shaken = '1' OR stir_shaken = 'off' OR stir_shaken = 'on' OR stir_shaken = 'false' OR stir_shaken = 'true' OR stir_shaken = 'no' OR stir_shaken = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (send_history_info = '0' OR send_history_info = '1' OR send_history_info = 'off' OR send_history_info = 'on' OR send_history_info = 'false' OR send_history_info = 'true' OR send_history_info = 'no' OR send_history_info = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (allow_unauthenticated_options = '0' OR allow_unauthenticated_options = '1' OR allow_unauthenticated_options = 'off' OR allow_unauthenticated_options = 'on' OR allow_unauthenticated_options = 'false' OR allow_unauthenticated_options = 'true' OR allow_unauthenticated_options = 'no' OR allow_unauthenticated_options = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (t38_bind_udptl_to_media_address = '0' OR t38_bind_udptl_to_media_address = '1' OR t38_bind_udptl_to_media_address = 'off' OR t38_bind_udptl_to_media_address = 'on' OR t38_bind_udptl_to_media_address = 'false' OR t38_bind_udptl_to_media_address = 'true' OR t38_bind_udptl_to_media_address = 'no' OR t38_bind_udptl_to_media_address = 'yes'), 
    CONSTRAINT pjsip_incoming_call_offer_pref_values CHECK (incoming_call_offer_pref = 'local' OR incoming_call_offer_pref = 'local_first' OR incoming_call_offer_pref = 'remote' OR incoming_call_offer_pref = 'remote_first'), 
    CONSTRAINT pjsip_outgoing_call_offer_pref_values CHECK (outgoing_call_offer_pref = 'local' OR outgoing_call_offer_pref = 'local_merge' OR outgoing_call_offer_pref = 'local_first' OR outgoing_call_offer_pref = 'remote' OR outgoing_call_offer_pref = 'remote_merge' OR outgoing_call_offer_pref = 'remote_first'), 
    CONSTRAINT security_negotiation_values CHECK (security_negotiation = 'no' OR security_negotiation = 'mediasec'), 
    CONSTRAINT ast_bool_values CHECK (send_aoc = '0' OR send_aoc = '1' OR send_aoc = 'off' OR send_aoc = 'on' OR send_aoc = 'false' OR send_aoc = 'true' OR send_aoc = 'no' OR send_aoc = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (suppress_moh_on_sendonly = '0' OR suppress_moh_on_sendonly = '1' OR suppress_moh_on_sendonly = 'off' OR suppress_moh_on_sendonly = 'on' OR suppress_moh_on_sendonly = 'false' OR suppress_moh_on_sendonly = 'true' OR suppress_moh_on_sendonly = 'no' OR suppress_moh_on_sendonly = 'yes')
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
    disable_multi_domain VARCHAR(5), 
    unidentified_request_count INTEGER, 
    unidentified_request_period INTEGER, 
    unidentified_request_prune_interval INTEGER, 
    default_realm VARCHAR(40), 
    mwi_tps_queue_high INTEGER, 
    mwi_tps_queue_low INTEGER, 
    mwi_disable_initial_unsolicited VARCHAR(5), 
    ignore_uri_user_options VARCHAR(5), 
    use_callerid_contact VARCHAR(5), 
    send_contact_status_on_update_registration VARCHAR(5), 
    taskprocessor_overload_trigger VARCHAR(10), 
    norefersub VARCHAR(5), 
    allow_sending_180_after_183 VARCHAR(5), 
    all_codecs_on_empty_reinvite VARCHAR(5), 
    default_auth_algorithms_uas VARCHAR(1024), 
    default_auth_algorithms_uac VARCHAR(1024), 
    UNIQUE (id), 
    CONSTRAINT ast_bool_values CHECK (disable_multi_domain = '0' OR disable_multi_domain = '1' OR disable_multi_domain = 'off' OR disable_multi_domain = 'on' OR disable_multi_domain = 'false' OR disable_multi_domain = 'true' OR disable_multi_domain = 'no' OR disable_multi_domain = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (mwi_disable_initial_unsolicited = '0' OR mwi_disable_initial_unsolicited = '1' OR mwi_disable_initial_unsolicited = 'off' OR mwi_disable_initial_unsolicited = 'on' OR mwi_disable_initial_unsolicited = 'false' OR mwi_disable_initial_unsolicited = 'true' OR mwi_disable_initial_unsolicited = 'no' OR mwi_disable_initial_unsolicited = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (ignore_uri_user_options = '0' OR ignore_uri_user_options = '1' OR ignore_uri_user_options = 'off' OR ignore_uri_user_options = 'on' OR ignore_uri_user_options = 'false' OR ignore_uri_user_options = 'true' OR ignore_uri_user_options = 'no' OR ignore_uri_user_options = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (use_callerid_contact = '0' OR use_callerid_contact = '1' OR use_callerid_contact = 'off' OR use_callerid_contact = 'on' OR use_callerid_contact = 'false' OR use_callerid_contact = 'true' OR use_callerid_contact = 'no' OR use_callerid_contact = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (send_contact_status_on_update_registration = '0' OR send_contact_status_on_update_registration = '1' OR send_contact_status_on_update_registration = 'off' OR send_contact_status_on_update_registration = 'on' OR send_contact_status_on_update_registration = 'false' OR send_contact_status_on_update_registration = 'true' OR send_contact_status_on_update_registration = 'no' OR send_contact_status_on_update_registration = 'yes'), 
    CONSTRAINT pjsip_taskprocessor_overload_trigger_values CHECK (taskprocessor_overload_trigger = 'none' OR taskprocessor_overload_trigger = 'global' OR taskprocessor_overload_trigger = 'pjsip_only'), 
    CONSTRAINT ast_bool_values CHECK (norefersub = '0' OR norefersub = '1' OR norefersub = 'off' OR norefersub = 'on' OR norefersub = 'false' OR norefersub = 'true' OR norefersub = 'no' OR norefersub = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (allow_sending_180_after_183 = '0' OR allow_sending_180_after_183 = '1' OR allow_sending_180_after_183 = 'off' OR allow_sending_180_after_183 = 'on' OR allow_sending_180_after_183 = 'false' OR allow_sending_180_after_183 = 'true' OR allow_sending_180_after_183 = 'no' OR allow_sending_180_after_183 = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (all_codecs_on_empty_reinvite = '0' OR all_codecs_on_empty_reinvite = '1' OR all_codecs_on_empty_reinvite = 'off' OR all_codecs_on_empty_reinvite = 'on' OR all_codecs_on_empty_reinvite = 'false' OR all_codecs_on_empty_reinvite = 'true' OR all_codecs_on_empty_reinvite = 'no' OR all_codecs_on_empty_reinvite = 'yes')
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
    multi_user VARCHAR(5), 
    "@body" VARCHAR(40), 
    "@context" VARCHAR(256), 
    "@exten" VARCHAR(256), 
    UNIQUE (id), 
    CONSTRAINT ast_bool_values CHECK (multi_user = '0' OR multi_user = '1' OR multi_user = 'off' OR multi_user = 'on' OR multi_user = 'false' OR multi_user = 'true' OR multi_user = 'no' OR multi_user = 'yes')
);

CREATE INDEX ps_outbound_publishes_id ON ps_outbound_publishes (id);

CREATE TABLE ps_registrations (
    id VARCHAR(255) NOT NULL, 
    auth_rejection_permanent VARCHAR(5), 
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
    support_path VARCHAR(5), 
    fatal_retry_interval INTEGER, 
    line VARCHAR(5), 
    endpoint VARCHAR(255), 
    support_outbound VARCHAR(5), 
    contact_header_params VARCHAR(255), 
    max_random_initial_delay INTEGER, 
    security_negotiation VARCHAR(8), 
    security_mechanisms VARCHAR(512), 
    user_agent VARCHAR(255), 
    UNIQUE (id), 
    CONSTRAINT ast_bool_values CHECK (auth_rejection_permanent = '0' OR auth_rejection_permanent = '1' OR auth_rejection_permanent = 'off' OR auth_rejection_permanent = 'on' OR auth_rejection_permanent = 'false' OR auth_rejection_permanent = 'true' OR auth_rejection_permanent = 'no' OR auth_rejection_permanent = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (support_path = '0' OR support_path = '1' OR support_path = 'off' OR support_path = 'on' OR support_path = 'false' OR support_path = 'true' OR support_path = 'no' OR support_path = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (line = '0' OR line = '1' OR line = 'off' OR line = 'on' OR line = 'false' OR line = 'true' OR line = 'no' OR line = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (support_outbound = '0' OR support_outbound = '1' OR support_outbound = 'off' OR support_outbound = 'on' OR support_outbound = 'false' OR support_outbound = 'true' OR support_outbound = 'no' OR support_outbound = 'yes'), 
    CONSTRAINT security_negotiation_values CHECK (security_negotiation = 'no' OR security_negotiation = 'mediasec')
);

CREATE INDEX ps_registrations_id ON ps_registrations (id);

CREATE TABLE ps_resource_list (
    id VARCHAR(40) NOT NULL, 
    list_item VARCHAR(2048), 
    event VARCHAR(40), 
    full_state VARCHAR(5), 
    notification_batch_interval INTEGER, 
    resource_display_name VARCHAR(5), 
    UNIQUE (id), 
    CONSTRAINT ast_bool_values CHECK (full_state = '0' OR full_state = '1' OR full_state = 'off' OR full_state = 'on' OR full_state = 'false' OR full_state = 'true' OR full_state = 'no' OR full_state = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (resource_display_name = '0' OR resource_display_name = '1' OR resource_display_name = 'off' OR resource_display_name = 'on' OR resource_display_name = 'false' OR resource_display_name = 'true' OR resource_display_name = 'no' OR resource_display_name = 'yes')
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
    prune_on_boot VARCHAR(5), 
    generator_data TEXT, 
    UNIQUE (id), 
    CONSTRAINT ast_bool_values CHECK (prune_on_boot = '0' OR prune_on_boot = '1' OR prune_on_boot = 'off' OR prune_on_boot = 'on' OR prune_on_boot = 'false' OR prune_on_boot = 'true' OR prune_on_boot = 'no' OR prune_on_boot = 'yes')
);

CREATE INDEX ps_subscription_persistence_id ON ps_subscription_persistence (id);

CREATE TABLE ps_systems (
    id VARCHAR(40) NOT NULL, 
    timer_t1 INTEGER, 
    timer_b INTEGER, 
    compact_headers VARCHAR(5), 
    threadpool_initial_size INTEGER, 
    threadpool_auto_increment INTEGER, 
    threadpool_idle_timeout INTEGER, 
    threadpool_max_size INTEGER, 
    disable_tcp_switch VARCHAR(5), 
    follow_early_media_fork VARCHAR(5), 
    accept_multiple_sdp_answers VARCHAR(5), 
    disable_rport VARCHAR(5), 
    taskpool_minimum_size INTEGER, 
    taskpool_initial_size INTEGER, 
    taskpool_auto_increment INTEGER, 
    taskpool_idle_timeout INTEGER, 
    taskpool_max_size INTEGER, 
    UNIQUE (id), 
    CONSTRAINT ast_bool_values CHECK (compact_headers = '0' OR compact_headers = '1' OR compact_headers = 'off' OR compact_headers = 'on' OR compact_headers = 'false' OR compact_headers = 'true' OR compact_headers = 'no' OR compact_headers = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (disable_tcp_switch = '0' OR disable_tcp_switch = '1' OR disable_tcp_switch = 'off' OR disable_tcp_switch = 'on' OR disable_tcp_switch = 'false' OR disable_tcp_switch = 'true' OR disable_tcp_switch = 'no' OR disable_tcp_switch = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (follow_early_media_fork = '0' OR follow_early_media_fork = '1' OR follow_early_media_fork = 'off' OR follow_early_media_fork = 'on' OR follow_early_media_fork = 'false' OR follow_early_media_fork = 'true' OR follow_early_media_fork = 'no' OR follow_early_media_fork = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (accept_multiple_sdp_answers = '0' OR accept_multiple_sdp_answers = '1' OR accept_multiple_sdp_answers = 'off' OR accept_multiple_sdp_answers = 'on' OR accept_multiple_sdp_answers = 'false' OR accept_multiple_sdp_answers = 'true' OR accept_multiple_sdp_answers = 'no' OR accept_multiple_sdp_answers = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (disable_rport = '0' OR disable_rport = '1' OR disable_rport = 'off' OR disable_rport = 'on' OR disable_rport = 'false' OR disable_rport = 'true' OR disable_rport = 'no' OR disable_rport = 'yes')
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
    method VARCHAR(11), 
    local_net VARCHAR(40), 
    password VARCHAR(40), 
    priv_key_file VARCHAR(200), 
    protocol VARCHAR(4), 
    require_client_cert VARCHAR(5), 
    verify_client VARCHAR(5), 
    verify_server VARCHAR(5), 
    tos VARCHAR(10), 
    cos INTEGER, 
    allow_reload VARCHAR(5), 
    symmetric_transport VARCHAR(5), 
    allow_wildcard_certs VARCHAR(5), 
    tcp_keepalive_enable BOOLEAN, 
    tcp_keepalive_idle_time INTEGER, 
    tcp_keepalive_interval_time INTEGER, 
    tcp_keepalive_probe_count INTEGER, 
    external_signaling_hostname VARCHAR(40), 
    UNIQUE (id), 
    CONSTRAINT pjsip_transport_method_values_v2 CHECK (method = 'default' OR method = 'unspecified' OR method = 'tlsv1' OR method = 'tlsv1_1' OR method = 'tlsv1_2' OR method = 'tlsv1_3' OR method = 'sslv2' OR method = 'sslv23' OR method = 'sslv3'), 
    CONSTRAINT pjsip_transport_protocol_values_v2 CHECK (protocol = 'udp' OR protocol = 'tcp' OR protocol = 'tls' OR protocol = 'ws' OR protocol = 'wss' OR protocol = 'flow'), 
    CONSTRAINT ast_bool_values CHECK (require_client_cert = '0' OR require_client_cert = '1' OR require_client_cert = 'off' OR require_client_cert = 'on' OR require_client_cert = 'false' OR require_client_cert = 'true' OR require_client_cert = 'no' OR require_client_cert = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (verify_client = '0' OR verify_client = '1' OR verify_client = 'off' OR verify_client = 'on' OR verify_client = 'false' OR verify_client = 'true' OR verify_client = 'no' OR verify_client = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (verify_server = '0' OR verify_server = '1' OR verify_server = 'off' OR verify_server = 'on' OR verify_server = 'false' OR verify_server = 'true' OR verify_server = 'no' OR verify_server = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (allow_reload = '0' OR allow_reload = '1' OR allow_reload = 'off' OR allow_reload = 'on' OR allow_reload = 'false' OR allow_reload = 'true' OR allow_reload = 'no' OR allow_reload = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (symmetric_transport = '0' OR symmetric_transport = '1' OR symmetric_transport = 'off' OR symmetric_transport = 'on' OR symmetric_transport = 'false' OR symmetric_transport = 'true' OR symmetric_transport = 'no' OR symmetric_transport = 'yes'), 
    CONSTRAINT ast_bool_values CHECK (allow_wildcard_certs = '0' OR allow_wildcard_certs = '1' OR allow_wildcard_certs = 'off' OR allow_wildcard_certs = 'on' OR allow_wildcard_certs = 'false' OR allow_wildcard_certs = 'true' OR allow_wildcard_certs = 'no' OR allow_wildcard_certs = 'yes')
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
    ringinuse VARCHAR(5), 
    reason_paused VARCHAR(80), 
    PRIMARY KEY (queue_name, interface), 
    UNIQUE (uniqueid), 
    CONSTRAINT ast_bool_values CHECK (ringinuse = '0' OR ringinuse = '1' OR ringinuse = 'off' OR ringinuse = 'on' OR ringinuse = 'false' OR ringinuse = 'true' OR ringinuse = 'no' OR ringinuse = 'yes')
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
    ringinuse VARCHAR(3), 
    setinterfacevar VARCHAR(3), 
    setqueuevar VARCHAR(3), 
    setqueueentryvar VARCHAR(3), 
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
    announce_to_first_user VARCHAR(3), 
    min_announce_frequency INTEGER, 
    announce_round_seconds INTEGER, 
    announce_holdtime VARCHAR(128), 
    announce_position VARCHAR(128), 
    announce_position_limit INTEGER, 
    periodic_announce VARCHAR(50), 
    periodic_announce_frequency INTEGER, 
    relative_periodic_announce VARCHAR(3), 
    random_periodic_announce VARCHAR(3), 
    retry INTEGER, 
    wrapuptime INTEGER, 
    penaltymemberslimit INTEGER, 
    autofill VARCHAR(3), 
    monitor_type VARCHAR(128), 
    autopause VARCHAR(3), 
    autopausedelay INTEGER, 
    autopausebusy VARCHAR(3), 
    autopauseunavail VARCHAR(3), 
    maxlen INTEGER, 
    servicelevel INTEGER, 
    strategy VARCHAR(11), 
    joinempty VARCHAR(128), 
    leavewhenempty VARCHAR(128), 
    reportholdtime VARCHAR(3), 
    memberdelay INTEGER, 
    weight INTEGER, 
    timeoutrestart VARCHAR(3), 
    defaultrule VARCHAR(128), 
    timeoutpriority VARCHAR(128), 
    log_restricted_caller_id VARCHAR(5), 
    PRIMARY KEY (name), 
    CONSTRAINT yesno_values CHECK (ringinuse = 'yes' OR ringinuse = 'no'), 
    CONSTRAINT yesno_values CHECK (setinterfacevar = 'yes' OR setinterfacevar = 'no'), 
    CONSTRAINT yesno_values CHECK (setqueuevar = 'yes' OR setqueuevar = 'no'), 
    CONSTRAINT yesno_values CHECK (setqueueentryvar = 'yes' OR setqueueentryvar = 'no'), 
    CONSTRAINT yesno_values CHECK (announce_to_first_user = 'yes' OR announce_to_first_user = 'no'), 
    CONSTRAINT yesno_values CHECK (relative_periodic_announce = 'yes' OR relative_periodic_announce = 'no'), 
    CONSTRAINT yesno_values CHECK (random_periodic_announce = 'yes' OR random_periodic_announce = 'no'), 
    CONSTRAINT yesno_values CHECK (autofill = 'yes' OR autofill = 'no'), 
    CONSTRAINT queue_autopause_values CHECK (autopause = 'yes' OR autopause = 'no' OR autopause = 'all'), 
    CONSTRAINT yesno_values CHECK (autopausebusy = 'yes' OR autopausebusy = 'no'), 
    CONSTRAINT yesno_values CHECK (autopauseunavail = 'yes' OR autopauseunavail = 'no'), 
    CONSTRAINT queue_strategy_values CHECK (strategy = 'ringall' OR strategy = 'leastrecent' OR strategy = 'fewestcalls' OR strategy = 'random' OR strategy = 'rrmemory' OR strategy = 'linear' OR strategy = 'wrandom' OR strategy = 'rrordered'), 
    CONSTRAINT yesno_values CHECK (reportholdtime = 'yes' OR reportholdtime = 'no'), 
    CONSTRAINT yesno_values CHECK (timeoutrestart = 'yes' OR timeoutrestart = 'no'), 
    CONSTRAINT ast_bool_values CHECK (log_restricted_caller_id = '0' OR log_restricted_caller_id = '1' OR log_restricted_caller_id = 'off' OR log_restricted_caller_id = 'on' OR log_restricted_caller_id = 'false' OR log_restricted_caller_id = 'true' OR log_restricted_caller_id = 'no' OR log_restricted_caller_id = 'yes')
);

CREATE TABLE sippeers (
    id INTEGER NOT NULL, 
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
    type VARCHAR(6), 
    context VARCHAR(40), 
    permit VARCHAR(95), 
    deny VARCHAR(95), 
    secret VARCHAR(40), 
    md5secret VARCHAR(40), 
    remotesecret VARCHAR(40), 
    transport VARCHAR(7), 
    dtmfmode VARCHAR(9), 
    directmedia VARCHAR(8), 
    nat VARCHAR(29), 
    callgroup VARCHAR(40), 
    pickupgroup VARCHAR(40), 
    language VARCHAR(40), 
    disallow VARCHAR(200), 
    allow VARCHAR(200), 
    insecure VARCHAR(40), 
    trustrpid VARCHAR(3), 
    progressinband VARCHAR(5), 
    promiscredir VARCHAR(3), 
    useclientcode VARCHAR(3), 
    accountcode VARCHAR(80), 
    setvar VARCHAR(200), 
    callerid VARCHAR(40), 
    amaflags VARCHAR(40), 
    callcounter VARCHAR(3), 
    busylevel INTEGER, 
    allowoverlap VARCHAR(3), 
    allowsubscribe VARCHAR(3), 
    videosupport VARCHAR(3), 
    maxcallbitrate INTEGER, 
    rfc2833compensate VARCHAR(3), 
    mailbox VARCHAR(40), 
    "session-timers" VARCHAR(9), 
    "session-expires" INTEGER, 
    "session-minse" INTEGER, 
    "session-refresher" VARCHAR(3), 
    t38pt_usertpsource VARCHAR(40), 
    regexten VARCHAR(40), 
    fromdomain VARCHAR(40), 
    fromuser VARCHAR(40), 
    qualify VARCHAR(40), 
    defaultip VARCHAR(45), 
    rtptimeout INTEGER, 
    rtpholdtimeout INTEGER, 
    sendrpid VARCHAR(3), 
    outboundproxy VARCHAR(40), 
    callbackextension VARCHAR(40), 
    timert1 INTEGER, 
    timerb INTEGER, 
    qualifyfreq INTEGER, 
    constantssrc VARCHAR(3), 
    contactpermit VARCHAR(95), 
    contactdeny VARCHAR(95), 
    usereqphone VARCHAR(3), 
    textsupport VARCHAR(3), 
    faxdetect VARCHAR(3), 
    buggymwi VARCHAR(3), 
    auth VARCHAR(40), 
    fullname VARCHAR(40), 
    trunkname VARCHAR(40), 
    cid_number VARCHAR(40), 
    callingpres VARCHAR(21), 
    mohinterpret VARCHAR(40), 
    mohsuggest VARCHAR(40), 
    parkinglot VARCHAR(40), 
    hasvoicemail VARCHAR(3), 
    subscribemwi VARCHAR(3), 
    vmexten VARCHAR(40), 
    autoframing VARCHAR(3), 
    rtpkeepalive INTEGER, 
    "call-limit" INTEGER, 
    g726nonstandard VARCHAR(3), 
    ignoresdpversion VARCHAR(3), 
    allowtransfer VARCHAR(3), 
    dynamic VARCHAR(3), 
    path VARCHAR(256), 
    supportpath VARCHAR(3), 
    PRIMARY KEY (id), 
    UNIQUE (name), 
    CONSTRAINT type_values CHECK (type = 'friend' OR type = 'user' OR type = 'peer'), 
    CONSTRAINT sip_transport_values CHECK (transport = 'udp' OR transport = 'tcp' OR transport = 'tls' OR transport = 'ws' OR transport = 'wss' OR transport = 'udp,tcp' OR transport = 'tcp,udp'), 
    CONSTRAINT sip_dtmfmode_values CHECK (dtmfmode = 'rfc2833' OR dtmfmode = 'info' OR dtmfmode = 'shortinfo' OR dtmfmode = 'inband' OR dtmfmode = 'auto'), 
    CONSTRAINT sip_directmedia_values_v2 CHECK (directmedia = 'yes' OR directmedia = 'no' OR directmedia = 'nonat' OR directmedia = 'update' OR directmedia = 'outgoing'), 
    CONSTRAINT yes_no_values CHECK (trustrpid = 'yes' OR trustrpid = 'no'), 
    CONSTRAINT sip_progressinband_values CHECK (progressinband = 'yes' OR progressinband = 'no' OR progressinband = 'never'), 
    CONSTRAINT yes_no_values CHECK (promiscredir = 'yes' OR promiscredir = 'no'), 
    CONSTRAINT yes_no_values CHECK (useclientcode = 'yes' OR useclientcode = 'no'), 
    CONSTRAINT yes_no_values CHECK (callcounter = 'yes' OR callcounter = 'no'), 
    CONSTRAINT yes_no_values CHECK (allowoverlap = 'yes' OR allowoverlap = 'no'), 
    CONSTRAINT yes_no_values CHECK (allowsubscribe = 'yes' OR allowsubscribe = 'no'), 
    CONSTRAINT yes_no_values CHECK (videosupport = 'yes' OR videosupport = 'no'), 
    CONSTRAINT yes_no_values CHECK (rfc2833compensate = 'yes' OR rfc2833compensate = 'no'), 
    CONSTRAINT sip_session_timers_values CHECK ("session-timers" = 'accept' OR "session-timers" = 'refuse' OR "session-timers" = 'originate'), 
    CONSTRAINT sip_session_refresher_values CHECK ("session-refresher" = 'uac' OR "session-refresher" = 'uas'), 
    CONSTRAINT yes_no_values CHECK (sendrpid = 'yes' OR sendrpid = 'no'), 
    CONSTRAINT yes_no_values CHECK (constantssrc = 'yes' OR constantssrc = 'no'), 
    CONSTRAINT yes_no_values CHECK (usereqphone = 'yes' OR usereqphone = 'no'), 
    CONSTRAINT yes_no_values CHECK (textsupport = 'yes' OR textsupport = 'no'), 
    CONSTRAINT yes_no_values CHECK (faxdetect = 'yes' OR faxdetect = 'no'), 
    CONSTRAINT yes_no_values CHECK (buggymwi = 'yes' OR buggymwi = 'no'), 
    CONSTRAINT sip_callingpres_values CHECK (callingpres = 'allowed_not_screened' OR callingpres = 'allowed_passed_screen' OR callingpres = 'allowed_failed_screen' OR callingpres = 'allowed' OR callingpres = 'prohib_not_screened' OR callingpres = 'prohib_passed_screen' OR callingpres = 'prohib_failed_screen' OR callingpres = 'prohib'), 
    CONSTRAINT yes_no_values CHECK (hasvoicemail = 'yes' OR hasvoicemail = 'no'), 
    CONSTRAINT yes_no_values CHECK (subscribemwi = 'yes' OR subscribemwi = 'no'), 
    CONSTRAINT yes_no_values CHECK (autoframing = 'yes' OR autoframing = 'no'), 
    CONSTRAINT yes_no_values CHECK (g726nonstandard = 'yes' OR g726nonstandard = 'no'), 
    CONSTRAINT yes_no_values CHECK (ignoresdpversion = 'yes' OR ignoresdpversion = 'no'), 
    CONSTRAINT yes_no_values CHECK (allowtransfer = 'yes' OR allowtransfer = 'no'), 
    CONSTRAINT yes_no_values CHECK (dynamic = 'yes' OR dynamic = 'no'), 
    CONSTRAINT yes_no_values CHECK (supportpath = 'yes' OR supportpath = 'no')
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
    send_mky VARCHAR(5), 
    PRIMARY KEY (id), 
    CONSTRAINT ast_bool_values CHECK (send_mky = '0' OR send_mky = '1' OR send_mky = 'off' OR send_mky = 'on' OR send_mky = 'false' OR send_mky = 'true' OR send_mky = 'no' OR send_mky = 'yes')
);

CREATE TABLE voicemail (
    uniqueid INTEGER NOT NULL, 
    context VARCHAR(80) NOT NULL, 
    mailbox VARCHAR(80) NOT NULL, 
    password VARCHAR(80) NOT NULL, 
    fullname VARCHAR(80), 
    alias VARCHAR(80), 
    email VARCHAR(80), 
    pager VARCHAR(80), 
    "attach" VARCHAR(3), 
    attachfmt VARCHAR(10), 
    serveremail VARCHAR(80), 
    language VARCHAR(20), 
    tz VARCHAR(30), 
    deletevoicemail VARCHAR(3), 
    saycid VARCHAR(3), 
    sendvoicemail VARCHAR(3), 
    review VARCHAR(3), 
    tempgreetwarn VARCHAR(3), 
    operator VARCHAR(3), 
    envelope VARCHAR(3), 
    sayduration INTEGER, 
    forcename VARCHAR(3), 
    forcegreetings VARCHAR(3), 
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
    PRIMARY KEY (uniqueid), 
    CONSTRAINT yes_no_values CHECK ("attach" = 'yes' OR "attach" = 'no'), 
    CONSTRAINT yes_no_values CHECK (deletevoicemail = 'yes' OR deletevoicemail = 'no'), 
    CONSTRAINT yes_no_values CHECK (saycid = 'yes' OR saycid = 'no'), 
    CONSTRAINT yes_no_values CHECK (sendvoicemail = 'yes' OR sendvoicemail = 'no'), 
    CONSTRAINT yes_no_values CHECK (review = 'yes' OR review = 'no'), 
    CONSTRAINT yes_no_values CHECK (tempgreetwarn = 'yes' OR tempgreetwarn = 'no'), 
    CONSTRAINT yes_no_values CHECK (operator = 'yes' OR operator = 'no'), 
    CONSTRAINT yes_no_values CHECK (envelope = 'yes' OR envelope = 'no'), 
    CONSTRAINT yes_no_values CHECK (forcename = 'yes' OR forcename = 'no'), 
    CONSTRAINT yes_no_values CHECK (forcegreetings = 'yes' OR forcegreetings = 'no')
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

INSERT INTO asterisk_ara_version (version_num) VALUES ('0001_ara_head') RETURNING version_num;

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

